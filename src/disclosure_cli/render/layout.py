"""Writing the three tables into an openpyxl sheet in the official layout (or a variant of it)."""

from __future__ import annotations

from dataclasses import dataclass

from ..base.refs import column_letters
from ..formats.schema import BLOCKS, GRID, GROUPS, Format, Key, Table


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


class _Writer:
    def __init__(self, ws, style: Style, values: dict | None):
        self.ws = ws
        self.style = style
        self.values = values
        self.cells: dict[Key, str] = {}
        self.label_cells: list[tuple[int, int, int, int]] = []  # (r0, c0, r1, c1) of label/header areas
        self.value_cells: list[tuple[int, int]] = []

    def put(self, r: int, c: int, value, r1: int | None = None, c1: int | None = None, label: bool = True):
        r1, c1 = r1 or r, c1 or c
        if value is not None and value != "":
            cell = self.ws.cell(row=r, column=c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
        if self.style.merged and (r1 > r or c1 > c):
            self.ws.merge_cells(start_row=r, start_column=c, end_row=r1, end_column=c1)
        if label:
            self.label_cells.append((r, c, r1, c1))

    def value(self, r: int, c: int, key: Key, c1: int | None = None):
        self.cells[key] = f"{column_letters(c)}{r}"
        self.value_cells.append((r, c))
        if self.values is not None:
            v = self.values.get(key)
            if v is not None:
                self.ws.cell(row=r, column=c).value = v
        if self.style.merged and c1 and c1 > c:
            self.ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c1)


def write_tables(ws, fmt: Format, values: dict | None = None, origin: tuple[int, int] = (1, 1),
                 style: Style = Style(), tables: tuple[str, ...] | None = None):
    """Write the tables of `fmt` from `origin` (1-based row, col); return (cells, last row, writer).

    `cells` maps every (table, row, column) to the A1 reference of its value cell."""
    w = _Writer(ws, style, values)
    r, c = origin
    for table in fmt.tables:
        if tables is not None and table.id not in tables:
            continue
        if style.titles:
            w.put(r, c, table.title, label=False)
            ws.cell(row=r, column=c).font = _font(bold=True, size=12) if style.decorate else ws.cell(row=r, column=c).font
            r += 1
        r = _WRITERS[table.shape](w, table, r, c)
        r += style.gap + 1
    if style.decorate:
        _decorate(w)
    return w.cells, r, w


def _active(w: _Writer, table: Table, r: int, c: int) -> int:
    blocks: list[tuple[str | None, list]] = []
    for row in table.rows:
        if not blocks or blocks[-1][0] != row.block:
            blocks.append((row.block, []))
        blocks[-1][1].append(row)
    width = max(len(row.columns) for row in table.rows)
    width = max(width, 3)
    for caption, rows in blocks:
        w.put(r, c, caption, r, c + width)
        r += 1
        columns = rows[0].columns
        span = width // len(columns)
        w.put(r, c, "信息内容")
        for i, col in enumerate(columns):
            c0 = c + 1 + i * span
            c1 = c + width if i == len(columns) - 1 else c0 + span - 1
            w.put(r, c0, col.label, r, c1)
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
    w.put(r, c, table.note or "", r + 2, v0 - 1)
    w.put(r, v0, table.header or "", r, v0 + len(columns) - 1)
    w.put(r + 1, v0, columns[0].label, r + 2, v0)
    w.put(r + 1, v0 + 1, table.column_group_label or "", r + 1, v0 + len(columns) - 2)
    w.put(r + 1, v0 + len(columns) - 1, columns[-1].label, r + 2, v0 + len(columns) - 1)
    for i, col in enumerate(columns[1:-1], start=1):
        w.put(r + 2, v0 + i, col.label)
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
                w.put(r, c, table.section, r, v0 - 1)  # a heading row of its own
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
            w.put(r, lc, group.label, r, v0 - 1)
            if st.subtotals:
                values_row(group.id, r)
            r += 1
            for m in members:
                w.put(r, lc if labels == 1 else lc + 1, m.label, r, v0 - 1)
                values_row(m.id, r)
                r += 1
        else:
            first = r
            for j, m in enumerate(members):
                if j == 0 or st.repeat_group:
                    w.put(r, lc, group.label, label=True)
                w.put(r, lc + 1, m.label, r, v0 - 1)
                values_row(m.id, r)
                r += 1
            if st.merged and len(members) > 1:
                w.ws.merge_cells(start_row=first, start_column=lc, end_row=r - 1, end_column=lc)
        i += len(members)
    if labels == 3 and section_start is not None:
        end = r - 2  # the section spans down to （七）总计; 四、结转 follows
        w.put(section_start, c, table.section, end, c)
    return r - 1


def _reviews(w: _Writer, table: Table, r: int, c: int) -> int:
    review, *lit = table.rows
    n = len(review.columns)
    w.put(r, c, review.label, r, c + n - 1)
    w.put(r, c + n, table.groups[0].label, r, c + n * (1 + len(lit)) - 1)
    for i, col in enumerate(review.columns):
        w.put(r + 1, c + i, col.label, r + 2, c + i)
        w.value(r + 3, c + i, (table.id, review.id, col.id))
    for g, row in enumerate(lit, start=1):
        c0 = c + n * g
        w.put(r + 1, c0, row.label, r + 1, c0 + n - 1)
        for i, col in enumerate(row.columns):
            w.put(r + 2, c0 + i, col.label)
            w.value(r + 3, c0 + i, (table.id, row.id, col.id))
    return r + 3


_WRITERS = {BLOCKS: _active, GRID: _applications, GROUPS: _reviews}


# -- appearance ------------------------------------------------------------------------------

BODY_FONT = "宋体"
HEADER_FONT = "黑体"


def _font(bold=False, size=10.5, name=None):
    from openpyxl.styles import Font

    return Font(name=name or (HEADER_FONT if bold else BODY_FONT), bold=bold, size=size)


def _decorate(w: _Writer) -> None:
    from openpyxl.styles import Alignment, Border, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    label_font, value_font = _font(), _font(name="Times New Roman")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    ws = w.ws
    for r0, c0, r1, c1 in w.label_cells:
        for rr in range(r0, r1 + 1):
            for cc in range(c0, c1 + 1):
                cell = ws.cell(row=rr, column=cc)
                cell.border = border
                cell.font = label_font
                text = ws.cell(row=r0, column=c0).value
                cell.alignment = left if isinstance(text, str) and len(text) > 8 else center
    for rr, cc in w.value_cells:
        cell = ws.cell(row=rr, column=cc)
        cell.border = border
        cell.font = value_font
        cell.alignment = Alignment(horizontal="right", vertical="center")
    # Merged value spans need the border on every covered cell.
    for rng in ws.merged_cells.ranges:
        for row in ws.iter_rows(min_row=rng.min_row, max_row=rng.max_row,
                                min_col=rng.min_col, max_col=rng.max_col):
            for cell in row:
                cell.border = border


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
