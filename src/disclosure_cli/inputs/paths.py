"""Turning the INPUT arguments (files, folders, globs) into the list of files to read."""

from __future__ import annotations

import glob
import os
from pathlib import Path

from ..messages.errors import ToolError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".et")
SUMMARY_SUFFIXES = (".json", ".csv")


def _wanted(path: Path, suffixes: tuple[str, ...]) -> bool:
    # ~$name.xlsx is the lock file Excel/WPS leave beside an open workbook; dotfiles are hidden.
    return path.suffix.lower() in suffixes and not path.name.startswith(("~$", "."))


def expand(args: list[str], suffixes: tuple[str, ...] = WORKBOOK_SUFFIXES) -> list[Path]:
    """Files named, files under folders (recursively, sorted), and glob matches; no duplicates.
    An argument that names nothing is ToolError ui.no_input; nothing found at all is ui.no_files."""
    out: list[Path] = []
    seen: set[str] = set()

    def add(p: Path) -> None:
        k = os.path.normcase(os.path.abspath(p))
        if k not in seen:
            seen.add(k)
            out.append(p)

    for arg in args:
        p = Path(arg)
        if p.is_dir():
            found = sorted(_walk(p, suffixes), key=lambda q: q.as_posix())
            for q in found:
                add(q)
        elif p.exists():
            add(p)
        elif glob.has_magic(arg):
            # Windows shells do not expand globs: do it here.
            matches = sorted(glob.glob(arg, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file() and not Path(m).name.startswith("~$")]
            if not files:
                raise ToolError("ui.no_input", arg=arg)
            for q in files:
                add(q)
        else:
            raise ToolError("ui.no_input", arg=arg)
    if not out:
        raise ToolError("ui.no_files")
    return out


def _walk(folder: Path, suffixes: tuple[str, ...]):
    """Wanted files under a folder; os.walk's entries know their type without a stat per file."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            q = Path(root, name)
            if _wanted(q, suffixes):
                yield q
