"""Budgets per workbook, checked on the raw bytes before any parser allocates: sheets, cells over all
sheets, the text the cells hold (a shared string counts once per cell that uses it), merged area.

A limit per sheet alone let 300 sheets just under it (97 KB) ask for 4.85 GB, and one 15 MB shared
string used by 100 cells (17 KB) for 3.1 GB: calamine and python-calamine materialise every cell's
value, so a workbook's cost is the sum over its sheets and cells. Every limit is in docs/safety.md."""

from __future__ import annotations

import re

from ..base.lazy import compiled
from ..base.refs import cell_ref
from .book import Unreadable

MAX_SHEETS = 1_000
MAX_CELLS = 2_000_000  # one sheet's used range, rows x columns (calamine allocates it densely)
MAX_BOOK_CELLS = 4_000_000  # the used ranges of all sheets together
MAX_TEXT_CHARS = 16_000_000  # characters the text cells hold, each counted once per cell using it
MAX_MERGED_CELLS = 1_000_000  # cells merged ranges cover (openpyxl makes an object of each: annotated
# copies have a lower bound of their own, render/copy.py)
MAX_SHARED_STRINGS = 2_000_000  # strings a shared-string table may declare (calamine reserves room for each)


class Budget:
    """What one workbook asks for so far; each call raises Unreadable naming its limit once over."""

    __slots__ = ("cells", "merged", "text")

    def __init__(self) -> None:
        self.cells = self.text = self.merged = 0

    @staticmethod
    def sheets(count: int) -> None:
        if count > MAX_SHEETS:
            raise Unreadable("too_many_sheets", count=f"{count:,}", limit=f"{MAX_SHEETS:,}")

    def sheet(self, name: str, rows: int, cols: int) -> None:
        """One sheet's used range (rows x columns from A1)."""
        if rows * cols > MAX_CELLS:
            raise Unreadable("too_many_cells", sheet=name, ref=cell_ref(rows - 1, cols - 1))
        self.cells += rows * cols
        if self.cells > MAX_BOOK_CELLS:
            raise Unreadable("too_many_cells_book", limit=f"{MAX_BOOK_CELLS:,}")

    def add_text(self, chars: int) -> None:
        self.text += chars
        if self.text > MAX_TEXT_CHARS:
            raise Unreadable("too_much_text", limit=f"{MAX_TEXT_CHARS:,}")

    def add_merged(self, cells: int) -> None:
        self.merged += cells
        if self.merged > MAX_MERGED_CELLS:
            raise Unreadable("too_many_merged", limit=f"{MAX_MERGED_CELLS:,}")


# -- xlsx: merged ranges and shared strings, on the parts' bytes --

# Attributes never hold an unescaped '<': excluding it keeps each attempt within one tag (linear).
_MERGE = compiled(rb"""<(?:\w+:)?mergeCell\b[^<>]*?\bref\s*=\s*["']\$?([A-Za-z]{1,4})\$?(\d{1,8})"""
                    rb"""(?::\$?([A-Za-z]{1,4})\$?(\d{1,8}))?["']""")
_LAST_ROW, _LAST_COL = 1_048_576, 16_384


def xlsx_merged(xml: bytes) -> int:
    """Cells the <mergeCell> ranges of a sheet part cover (clamped to the sheet's last row and column)."""
    first = xml.find(b"mergeCell")
    if first < 0:
        return 0
    # Every match's '<' is the last one before its "mergeCell" (a prefix holds none), so none stands
    # before the last '<' ahead of the first "mergeCell": the pattern, whose head '<' is every tag's, is
    # tried over the <mergeCells> at the sheet's end only, never on fewer tags (56 -> 25 us a sheet).
    area = 0
    for c0, r0, c1, r1 in _MERGE().findall(xml, max(0, xml.rfind(b"<", 0, first))):
        if not c1:  # one cell, no range
            continue
        rows = abs(min(int(r1), _LAST_ROW) - min(int(r0), _LAST_ROW)) + 1
        cols = abs(min(_col(c1), _LAST_COL) - min(_col(c0), _LAST_COL)) + 1
        area += rows * cols  # a range written end first (Z9:D5) covers as many cells
    return area


def _col(letters: bytes) -> int:
    col = 0
    for ch in letters.upper():
        col = col * 26 + ch - 64
    return col


# A cell using a shared string: t="s" (any quoting and spacing calamine accepts), and its index.
_USES = compiled(rb"""\bt\s*=\s*["']s["']""")
# The same without the word boundary: a literal first byte lets the regex engine skip ahead in C (5 times
# faster over a sheet), and it can only count more (an attribute ending in t with the value s), never fewer.
_USES_AT_MOST = compiled(rb"""t\s*=\s*["']s["']""")
_CELL_TAG = compiled(rb"<(?:\w+:)?c\b([^<>]*+)>")
_INDEX = compiled(rb"\s*<(?:\w+:)?v>\s*(\d{1,9})\s*<")
_SI = compiled(rb"<(?:\w+:)?si\b")


_UNIQUE = re.compile(rb"""<(?:\w+:)?sst\b[^<>]*?\buniqueCount\s*=\s*["']\s*\+?0*(\d*)""")


def shared_strings_declared(sst: bytes) -> None:
    """calamine reserves room for as many strings as the table's uniqueCount says before reading one
    (99,999,999,999 of them aborted it): refuse a count no 16 MiB table can hold."""
    m = _UNIQUE.search(sst, 0, 4096)
    if m and (len(m.group(1)) > 9 or int(m.group(1) or 0) > MAX_SHARED_STRINGS):
        raise Unreadable("too_many_strings", count=m.group(1)[:20].decode(), limit=f"{MAX_SHARED_STRINGS:,}")


def shared_text(sheets: list[bytes], sst: bytes) -> int:
    """Characters the shared-string cells of the sheets hold, a string counted once per cell using it.

    A normal workbook is settled by a bound: the table's size times the number of uses. Otherwise each
    string's length is measured and each use looked up; a use whose index cannot be read counts as
    the longest string (so what the patterns miss is only ever overcounted)."""
    if not sst:
        return 0
    bound = sum(len(_USES_AT_MOST().findall(xml)) for xml in sheets) * len(sst)  # Excel's and WPS's usual case
    if bound <= MAX_TEXT_CHARS:
        return bound
    uses = sum(len(_USES().findall(xml)) for xml in sheets)
    if uses * len(sst) <= MAX_TEXT_CHARS:
        return uses * len(sst)
    starts = [m.start() for m in _SI().finditer(sst)] + [len(sst)]
    # Bytes between one <si and the next: the string's markup too, never fewer than its characters.
    lengths = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    longest = max(lengths, default=0)
    total = found = 0
    cell_tag, is_use, index_at = _CELL_TAG(), _USES().search, _INDEX().match
    for xml in sheets:
        for m in cell_tag.finditer(xml):
            if not is_use(m.group(1)):
                continue
            index = index_at(xml, m.end())
            if index is not None:
                i = int(index.group(1))
                total += lengths[i] if i < len(lengths) else 0
                found += 1
    return total + max(0, uses - found) * longest
