"""A compilation as an .xlsx (XlsxWriter): the official tables ready to print, then one sheet per
kind of data, each made from rows by a small function (SHEETS); byte-identical per input."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain

from ..base.marker import SUMMARY
from ..base.packed import ByPlace
from ..base.refs import column_letters, row_col
from ..formats.schema import AMOUNT, MONEY
from ..messages import say
from ..summary import Compilation
from .indicators import PERCENT_FORMAT, Columns, indicators_sheet, ranked_columns
from .layout import Style, plan_tables, print_columns, print_grid
from .plain import HOLE
from .plain import findings_grid as plain_findings
from .roster import roster_heading, roster_rows
from .words import h, source_shower, status_text, title
from .xlsxbook import (
    GRID_WIDTH,
    LINE,
    LOOKS,
    PAD,
    Book,
    fit_heights,
    footer_text,
    number_format,
    plan_heights,
    print_setup,
    set_widths,
    text_widths,
    write_number,
    write_plan,
)

TABLES_SHEET = "统计表"
UNITS_SHEET = "单位"
FINDINGS_SHEET = "问题清单"
# A hidden sheet that says what wrote the workbook (for people and tools; reading does not need it:
# the tables sheet is in the official layout and the defined names `unit`/`year` name the summary).
META_SHEET = "_disclosure"
META_MARK = "disclosure-cli summary"
TABLES_ORIGIN = (5, 1)
UNIT_CELL = "B2"  # the defined name `unit`
YEAR_CELL = "J2"  # the defined name `year`

# What a column of a data sheet holds, which decides its look, and how wide it may grow.
TEXT, WRAP, COUNT, NUMBER, PERCENT = "text", "wrap", "count", "number", "percent"
WIDTH_SAMPLE = 500  # a data sheet's column widths fit its header and its first rows
_CAPS = {TEXT: 16, WRAP: 26, COUNT: 9, NUMBER: 10, PERCENT: 9}


@dataclass
class Grid:
    """A data sheet: one header row over rows of values (text, ints, Decimals, None for blank)."""

    name: str
    headers: list[str]
    rows: Sequence[list]  # a list, or rows made as they are written (UnitRows)
    kinds: list[str]  # per column: TEXT, WRAP (long text, wrapped), COUNT, NUMBER (万元 places kept)
    total_rows: int = 0  # the last rows are totals (bold)
    widths: list[int] | None = None  # default: fit the content
    freeze_cols: int = 1  # columns kept in view with the header row
    notes: list[list] = field(default_factory=list)  # rows below the table, after a blank row (--roster)


def render_xlsx(comp: Compilation, lang: str) -> bytes:
    with Book(title=summary_title(comp), subject=comp.format.title, kind=SUMMARY, streaming=True) as book:
        for make in SHEETS:
            make(book, comp, lang)
        return book.bytes()


def summary_title(comp: Compilation) -> str:
    return f"{comp.name or ''}{comp.year or ''}年政府信息公开工作年度报告统计表"


def page_words(lang: str) -> str:
    return h("page_footer", lang)


# -- 统计表: the three tables, one per printed page --------------------------------------------------


def tables_sheet(book: Book, comp: Compilation, lang: str) -> None:
    fmt = comp.format
    ws = book.sheet(TABLES_SHEET)
    n, _ = print_grid(fmt)
    name = comp.name or title(comp, lang)
    heading = book.format(bold=True, font_size=14, align="center", valign="vcenter", text_wrap=True)
    ws.merge_range(0, 0, 0, n - 1, summary_title(comp) if comp.name else name, heading)
    label = book.format(bold=True, valign="vcenter")
    plain = book.format(valign="vcenter", text_wrap=True)
    ws.write_string(1, 0, "单位名称", label)
    ws.merge_range(1, 1, 1, 7, name, plain)
    ws.write_string(1, 8, "年度", label)
    if comp.year:
        ws.write_number(1, 9, comp.year, book.format(valign="vcenter", align="left"))
    if len(comp.units) > 1:
        ws.merge_range(2, 0, 2, n - 1, h("covered", lang, included=comp.included_count, n=len(comp.units))
                       + f" — {UNITS_SHEET}", plain)
    values = {k: v for k, v in comp.totals.items() if v is not None}
    plan = plan_tables(fmt, values, origin=TABLES_ORIGIN, style=Style(), columns=print_columns(fmt))
    holes = set(comp.holes)
    hole_look = book.format(**LOOKS["value"])

    def value(p):
        if p.key in holes:  # never a blank a reader would take for 0: a marker that is not a number
            return HOLE, hole_look
        kind = fmt.kind(*p.key) if p.key else "count"
        return p.value, book.format(**LOOKS["value"], num_format=number_format(kind, p.value))

    write_plan(book, ws, plan, fmt, value)
    widths = [GRID_WIDTH] * n
    set_widths(ws, widths)
    heights = plan_heights(ws, plan, widths)
    fit_heights(ws, [(1, 1, 1, n, summary_title(comp))], [w * 14 / 10.5 for w in widths],
                minimum=heights.get(1, 24), scale=14 / 10.5)
    # The reader names a unit by the defined names `unit` and `year` first: a summary read back as
    # an input (a roll-up) is one unit called by the summary's name.
    book.wb.define_name("unit", f"='{TABLES_SHEET}'!{_absolute(UNIT_CELL)}")
    if comp.year:
        book.wb.define_name("year", f"='{TABLES_SHEET}'!{_absolute(YEAR_CELL)}")
    starts = [first for tid, (first, _) in plan.extents.items() if tid != fmt.tables[0].id]
    # No repeated rows here: each table starts a page of its own and must fit it whole.
    print_setup(ws, footer_text(name, page_words(lang)), breaks=starts)
    ws.print_area(0, 0, plan.last_row - 1, n - 1)
    ws.set_default_row(LINE + PAD)


def _absolute(ref: str) -> str:
    r, c = row_col(ref)
    return f"${column_letters(c)}${r}"


# -- data sheets ---------------------------------------------------------------------------------------


def units_grid(comp: Compilation, lang: str) -> Grid:
    """单位: every unit read, its status and key figures, and the totals row."""
    keys = comp.breakdown_keys()
    ranked = ranked_columns(comp, lang)  # the indicators, so the units can be sorted by them (issue 16)
    headers = [h("unit", lang), h("source", lang), h("sheet", lang), h("status", lang), h("errors", lang),
               h("warnings", lang), *(label for _, label in keys), *ranked.headers]
    cells = comp.format.key_set()
    number = [NUMBER if k in cells and comp.format.kind(*k) in (AMOUNT, MONEY) else COUNT for k, _ in keys]
    return Grid(UNITS_SHEET, headers, UnitRows(comp, lang, ranked),
                [WRAP, WRAP, TEXT, TEXT, COUNT, COUNT, *number, *ranked.kinds], total_rows=1,
                notes=_roster_notes(comp, lang))


class UnitRows(ByPlace[list]):
    """The 单位 sheet's rows, each made when it is asked for: a summary of 50,000 units does not hold
    two million cells before the sheet streams them (Book.streamed_sheet). The last row is the totals."""

    def __init__(self, comp: Compilation, lang: str, ranked: Columns):
        self.comp, self.lang, self.ranked = comp, lang, ranked
        self.keys = comp.breakdown_keys()
        self.show = source_shower(u.source for u in comp.units)

    def __len__(self) -> int:
        return len(self.comp.units) + 1

    def _item(self, i: int) -> list:
        comp, lang, keys = self.comp, self.lang, self.keys
        if i == len(comp.units):
            total = comp.totals_figures()
            return [h("total_row", lang), "", "", "", None, None,
                    *(HOLE if total.get(k) is None and k[0] != "yoy" else total.get(k) for k, _ in keys),
                    *self.ranked.row(total)]
        unit, figures = comp.units[i], comp.figures[i]
        nums = [figures.get(k) if figures is not None else None for k, _ in keys]
        return [unit.name, self.show(unit.source), unit.sheet or "",
                status_text(unit, comp, lang), unit.errors, unit.warnings,
                *(HOLE if figures is not None and v is None and k[0] != "yoy" else v
                  for (k, _), v in zip(keys, nums, strict=False)),
                *self.ranked.row(figures)]


def _roster_notes(comp: Compilation, lang: str) -> list[list]:
    """Below the units, with --roster: a heading, then every unit missing (未报送) and not listed."""
    if comp.roster is None:
        return []
    return [[roster_heading(comp, lang)], *([name, where, "", status] for name, where, status in roster_rows(comp, lang))]


def findings_grid(comp: Compilation, lang: str) -> Grid:
    """问题清单: every finding, errors first."""
    headers, rows = plain_findings(comp, lang)
    if not rows:
        rows = [["", "", "", "", "", say("ui.no_findings", lang)]]
    return Grid(FINDINGS_SHEET, headers, list(rows), [TEXT, TEXT, TEXT, WRAP, WRAP, WRAP],
                widths=[7, 7, 18, 30, 30, 60], freeze_cols=0)


def grid_sheet(book: Book, grid: Grid, footer: str) -> None:
    """A data sheet: bordered, header row bold and repeated on every printed page, frozen with the
    first column(s), filterable, A4 landscape one page wide, rows as tall as their wrapped text.
    Streamed (Book.streamed_sheet): each row's height is set and its cells written, in order."""
    ws = book.streamed_sheet(grid.name)
    head = book.format(bold=True, border=1, align="center", valign="vcenter", text_wrap=True, bg_color="#D9D9D9")
    looks = {TEXT: book.format(border=1, valign="vcenter"),
             WRAP: book.format(border=1, valign="vcenter", text_wrap=True),
             COUNT: book.format(border=1, valign="vcenter", align="right", num_format="0")}
    bold = {k: book.format(border=1, valign="vcenter", bold=True, **({"align": "right", "num_format": "0"}
                                                                      if k == COUNT else {})) for k in looks}
    percent = {b: book.format(border=1, valign="vcenter", align="right", bold=b, num_format=PERCENT_FORMAT)
               for b in (False, True)}
    first = grid.rows[:WIDTH_SAMPLE]  # made once, for the widths and then written (rows may be made when asked)
    widths = grid.widths or text_widths(grid.headers, first, maximum=[_CAPS.get(k, 9) for k in grid.kinds],
                                        sample=WIDTH_SAMPLE)
    set_widths(ws, widths)
    fit_heights(ws, [(1, c + 1, 1, c + 1, t) for c, t in enumerate(grid.headers)], widths)
    for c, text in enumerate(grid.headers):
        ws.write_string(0, c, text, head)
    body_end = len(grid.rows) - grid.total_rows
    wrapped = [i for i, k in enumerate(grid.kinds) if k == WRAP]
    rest = (grid.rows[i] for i in range(len(first), len(grid.rows)))
    for r, row in enumerate(chain(first, rest), start=1):
        fit_heights(ws, [(r + 1, c + 1, r + 1, c + 1, row[c]) for c in wrapped if isinstance(row[c], str)], widths)
        chosen = bold if r > body_end else looks
        for c, v in enumerate(row):
            kind = grid.kinds[c]
            if v is None:
                ws.write_blank(r, c, None, chosen[TEXT if kind in (NUMBER, PERCENT) else kind])
            elif isinstance(v, str):
                ws.write_string(r, c, v, chosen[WRAP if kind == WRAP else TEXT])
            elif kind == NUMBER:
                write_number(ws, r, c, v, book.format(border=1, valign="vcenter", align="right", bold=r > body_end,
                                                      num_format=number_format(AMOUNT, v)))
            elif kind == PERCENT:
                ws.write_number(r, c, v, percent[r > body_end])
            else:
                write_number(ws, r, c, v, chosen[COUNT])
    _notes(book, ws, grid, len(grid.rows) + 2)
    ws.freeze_panes(1, grid.freeze_cols)
    ws.autofilter(0, 0, max(1, len(grid.rows)), len(grid.headers) - 1)
    print_setup(ws, footer, repeat=(1, 1))


def _notes(book: Book, ws, grid: Grid, first: int) -> None:
    """The rows under a data sheet's table: the first bold, none bordered or filtered."""
    plain, bold = book.format(valign="vcenter"), book.format(valign="vcenter", bold=True)
    for r, row in enumerate(grid.notes, start=first):
        for c, v in enumerate(row):
            if v:
                ws.write_string(r, c, str(v), bold if r == first else plain)


def _grid_sheets(book: Book, comp: Compilation, lang: str) -> None:
    footer = footer_text(comp.name or title(comp, lang), page_words(lang))
    for make in GRIDS:
        grid_sheet(book, make(comp, lang), footer)


def meta_sheet(book: Book, comp: Compilation, lang: str) -> None:
    ws = book.sheet(META_SHEET)
    ws.hide()
    for r, (k, v) in enumerate([("generator", META_MARK), ("format", comp.format.id), ("year", comp.year),
                                ("units", len(comp.units)), ("included", comp.included_count)]):
        ws.write_string(r, 0, k)
        if isinstance(v, int):
            ws.write_number(r, 1, v)
        else:
            ws.write_string(r, 1, v if v is not None else "")


# The data sheets, in order; a later issue adds its own (a function of the compilation and the language).
GRIDS: list[Callable[[Compilation, str], Grid]] = [units_grid, findings_grid]
# Every sheet of the summary, in order: each writes itself into the book.
SHEETS: list[Callable[[Book, Compilation, str], None]] = [tables_sheet, _grid_sheets, indicators_sheet, meta_sheet]
