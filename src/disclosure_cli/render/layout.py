"""The three tables in the official layout (or a variant of it) as a plan of placed cells, and that plan
written into an openpyxl sheet. The xlsx documents (xlsxbook), the Word tables (docxtables) and the test
workbooks all lay the tables out here, so a table's shape is written once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..base.refs import column_letters
from ..formats.schema import BLOCKS, GRID, GROUPS, Format, Key, Table

# What a placed cell is, which decides how a document shows it.
TITLE = "title"  # 二、主动公开政府信息情况, above a table
CAPTION = "caption"  # 第二十条第（一）项: a block's caption across table 二
HEADER = "header"  # a column heading (信息内容, 自然人, 结果维持 …)
NOTE = "note"  # table 三's corner note (本列数据的勾稽关系为 …)
SECTION = "section"  # 三、本年度办理结果, merged down over the result rows
ROW = "row"  # a row label: 规章, 一、本年新收政府信息公开申请数量, （一）予以公开
GROUP = "group"  # a group label merged down over its sub-rows: （三）不予公开
SUBROW = "subrow"  # a numbered sub-row label: 1.属于国家秘密
VALUE = "value"


@dataclass(frozen=True)
class Style:
    """How the tables are laid out. The default is the official Word layout."""

    label_cols: int = 3  # table 三's label columns: 3 official, 2, or 1 (group headings as rows)
    merged: bool = True  # merge header and label cells as the Word tables do
    subtotals: bool = False  # write a subtotal row for each group （三）–（六） (home-made templates)
    repeat_group: bool = False  # unmerged: repeat the group label on every sub-row
    titles: bool = True  # the table titles (二、主动公开政府信息情况 …) above each table
    gap: int = 1  # empty rows between tables
    decorate: bool = True  # borders, fonts, widths


@dataclass(frozen=True)
class Placed:
    """One cell of the plan: its value over rows r..r1 and columns c..c1 (1-based, inclusive)."""

    r: int
    c: int
    r1: int
    c1: int
    value: object
    role: str
    table: str
    key: Key | None = None  # a value cell's (table, row, column)

    @property
    def merged(self) -> bool:
        return self.r1 > self.r or self.c1 > self.c


@dataclass
class Plan:
    """The tables as placed cells, in the order written, with where each table stands."""

    cells: list[Placed] = field(default_factory=list)
    refs: dict[Key, str] = field(default_factory=dict)  # every value cell's A1 reference
    extents: dict[str, tuple[int, int]] = field(default_factory=dict)  # table id -> (first row, last row)
    last_row: int = 0


# A table's logical column (0-based from the origin) -> the sheet columns (offsets) it covers.
Columns = Callable[[int], tuple[int, int]]


def _same(i: int) -> tuple[int, int]:
    return i, i


class _Writer:
    def __init__(self, style: Style, values: dict | None, origin_col: int):
        self.style = style
        self.values = values
        self.plan = Plan()
        self.c0 = origin_col
        self.columns: Columns = _same
        self.table = ""

    def _span(self, c: int, c1: int) -> tuple[int, int]:
        return self.c0 + self.columns(c - self.c0)[0], self.c0 + self.columns(c1 - self.c0)[1]

    def put(self, r: int, c: int, value, r1: int | None = None, c1: int | None = None, role: str = ROW):
        r1, c1 = r1 or r, c1 or c
        g0, g1 = self._span(c, c1)
        if not self.style.merged:
            r1, g1 = r, g0
        if (value is None or value == "") and not (r1 > r or g1 > g0):
            return
        self.plan.cells.append(Placed(r, g0, r1, g1, None if value == "" else value, role, self.table))

    def value(self, r: int, c: int, key: Key, c1: int | None = None):
        g0, g1 = self._span(c, c1 or c)
        if not self.style.merged:
            g1 = g0
        self.plan.refs[key] = f"{column_letters(g0)}{r}"
        v = self.values.get(key) if self.values is not None else None
        self.plan.cells.append(Placed(r, g0, r, g1, v, VALUE, self.table, key))


def plan_tables(fmt: Format, values: dict | None = None, origin: tuple[int, int] = (1, 1),
                style: Style = Style(), tables: tuple[str, ...] | None = None,
                columns: dict[str, Columns] | None = None) -> Plan:
    """The tables of `fmt` laid out from `origin` (1-based row, col). `columns` maps a table's
    logical columns onto sheet columns (print_columns: one grid for tables of different shapes);
    without it each logical column is one sheet column."""
    w = _Writer(style, values, origin[1])
    r, c = origin
    for table in fmt.tables:
        if tables is not None and table.id not in tables:
            continue
        w.table = table.id
        w.columns = (columns or {}).get(table.id, _same)
        first = r
        if style.titles:
            w.columns = _same
            w.plan.cells.append(Placed(r, c, r, c, table.title, TITLE, table.id))
            w.columns = (columns or {}).get(table.id, _same)
            r += 1
        r = _WRITERS[table.shape](w, table, r, c)
        w.plan.extents[table.id] = (first, r)
        w.plan.last_row = r
        r += style.gap + 1
    return w.plan


def write_tables(ws, fmt: Format, values: dict | None = None, origin: tuple[int, int] = (1, 1),
                 style: Style = Style(), tables: tuple[str, ...] | None = None):
    """Write the tables of `fmt` into an openpyxl sheet from `origin`; return (cells, next row, plan).

    `cells` maps every (table, row, column) to the A1 reference of its value cell."""
    plan = plan_tables(fmt, values, origin, style, tables)
    for p in plan.cells:
        if p.value is not None:
            cell = ws.cell(row=p.r, column=p.c)
            cell.value = p.value
            if isinstance(p.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
        if p.merged:
            ws.merge_cells(start_row=p.r, start_column=p.c, end_row=p.r1, end_column=p.c1)
    if style.decorate:
        _decorate(ws, plan)
    return plan.refs, plan.last_row + style.gap + 1, plan


# -- the shapes ------------------------------------------------------------------------------


def block_width(table: Table) -> int:
    """Table 二's value columns: the widest block's, at least 3 (a one-column block spans them)."""
    return max(3, max(len(row.columns) for row in table.rows))


def _active(w: _Writer, table: Table, r: int, c: int) -> int:
    blocks: list[tuple[str | None, list]] = []
    for row in table.rows:
        if not blocks or blocks[-1][0] != row.block:
            blocks.append((row.block, []))
        blocks[-1][1].append(row)
    width = block_width(table)
    for caption, rows in blocks:
        w.put(r, c, caption, r, c + width, role=CAPTION)
        r += 1
        columns = rows[0].columns
        span = width // len(columns)
        w.put(r, c, table.label_heading, role=HEADER)
        for i, col in enumerate(columns):
            c0 = c + 1 + i * span
            c1 = c + width if i == len(columns) - 1 else c0 + span - 1
            w.put(r, c0, col.label, r, c1, role=HEADER)
        r += 1
        for row in rows:
            w.put(r, c, row.label)
            for i, col in enumerate(row.columns):
                c0 = c + 1 + i * span
                c1 = c + width if i == len(row.columns) - 1 else c0 + span - 1
                w.value(r, c0, (table.id, row.id, col.id), c1)
            r += 1
    return r - 1


def _applications(w: _Writer, table: Table, r: int, c: int) -> int:
    """A GRID table: the corner note, the header over the applicant columns, then every row (group
    labels merged down over their sub-rows, or on rows of their own), as the style says. (Long
    because the official layout's merges and the home-made variants are written in one pass.)"""
    st = w.style
    labels = st.label_cols
    columns = table.rows[0].columns
    v0 = c + labels  # first value column
    # Header: corner note over 3 rows, 申请人情况, then 自然人 | 法人或其他组织 (5) | 总计.
    w.put(r, c, table.note or "", r + 2, v0 - 1, role=NOTE)
    w.put(r, v0, table.header or "", r, v0 + len(columns) - 1, role=HEADER)
    w.put(r + 1, v0, columns[0].label, r + 2, v0, role=HEADER)
    w.put(r + 1, v0 + 1, table.column_group_label or "", r + 1, v0 + len(columns) - 2, role=HEADER)
    w.put(r + 1, v0 + len(columns) - 1, columns[-1].label, r + 2, v0 + len(columns) - 1, role=HEADER)
    for i, col in enumerate(columns[1:-1], start=1):
        w.put(r + 2, v0 + i, col.label, role=HEADER)
    r += 3

    def values_row(row_id: str, at: int) -> None:
        for i, col in enumerate(columns):
            w.value(at, v0 + i, (table.id, row_id, col.id))

    groups = {g.id: g for g in table.groups}
    rows = list(table.rows)
    first_result = table.results[0] if table.results else rows[0].id
    section_first = next(i for i, row in enumerate(rows) if row.id == first_result)
    section_last = next(i for i, row in enumerate(rows) if row.total)
    section_start = None
    i = 0
    while i < len(rows):
        row = rows[i]
        in_section = section_first <= i <= section_last
        if i == section_first:
            section_start = r
            if labels < 3:
                w.put(r, c, table.section, r, v0 - 1, role=SECTION)  # a heading row of its own
                r += 1
        lc = c + 1 if (in_section and labels == 3) else c  # first label column of this row
        if row.group is None:
            w.put(r, lc, row.label, r, v0 - 1)
            values_row(row.id, r)
            r += 1
            i += 1
            continue
        group = groups[row.group]
        members = [x for x in rows[i:] if x.group == row.group]
        own_row = labels == 1 or st.subtotals
        if own_row:
            w.put(r, lc, group.label, r, v0 - 1, role=GROUP)
            if st.subtotals:
                values_row(group.id, r)
            r += 1
            for m in members:
                w.put(r, lc if labels == 1 else lc + 1, m.label, r, v0 - 1, role=SUBROW)
                values_row(m.id, r)
                r += 1
        else:
            first = r
            for j, m in enumerate(members):
                if j == 0:  # merged down over the sub-rows (the official layout)
                    w.put(r, lc, group.label, first + len(members) - 1, role=GROUP)
                elif st.repeat_group and not st.merged:  # or repeated on each
                    w.put(r, lc, group.label, role=GROUP)
                w.put(r, lc + 1, m.label, r, v0 - 1, role=SUBROW)
                values_row(m.id, r)
                r += 1
        i += len(members)
    if labels == 3 and section_start is not None:
        end = r - 2  # the section spans down to （七）总计; 四、结转 follows
        w.put(section_start, c, table.section, end, c, role=SECTION)
    return r - 1


def _reviews(w: _Writer, table: Table, r: int, c: int) -> int:
    review, *lit = table.rows
    n = len(review.columns)
    w.put(r, c, review.label, r, c + n - 1, role=HEADER)
    w.put(r, c + n, table.groups[0].label, r, c + n * (1 + len(lit)) - 1, role=HEADER)
    for i, col in enumerate(review.columns):
        w.put(r + 1, c + i, col.label, r + 2, c + i, role=HEADER)
        w.value(r + 3, c + i, (table.id, review.id, col.id))
    for g, row in enumerate(lit, start=1):
        c0 = c + n * g
        w.put(r + 1, c0, row.label, r + 1, c0 + n - 1, role=HEADER)
        for i, col in enumerate(row.columns):
            w.put(r + 2, c0 + i, col.label, role=HEADER)
            w.value(r + 3, c0 + i, (table.id, row.id, col.id))
    return r + 3


_WRITERS = {BLOCKS: _active, GRID: _applications, GROUPS: _reviews}


# -- one grid for tables of different shapes (the printed documents) --------------------------

LABEL_GRID = 8  # grid columns left of table 三's numbers: 1 for the section, 2 for groups, the rest sub-rows


def logical_width(table: Table, style: Style = Style()) -> int:
    """How many logical columns a table's layout uses."""
    if table.shape == BLOCKS:
        return 1 + block_width(table)
    if table.shape == GRID:
        return style.label_cols + len(table.columns)
    return sum(len(r.columns) for r in table.rows)


def print_grid(fmt: Format) -> tuple[int, int]:
    """(grid columns, of which label columns) shared by the format's tables on one printed sheet:
    each table spans the whole width with columns of its own proportions (merged over grid columns),
    while table 三's and 四's number cells stay single cells (a clerk can paste a block of numbers)."""
    numbers = max((len(t.columns) for t in fmt.tables if t.shape == GRID), default=7)
    widest = max((logical_width(t) for t in fmt.tables if t.shape == GROUPS), default=0)
    n = max(widest, numbers + LABEL_GRID)
    return n, n - numbers


def _split(start: int, size: int, parts: int) -> list[tuple[int, int]]:
    """`size` grid columns from `start` in `parts` runs, the last ones one wider when they do not divide."""
    base, extra = divmod(size, parts)
    out, at = [], start
    for i in range(parts):
        width = base + (1 if i >= parts - extra else 0)
        out.append((at, at + width - 1))
        at += width
    return out


def print_columns(fmt: Format) -> dict[str, Columns]:
    """Each table's logical columns mapped onto the format's print grid (print_grid)."""
    n, labels = print_grid(fmt)
    out: dict[str, Columns] = {}
    for table in fmt.tables:
        if table.shape == BLOCKS:
            spans = [(0, labels - 1), *_split(labels, n - labels, block_width(table))]
        elif table.shape == GRID:
            spans = [(0, 0), (1, 2), (3, labels - 1)] + [(labels + j, labels + j) for j in range(len(table.columns))]
        else:
            spans = _split(0, n, logical_width(table))
        out[table.id] = spans.__getitem__
    return out


# -- appearance of the openpyxl sheets (test workbooks, examples) -------------------------------

BODY_FONT = "宋体"
HEADER_FONT = "黑体"


def _font(bold=False, size=10.5, name=None):
    from openpyxl.styles import Font

    return Font(name=name or (HEADER_FONT if bold else BODY_FONT), bold=bold, size=size)


def _decorate(ws, plan: Plan) -> None:
    from openpyxl.styles import Alignment, Border, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    label_font, value_font = _font(), _font(name="Times New Roman")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    for p in plan.cells:
        if p.role == TITLE:
            ws.cell(row=p.r, column=p.c).font = _font(bold=True, size=12)
            continue
        for rr in range(p.r, p.r1 + 1):
            for cc in range(p.c, p.c1 + 1):
                cell = ws.cell(row=rr, column=cc)
                cell.border = border
                if p.role == VALUE:
                    cell.font = value_font
                    cell.alignment = Alignment(horizontal="right", vertical="center")
                else:
                    cell.font = label_font
                    cell.alignment = left if isinstance(p.value, str) and len(p.value) > 8 else center


def display_width(text: str) -> int:
    """Columns a text needs in a spreadsheet: CJK and full-width characters count twice."""
    import unicodedata

    if text.isascii():  # numbers, codes, most paths
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def set_widths(ws, minimum: int = 6, maximum: int = 40) -> None:
    """Widths that fit the Chinese labels (xlsx has no AutoFit): the widest unmerged text per column."""
    merged = set()
    for rng in ws.merged_cells.ranges:
        if rng.min_col != rng.max_col:
            for row in range(rng.min_row, rng.max_row + 1):
                merged.add((row, rng.min_col))
    widths: dict[int, int] = {}
    for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
        for c, value in enumerate(row, start=1):
            if value is None or (merged and (r, c) in merged):
                continue
            text = value if isinstance(value, str) else str(value)
            longest = max(map(display_width, text.split("\n"))) if "\n" in text else display_width(text)
            width = min(maximum, longest + 2)
            if width > widths.get(c, minimum):
                widths[c] = width
            else:
                widths.setdefault(c, minimum)
    for col, width in widths.items():
        ws.column_dimensions[column_letters(col)].width = width
