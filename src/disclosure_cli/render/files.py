"""Writing output files safely: atomic replace, never onto an input, neutralised text, safe names."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from ..messages.errors import ToolError

# A text a spreadsheet would run as a formula (OWASP CSV injection): = + - @ and TAB/CR/LF.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# Characters XML 1.0 (and so xlsx) cannot hold; openpyxl raises on them.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


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
        raise ToolError("output.outside", path=target)
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
            raise ToolError("output.is_input", path=output)


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write via a temporary file in the target folder, then rename into place.

    `write(tmp_path)` produces the whole file. A crash leaves any previous output intact, and two
    runs writing the same target each replace it whole (rename is atomic on one filesystem)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ToolError("output.no_folder", path=path)
    if path.is_dir():
        raise ToolError("output.is_folder", path=path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        write(tmp_path)
        _give_mode(tmp_path, path)
        with open(tmp_path, "rb+") as fh:
            os.fsync(fh.fileno())
        try:
            os.replace(tmp_path, path)
        except PermissionError:
            # Windows: the target is open in Excel/WPS.
            raise ToolError("output.locked", path=path) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()


def _give_mode(tmp: Path, target: Path) -> None:
    """The temporary file (mkstemp makes it 0600) gets the mode the target will be expected to have: an
    overwritten file keeps its own, a new one gets what any new file gets (0666 less the umask), so a
    summary cron writes on a shared server can be read by the colleagues the umask lets in."""
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    with contextlib.suppress(OSError):  # a filesystem without modes (FAT, some shares) keeps its own
        os.chmod(tmp, mode)


def _umask() -> int:
    """The process's umask (reading it means setting it: put back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    data = text.encode(encoding)

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    atomic_write(path, write)


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
                    raise ToolError("output.locked", path=Path(path)) from None
                time.sleep(0.05)
        yield lock_path
    finally:
        with contextlib.suppress(OSError):
            _unlock(fh)
        fh.close()


if sys.platform == "win32":
    import msvcrt

    def _lock(fh) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(fh) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
