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

from ..inputs.paths import same_file_as
from ..messages.errors import ToolError
from . import safe_text

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
    """A file name made from a unit or input name: no separators, controls, bidi or zero-width
    characters, no reserved names, at most max_bytes of UTF-8. Only `name` is shortened, never the
    suffix, so names told apart by their suffix (-2.xlsx, -3.xlsx) stay apart however long `name` is."""
    s = safe_text.name(unicodedata.normalize("NFKC", name))
    s = re.sub(r"\s+", " ", _UNSAFE_NAME.sub("_", s)).strip(" .")
    budget = max(1, max_bytes - len(suffix.encode()))
    # Cut on the UTF-8 bytes once (a character cut in half is dropped), not a character at a time.
    s = s.encode()[:budget].decode("utf-8", "ignore").rstrip(" .")
    if not s or s.split(".")[0].upper() in _RESERVED or set(s) <= {"_", "."}:
        s = ("_" + s)[:budget] if s else "unit"
    return s + suffix


def unique_name(stem: str, suffix: str, used: set[str]) -> str:
    """safe_filename(stem, suffix), or with -2, -3 … before the suffix: not in `used` (compared as a
    case-insensitive file system compares), and added to it. Always ends: each try has its own suffix."""
    name = safe_filename(stem, suffix)
    n = 2
    while name.casefold() in used:
        name = safe_filename(stem, f"-{n}{suffix}")
        n += 1
    used.add(name.casefold())
    return name


def inside(outdir: Path, name: str) -> Path:
    """outdir/name, guaranteed to stay inside outdir."""
    target = (outdir / name).resolve()
    base = outdir.resolve()
    if target.parent != base and base not in target.parents:
        raise ToolError("output.outside", path=target)
    return target


def refuse_inputs(outputs: Iterable[Path], inputs: Iterable[str | Path]) -> None:
    """Never write onto an input (exit 2): an output that is an input's file (the same path, a link,
    another spelling or name of it) is refused. One stat a file (inputs.paths.same_file_as): comparing
    each output with each input was a system call per pair, quadratic for an --annotate folder."""
    is_input = same_file_as(inputs)
    for output in outputs:
        if is_input(output) is not None:
            raise ToolError("output.is_input", path=output)


# A temporary file is `.<name>.disclosure-<random>.tmp` beside the target (the name shortened so that
# the whole stays within a file name's 255 bytes). A run killed while writing leaves one behind: the
# next run writing into that folder removes every such file no live run holds (each writer holds an
# exclusive lock on its own) that is older than a minute.
_TMP_TAG = ".disclosure-"
STALE_SECONDS = 60.0
_NAME_MAX = 255


def target_folder(path: Path) -> Path:
    """The folder an output goes into; ToolError when it does not exist or the output is a folder."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ToolError("output.no_folder", path=path)
    if path.is_dir():
        raise ToolError("output.is_folder", path=path)
    return folder


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write via a temporary file in the target folder, then rename into place.

    `write(tmp_path)` produces the whole file. A crash leaves any previous output intact, and two
    runs writing the same target each replace it whole (rename is atomic on one filesystem). Any
    failure to write (no permission, a full disk, a name too long, a read-only file system) is a
    ToolError (exit status 2) and leaves no temporary file."""
    path = Path(path)
    folder = target_folder(path)
    key = os.path.abspath(folder)
    if key not in _SWEPT:
        _SWEPT.add(key)
        sweep_stale(folder, legacy=path.name)
    try:
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path.name), suffix=".tmp", dir=folder)
    except OSError as e:
        raise _write_failed(path, e) from None
    tmp_path = Path(tmp)
    if sys.platform == "win32":
        os.close(fd)  # Windows renames no file that is open; an open file cannot be swept there anyway
        fd = -1
    try:
        _hold(fd)  # until renamed: a sweeping run sees this file is alive
        write(tmp_path)
        _give_mode(tmp_path, path)
        with open(tmp_path, "rb+") as fh:
            os.fsync(fh.fileno())
        try:
            os.replace(tmp_path, path)
        except PermissionError:
            if sys.platform != "win32":
                raise
            # Windows: the target is open in Excel/WPS.
            raise ToolError("output.locked", path=path) from None
    except OSError as e:
        raise _write_failed(path, e) from None
    finally:
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(OSError):
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
def check_name(path: Path) -> None:
    """Before any work: an output whose name no file system takes (over 255 bytes) is exit status 2."""
    if len(Path(path).name.encode()) > _NAME_MAX:
        raise ToolError("output.name_too_long", path=path, limit=_NAME_MAX)


def _write_failed(path: Path, e: OSError) -> ToolError:
    return ToolError("output.write_failed", path=path, detail=e.strerror or type(e).__name__)


def temp_prefix(name: str) -> str:
    """'.<name>.disclosure-', the name cut (on UTF-8) so that prefix, mkstemp's 8 characters and
    '.tmp' fit in one file name."""
    room = _NAME_MAX - len(("." + _TMP_TAG + "12345678.tmp").encode())
    return "." + name.encode()[:room].decode("utf-8", "ignore") + _TMP_TAG


_SWEPT: set[str] = set()  # folders swept by this process: once is enough (annotate writes hundreds)


def sweep_stale(folder: Path, older_than: float = STALE_SECONDS, legacy: str | None = None) -> list[Path]:
    """Remove the temporary files killed runs left in `folder`: ours by name (and, for `legacy`, the
    `.<legacy>.XXXXXXXX.tmp` earlier versions named theirs), held by no live run, older than
    `older_than` seconds. Returns what was removed; never fails a run."""
    import time

    removed: list[Path] = []
    limit = time.time() - older_than
    old = re.compile(re.escape(f".{legacy}.") + r"[a-z0-9_]{8}\.tmp") if legacy else None
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(".") and e.name.endswith(".tmp")
                   and (_TMP_TAG in e.name or (old is not None and old.fullmatch(e.name)))]
    except OSError:
        return removed
    for entry in entries:
        with contextlib.suppress(OSError):
            if not entry.is_file(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_mtime > limit:
                continue
            fd = os.open(entry.path, os.O_RDWR)
            try:
                if _try_lock(fd):  # no live writer holds it
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
            finally:
                os.close(fd)
    return removed


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

    def _hold(fd: int) -> None:
        """Windows: an open file cannot be removed, which is protection enough."""

    def _try_lock(fd: int) -> bool:
        return True  # unlink fails on a file a live run still has open
else:
    import fcntl

    def _lock(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def _hold(fd: int) -> None:
        with contextlib.suppress(OSError):  # a file system without locks: the age alone protects it
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True
