"""A GRID table's column headers found by meaning: every column by its label, in any order, or — when
the header's merged cells were lost — in the official order its labels still read in."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..base.labels import key
from ..formats.schema import Column, Table
from .text import SheetText, column_keys


@dataclass
class Header:
    """Where each column's label stands, and how the rows below are read.

    `cols`: column id -> (r, c) of its label. `order`: the column ids left to right as the values
    stand. `scrambled`: the labels do not stand over their values (a header pasted without its merged
    cells, so each label slid into the first free column): the values of a row are then read in
    `order`, one after the other, after the row's label. `ambiguous`: a column two cells could be."""

    cols: dict[str, tuple[int, int]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    scrambled: bool = False
    ambiguous: list[tuple[str, list[tuple[int, int]]]] = field(default_factory=list)

    @property
    def bottom(self) -> int:
        return max(r for r, _ in self.cols.values())

    @property
    def first_value_col(self) -> int:
        """Where the values start (geometric header): labels stand to the left of it."""
        return min(c for _, c in self.cols.values())


def _candidates(text: SheetText, rows: range, cols: range) -> list[tuple[int, int, str]]:
    """Header cells in the window, and (a header pasted from Word breaks “结果” above “维持”) the
    two stacked texts of a column read as one, standing on the lower row."""
    cells = [(r, c, k) for r, c, k, _ in text.in_rows(rows, cols)]
    at = {(r, c): k for r, c, k in cells}
    return cells + [(r + 1, c, k + at[(r + 1, c)]) for r, c, k in cells if (r + 1, c) in at]


def _spells(k: str, col: Column) -> int:
    """2 when a cell's key is a column's label (or alias) exactly, 1 when it starts with one (a note
    follows: 总计（件）), 0 otherwise."""
    best = 0
    for ck in column_keys(col):
        if k == ck:
            return 2
        if ck and k.startswith(ck):
            best = 1
    return best


def grid_header(text: SheetText, table: Table, rows: range, cols: range) -> Header:
    """Each column of a GRID table by its own label, wherever it stands in the header window."""
    header = Header()
    cands = _candidates(text, rows, cols)
    group_key = key(table.column_group_label) if table.column_group_label else None
    for col in table.columns:
        hits = [(s, r, c) for r, c, k in cands if (s := _spells(k, col))]
        if not hits:
            continue
        best = max(s for s, _, _ in hits)
        places = sorted({(r, c) for s, r, c in hits if s == best})
        columns = {c for _, c in places}
        if len(columns) > 1:
            header.ambiguous.append((col.label, places))
            continue
        header.cols[col.id] = max(places)  # one column: the lowest row, where the header ends
    if not header.cols:
        return header
    positions = [c for _, c in header.cols.values()]
    if len(set(positions)) == len(positions):
        header.order = sorted(header.cols, key=lambda cid: header.cols[cid][1])
        return header
    # Two labels in one column: the merged cells were lost. Read the labels as a person does, row by
    # row, a group heading (法人或其他组织) standing for the labels under it on the next row.
    order = _flattened(text, table, header, group_key, cands)
    if order is not None:
        header.order, header.scrambled = order, True
    else:
        header.ambiguous.append((table.columns[0].label, sorted(header.cols.values())))
        header.cols = {}
    return header


def _flattened(text: SheetText, table: Table, header: Header, group_key: str | None,
               cands: list[tuple[int, int, str]]) -> list[str] | None:
    """The column ids in the order the lost-span header reads, when that order is the official one
    (the only reading that can be trusted); else None."""
    by_row: dict[int, list[tuple[int, str]]] = {}
    for cid, (r, c) in header.cols.items():
        by_row.setdefault(r, []).append((c, cid))
    group_at = next(((r, c) for r, c, k in cands if group_key and k == group_key), None)
    if group_at is None:
        return None
    top = sorted(by_row.get(group_at[0], []))
    below = sorted(by_row.get(group_at[0] + 1, []))
    order: list[str] = []
    for _c, cid in top:
        if cid:
            order.append(cid)
    # The group's columns go where the group heading stands among the top row's labels.
    at = sum(1 for c, _ in top if c < group_at[1])
    order[at:at] = [cid for _, cid in below]
    official = [c.id for c in table.columns if c.id in header.cols]
    return order if order == official and len(order) == len(header.cols) else None
