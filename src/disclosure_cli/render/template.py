"""The fill-in workbook a department starts from: official layout, marked input cells, totals as
formulas, data validation, protection, defined names and an instructions sheet (说明)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from .. import formats
from ..base.marker import TEMPLATE
from ..base.refs import column_letters, row_col
from ..formats.schema import AMOUNT, MONEY, SIGNED, Format, Key
from ..messages import CODES, ERROR, say
from ..messages.errors import ToolError
from ..model.names import UNIT, YEAR, is_valid_name, value_name
from . import files
from .files import clean_text
from .layout import Style, plan_tables, print_columns, print_grid
from .xlsxbook import (
    GRID_WIDTH,
    Book,
    fit_heights,
    footer_text,
    number_format,
    plan_heights,
    print_setup,
    set_widths,
    write_plan,
)

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
    workbook: Book
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
    points = sorted((c, r) for r, c in map(row_col, refs))
    rows = {r for _, r in points}
    if len(rows) == 1:  # one row: runs of adjacent columns
        points = sorted((r, c) for c, r in points)
        runs = _runs([(c, r) for r, c in points], lambda a, b: a[1] == b[1] and b[0] == a[0] + 1)
    else:  # runs of adjacent rows in one column
        runs = _runs(points, lambda a, b: a[0] == b[0] and b[1] == a[1] + 1)
    parts = []
    for first, last in runs:
        a = f"{column_letters(first[0])}{first[1]}"
        b = f"{column_letters(last[0])}{last[1]}"
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

UNIT_SPAN = 7  # the unit name's input cell is merged over this many grid columns (B2:H2)


def build(fmt: Format, year: int, unit: str | None = None) -> Template:
    """The template workbook in memory (an xlsxbook.Book; bytes() closes it)."""
    book = Book(title=f"{TITLE}（{year}）", subject=fmt.title, kind=TEMPLATE)
    ws = book.sheet(SHEET)
    plan = plan_tables(fmt, None, origin=TABLES_AT, style=Style(), columns=print_columns(fmt))
    totals = total_parts(fmt)
    t = Template(book, fmt, year, dict(plan.refs), {k: v for k, v in totals.items() if k in plan.refs})
    n, _ = print_grid(fmt)
    _heading(book, ws, t, unit, n)
    write_plan(book, ws, plan, fmt, _value_cells(book, t))
    widths = [GRID_WIDTH] * n
    set_widths(ws, widths)
    plan_heights(ws, plan, widths)
    _validate(ws, fmt, t)
    _protect(ws, t)
    _define_names(book, t)
    starts = [first for tid, (first, _) in plan.extents.items() if tid != fmt.tables[0].id]
    print_setup(ws, footer_text(unit, say("table.page_footer", "zh")), breaks=starts)
    ws.print_area(0, 0, plan.last_row - 1, n - 1)
    _instructions(book, fmt, unit)
    return t


def _heading(book: Book, ws, t: Template, unit: str | None, width: int) -> None:
    """Title, unit name, year and a one-line legend above the tables."""
    ws.merge_range(0, 0, 0, width - 1, TITLE, book.format(bold=True, font_size=14, align="center", valign="vcenter"))
    ws.set_row(0, 24)
    label = book.format(bold=True, valign="vcenter")
    typed = book.format(valign="vcenter", align="left", locked=False, border=1, bg_color="#" + INPUT_FILL)
    ws.write_string(1, 0, UNIT_LABEL, label)
    ws.merge_range(1, 1, 1, UNIT_SPAN, "", typed)
    if unit:
        ws.write_string(1, 1, clean_text(unit), typed)
    ws.write_string(2, 0, YEAR_LABEL, label)
    ws.write_number(2, 1, t.year, typed)
    legend = (f"填写方法：黄色单元格由填报单位填写（没有的填 0）；灰色单元格为自动计算的合计，无需填写；"
              f"详见“{INFO_SHEET}”工作表。依据：{t.format.title}")
    ws.merge_range(3, 0, 3, width - 1, legend, book.format(text_wrap=True, valign="top"))
    fit_heights(ws, [(4, 1, 4, width, legend)], [GRID_WIDTH] * width)
    ws.set_selection(t.unit_cell)


def _value_cells(book: Book, t: Template):
    """Input cells yellow and unlocked (万元 shown with up to 4 places); totals grey, locked, SUM formulas."""
    base = {"border": 1, "valign": "vcenter", "align": "center"}
    count = book.format(**base, bg_color="#" + INPUT_FILL, locked=False, num_format="0")
    amount = book.format(**base, bg_color="#" + INPUT_FILL, locked=False, num_format=number_format(AMOUNT))
    total = book.format(**base, bg_color="#" + TOTAL_FILL, num_format="0")

    def value(p):
        k = p.key
        if k in t.totals:
            return sum_formula([t.cells[x] for x in t.totals[k]]), total
        return None, amount if t.format.kind(*k) in (AMOUNT, MONEY) else count

    return value


def _protect(ws, t: Template) -> None:
    """Labels and formulas locked, no password: a clerk who must change the layout can unprotect it,
    and the reader reads it either way. Widening a column or a row stays allowed."""
    ws.protect("", {"format_columns": True, "format_rows": True})


def _define_names(book: Book, t: Template) -> None:
    """A defined name for every value cell, the unit name and the year."""
    targets = {value_name(*k): ref for k, ref in t.cells.items()}
    targets.update({UNIT: t.unit_cell, YEAR: t.year_cell})
    seen = set()
    for name, ref in targets.items():
        if not is_valid_name(name) or name.lower() in seen:
            raise ValueError(f"not a usable Excel name: {name}")  # a format declared with bad ids
        seen.add(name.lower())
        r, c = row_col(ref)
        text = f"'{SHEET}'!${column_letters(c)}${r}"
        book.wb.define_name(name, "=" + text)
        t.names[name] = text


def _validate(ws, fmt: Format, t: Template) -> None:
    """Whole numbers >= 0 (signed where the format allows), 万元 to 4 places, a 4-digit year."""
    def dv(refs: list[str], **kw) -> None:
        if refs:
            ws.data_validation(refs[0], {"ignore_blank": True, "show_error": True, "error_type": "stop",
                                         "error_title": "输入有误", "multi_range": " ".join(refs), **kw})

    first, last = fmt.years
    dv([t.year_cell], validate="integer", criteria="between", minimum=max(first, 1990), maximum=min(last, 2200),
       error_message=f"请填写四位数的报告年度（本模板适用于 {formats.supported()}）。")
    counts: list[str] = []
    signed: list[str] = []
    for k in t.inputs:
        ref = t.cells[k]
        kind = fmt.kind(*k)
        if kind == AMOUNT:
            # A decimal >= 0 with at most 4 places (万元 to 4 places is one yuan).
            dv([ref], validate="custom", value=f"AND(ISNUMBER({ref}),{ref}>=0,ROUND({ref},4)={ref})",
               error_message="请填写大于等于 0 的数，单位为万元，最多保留 4 位小数（没有的填 0）。",
               input_title="单位：万元", input_message="最多 4 位小数，如 12.3456")
        else:
            (signed if kind == SIGNED else counts).append(ref)
    dv(counts, validate="integer", criteria=">=", value=0, error_message="请填写大于等于 0 的整数（没有的填 0）。")
    dv(signed, validate="integer", criteria="between", minimum=-999999999, maximum=999999999,
       error_message="请填写整数（减少的填负数，没有的填 0）。")


def rule_lines(fmt: Format) -> list[tuple[str, str, str]]:
    """(code, 错误/警告, title) of every check a submission in `fmt` goes through, from the registry."""
    out = []
    for code in CODES.values():
        if code.code.startswith("E2") and code.code not in fmt.rules:
            continue  # an arithmetic rule of another format
        out.append((code.code, "错误" if code.severity == ERROR else "警告", code.title["zh"]))
    return out


def _instructions(book: Book, fmt: Format, unit: str | None) -> None:
    """说明: what to fill in, the relations within the tables, every check; printable on A4."""
    ws = book.sheet(INFO_SHEET)
    amounts = [f"{row.label}“{col.label}”" for t in fmt.tables for row, col in t.cells() if col.kind == AMOUNT]
    lines = [
        ("填写说明", "title"),
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
    widths = [8, 8, 84]
    looks = {"title": book.format(bold=True, font_size=14, valign="vcenter"),
             "h": book.format(bold=True, font_size=12, valign="vcenter"),
             "": book.format(text_wrap=True, valign="top")}
    texts = []
    r = 0
    for text, kind in lines:
        ws.merge_range(r, 0, r, 2, text, looks[kind])
        texts.append((r + 1, 1, r + 1, 3, text))
        r += 1
    head = book.format(bold=True, border=1, align="center", valign="vcenter", bg_color="#D9D9D9")
    body = book.format(border=1, valign="vcenter", text_wrap=True)
    for c, text in enumerate(("代码", "级别", "问题")):
        ws.write_string(r, c, text, head)
    rules_head = r + 1
    for code, severity, title in rule_lines(fmt):
        r += 1
        for c, v in enumerate((code, severity, title)):
            ws.write_string(r, c, v, body)
        texts.append((r + 1, 3, r + 1, 3, title))
    set_widths(ws, widths)
    fit_heights(ws, texts, widths)
    print_setup(ws, footer_text(unit, say("table.page_footer", "zh")), repeat=(rules_head, rules_head),
                landscape=False)


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
    data = t.workbook.bytes()

    def save(tmp: Path) -> None:
        tmp.write_bytes(data)

    files.atomic_write(path, save)
    return path, t
