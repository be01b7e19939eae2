"""Writing output files safely: atomic replace, never onto an input, neutralised text, safe names."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

# A text a spreadsheet would run as a formula (OWASP CSV injection): = + - @ and TAB/CR/LF.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# Characters XML 1.0 (and so xlsx) cannot hold; openpyxl raises on them.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


class OutputError(Exception):
    """An output cannot be written where asked (a usage problem: exit 2)."""

    def __init__(self, reason: str, path: Path):
        super().__init__(f"{reason}: {path}")
        self.reason = reason
        self.path = path


def clean_text(text: str) -> str:
    """Replace characters an xlsx cannot hold (pasted control characters) with U+FFFD."""
    return _ILLEGAL_XML.sub("\ufffd", text)


def neutralize_csv(text: str) -> str:
    """A text field for CSV: prefixed with ' when a spreadsheet would run it as a formula."""
    text = clean_text(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def xlsx_text(cell, text: str) -> None:
    """Put text into an openpyxl cell as a literal string, never as a formula or error value."""
    cell.value = clean_text(text)
    cell.data_type = "s"


def safe_filename(name: str, suffix: str = "", max_bytes: int = 200) -> str:
    """A file name made from a unit name: no separators, no reserved names, at most max_bytes UTF-8."""
    s = unicodedata.normalize("NFKC", name)
    s = _UNSAFE_NAME.sub("_", s).strip(" .")
    s = re.sub(r"\s+", " ", s)
    if not s or s.split(".")[0].upper() in _RESERVED or set(s) <= {"_", "."}:
        s = "_" + s if s else "unit"
    budget = max_bytes - len(suffix.encode())
    while len(s.encode()) > budget:
        s = s[:-1]
    return s + suffix


def inside(outdir: Path, name: str) -> Path:
    """outdir/name, guaranteed to stay inside outdir."""
    target = (outdir / name).resolve()
    base = outdir.resolve()
    if target.parent != base and base not in target.parents:
        raise OutputError("outside", target)
    return target


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def refuse_inputs(output: Path, inputs: Iterable[Path]) -> None:
    """Never write onto an input (exit 2)."""
    out_abs = output.resolve()
    name = os.path.normcase(output.name)
    linked = output.is_symlink()
    for p in inputs:
        # Only a same-named input can be the output (links aside): compare names before resolving
        # paths, which costs a system call per path component on thousands of inputs.
        if os.path.normcase(p.name) != name and not linked and not p.is_symlink():
            continue
        if p.resolve() == out_abs or same_file(output, p):
            raise OutputError("is_input", output)


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write via a temporary file in the target folder, then rename into place.

    `write(tmp_path)` produces the whole file. A crash leaves any previous output intact, and two
    runs writing the same target each replace it whole (rename is atomic on one filesystem)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError("no_folder", path)
    if path.is_dir():
        raise OutputError("is_folder", path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        write(tmp_path)
        with open(tmp_path, "rb+") as fh:
            os.fsync(fh.fileno())
        try:
            os.replace(tmp_path, path)
        except PermissionError:
            # Windows: the target is open in Excel/WPS.
            raise OutputError("locked", path) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    atomic_write(path, lambda tmp: tmp.write_bytes(text.encode(encoding)))


REASONS = {
    "is_input": ("输出文件不能是输入文件：{path}", "the output cannot be one of the inputs: {path}"),
    "no_folder": ("输出目录不存在：{path}", "the output folder does not exist: {path}"),
    "is_folder": ("输出路径是一个目录：{path}", "the output path is a folder: {path}"),
    "locked": ("目标文件被占用（可能正在 Excel/WPS 中打开），请关闭后重试：{path}",
               "the target file is in use (open in Excel/WPS?): close it and try again: {path}"),
    "outside": ("输出文件名超出了输出目录：{path}", "the output name leads outside the output folder: {path}"),
    "unwritable": ("无法写入：{path}", "cannot write: {path}"),
    "exists": ("文件已存在，未覆盖（确需覆盖请加 --force）：{path}",
               "the file exists and was not overwritten (add --force to replace it): {path}"),
}


def describe(e: OutputError, lang: str) -> str:
    from .i18n import pick

    return pick(REASONS.get(e.reason, REASONS["unwritable"]), lang, path=e.path)


@contextlib.contextmanager
def locked(path: Path, timeout: float = 600.0):
    """Hold an exclusive lock on `<path>.lock` beside an output while a run reads and rewrites it.

    atomic_write alone already guarantees a reader sees one whole file, never a mix; the lock is
    for read-modify-write cycles (two cron runs merging into the same summary) so neither loses the
    other's update. POSIX: fcntl.flock; Windows: msvcrt.locking. The lock file is left in place
    (removing it would race with a waiting run)."""
    import time

    lock_path = Path(path).with_name(Path(path).name + ".lock")
    fh = open(lock_path, "a+b")
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                _lock(fh)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise OutputError("locked", Path(path)) from None
                time.sleep(0.05)
        yield lock_path
    finally:
        with contextlib.suppress(OSError):
            _unlock(fh)
        fh.close()


def _lock(fh) -> None:
    if os.name == "nt":
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(fh) -> None:
    if os.name == "nt":
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
