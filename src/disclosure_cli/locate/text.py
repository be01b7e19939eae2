"""A sheet's text cells as the locators see them: matching keys, label-like cells, blank probes."""

from __future__ import annotations

from functools import cache, cached_property, lru_cache

from ..base.labels import MAX_LABEL_CHARS, key
from ..formats import FORMATS
from ..formats.schema import Column, Row
from ..inputs import Sheet

ROW_WINDOW = 80  # rows below a header in which a table's rows must stand
HEADER_DEPTH = 3  # header rows below the first header label
# The texts a run's memo holds before it starts again. A form's labels and notes repeat (some 70 texts);
# each file adds its own (填报单位：部门01732), about 440 bytes: at 65,536 a worker of a 50,000-file run
# grew by 13 MB; starting again costs the 70 shared texts once more (about a millisecond).
MEMO_KEPT = 4096


class SheetText:
    """The text cells of a sheet with their matching keys, indexed by row.

    `cells` holds every text cell (the unit's name and the year are read from it). What the
    locators see — `labels`, `flat`, `exact` — holds only the cells that could spell part of a label
    (see “layouts seen” below): a form filled in by a hundred departments looks the same to them."""

    def __init__(self, sheet: Sheet, known: dict[str, tuple[str, bool]] | None = None):
        """`known`: text as written -> (its key, inert?), a run's memo of the texts it has seen (the
        unit's name differs from form to form, the labels repeat)."""
        self.sheet = sheet
        self.cells: list[tuple[int, int, str, str]] = []  # (r, c, key, raw) of every text cell, in reading order
        # The label-like cells among them: with the merges, the layout's signature (relative to the first).
        # What the locators see is built from it when they first look.
        self.relevant: list[tuple[int, int, str, str]] = []
        # While locating: every (r, c, blank?) is_blank_value answered, to reuse the placements safely.
        self.probes: list | None = None
        self._by_first: dict[str, list[tuple[int, int, str]]] | None = None
        # Set by a locator that looked at cells outside the label-like ones (an approximate label):
        # what it found then depends on more than a layout's signature, so it is not reused.
        self.unsignatured = False
        cells, relevant = self.cells, self.relevant
        memo = known if known is not None else {}
        for r, c, v in _text_cells(sheet.grid):
            k, inert = memo.get(v) or _learn(memo, v)
            if k:
                cells.append(cell := (r, c, k, v))
                if not inert:
                    relevant.append(cell)
        self.merges = dict(sheet.merges)  # (first row, column) -> (last row, column)

    @cached_property
    def labels(self) -> dict[int, list[tuple[int, str, str]]]:
        """r -> [(c, key, raw)] of the label-like cells."""
        labels: dict[int, list[tuple[int, str, str]]] = {}
        for r, c, k, v in self.relevant:
            labels.setdefault(r, []).append((c, k, v))
        return labels

    @cached_property
    def flat(self) -> list[tuple[int, int, str]]:
        """(r, c, key) of the label-like cells in reading order."""
        return [(r, c, k) for r, c, k, _ in self.relevant]

    @cached_property
    def exact(self) -> dict[str, list[tuple[int, int]]]:
        exact: dict[str, list[tuple[int, int]]] = {}
        for r, c, k, _ in self.relevant:
            exact.setdefault(k, []).append((r, c))
        return exact

    def find(self, label_key: str, exact: bool = False):
        """Every (r, c) whose key spells the label, in reading order."""
        if exact:
            return list(self.exact.get(label_key, ()))
        by_first = self._by_first
        if by_first is None:  # cells grouped by their first character: a prefix is looked up, not scanned
            by_first = self._by_first = {}
            for r, c, k in self.flat:
                by_first.setdefault(k[0], []).append((r, c, k))
        return [(r, c) for r, c, k in by_first.get(label_key[:1], ()) if k.startswith(label_key)]

    def in_rows(self, rows: range, cols: range | None = None):
        for r in rows:
            for c, k, raw in self.labels.get(r, ()):
                if cols is None or c in cols:
                    yield r, c, k, raw

    @cached_property
    def every_by_row(self) -> dict[int, list[tuple[int, str, str]]]:
        """r -> [(c, key, raw)] of every text cell, inert ones included (for approximate labels)."""
        rows: dict[int, list[tuple[int, str, str]]] = {}
        for r, c, k, v in self.cells:
            rows.setdefault(r, []).append((c, k, v))
        return rows

    def span(self, r: int, c: int) -> tuple[int, int]:
        """The last (row, col) a merged cell covers, or the cell itself."""
        return self.merges.get((r, c), (r, c))


def _text_cells(grid: list[list]) -> list[tuple[int, int, str]]:
    """(r, c, text) of every non-empty text cell in reading order. Most cells are '' or numbers; one
    comprehension over rows and cells measured faster than a flat pass over the grid (the (row,
    column) of each text cell then costs a divmod and a tuple more)."""
    return [(r, c, v) for r, row in enumerate(grid) for c, v in enumerate(row) if v and v.__class__ is str]


@cache
def row_keys(row: Row) -> tuple[str, ...]:
    """The matching keys of a row's label and its aliases."""
    return tuple(k for k in (key(row.label), *(key(a) for a in row.aliases)) if k)


@cache
def column_keys(col: Column) -> tuple[str, ...]:
    return (key(col.label), *(key(a) for a in col.aliases))


def pick_columns(text: SheetText, columns, rows: range, cols: range, nearest_below: bool = False):
    """For each column label in order, the first cell to the right of the previous one.

    With `nearest_below`, of two cells in one column spelling the label the lower one wins: the
    header of a row's own block, not that of a block above with the same column labels (2019 二)."""
    found: dict[str, tuple[int, int]] = {}
    cells = [(r, c, k) for r, c, k, _ in text.in_rows(rows, cols)]
    # A header pasted from Word can break one label over two rows (“结果” above “维持”): the two
    # stacked texts are a candidate too, standing on the lower row (the header ends there).
    at = {(r, c): k for r, c, k in cells}
    cells += [(r + 1, c, k + at[(r + 1, c)]) for r, c, k in cells if (r + 1, c) in at]
    cands = sorted((c, -r if nearest_below else r, k) for r, c, k in cells)
    cands = [(c, abs(r), k) for c, r, k in cands]
    last = -1
    for col in columns:
        col_keys = column_keys(col)
        for c, r, k in cands:
            if c > last and any(k.startswith(ck) for ck in col_keys):
                found[col.id] = (r, c)
                last = c
                break
    return found


def is_blank_value(text: SheetText, r: int, c: int, grid_only: bool = False) -> bool:
    """Whether a cell is empty (no value, no formula, no error; with `grid_only`, no value is enough):
    recorded while locating, so a layout reused is reused only where the same answers hold."""
    blank = is_empty(text.sheet, r, c) if grid_only else is_blank(text.sheet, r, c)
    if text.probes is not None:
        text.probes.append((r, c, blank, grid_only))
    return blank


def is_empty(sheet: Sheet, r: int, c: int) -> bool:
    """No value in the grid (a formula without one still counts as empty here)."""
    v = sheet.value(r, c)
    return v is None or v == ""


def is_blank(sheet: Sheet, r: int, c: int) -> bool:
    v = sheet.value(r, c)
    return (v is None or v == "") and sheet.raw_state(r, c) is None


def text_key_at(text: SheetText, r: int, c: int) -> str:
    for cc, k, _ in text.labels.get(r, ()):
        if cc == c:
            return k
    return ""



# -- inert text: cells no locator can take for (part of) a label ----------------------------------
#
# Text cells that cannot spell any part of a label — the unit's name, a date, a contact person, a
# title — are inert and kept out of the locators' sight altogether, which is what lets a hundred
# departments' copies of one form share one layout (see layouts.py). Hiding them changes nothing
# the locators find: every test a locator makes of a cell's key (starts with a label, ends with one,
# is part of one, or begins the rest of one when a header is broken over two rows) fails for them.


@lru_cache(maxsize=1)
def vocabulary() -> tuple[tuple[str, ...], frozenset[str], tuple[str, ...]]:
    """(suffixes of every label key, substrings of every label key, label keys) over every format:
    the material of the inertness test. Includes group labels, aliases, legacy labels and 小计/合计."""
    keys = {"小计", "合计"}
    for fmt in FORMATS.values():
        for t in fmt.tables:
            keys.update(key(x) for x in (t.column_group_label, t.header) if x)
            for g in t.groups:
                keys.update(key(x) for x in (g.label, *g.aliases))
            for row in t.rows:
                keys.update(key(x) for x in (row.label, *row.aliases, *row.legacy))
                for col in row.columns:
                    keys.update(key(x) for x in (col.label, *col.aliases))
    keys.discard("")
    suffixes = tuple({k[i:] for k in keys for i in range(len(k))})
    parts = frozenset(k[i:j] for k in keys for i in range(len(k)) for j in range(i + 1, len(k) + 1))
    return suffixes, parts, tuple(keys)


def _learn(memo: dict[str, tuple[str, bool]], text: str) -> tuple[str, bool]:
    if len(text) > MAX_LABEL_CHARS:
        return "", True  # no label, title or name: never keyed (nor kept in the memo)
    k = key(text)
    found = memo[text] = (k, inert(k) if k else True)
    if len(memo) > MEMO_KEPT:
        memo.clear()  # unit names are all different: do not let them pile up
    return found


def inert(k: str) -> bool:
    """No locator's test of a cell key can succeed for k."""
    suffixes, parts, keys = vocabulary()
    return not (k in parts or k.startswith(suffixes) or k.endswith(keys))
