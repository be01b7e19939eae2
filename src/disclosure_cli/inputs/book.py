"""The reader interface: what every input kind is read into — sheets of cells — and why it may fail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..base.refs import cell_ref, document_ref


class Unreadable(Exception):
    """The input is not a report we can read; carries the E003 reason (messages.reasons) and its params."""

    def __init__(self, reason: str, **params: object):
        super().__init__(reason)
        self.reason = reason
        self.params = params


RawState = tuple[str, str]  # ('formula', '') or ('error', '#DIV/0!')


@dataclass
class Sheet:
    """One grid of cells: a worksheet. Values are what a person sees (float, int, str, bool, date; ''
    for empty); `raw_state` says what an empty-looking cell really holds."""

    name: str
    index: int
    grid: list[list]  # rows of cell values from A1; '' for empty
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    hidden: bool = False
    # A document's tables stacked on one sheet: each grid row's (table number, row in the table), or
    # (0, line number) for a text file; None for a worksheet, whose cells are named A1.
    rows: list[tuple[int, int] | None] | None = None
    # Every cell is text by nature (a document): a plain number written in it is no warning.
    texty: bool = False
    # Lazily: the cells the reader saw as empty that hold an uncomputed formula or an error value.
    raw_loader: Callable[[], dict[tuple[int, int], RawState]] | None = None
    _raw: dict[tuple[int, int], RawState] | None = field(default=None, repr=False)

    def value(self, r: int, c: int):
        """The cell's value, or '' outside the grid (never a cell counted from the end)."""
        if 0 <= r < len(self.grid):
            row = self.grid[r]
            if 0 <= c < len(row):
                return row[c]
        return ""

    def place(self, r: int, c: int) -> tuple[str, str]:
        """(sheet, cell) where a person finds grid cell (r, c): ('年报附表', 'J25') in a workbook,
        ('T2', 'R5C3') in a document's table 2, ('', 'L83C3') on line 83 of a text file."""
        if self.rows is None:
            return self.name, cell_ref(r, c)
        at = self.rows[r] if 0 <= r < len(self.rows) else None
        if at is None:  # the blank row between two stacked tables
            return self.name, cell_ref(r, c)
        table, row = at
        if table == 0:
            return "", document_ref(row, c + 1, line=True)
        return f"T{table}", document_ref(row, c + 1)

    def located(self, r: int, c: int) -> tuple[str, str, int]:
        """place() and the index findings sort by: the sheet's, or a document table's number."""
        sheet, cell = self.place(r, c)
        if self.rows is None:
            return sheet, cell, self.index
        at = self.rows[r] if 0 <= r < len(self.rows) else None
        return sheet, cell, at[0] if at is not None else 0

    def raw_state(self, r: int, c: int) -> RawState | None:
        """For a cell read as empty: ('formula', '') if it holds an uncomputed formula,
        ('error', '#DIV/0!') if it holds an error value, None if it is truly empty."""
        if self.raw_loader is None:
            return None
        if self._raw is None:
            self._raw = self.raw_loader()
        return self._raw.get((r, c))


@dataclass
class Book:
    """Every sheet of one input file, and the workbook-level names that point at one cell."""

    path: str
    kind: str  # xlsx, xls, ods; docx, html, text
    sheets: list[Sheet]
    names: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # defined name -> (sheet, r, c)
    # A document's text outside its tables, in order (its title is where the unit's name and year are).
    paragraphs: list[str] = field(default_factory=list)
    made_by: str | None = None  # the tool's own output: base.marker.SUMMARY, TEMPLATE or ANNOTATED
