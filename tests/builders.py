"""Test workbooks built in code: consistent reports, in the official layout and its variants."""

from __future__ import annotations

import random
import re
from decimal import Decimal
from pathlib import Path

import openpyxl

from disclosure_cli.formats.f2021 import FORMAT_2021
from disclosure_cli.render.layout import Style, write_tables

Key = tuple[str, str, str]


def consistent_values(seed: int = 1, fmt=FORMAT_2021) -> dict[Key, int | Decimal]:
    """A report whose every total, subtotal and balance holds."""
    rnd = random.Random(seed)
    v: dict[Key, int | Decimal] = {}
    act = fmt.table("active")
    for row in act.rows:
        for col in row.columns:
            if col.kind == "amount":
                v[("active", row.id, col.id)] = Decimal(rnd.randint(0, 999999)) / 10000
            else:
                v[("active", row.id, col.id)] = rnd.randint(0, 40)
    for row in ("regulations", "normative_documents"):
        if ("active", row, "in_force") in v:
            v[("active", row, "in_force")] += v[("active", row, "issued")]
    app = fmt.table("applications")
    cols = [c.id for c in app.rows[0].columns if not c.total]
    leaves = [r.id for r in app.rows if r.id not in ("received", "carried_in", "results_total", "carried_out")]
    for col in cols:
        for leaf in leaves:
            v[("applications", leaf, col)] = rnd.choice([0, 0, 0, 1, 2, 5, 13])
        results = sum(v[("applications", leaf, col)] for leaf in leaves)
        carried_out = rnd.randint(0, 4)
        carried_in = rnd.randint(0, min(3, results + carried_out))
        v[("applications", "results_total", col)] = results
        v[("applications", "carried_out", col)] = carried_out
        v[("applications", "carried_in", col)] = carried_in
        v[("applications", "received", col)] = results + carried_out - carried_in
    for row in app.rows:
        v[("applications", row.id, "total")] = sum(v[("applications", row.id, c)] for c in cols)
    for row in fmt.table("reviews").rows:
        parts = [rnd.randint(0, 3) for _ in range(4)]
        for col, x in zip(("upheld", "corrected", "other", "pending"), parts, strict=False):
            v[("reviews", row.id, col)] = x
        v[("reviews", row.id, "total")] = sum(parts)
    return v


def with_subtotals(values: dict, fmt=FORMAT_2021) -> dict:
    out = dict(values)
    app = fmt.table("applications")
    for g in app.groups:
        members = [r.id for r in app.rows if r.group == g.id]
        for col in app.rows[0].columns:
            out[("applications", g.id, col.id)] = sum(values[("applications", m, col.id)] for m in members)
    return out


def build(path: Path, values: dict | None = None, *, style: Style = Style(), unit: str | None = "测试局",
          year: int | None = 2021, origin: tuple[int, int] = (1, 1), per_table_sheets: bool = False,
          fmt=FORMAT_2021, title_rows: bool = True, sheet_name: str = "年报附表") -> dict[Key, str]:
    """Write a workbook; return the cell (Sheet!A1) of every value."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet_name
    cells: dict[Key, str] = {}
    r0, c0 = origin
    if title_rows:
        if unit is not None:
            ws.cell(row=r0, column=c0, value="填报单位：" + unit)
        if year is not None:
            ws.cell(row=r0, column=c0 + 3, value="年度")
            ws.cell(row=r0, column=c0 + 4, value=year)
        r0 += 2
    if per_table_sheets:
        for i, table in enumerate(fmt.tables):
            sheet = ws if i == 0 else wb.create_sheet(f"表{i + 2}")
            sheet.title = sheet.title if i else sheet_name
            found, _, _ = write_tables(sheet, fmt, values, origin=(r0 + i, c0 + i), style=style, tables=(table.id,))
            cells.update({k: f"{sheet.title}!{ref}" for k, ref in found.items()})
    else:
        found, _, _ = write_tables(ws, fmt, values, origin=(r0, c0), style=style)
        cells.update({k: f"{ws.title}!{ref}" for k, ref in found.items()})
    wb.save(path)
    return cells


def edit(path: Path, changes: dict[str, object]) -> None:
    """Set cells ('Sheet!A1' -> value) of a saved workbook; a value of '=…' is written as a formula."""
    wb = openpyxl.load_workbook(path)
    for where, value in changes.items():
        sheet, ref = where.split("!")
        wb[sheet][ref].value = value
    wb.save(path)


def relabel(path: Path, mapping: dict[str, str]) -> None:
    """Replace label texts (exact match) everywhere in a saved workbook."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value in mapping:
                    cell.value = mapping[cell.value]
    wb.save(path)


def ref(where: str) -> str:
    """'Sheet!A1' -> 'A1'."""
    return where.split("!")[1]


def transform_labels(path: Path, fn) -> None:
    """Apply fn to every text cell of a saved workbook (retyped labels, stray spaces …)."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = fn(cell.value)
    wb.save(path)


def department_sheets(path: Path, n: int, year: int = 2021) -> None:
    """One workbook of n departments' sheets (an office collecting them in one file): each sheet its unit's
    name, year and three tables, at three row and two column offsets (as forms are moved about)."""
    wb = openpyxl.Workbook()
    for i in range(n):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = f"单位{i + 1}"
        ws["A1"], ws["B1"], ws["D1"], ws["E1"] = "单位名称", f"部门{i:03d}", "报告年度", year
        write_tables(ws, FORMAT_2021, consistent_values(i), origin=(3 + i % 3, 1 + i % 2), style=Style())
    wb.save(path)


def multi_unit(path: Path, units: dict[str, dict], style: Style = Style(), year: int = 2021) -> dict:
    """One sheet per unit, each holding all three tables: {unit: {key: 'Sheet!A1'}}."""
    wb = openpyxl.Workbook()
    out = {}
    for i, (name, values) in enumerate(units.items()):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = f"单位{i + 1}"
        ws["A1"], ws["B1"], ws["D1"], ws["E1"] = "单位名称", name, "报告年度", year
        found, _, _ = write_tables(ws, FORMAT_2021, values, origin=(3 + i, 1 + i), style=style)
        out[name] = {k: f"{ws.title}!{r}" for k, r in found.items()}
    wb.save(path)
    return out


# The root element and row attributes Excel (2016 and later) writes on every sheet: its namespaces meet the
# preflight's position pattern (xmlns:r="http://…"); openpyxl's sheets declare none.
EXCEL_ROOT = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
              b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
              b'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac xr xr2 xr3" '
              b'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
              b'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
              b'xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2" '
              b'xmlns:xr3="http://schemas.microsoft.com/office/spreadsheetml/2016/revision3" '
              b'xr:uid="{00000000-0001-0000-0000-000000000000}">')
_ROOT = re.compile(rb"<worksheet[^>]*>")
_ROW = re.compile(rb'<row r="(\d+)">')


def excel_sheet(xml: bytes) -> bytes:
    """A sheet's XML with Excel's root element and Excel's attributes on each row."""
    return _ROW.sub(rb'<row r="\1" spans="1:16" x14ac:dyDescent="0.25">', _ROOT.sub(EXCEL_ROOT, xml, count=1))
