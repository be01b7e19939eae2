"""A compilation as an .xlsx: the official tables, the units sheet, the findings; byte-identical per input."""

from __future__ import annotations

from copy import copy
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

from ..base.marker import SUMMARY, mark_openpyxl
from ..base.refs import row_col
from ..base.xlsxzip import openpyxl_bytes
from ..summary import Compilation
from .files import xlsx_text
from .layout import Style, set_widths, write_tables
from .plain import HOLE, findings_grid
from .roster import roster_heading, roster_rows
from .words import h, status_text, title

TABLES_SHEET = "统计表"
UNITS_SHEET = "单位"
FINDINGS_SHEET = "问题清单"
# A hidden sheet that says what wrote the workbook (for people and tools; reading does not need it:
# the tables sheet is in the official layout and the defined names `unit`/`year` name the summary).
META_SHEET = "_disclosure"
META_MARK = "disclosure-cli summary"
TABLES_ORIGIN = (5, 1)


def _text(ws, row: int, col: int, value: str):
    cell = ws.cell(row=row, column=col)
    xlsx_text(cell, value)
    return cell


def _put(ws, row: int, col: int, value):
    """A number as a number; any text (unit names, messages: from inputs) as literal text."""
    if isinstance(value, str):
        return _text(ws, row, col, value)
    cell = ws.cell(row=row, column=col)
    cell.value = value
    return cell


def build_workbook(comp: Compilation, lang: str):
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.workbook.defined_name import DefinedName

    wb = openpyxl.Workbook()
    ws = cast("Worksheet", wb.active)
    ws.title = TABLES_SHEET
    name = comp.name or title(comp, lang)
    _text(ws, 1, 1, f"{name}{comp.year or ''}年政府信息公开工作年度报告统计表").font = Font(name="黑体", bold=True, size=14)
    _text(ws, 2, 1, "单位名称")
    _text(ws, 2, 2, name)
    _text(ws, 2, 5, "年度")
    if comp.year:
        ws.cell(row=2, column=6).value = comp.year
    if len(comp.units) > 1:
        _text(ws, 3, 1, h("covered", lang, included=len(comp.included), n=len(comp.units))
              + f" — {UNITS_SHEET}")
    values = {k: v for k, v in comp.totals.items() if v is not None}
    cells, _, _ = write_tables(ws, comp.format, values, origin=TABLES_ORIGIN, style=Style())
    for key in comp.holes:  # never a blank a reader would take for 0: a marker that is not a number
        _text(ws, *row_col(cells[key]), HOLE)
    set_widths(ws)
    # The reader names a unit by the defined names `unit` and `year` first: a summary read back as
    # an input (a roll-up) is one unit called by the summary's name.
    wb.defined_names["unit"] = DefinedName("unit", attr_text=f"'{TABLES_SHEET}'!$B$2")
    if comp.year:
        wb.defined_names["year"] = DefinedName("year", attr_text=f"'{TABLES_SHEET}'!$F$2")

    _units_sheet(wb.create_sheet(UNITS_SHEET), comp, lang)
    _grid_sheet(wb.create_sheet(FINDINGS_SHEET), *findings_grid(comp, lang))
    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    for r, (k, v) in enumerate([("generator", META_MARK), ("format", comp.format.id), ("year", comp.year),
                                ("units", len(comp.units)), ("included", len(comp.included))], start=1):
        _text(meta, r, 1, k)
        _put(meta, r, 2, v if v is not None else "")
    wb.properties.creator = "disclosure-cli"
    wb.properties.lastModifiedBy = "disclosure-cli"
    mark_openpyxl(wb, SUMMARY)  # a later run knows it as a summary (base.marker)
    return wb


def _units_sheet(ws, comp: Compilation, lang: str) -> None:
    keys = comp.breakdown_keys()
    headers = [h("unit", lang), h("source", lang), h("sheet", lang), h("status", lang), h("errors", lang),
               h("warnings", lang), *(label for _, label in keys)]
    rows = []
    for unit, figures in zip(comp.units, comp.figures, strict=False):
        nums = [figures.get(k) if figures is not None else None for k, _ in keys]
        rows.append([unit.name, unit.source, unit.sheet or "", status_text(unit, comp, lang), unit.errors,
                     unit.warnings, *(HOLE if figures is not None and v is None and k[0] != "yoy" else v
                                           for (k, _), v in zip(keys, nums, strict=False))])
    figures = comp.totals_figures()
    total = [figures.get(k) for k, _ in keys]
    rows.append([h("total_row", lang), "", "", "", None, None,
                 *(HOLE if v is None and k[0] != "yoy" else v for (k, _), v in zip(keys, total, strict=False))])
    rows += _roster_rows(comp, lang)
    _grid_sheet(ws, headers, rows)


def _roster_rows(comp: Compilation, lang: str) -> list[list]:
    """Below the units, with --roster: a heading, then every unit missing (未报送) and not listed."""
    found = roster_rows(comp, lang)
    if not found:
        return []
    return [[], [roster_heading(comp, lang)], *([name, where, "", status] for name, where, status in found)]


def _grid_sheet(ws, headers: list[str], rows: list[list]) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for c, text in enumerate(headers, start=1):
        cell = _text(ws, 1, c, text)
        cell.font = Font(name="黑体", bold=True)
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    # Style one body cell through openpyxl, then copy its style indices to the others: assigning
    # Font/Border objects cell by cell hashes them each time (seconds for a few thousand units).
    model = None
    for r, row in enumerate(rows, start=2):
        for c, v in enumerate(row, start=1):
            cell = _put(ws, r, c, v) if v is not None else ws.cell(row=r, column=c)
            if model is None:
                cell.border = border
                cell.font = Font(name="宋体")
                model = cell
            else:
                cell._style = copy(model._style)
    ws.freeze_panes = "A2"
    set_widths(ws, maximum=60)


def render_xlsx(comp: Compilation, lang: str) -> bytes:
    return openpyxl_bytes(build_workbook(comp, lang))
