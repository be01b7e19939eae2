"""Turning the INPUT arguments (files, folders, globs) into the files to read, and the files not read."""

from __future__ import annotations

import glob
import os
import posixpath
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..base.packed import Strings
from ..messages.errors import ToolError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".et")
SUMMARY_SUFFIXES = (".json", ".csv")  # a .csv is a summary when its header is compile's, else a table
DOCUMENT_SUFFIXES = (".docx", ".html", ".htm", ".pdf", ".txt")
REPORT_SUFFIXES = WORKBOOK_SUFFIXES + DOCUMENT_SUFFIXES + SUMMARY_SUFFIXES  # what a folder is searched for

# Why a file under an input folder is not read (each is named by a notice, N001).
NOT_REPORT, LOCK_FILE, HIDDEN, THIS_OUTPUT, ROSTER = "not_report", "lock_file", "hidden", "this_output", "roster"
NOT_PUBLISHED = "not_published"  # a workbook or summary in a folder audit searches for published reports

# Files to read, as a library call is given them: the strings of a Scan, or Paths.
Files = Sequence[str | Path]


def _key(p: str | Path) -> str:
    return os.path.normcase(os.path.abspath(p))


def _keys() -> Callable[[str | Path], str]:
    """_key for many paths: on POSIX the working directory is read once, not by abspath on every call
    (a system call a file: 30 ms of a 10,000-file scan). Elsewhere abspath's own rules (drives) stand."""
    if os.path is not posixpath:
        return _key
    cwd = os.getcwd()
    join, isabs, normpath = os.path.join, os.path.isabs, os.path.normpath

    def key(p: str | Path) -> str:
        s = os.fspath(p)
        return normpath(s if isabs(s) else join(cwd, s))

    return key


def _identity(p: str | Path) -> tuple[int, int] | None:
    """The file a path names, as os.path.samefile compares them (device, inode; links followed); None
    when it cannot be looked at."""
    try:
        st = os.stat(p)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def same_file_as(files: Iterable[str | Path]) -> Callable[[str | Path], str | Path | None]:
    """Which of `files` a path names: the same file (device and inode, as os.path.samefile has it), so a
    link, another spelling or another name of it counts. The paths asked about exist (found by a scan),
    so only files that exist can be one: when none does, no path is looked at; otherwise one stat a path
    (a pair for every path and every file was quadratic for an --annotate folder of thousands). A path
    that cannot be looked at is compared by its spelling."""
    by_id: dict[tuple[int, int], str | Path] = {}
    by_key: dict[str, str | Path] = {}
    for f in files:  # the first of two outputs that are one file names it
        if (i := _identity(f)) is not None:
            by_id.setdefault(i, f)
            by_key.setdefault(_key(f), f)

    def same(p: str | Path) -> str | Path | None:
        if not by_id:
            return None
        i = _identity(p)
        return by_id.get(i) if i is not None else by_key.get(_key(p))

    return same


# How a file to read was found (Scan.how): named on the command line, matched by a glob, or at
# FOLDER + k in a folder, folders[k].
NAMED, MATCHED, FOLDER = 0, 1, 2


@dataclass
class Scan:
    """The files to read, in order, and every other file found under the input folders.

    The files to read are held packed (base.packed.Strings: their UTF-8 in one buffer, each read as a new
    string; the units a run keeps refer to them by place, model.kept), and how each was found as one
    number beside it: a run of 50,000 files holds no str, no Path and no table keyed by them
    (docs/performance.md)."""

    paths: Strings = field(default_factory=Strings)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (file, NOT_REPORT | LOCK_FILE | …)
    how: array = field(default_factory=lambda: array("I"))  # per path: NAMED, MATCHED or FOLDER + k
    folders: list[str] = field(default_factory=list)  # the folder arguments files were found in

    def __post_init__(self) -> None:
        if not isinstance(self.paths, Strings):  # Scan(paths) made by hand, with a list
            self.paths = Strings(os.fspath(p) for p in self.paths)
        if len(self.how) < len(self.paths):  # Scan(paths) made by hand: the files it lists are named
            self.how.extend([NAMED] * (len(self.paths) - len(self.how)))

    @classmethod
    def of(cls, paths: Iterable[str | Path], skipped: Iterable[tuple[Path, str]] = ()) -> Scan:
        """The scan of files given as they are (a library call's list): each named, none in a folder."""
        return cls(Strings(os.fspath(p) for p in paths), list(skipped))

    def add(self, path: str, how: int = NAMED, folder: str | None = None) -> None:
        """One more file to read: named, MATCHED, or found in `folder` (how is then ignored)."""
        if folder is not None:
            if not self.folders or self.folders[-1] != folder:
                self.folders.append(folder)
            how = FOLDER + len(self.folders) - 1
        self.paths.append(path)
        self.how.append(how)

    def named(self, i: int) -> bool:
        """Whether the file at `i` was named on the command line itself (not found in a folder or by a glob)."""
        return self.how[i] == NAMED

    def folder(self, i: int) -> str | None:
        """The folder argument the file at `i` was found in; None for a file named or matched."""
        how = self.how[i]
        return self.folders[how - FOLDER] if how >= FOLDER else None

    def _keep(self, kept: list[int]) -> None:
        self.paths = Strings(self.paths[i] for i in kept)
        self.how = array("I", [self.how[i] for i in kept])

    def drop_outputs(self, outputs: list[Path], ours: Callable[[Path], bool]) -> None:
        """This run's own output files are never its inputs: one found in a folder or by a glob that
        `ours(path)` says the tool wrote is skipped (N001, this_output), so rerunning the same command
        just works. One named on the command line is ToolError output.is_input; one the tool did not
        write (a department's workbook under the output's name) is output.not_ours: never overwritten.
        Nothing left to read is ui.no_files."""
        if not outputs:
            return
        output_of = same_file_as(outputs)
        kept = []
        for i, p in enumerate(self.paths):
            out = output_of(p)
            if out is None:
                kept.append(i)
            elif self.named(i):
                raise ToolError("output.is_input", path=out)
            elif not ours(Path(p)):
                raise ToolError("output.not_ours", path=out)
            else:
                self.skipped.append((Path(p), THIS_OUTPUT))
        self._keep(kept)
        if not kept:
            raise ToolError("ui.no_files")


    def drop_roster(self, roster: Path) -> None:
        """The roster (--roster) kept beside the reports is not one of them (N001, roster)."""
        is_roster = same_file_as([roster])
        kept = []
        for i, p in enumerate(self.paths):  # one pass (a file looked for in those kept was quadratic in 50,000)
            if is_roster(p) is not None:
                self.skipped.append((Path(p), ROSTER))
            else:
                kept.append(i)
        self._keep(kept)
        if not kept:
            raise ToolError("ui.no_files")


def _why_not(name: str, suffixes: tuple[str, ...]) -> str | None:
    """None for a file to read (`name`: its file name); else why it is not read."""
    if name.startswith("~$"):
        return LOCK_FILE  # the lock file Excel/WPS leave beside an open workbook
    if name.startswith("."):
        return HIDDEN
    suffix = suffix_of(name).lower()
    if suffix in suffixes:
        return None
    return NOT_PUBLISHED if suffix in REPORT_SUFFIXES else NOT_REPORT


def suffix_of(name: str) -> str:
    """A file name's suffix as pathlib gives it ('.xlsx'; '' for '.hidden' and 'name.')."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def scan(args: list[str], suffixes: tuple[str, ...] = REPORT_SUFFIXES) -> Scan:
    """Files named, files under folders (recursively, sorted), and glob matches; no duplicates. A file
    named (or matched by a glob) is read whatever its name; one found in a folder is read when its
    suffix is a report's, and listed in `skipped` otherwise. An argument that names nothing is ToolError
    ui.no_input; nothing to read at all is ui.no_files."""
    found = Scan()
    seen: set[str] = set()
    key = _keys()

    def add(s: str, named: bool = False, folder: str | None = None, matched: bool = False) -> None:
        k = key(s)
        if k not in seen:
            seen.add(k)
            # The name from the string, not a Path: pathlib interns every part it parses, and the
            # interpreter's table of interned strings never shrinks (0.1 KB a file of a 50,000-file run).
            name = os.path.basename(s)
            why = None if named and not name.startswith("~$") else _why_not(name, suffixes)
            if why is None:
                found.add(s, MATCHED if matched else NAMED, folder)
            else:
                found.skipped.append((Path(s), why))

    for arg in args:
        p = Path(arg)
        if p.is_dir():
            # Sorted as the Paths were, by their forward-slash spelling: the order of a run never changed.
            for q in sorted(_walk(str(p)), key=lambda q: q.replace(os.sep, "/")):
                add(q, folder=arg)
        elif p.exists():
            add(str(p), named=True)
        elif glob.has_magic(arg):
            # Windows shells do not expand globs: do it here.
            files = [str(Path(m)) for m in sorted(glob.glob(arg, recursive=True)) if Path(m).is_file()]
            if not files:
                raise ToolError("ui.no_input", arg=arg)
            for q in files:
                add(q, named=True, matched=True)  # a pattern the user typed names its matches (lock files aside)
        else:
            raise ToolError("ui.no_input", arg=arg)
    if not found.paths:
        raise ToolError("ui.no_files")
    return found


def expand(args: list[str], suffixes: tuple[str, ...] = REPORT_SUFFIXES) -> list[str]:
    """scan(args).paths: the files to read."""
    return list(scan(args, suffixes).paths)


def _walk(folder: str) -> Iterator[str]:
    """Every file under a folder, but in hidden folders (.git); os.walk's entries know their type."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            yield os.path.join(root, name)
