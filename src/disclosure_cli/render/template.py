"""The fill-in workbook a department starts from: official layout, marked input cells, totals as
formulas, data validation, protection, defined names and an instructions sheet (说明)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from .. import formats
from ..base.marker import TEMPLATE, mark_openpyxl
from ..base.xlsxzip import save_openpyxl
from ..formats.schema import AMOUNT, SIGNED, Format, Key
from ..messages import CODES, ERROR
from ..messages.errors import ToolError
from ..model.names import UNIT, YEAR, is_valid_name, value_name
from . import files
from .layout import Style, set_widths, write_tables

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

SHEET = "统计表"
INFO_SHEET = "说明"
TITLE = "政府信息公开工作年度报告统计表"
UNIT_LABEL = "单位名称"  # both are in locate.UNIT_LABELS / YEAR_LABELS, so the reader finds them by label too
YEAR_LABEL = "年度"
INPUT_FILL = "FFF2CC"  # light yellow: the clerk types here
TOTAL_FILL = "E7E6E6"  # light grey: a formula computes it
TABLES_AT = (6, 1)  # the first table's title row and column

@dataclass
class Template:
    workbook: object  # openpyxl.Workbook
    format: Format
    year: int
    cells: dict[Key, str]  # every value cell, A1 on SHEET
    totals: dict[Key, list[Key]]  # cells written as formulas, with the cells they sum
    unit_cell: str = "B2"
    year_cell: str = "B3"
    names: dict[str, str] = field(default_factory=dict)  # defined name -> 'Sheet'!$A$1

    @property
    def inputs(self) -> list[Key]:
        return [k for k in self.cells if k not in self.totals]


def default_year(today: _dt.date | None = None) -> int:
    """Reports are written early in the year for the year before."""
    return (today or _dt.date.today()).year - 1


def default_name(year: int) -> str:
    return f"年报统计表-{year}.xlsx"


def format_for(year: int) -> Format:
    fmt = formats.for_year(year)
    if fmt is None:
        raise ToolError("template.no_format", year=year, supported=formats.supported())
    return fmt


# -- which cells are totals -----------------------------------------------------------------


def total_parts(fmt: Format) -> dict[Key, list[Key]]:
    """Every total cell of the format with the cells it is the sum of. A 总计 column sums its row's
    other columns (E201/E205); a total row sums the rows above it (E203). A cell that is both
    (（七）总计 / 总计) sums its row, like every other 总计."""
    parts: dict[Key, list[Key]] = {}
    for table in fmt.tables:
        for row in table.rows:
            plain = [c for c in row.columns if not c.total]
            for col in row.columns:
                k = (table.id, row.id, col.id)
                if col.total:
                    parts[k] = [(table.id, row.id, c.id) for c in plain]
                elif row.total:
                    parts[k] = [(table.id, r, col.id) for r in table.result_rows()]
    return parts


def sum_formula(refs: list[str]) -> str:
    """=SUM over A1 references, contiguous runs written as ranges (D8:D30)."""
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

    points = sorted((column_index_from_string(c), r) for c, r in map(coordinate_from_string, refs))
    rows = {r for _, r in points}
    if len(rows) == 1:  # one row: runs of adjacent columns
        points = sorted((r, c) for c, r in points)
        runs = _runs([(c, r) for r, c in points], lambda a, b: a[1] == b[1] and b[0] == a[0] + 1)
    else:  # runs of adjacent rows in one column
        runs = _runs(points, lambda a, b: a[0] == b[0] and b[1] == a[1] + 1)
    parts = []
    for first, last in runs:
        a = f"{get_column_letter(first[0])}{first[1]}"
        b = f"{get_column_letter(last[0])}{last[1]}"
        parts.append(a if a == b else f"{a}:{b}")
    return "=SUM(" + ",".join(parts) + ")"


def _runs(points, adjacent):
    runs: list[list] = []
    for p in points:
        if runs and adjacent(runs[-1][1], p):
            runs[-1][1] = p
        else:
            runs.append([p, p])
    return [tuple(r) for r in runs]


# -- building the workbook ------------------------------------------------------------------


def build(fmt: Format, year: int, unit: str | None = None) -> Template:
    """The template workbook in memory."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = cast("Worksheet", wb.active)
    ws.title = SHEET
    cells, _, _ = write_tables(ws, fmt, None, origin=TABLES_AT, style=Style())
    set_widths(ws)
    totals = total_parts(fmt)
    t = Template(wb, fmt, year, dict(cells), {k: v for k, v in totals.items() if k in cells})
    _heading(ws, t, unit)
    _paint(ws, t)
    _validate(ws, fmt, t)
    _protect(ws, t)
    _define_names(wb, t)
    _instructions(wb.create_sheet(INFO_SHEET), fmt)
    wb.properties.creator = "disclosure-cli"
    wb.properties.title = f"{TITLE}（{year}）"
    mark_openpyxl(wb, TEMPLATE)  # kept by Excel/WPS: a filled-in template is still known as one
    return t


def _heading(ws, t: Template, unit: str | None) -> None:
    """Title, unit name, year and a one-line legend above the tables."""
    from openpyxl.styles import Alignment, Font

    width = _last_column(ws)
    ws.cell(row=1, column=1, value=TITLE).font = Font(name="黑体", bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    for r, label in ((2, UNIT_LABEL), (3, YEAR_LABEL)):
        ws.cell(row=r, column=1, value=label).font = Font(name="黑体", bold=True)
    ws.merge_cells("B2:E2")
    if unit:
        files.xlsx_text(ws[t.unit_cell], unit)
    ws[t.year_cell] = t.year
    for ref in (t.unit_cell, t.year_cell):
        ws[ref].alignment = Alignment(horizontal="left")
    legend = ws.cell(row=4, column=1, value=(
        "填写方法：黄色单元格由填报单位填写（没有的填 0）；灰色单元格为自动计算的合计，无需填写；"
        f"详见“{INFO_SHEET}”工作表。依据：{t.format.title}"))
    legend.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=width)
    ws.row_dimensions[4].height = 30


def _paint(ws, t: Template) -> None:
    """Input cells yellow and unlocked; totals grey, locked, and written as SUM formulas."""
    from openpyxl.styles import PatternFill, Protection

    input_fill = PatternFill("solid", start_color=INPUT_FILL, end_color=INPUT_FILL)
    total_fill = PatternFill("solid", start_color=TOTAL_FILL, end_color=TOTAL_FILL)
    unlocked = Protection(locked=False)
    spans = {(rng.min_row, rng.min_col): rng for rng in ws.merged_cells.ranges}

    def paint(ref: str, fill, locked: bool) -> None:
        top = ws[ref]
        rng = spans.get((top.row, top.column))
        coords = ([(r, c) for r in range(rng.min_row, rng.max_row + 1) for c in range(rng.min_col, rng.max_col + 1)]
                  if rng else [(top.row, top.column)])
        for r, c in coords:
            cell = ws.cell(row=r, column=c)
            cell.fill = fill
            if not locked:
                cell.protection = unlocked

    for ref in (t.unit_cell, t.year_cell):
        paint(ref, input_fill, locked=False)
    for k, ref in t.cells.items():
        if k in t.totals:
            ws[ref] = sum_formula([t.cells[p] for p in t.totals[k]])
            paint(ref, total_fill, locked=True)
        else:
            paint(ref, input_fill, locked=False)


def _protect(ws, t: Template) -> None:
    """Labels and formulas locked, no password; landscape, one page wide."""
    from openpyxl.worksheet.properties import PageSetupProperties

    # Labels and formulas are locked (the default for every cell); no password, so a clerk who
    # must change the layout can unprotect it, and the reader reads it either way.
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widening a column stays allowed
    ws.protection.formatRows = False
    ws.sheet_view.selection[0].activeCell = t.unit_cell
    ws.sheet_view.selection[0].sqref = t.unit_cell
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _define_names(wb, t: Template) -> None:
    """A defined name for every value cell, the unit name and the year."""
    from openpyxl.utils import quote_sheetname
    from openpyxl.utils.cell import absolute_coordinate
    from openpyxl.workbook.defined_name import DefinedName

    targets = {value_name(*k): ref for k, ref in t.cells.items()}
    targets.update({UNIT: t.unit_cell, YEAR: t.year_cell})
    seen = set()
    for name, ref in targets.items():
        if not is_valid_name(name) or name.lower() in seen:
            raise ValueError(f"not a usable Excel name: {name}")  # a format declared with bad ids
        seen.add(name.lower())
        text = f"{quote_sheetname(SHEET)}!{absolute_coordinate(ref)}"
        wb.defined_names[name] = DefinedName(name, attr_text=text)
        t.names[name] = text


def _last_column(ws) -> int:
    return max(ws.max_column, 5)


def _validate(ws, fmt: Format, t: Template) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    def dv(**kw) -> DataValidation:
        v = DataValidation(allow_blank=True, showErrorMessage=True, errorStyle="stop",
                           errorTitle="输入有误", **kw)
        ws.add_data_validation(v)
        return v

    count = dv(type="whole", operator="greaterThanOrEqual", formula1="0",
               error="请填写大于等于 0 的整数（没有的填 0）。")
    signed = dv(type="whole", operator="between", formula1="-999999999", formula2="999999999",
                error="请填写整数（减少的填负数，没有的填 0）。")
    first, last = fmt.years
    dv(type="whole", operator="between", formula1=str(max(first, 1990)), formula2=str(min(last, 2200)),
       error=f"请填写四位数的报告年度（本模板适用于 {formats.supported()}）。").add(t.year_cell)
    for k in t.inputs:
        ref = t.cells[k]
        kind = fmt.kind(*k)
        if kind == AMOUNT:
            # A decimal >= 0 with at most 4 places (万元 to 4 places is one yuan).
            dv(type="custom", formula1=f"AND(ISNUMBER({ref}),{ref}>=0,ROUND({ref},4)={ref})",
               error="请填写大于等于 0 的数，单位为万元，最多保留 4 位小数（没有的填 0）。",
               showInputMessage=True, promptTitle="单位：万元", prompt="最多 4 位小数，如 12.3456").add(ref)
        elif kind == SIGNED:
            signed.add(ref)
        else:
            count.add(ref)
    for v in list(ws.data_validations.dataValidation):
        if not v.sqref.ranges:
            ws.data_validations.dataValidation.remove(v)


def rule_lines(fmt: Format) -> list[tuple[str, str, str]]:
    """(code, 错误/警告, title) of every check a submission in `fmt` goes through, from the registry."""
    out = []
    for code in CODES.values():
        if code.code.startswith("E2") and code.code not in fmt.rules:
            continue  # an arithmetic rule of another format
        out.append((code.code, "错误" if code.severity == ERROR else "警告", code.title["zh"]))
    return out


def _instructions(ws, fmt: Format) -> None:
    from openpyxl.styles import Alignment, Font

    amounts = [f"{row.label}“{col.label}”" for t in fmt.tables for row, col in t.cells() if col.kind == AMOUNT]
    lines = [
        ("填写说明", "h"),
        (f"依据：{fmt.title}", ""),
        ("一、怎样填写", "h"),
        (f"1. 只在黄色单元格中填写（“{SHEET}”工作表）：单位名称、年度和各项数字。灰色单元格是自动计算的合计（公式），无需填写。", ""),
        ("2. 没有发生的事项请填 0，不要留空，也不要填写“-”“/”“无”等符号。", ""),
        ("3. 件数只能填写大于等于 0 的整数" + (
            f"；{'、'.join(amounts)}以万元为单位，可填小数，最多保留 4 位（即精确到 1 元）。" if amounts else "。"), ""),
        ("4. 请不要修改表格中的文字，不要插入或删除行、列。工作表已设置保护（没有密码），只有黄色单元格可以编辑。", ""),
        ("5. 填写完成后请用 Excel 或 WPS 保存一次，使合计公式得到计算结果。", ""),
        ("6. 自查：disclosure check 本文件.xlsx --annotate 标注.xlsx 会生成一份标出问题单元格的副本。", ""),
        ("7. 用程序填写时可按名称定位单元格：每个数字单元格的名称为“表.行.列”"
         "（如 applications.received.natural_person），单位名称、年度单元格的名称为 unit、year。", ""),
    ]
    notes = [f"{t.title}：{t.note.strip('（）()')}" for t in fmt.tables if t.note]
    lines += [("二、表内关系", "h")] + [(f"{i}. {n}", "") for i, n in enumerate(notes, 1)] if notes else []
    lines += [("三、检查规则（提交前须满足：不得有“错误”，“警告”请逐条核实）", "h")]
    ws.column_dimensions["A"].width = 10
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 90
    r = 1
    for text, kind in lines:
        cell = ws.cell(row=r, column=1, value=text)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if kind == "h":
            cell.font = Font(name="黑体", bold=True, size=12 if r > 1 else 14)
        else:
            ws.row_dimensions[r].height = 30 if len(text) > 60 else None
        r += 1
    for c, head in enumerate(("代码", "级别", "问题"), start=1):
        ws.cell(row=r, column=c, value=head).font = Font(name="黑体", bold=True)
    for code, severity, title in rule_lines(fmt):
        r += 1
        ws.cell(row=r, column=1, value=code)
        ws.cell(row=r, column=2, value=severity)
        ws.cell(row=r, column=3, value=title)


def write(path: Path | str | None = None, year: int | None = None, unit: str | None = None,
          force: bool = False) -> tuple[Path, Template]:
    """Write the template for `year` (default: last year) to `path` (default: 年报统计表-<year>.xlsx).

    Refuses an existing file unless `force`: the name is often that of a workbook already filled in."""
    year = year or default_year()
    fmt = format_for(year)
    path = Path(path) if path else Path(default_name(year))
    if path.suffix.lower() != ".xlsx":
        raise ToolError("template.suffix", path=path)
    if path.exists() and not force:
        raise ToolError("output.exists", path=path)
    t = build(fmt, year, unit)
    files.atomic_write(path, lambda tmp: save_openpyxl(t.workbook, tmp))
    return path, t
