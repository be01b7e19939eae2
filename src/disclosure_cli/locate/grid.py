"""Finding a GRID table (三、收到和处理政府信息公开申请情况): its columns by their labels (header.py), its rows
by theirs, in any order, group subtotals by where they stand, and each row's numbers where a person
reads them — under the column headers, or after the label when the table lost its merged cells."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ..base.labels import clean, key
from ..formats.schema import Row, Table
from .fuzzy import closest
from .header import Header, grid_header
from .placement import Placement
from .text import HEADER_DEPTH, ROW_WINDOW, SheetText, is_blank_value, row_keys

SUBTOTAL_WORDS = frozenset({"小计", "合计", "总计"})
# A label written with its numbering, as the official total row is: （七）总计.
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[、.:]|\([一二三四五六七八九十0-9]+\)|[0-9]+[、.):])")
_NUMBER_LIKE = re.compile(r"[\s+\-−.,0-9０-９〇零]*")


def locate_grid(text: SheetText, table: Table) -> list[Placement]:
    """Every placement of the table: one per cell spelling its first column label with a header around it."""
    placements = []
    first_col = table.columns[0]
    anchors = text.find(key(first_col.label))
    if not anchors:
        headless = _headless(text, table)
        return [headless] if headless is not None else []
    for r0, c0 in anchors:
        header = grid_header(text, table, range(max(0, r0 - 1), r0 + HEADER_DEPTH), range(max(0, c0 - 12), c0 + 40))
        if first_col.id not in header.cols:
            if header.ambiguous:
                p = Placement(table, text.sheet, anchor=(r0, c0), ambiguous=header.ambiguous)
                placements.append(p)
            continue
        p = Placement(table, text.sheet, anchor=(r0, c0), ambiguous=list(header.ambiguous))
        for col in table.columns:
            if col.id not in header.cols and not any(label == col.label for label, _ in header.ambiguous):
                p.missing.append(("column", col.label))
        _Rows(text, table, p, header).read()
        placements.append(p)
    return placements


@cache
def _label_index(table: Table):
    """The table's label keys -> what they name (groups first), and the key lengths, longest first."""
    index: dict[str, list] = {}
    for g in table.groups:
        index.setdefault(key(g.label), []).append(("group", g.id, None))
    for row in table.rows:
        for rk in row_keys(row):
            index.setdefault(rk, []).append(("row", row.id, row))
    return index, sorted({len(k) for k in index}, reverse=True)


def _match_label(k: str, table: Table, context: str | None):
    """The longest label a cell's key starts with: ('group', id), ('row', Row) or None."""
    index, lengths = _label_index(table)
    n = len(k)
    for length in lengths:
        if length > n:
            continue
        for kind, ident, row in index.get(k[:length], ()):
            if kind == "group":
                return kind, ident
            # A short sub-label (“3.其他”) only counts inside its own group; longer ones are
            # unique, so a missing group heading does not lose them.
            if row.group is None or row.group == context or length > 2:
                return kind, row
    return None


@dataclass
class _Rows:
    """One pass down the rows under a header (Long-lived state of the pass: the group a row is in,
    the rows found, the subtotal words seen, the cells no label matched)."""

    text: SheetText
    table: Table
    p: Placement
    header: Header
    found: dict[str, int] = field(default_factory=dict)  # row id -> r
    group: str | None = None
    # 小计/合计/总计 rows: (r, c, the group they stand in, numbered (（七）总计), after some group's rows?)
    words: list[tuple[int, int, str | None, bool, bool]] = field(default_factory=list)
    unmatched: list[tuple[int, int, str, str]] = field(default_factory=list)  # (r, c, key, raw)
    maybe_subtotals: list[tuple[str, int, int]] = field(default_factory=list)  # (group, r, label column)

    def read(self) -> None:
        sheet = self.text.sheet
        end = min(len(sheet.grid), self.header.bottom + 1 + ROW_WINDOW)
        last = self.table.rows[-1]
        for r in range(self.header.bottom + 1, end):
            self._row(r)
            if last.id in self.found:
                break
        self._resolve_words()
        self._approximate()
        for group, r, c in self.maybe_subtotals:
            if r not in self.found.values():
                self._subtotal(group, r, c)
        for row in self.table.rows:
            if row.id not in self.found:
                self.p.missing.append(("row", row.label))

    def _label_cells(self, r: int) -> list[tuple[int, str, str]]:
        cells = self.text.labels.get(r, ())
        if self.header.scrambled:
            return list(cells)
        limit = self.header.first_value_col
        return [cell for cell in cells if cell[0] < limit]

    def _row(self, r: int) -> None:
        """Match the labels of row r; place its numbers (Long because a row's label cells — group
        heading, sub-label, both in one cell, a subtotal word — are matched in one pass)."""
        matched: Row | None = None
        group_here = None
        word: tuple[int, bool] | None = None
        label_col = -1
        unmatched = len(self.unmatched)
        for c, k, raw in self._label_cells(r):
            if k in SUBTOTAL_WORDS and not _match_row_only(k, self.table):
                word, label_col = (c, bool(_NUMBERED.match(clean(raw)))), c
                continue
            hit = _match_label(k, self.table, group_here or self.group)
            if hit is None:
                self.unmatched.append((r, c, k, raw))
                continue
            label_col = max(label_col, c)
            kind, what = hit
            if kind == "row":
                matched = what
                continue
            group_here = self.group = what
            # “（三）不予公开 1.属于国家秘密” in one cell: the sub-label follows the group's.
            rest = re.sub(r"^[0-9]+", "", k[len(key(self.table.group(what).label)):])
            if rest:
                inner = _match_label(rest, self.table, what)
                if inner and inner[0] == "row" and inner[1].group == what:
                    matched = inner[1]
        if matched is not None:
            self._place_row(matched, r, label_col)
        elif word is not None:
            past = any(self.table.row(rid).group for rid in self.found if self.found[rid] >= 0)
            self.words.append((r, word[0], self.group, word[1], past))
        elif group_here and (len(self.unmatched) > unmatched or self._other_text(r, label_col)):
            # A group heading beside a label nothing matched (a misspelt first sub-row?): decided once
            # the approximate labels are read.
            self.maybe_subtotals.append((group_here, r, label_col))
        elif group_here:
            self._subtotal(group_here, r, label_col)

    def _other_text(self, r: int, label_col: int) -> bool:
        """Text beside a group heading in the label columns that no label matched (it may be a sub-row's
        label misspelt, which the locators do not see until they look for approximate labels)."""
        limit = None if self.header.scrambled else self.header.first_value_col
        return sum(1 for c, _, _ in self.text.every_by_row.get(r, ()) if limit is None or c < limit) > 1

    def _place_row(self, row: Row, r: int, label_col: int) -> None:
        if row.id in self.found:  # the same label twice: which row is meant cannot be told
            self.p.ambiguous.append((row.label, [(self.found[row.id], 0), (r, 0)]))
            self.found[row.id] = -1
            for col in self.header.order:
                self.p.cells.pop((row.id, col), None)
            return
        if self.found.get(row.id) == -1:
            return
        self.found[row.id] = r
        self.group = row.group
        for col, c in self._value_cells(row.id, r, label_col).items():
            self.p.cells[(row.id, col)] = (r, c)

    def _subtotal(self, group: str, r: int, label_col: int) -> None:
        cells = self._value_cells(group, r, label_col, record=False)
        has_values = any(not is_blank_value(self.text, r, c) for c in cells.values())
        if has_values and not any(k[0] == group for k in self.p.subtotals):
            for col, c in cells.items():
                self.p.subtotals[(group, col)] = (r, c)

    def _value_cells(self, row_id: str, r: int, label_col: int, record: bool = True) -> dict[str, int]:
        """Column id -> the column its number stands in on row r: under its header, or — the table lost
        its merged cells (the header, or this row) — the n cells after the row's label, in order."""
        order, cols = self.header.order, self.header.cols
        if self.header.scrambled:
            if record:
                self.p.shifted.append((row_id, r, label_col))
            return {col: label_col + 1 + i for i, col in enumerate(order)}
        aligned = {col: cols[col][1] for col in order}
        first = min(aligned.values())
        if label_col < 0 or label_col + 1 >= first:
            return aligned
        sheet = self.text.sheet
        # A shifted row has its first number right after its label; an aligned one nothing there.
        if is_blank_value(self.text, r, label_col + 1, grid_only=True):
            return aligned
        early = [c for c in range(label_col + 1, first) if not is_blank_value(self.text, r, c, grid_only=True)]
        after = [label_col + 1 + i for i in range(len(order))]
        self.text.unsignatured = True  # the numbers' look decides from here: not a layout to reuse
        tail = [c for c in aligned.values() if c > after[-1]]
        if early and all(_NUMBER_LIKE.fullmatch(str(sheet.value(r, c))) for c in after) \
                and all(is_blank_value(self.text, r, c, grid_only=True) for c in tail):
            if record:
                self.p.shifted.append((row_id, r, label_col))
            return dict(zip(order, after, strict=True))
        return aligned

    def _resolve_words(self) -> None:
        """小计/合计/总计 rows by where they stand: inside a group one is that group's subtotal; the table's
        results total is the one it names itself (（七）总计), else the last one after the groups —
        unless every group has a subtotal row, when the last group's is its own."""
        results = self.table.results[1] if self.table.results else None
        last_group = self.table.groups[-1].id if self.table.groups else None
        numbered = [w for w in self.words if w[3]]
        tail = [w for w in self.words if (w[2] == last_group or (w[2] is None and w[4]))]
        subtotalled = {w[2] for w in self.words if w[2] is not None and w[2] != last_group}
        for w in self.words:
            r, c, group, _, past = w
            if results is not None and results not in self.found:
                if numbered:
                    is_total = w is numbered[-1]
                else:
                    is_total = bool(tail) and w is tail[-1] and not (
                        group == last_group and len(tail) == 1 and subtotalled)
                if is_total:
                    self._place_row(self.table.row(results), r, c)
                    continue
            if group is not None:
                self._subtotal(group, r, c)

    def _approximate(self) -> None:
        """Rows no label spelled exactly: a cell in the label columns that is close to one of them (one
        or two characters off, and closer to it than to any other label) is read as it, with a warning."""
        missing = [row for row in self.table.rows if row.id not in self.found]
        if not missing:
            return
        self.text.unsignatured = True  # what follows looks at inert text too
        skip = {key(x) for x in (self.table.section, self.table.note, self.table.header) if x}
        self.unmatched = [u for u in self.unmatched if u[2] not in skip]
        seen = {(r, c) for r, c, _, _ in self.unmatched}
        limit = None if self.header.scrambled else self.header.first_value_col
        for r in range(self.header.bottom + 1, min(len(self.text.sheet.grid), self.header.bottom + 1 + ROW_WINDOW)):
            if r in self.found.values():
                continue
            for c, k, raw in self.text.every_by_row.get(r, ()):
                if (r, c) in seen or (limit is not None and c >= limit) or k in skip:
                    continue
                self.unmatched.append((r, c, k, raw))
        taken: set[int] = set()
        for r, c, k, raw in sorted(self.unmatched):
            if r in taken or r in self.found.values():
                continue
            row = closest(k, missing, [other for other in self.table.rows if other not in missing])
            if row is None or row.id in self.found:
                continue
            self._place_row(row, r, c)
            self.p.approximate.append((row.label, raw, r, c))
            taken.add(r)


def _headless(text: SheetText, table: Table) -> Placement | None:
    """A table whose header is gone (a report scraped with part of the table lost): its rows that still
    stand, each with exactly the table's numbers after its label, read in the official column order
    with a warning (W109), the header and every other row named missing (E002). None unless one of
    them has a label no other table has (四、结转下年度继续办理), so nothing else is taken for it."""
    n = len(table.columns)
    found: dict[str, tuple[int, int]] = {}
    for row in table.rows:
        for rk in row_keys(row):
            for r, c in text.find(rk, exact=True):
                # The numbers follow the label, maybe after an empty cell or two (a label two columns wide).
                start = next((x for x in range(c + 1, c + 4) if text.sheet.value(r, x) not in ("", None)), c + 1)
                values = [text.sheet.value(r, start + i) for i in range(n + 1)]
                if all(v not in ("", None) and _NUMBER_LIKE.fullmatch(str(v)) for v in values[:n]) and \
                        values[n] in ("", None) and row.id not in found:
                    found[row.id] = (r, start - 1)
    if found:
        text.unsignatured = True  # decided by the numbers after the labels, not the layout
    if not any(len(k) >= 6 for rid in found for k in row_keys(table.row(rid))):
        return None
    p = Placement(table, text.sheet, anchor=min(found.values()))
    p.missing.append(("header", table.header or table.columns[0].label))
    for row in table.rows:
        if row.id in found:
            r, c = found[row.id]
            for i, col in enumerate(table.columns):
                p.cells[(row.id, col.id)] = (r, c + 1 + i)
            p.shifted.append((row.id, r, c))
        else:
            p.missing.append(("row", row.label))
    return p


@cache
def _match_row_only(k: str, table: Table) -> bool:
    """Whether a subtotal word is itself a row's own label in this table (never in the official ones)."""
    return any(k == rk for row in table.rows for rk in row_keys(row) if row.total is False)
