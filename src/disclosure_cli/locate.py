"""Finding the official tables in a sheet by their labels, wherever they stand."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import chain

from .labels import clean, key
from .schema import MONEY, Format, Row, Table, memo
from .values import WANYUAN, YUAN
from .workbook import Sheet

ROW_WINDOW = 80  # rows below a header in which a table's rows must stand
HEADER_DEPTH = 3  # header rows below the first header label


@dataclass
class Placement:
    """Where one table stands in a sheet: the cell of every value it was found to have."""

    table: Table
    sheet: Sheet
    cells: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    # Group subtotal rows (layouts that add them): (group id, column id) -> cell.
    subtotals: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    missing: list[tuple[str, str]] = field(default_factory=list)  # ("row"|"column", label)
    legacy: list[tuple[str, str, int, int]] = field(default_factory=list)  # (row id, text, r, c)
    # MONEY columns: the unit their header states (采购总金额（万元）), or None: (row id, col id) -> unit.
    units: dict[tuple[str, str], str | None] = field(default_factory=dict)
    anchor: tuple[int, int] = (0, 0)
    # How to read it, worked out once (read._plan) into this dict, which the copies a reused layout
    # makes share (dataclasses.replace copies the reference).
    plan: dict = field(default_factory=dict, compare=False, repr=False)


class SheetText:
    """The text cells of a sheet with their matching keys, indexed by row.

    `cells` holds every text cell (the unit's name and the year are read from it). What the
    locators see — `labels`, `flat`, `exact` — holds only the cells that could spell part of a label
    (see “layouts seen” below): a form filled in by a hundred departments looks the same to them."""

    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self.cells: list[tuple[int, int, str, str]] = []  # (r, c, key, raw) of every text cell, in reading order
        # The label-like cells among them: with the merges, the layout's signature (relative to the first).
        # What the locators see is built from it when they first look.
        self.relevant: list[tuple[int, int, str, str]] = []
        # While locating: every (r, c, blank?) is_blank_value answered, to reuse the placements safely.
        self.probes: list | None = None
        cells, relevant = self.cells, self.relevant
        known = _TEXTS.get
        for r, c, v in _text_cells(sheet.grid):
            k, inert = known(v) or _learn(v)
            if k:
                cells.append(cell := (r, c, k, v))
                if not inert:
                    relevant.append(cell)
        self.merges = {}
        for (r0, c0), (r1, c1) in sheet.merges:
            self.merges[(r0, c0)] = (r1, c1)

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
        by_first = self.__dict__.get("_by_first")
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

    def span(self, r: int, c: int) -> tuple[int, int]:
        """The last (row, col) a merged cell covers, or the cell itself."""
        return self.merges.get((r, c), (r, c))


def _text_cells(grid: list[list]) -> list[tuple[int, int, str]]:
    """(r, c, text) of every non-empty text cell in reading order. Most cells are '' or numbers:
    they are filtered in one C-level pass over the whole grid when it is rectangular (calamine's are)."""
    widths = set(map(len, grid))
    if len(widths) == 1:
        width = widths.pop()
        if width:
            return [(*divmod(i, width), v) for i, v in enumerate(chain.from_iterable(grid))
                    if v and v.__class__ is str]
        return []
    return [(r, c, v) for r, row in enumerate(grid) for c, v in enumerate(row) if v and v.__class__ is str]


def _keys(row: Row) -> tuple[str, ...]:
    return memo(row, "keys", lambda: tuple(k for k in (key(row.label), *(key(a) for a in row.aliases)) if k))


def _pick_columns(text: SheetText, columns, rows: range, cols: range, nearest_below: bool = False):
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
        col_keys = [key(col.label), *(key(a) for a in col.aliases)]
        for c, r, k in cands:
            if c > last and any(k.startswith(ck) for ck in col_keys):
                found[col.id] = (r, c)
                last = c
                break
    return found


def is_blank_value(text: SheetText, r: int, c: int) -> bool:
    """Whether a cell is empty (no value, no formula, no error); recorded while locating."""
    blank = _is_blank(text.sheet, r, c)
    if text.probes is not None:
        text.probes.append((r, c, blank))
    return blank


def _is_blank(sheet: Sheet, r: int, c: int) -> bool:
    v = sheet.value(r, c)
    return (v is None or v == "") and sheet.raw_state(r, c) is None


# -- table 三: applications ---------------------------------------------------------------


def locate_applications(text: SheetText, table: Table) -> list[Placement]:
    placements = []
    first_col = table.rows[0].columns[0]
    for r0, c0 in text.find(key(first_col.label)):
        header_rows = range(max(0, r0 - 1), r0 + HEADER_DEPTH)
        cols = _pick_columns(text, table.rows[0].columns, header_rows, range(c0, c0 + 40))
        if "natural_person" not in cols:
            continue
        p = Placement(table, text.sheet, anchor=(r0, c0))
        for col in table.rows[0].columns:
            if col.id not in cols:
                p.missing.append(("column", col.label))
        header_bottom = max(r for r, _ in cols.values())
        first_value_col = min(c for _, c in cols.values())
        _applications_rows(text, table, p, cols, header_bottom, first_value_col)
        placements.append(p)
    return placements


def _label_index(table: Table):
    """Table 三's label keys -> what they name (groups first), and the key lengths, longest first."""
    return memo(table, "label_index", lambda: _build_label_index(table))


def _build_label_index(table: Table):
    index: dict[str, list] = {}
    for g in table.groups:
        index.setdefault(key(g.label), []).append(("group", g.id, None))
    for row in table.rows:
        for rk in _keys(row):
            index.setdefault(rk, []).append(("row", row.id, row))
    return index, sorted({len(k) for k in index}, reverse=True)


def _match_label(k: str, table: Table, found_rows, context):
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
            if ident not in found_rows and (row.group is None or row.group == context or length > 2):
                return kind, row
    return None


def _applications_rows(text, table, p, cols, header_bottom, first_value_col):
    sheet = text.sheet
    groups = {g.id: key(g.label) for g in table.groups}
    found_rows: dict[str, int] = {}
    current_group = None
    end = min(len(sheet.grid), header_bottom + 1 + ROW_WINDOW)
    for r in range(header_bottom + 1, end):
        label_cells = [k for c, k, _ in text.labels.get(r, ()) if c < first_value_col]
        if not label_cells:
            continue
        matched_row = None
        group_here = None
        subtotal_word = False
        for k in label_cells:
            hit = _match_label(k, table, found_rows, group_here or current_group)
            if hit is None:
                if k in ("小计", "合计") and current_group:
                    subtotal_word = True
                continue
            kind, what = hit
            if kind == "row":
                matched_row = what
                continue
            group_here = current_group = what
            # “（三）不予公开 1.属于国家秘密” in one cell: the sub-label follows the group's.
            rest = re.sub(r"^[0-9]+", "", k[len(groups[what]):])
            if rest:
                inner = _match_label(rest, table, found_rows, what)
                if inner and inner[0] == "row" and inner[1].group == what:
                    matched_row = inner[1]
        if matched_row is not None:
            found_rows[matched_row.id] = r
            current_group = matched_row.group
            for col_id, (_, c) in cols.items():
                p.cells[(matched_row.id, col_id)] = (r, c)
            if matched_row.id == "carried_out":
                break
        elif group_here or subtotal_word:
            gid = group_here or current_group
            has_values = any(not is_blank_value(text, r, c) for _, c in cols.values())
            if has_values and not any(k[0] == gid for k in p.subtotals):
                for col_id, (_, c) in cols.items():
                    p.subtotals[(gid, col_id)] = (r, c)
    for row in table.rows:
        if row.id not in found_rows:
            p.missing.append(("row", row.label))


# -- table 四: reviews ----------------------------------------------------------------------


def _group_anchors(text: SheetText, label_key: str) -> list[tuple[int, int]]:
    """Cells naming a group of table 四 (“行政复议”, “行政复议（件）”), not sentences mentioning it."""
    return [(r, c) for r, c in text.find(label_key) if len(text_key_at(text, r, c)) <= len(label_key) + 4]


def locate_reviews(text: SheetText, table: Table) -> list[Placement]:
    placements = []
    review, direct, after = table.rows
    for r0, c0 in _group_anchors(text, key(review.label)):
        transposed = _reviews_transposed(text, table, r0, c0)
        if transposed is not None:
            placements.append(transposed)
            continue
        window = range(r0, r0 + HEADER_DEPTH)
        starts = {review.id: (r0, c0)}
        for row in (direct, after):
            hits = sorted((c, r) for r, c, k, _ in text.in_rows(window, range(c0 + 1, c0 + 60))
                          if k == key(row.label))
            if hits:
                starts[row.id] = (hits[0][1], hits[0][0])
        p = Placement(table, text.sheet, anchor=(r0, c0))
        ordered = [row for row in table.rows if row.id in starts]
        for row in table.rows:
            if row.id not in starts:
                p.missing.append(("row", row.label))
        header_cells = {}
        for i, row in enumerate(ordered):
            r, c = starts[row.id]
            stop = starts[ordered[i + 1].id][1] if i + 1 < len(ordered) else c + 12
            stop = max(stop, text.span(r, c)[1] + 1) if i + 1 == len(ordered) else stop
            cols = _pick_columns(text, row.columns, range(r + 1, r + HEADER_DEPTH + 1), range(c, stop))
            for col in row.columns:
                if col.id in cols:
                    header_cells[(row.id, col.id)] = cols[col.id]
                else:
                    p.missing.append(("column", f"{row.label} › {col.label}"))
        if not header_cells:
            continue
        header_bottom = max(r for r, _ in header_cells.values())
        value_cols = sorted({c for _, c in header_cells.values()})
        data_row = header_bottom + 1
        for r in range(header_bottom + 1, header_bottom + 4):
            if any(not is_blank_value(text, r, c) for c in value_cols):
                data_row = r
                break
        for (row_id, col_id), (_, c) in header_cells.items():
            p.cells[(row_id, col_id)] = (data_row, c)
        placements.append(p)
    return placements


def _reviews_transposed(text: SheetText, table: Table, r0: int, c0: int) -> Placement | None:
    """Table 四 written with its groups as rows (a home-made layout):

        |            | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
        | 行政复议    |    …     |
        | 未经复议直接起诉 (or 行政诉讼 › …) | … |
        | 复议后起诉  |    …     |

    Recognised when both litigation groups stand below 行政复议 in the label columns and the
    outcome labels stand to the right on a row above; None otherwise."""
    review, direct, after = table.rows
    starts = {review.id: r0}
    for row in (direct, after):
        k = key(row.label)
        hits = [r for r in range(r0 + 1, r0 + 6) for c, ck, _ in text.labels.get(r, ())
                if abs(c - c0) <= 2 and (ck.startswith(k) or ck.endswith(k)) and len(ck) <= len(k) + 6]
        if not hits:
            return None
        starts[row.id] = hits[0]
    header = None
    for hr in range(r0 - 1, max(-1, r0 - 4), -1):
        cols = _pick_columns(text, review.columns, range(hr, hr + 1), range(c0 + 1, c0 + 40))
        if len(cols) == len(review.columns):
            header = cols
            break
    if header is None:
        return None
    p = Placement(table, text.sheet, anchor=(r0, c0))
    for row in table.rows:
        for col in row.columns:
            p.cells[(row.id, col.id)] = (starts[row.id], header[col.id][1])
    return p


# -- table 二: active -----------------------------------------------------------------------


def locate_active(text: SheetText, table: Table) -> list[Placement]:
    found: dict[str, tuple] = {}
    legacy = []
    column_trouble = {}
    for row in table.rows:
        row_keys = _keys(row)
        spellings = [(rk, None) for rk in row_keys] + [(key(lg), lg) for lg in row.legacy]
        for rk, legacy_label in spellings:
            for r, c in _label_cells(text, rk, exact_first=True):
                cols = _pick_columns(text, row.columns, range(max(0, r - 6), r), range(c + 1, c + 30),
                                     nearest_below=True)
                if len(cols) < len(row.columns):
                    column_trouble.setdefault(row.id, [col.label for col in row.columns if col.id not in cols])
                    continue
                # The nearest header above wins, then the leftmost label.
                depth = r - max(hr for hr, _ in cols.values())
                cand = (depth, r, c, cols, legacy_label)
                if row.id not in found or cand[:3] < found[row.id][:3]:
                    found[row.id] = cand
            if row.id in found:
                break
    if not found:
        return []
    p = Placement(table, text.sheet)
    for row in table.rows:
        if row.id not in found:
            if row.id in column_trouble:
                for label in column_trouble[row.id]:
                    p.missing.append(("column", f"{row.label} › {label}"))
            else:
                p.missing.append(("row", row.label))
            continue
        _, r, c, cols, legacy_label = found[row.id]
        if legacy_label:
            legacy.append((row.id, legacy_label, r, c))
        for col in row.columns:
            hr, hc = cols[col.id]
            p.cells[(row.id, col.id)] = (r, _value_col(text, r, hr, hc))
            if col.kind == MONEY:
                p.units[(row.id, col.id)] = header_unit(text.sheet.value(hr, hc))
    p.legacy = legacy
    p.anchor = min((r, c) for _, r, c, _, _ in found.values())
    return [p]


def header_unit(header) -> str | None:
    """The money unit a header states: 采购总金额（万元） -> 万元, 采购总金额(元) -> 元, else None."""
    text = clean(str(header or ""))
    label_end = text.find("金额")
    tail = text[label_end + 2:] if label_end >= 0 else text
    return WANYUAN if WANYUAN in tail else YUAN if YUAN in tail else None


def _label_cells(text: SheetText, label_key: str, exact_first: bool):
    exact = list(text.find(label_key, exact=True))
    if exact:
        return exact
    # A label with a note appended (规章（设区的市…）): a prefix match of a short cell.
    return [(r, c) for r, c in text.find(label_key) if len(text_key_at(text, r, c)) <= len(label_key) + 30]


def text_key_at(text: SheetText, r: int, c: int) -> str:
    for cc, k, _ in text.labels.get(r, ()):
        if cc == c:
            return k
    return ""


def _value_col(text: SheetText, r: int, header_r: int, header_c: int) -> int:
    """A value under a header merged across columns may stand in any cell of the span."""
    _, last = text.span(header_r, header_c)
    if last == header_c or not is_blank_value(text, r, header_c):
        return header_c
    for c in range(header_c + 1, last + 1):
        if not is_blank_value(text, r, c):
            return c
    return header_c


LOCATORS = {"active": locate_active, "applications": locate_applications, "reviews": locate_reviews}


def locate(sheet: Sheet, fmt: Format, text: SheetText | None = None) -> dict[str, list[Placement]]:
    """Every placement of every table of the format in one sheet.

    Departments fill in the same distributed form: a sheet laid out like one seen before — even
    moved down or right, by a title row added above it — gets the placements found then, moved
    and bound to this sheet, without searching again (see “layouts seen”)."""
    text = text or SheetText(sheet)
    rel = text.relevant
    r0 = rel[0][0] if rel else 0
    c0 = min([c for _, c, _, _ in rel]) if rel else 0
    signature = (fmt.id, tuple([(r - r0, c - c0, k, v) for r, c, k, v in rel]),
                 tuple(sorted([((a - r0, b - c0), (x - r0, y - c0)) for (a, b), (x, y) in text.merges.items()])))
    for entry in LAYOUTS.get(signature, ()):
        if all(_is_blank(sheet, r + r0, c + c0) is blank for r, c, blank in entry.probes):
            found = entry.at(r0, c0)
            if found is not None:
                LAYOUTS.hits += 1
                return {tid: [replace(p, sheet=sheet) for p in ps] for tid, ps in found.items()}
    text.probes = []
    try:
        found = {t.id: LOCATORS[t.id](text, t) for t in fmt.tables}
    finally:
        probes, text.probes = tuple((r - r0, c - c0, blank) for r, c, blank in text.probes), None
    LAYOUTS.put(signature, _Layout(probes, (r0, c0), found))
    return found


# -- layouts seen ---------------------------------------------------------------------------
#
# The locators observe a sheet through SheetText only: the key and raw text of its label-like
# cells (`labels`, `flat`, `exact`), the merges, and whether given cells are blank (is_blank_value,
# which records each answer while locating). They look at positions only relative to the labels
# they find (a header some rows above a label, values to the right of it), and where a window is
# cut at the sheet's top edge or bottom, nothing stands beyond it anyway. So two sheets alike in
# all of that, up to a shift, get the same placements up to the same shift: the placements are
# kept under (format, text and merges relative to the first label-like cell) with the blank
# answers they relied on, and reused, moved, when every one of those cells is blank, or not, again.
#
# Text cells that cannot spell any part of a label — the unit's name, a date, a contact person, a
# title — are inert and kept out of the locators' sight altogether, which is what lets a hundred
# departments' copies of one form share one entry. Hiding them changes nothing the locators find:
# every test a locator makes of a cell's key (starts with a label, ends with one, is part of one,
# or begins the rest of one when a header is broken over two rows) fails for them anyway. (The one
# difference: a note under a header that spells its label whole, 采购总金额 over “（单位：千元）”,
# no longer stands in for the header's lower half; the header row is the label's own row.)


class _Layout:
    """One layout seen: the blank answers its search relied on (relative to its first label-like
    cell), and its placements where they were found, plus moved copies for a few other positions."""

    MOVED = 8  # copies kept for other positions (each holds its own reading plan)

    def __init__(self, probes: tuple, home: tuple[int, int], found: dict[str, list[Placement]]):
        self.probes = probes
        # Kept without the sheet: an entry must not hold on to a workbook's grid and XML.
        self.by_origin = {home: {tid: [replace(p, sheet=None) for p in ps] for tid, ps in found.items()}}
        self.home = home

    def at(self, r0: int, c0: int) -> dict[str, list[Placement]] | None:
        """The placements for a sheet whose first label-like cell stands at (r0, c0); None if moving
        them would leave the sheet."""
        found = self.by_origin.get((r0, c0))
        if found is None:
            dr, dc = r0 - self.home[0], c0 - self.home[1]
            found = {tid: [_moved(p, dr, dc) for p in ps] for tid, ps in self.by_origin[self.home].items()}
            if any(p is None for ps in found.values() for p in ps):
                return None
            if len(self.by_origin) > self.MOVED:
                del self.by_origin[next(k for k in self.by_origin if k != self.home)]
            self.by_origin[(r0, c0)] = found
        return found


def _moved(p: Placement, dr: int, dc: int) -> Placement | None:
    """p moved by (dr, dc), with a reading plan of its own; None if it would leave the sheet."""
    cells = {k: (r + dr, c + dc) for k, (r, c) in p.cells.items()}
    subtotals = {k: (r + dr, c + dc) for k, (r, c) in p.subtotals.items()}
    legacy = [(row_id, written, r + dr, c + dc) for row_id, written, r, c in p.legacy]
    anchor = (p.anchor[0] + dr, p.anchor[1] + dc)
    if min((rc for v in (cells, subtotals) for pos in v.values() for rc in pos), default=0) < 0 or min(anchor) < 0:
        return None
    return replace(p, cells=cells, subtotals=subtotals, legacy=legacy, anchor=anchor, plan={})


class _LayoutCache(dict):
    """signature -> [_Layout], bounded: a batch holds a few forms, not thousands. At the bounds
    (64 forms, 2 blank patterns each, 9 positions) an entry set holds ~70 MB; a real batch a few MB."""

    LIMIT = 64

    def __init__(self):
        super().__init__()
        self.hits = 0

    def put(self, signature, layout: _Layout) -> None:
        if signature not in self and len(self) >= self.LIMIT:
            del self[next(iter(self))]  # the oldest form seen
        entries = self.setdefault(signature, [])
        if len(entries) < 2:  # the same form with blanks in other places: a variant or two, no more
            entries.append(layout)


LAYOUTS = _LayoutCache()


def _vocabulary():
    """(suffixes of every label key, substrings of every label key, label keys) over every format:
    the material of the inertness test. Includes group labels, aliases, legacy labels and 小计/合计."""
    from .formats import FORMATS

    keys = {"小计", "合计"}
    for fmt in FORMATS.values():
        for t in fmt.tables:
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


_TEXTS: dict[str, tuple[str, bool]] = {}  # text as written -> (its key, inert?)


def _learn(text: str) -> tuple[str, bool]:
    k = key(text)
    found = _TEXTS[text] = (k, _inert(k) if k else True)
    if len(_TEXTS) > 65536:
        _TEXTS.clear()  # unit names are all different: do not let them pile up
    return found


def _inert(k: str) -> bool:
    """No locator's test of a cell key can succeed for k (see “layouts seen”)."""
    global _VOCABULARY
    if _VOCABULARY is None:
        _VOCABULARY = _vocabulary()
    suffixes, parts, keys = _VOCABULARY
    return not (k in parts or k.startswith(suffixes) or k.endswith(keys))


_VOCABULARY = None


# -- unit name and year --------------------------------------------------------------------

UNIT_LABELS = ("单位名称", "填报单位", "填报单位名称", "报送单位", "报告单位", "单位")
YEAR_LABELS = ("报告年度", "年度", "统计年度", "填报年度", "年份", "报告年份")
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_MEASURES = {"万元", "元", "件", "个", "项", "次", "人"}
_LABEL_COLON = re.compile(r"(.*?)([:：])(.*)", re.S)
_YEAR = re.compile(r"(?<!\d)(20\d\d|19\d\d)(?!\d)")
_TITLE = re.compile(r"^(?P<unit>.*?)(?P<year>(?:19|20)\d\d)年度?政府信息公开工作年度报告")


_LABEL_KEYS = frozenset(key(lab) for lab in UNIT_LABELS + YEAR_LABELS)


def labelled_value(text: SheetText, labels: tuple[str, ...]):
    """The value written next to (or after the colon of) a cell labelled with one of `labels`:
    (value, r, c) or None."""
    wanted = {key(lab) for lab in labels}
    for r, c, k, raw in text.cells:
        m = _LABEL_COLON.match(raw)
        head, sep, tail = m.groups() if m else (raw, "", "")
        hk = key(head)
        # 填报单位（盖章）: a short note may follow the label.
        if hk not in wanted and not any(hk.startswith(w) and len(hk) <= len(w) + 4 and len(w) > 2 for w in wanted):
            continue
        if sep and tail.strip():
            # “填报单位：某局      填报日期：2022年1月5日”: the value ends at a wide gap.
            tail = re.split(r"\s{2,}|\u3000|\t|\n", tail.strip())[0]
            if key(tail) in _MEASURES:
                continue
            return tail.strip(), r, c
        row = text.sheet.grid[r]
        for cc in range(c + 1, min(len(row), c + 8)):
            v = row[cc]
            if v not in ("", None):
                if isinstance(v, str) and (key(v) in _MEASURES or key(v) in _LABEL_KEYS
                                           or key(_LABEL_COLON.sub(r"\1", v)) in _LABEL_KEYS):
                    # 单位：万元 is a unit of measure; 年度 is the next label: this one is blank.
                    break
                return v, r, cc
    return None


def year_of(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer() and 1900 < value < 2200:
        return int(value)
    # “２０２１年” and “二〇二一年度” are written too: read their digits.
    text = unicodedata.normalize("NFKC", str(value)).translate(_CN_DIGITS)
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def title_unit_year(text: SheetText) -> tuple[str | None, int | None]:
    """From a title such as “济宁市工业和信息化局2021年政府信息公开工作年度报告”
    (or “…年度报告（2021年）”: then only the year)."""
    for _r, _c, k, raw in text.cells:
        if "政府信息公开工作年度报告" not in k:
            continue
        flat = re.sub(r"\s+", "", raw)
        m = _TITLE.search(flat)
        if m:
            unit = m.group("unit").strip(" ：:") or None
            return unit, int(m.group("year"))
        y = _YEAR.search(flat)
        if y:
            return None, int(y.group(1))
    return None, None
