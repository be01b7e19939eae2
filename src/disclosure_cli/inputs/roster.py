"""Reading a roster file (`--roster`): the names of the units expected, one a line (.txt), or in a name
column (.csv, or a workbook). A roster that cannot be used is a wrong command (ToolError, exit 2)."""

from __future__ import annotations

import io
from pathlib import Path

from ..base.labels import key
from ..base.refs import cell_ref
from ..messages import part
from ..messages.errors import ToolError
from ..model.roster import Entry, Roster
from . import open_book
from .book import Unreadable
from .paths import WORKBOOK_SUFFIXES

# A header cell that names the column of unit names.
NAME_HEADERS = frozenset(key(h) for h in ("单位名称", "单位", "名称", "填报单位", "报送单位", "部门", "部门名称",
                                           "机关", "机关名称", "unit", "units", "name", "unit name"))
_HEADER_ROWS = 5  # a title row or two may stand above the header
MAX_BYTES = 10 * 1024 * 1024


def read_roster(path: str | Path) -> Roster:
    """The roster's names in order; ToolError roster.* when the file cannot be read or holds no names."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".txt", ".csv") + WORKBOOK_SUFFIXES:
        raise ToolError("roster.suffix", path=path)
    if suffix in WORKBOOK_SUFFIXES:
        rows = _workbook_rows(path)
    else:
        text = _text(path)
        if suffix == ".txt":
            rows = [("", i, [line]) for i, line in enumerate(text.splitlines()) if not line.lstrip().startswith("#")]
        else:
            import csv  # here: only a CSV roster needs it

            rows = [("", i, row) for i, row in enumerate(csv.reader(io.StringIO(text, newline="")))]
    entries = _entries(path, rows)
    if not entries:
        raise ToolError("roster.empty", path=path)
    return Roster(str(path), entries)


def _text(path: Path) -> str:
    """A text roster in UTF-8 (with or without BOM) or, as Chinese Excel and Notepad save it, GB18030."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ToolError("roster.unreadable", path=path)
        data = path.read_bytes()
    except OSError:
        raise ToolError("roster.unreadable", path=path) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ToolError("roster.unreadable", path=path)


def _workbook_rows(path: Path) -> list[tuple[str, int, list]]:
    """(sheet, row number, cells) of the first visible sheet holding anything."""
    try:
        book = open_book(path)
    except Unreadable:
        raise ToolError("roster.unreadable", path=path) from None
    for sheet in sorted(book.sheets, key=lambda s: s.hidden):
        if any(v not in ("", None) for row in sheet.grid for v in row):
            return [(sheet.name, r, row) for r, row in enumerate(sheet.grid)]
    return []


def _entries(path: Path, rows: list[tuple[str, int, list]]) -> list[Entry]:
    """The names under a name header (单位名称, 单位, name …); without one, the only column that holds
    anything. ToolError roster.no_column when several columns hold text and none is headed."""
    filled = [(s, r, row) for s, r, row in rows if any(_text_of(v) for v in row)]
    column, start = None, 0
    for i, (_s, _r, row) in enumerate(filled[:_HEADER_ROWS]):
        hit = next((c for c, v in enumerate(row) if key(_text_of(v)) in NAME_HEADERS), None)
        if hit is not None:
            column, start = hit, i + 1
            break
    if column is None:
        columns = {c for _s, _r, row in filled for c, v in enumerate(row) if _text_of(v)}
        if len(columns) > 1:
            raise ToolError("roster.no_column", path=path)
        column = next(iter(columns), 0)
    out = []
    for sheet, r, row in filled[start:]:
        name = _text_of(row[column]) if column < len(row) else ""
        if not name:
            continue
        if sheet:
            ref = cell_ref(r, column)
            out.append(Entry(name, part("part.roster_cell", sheet=sheet, cell=ref), sheet, ref))
        else:
            out.append(Entry(name, part("part.roster_line", file=path.name, line=r + 1)))
    return out


def _text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())
