"""`disclosure template`: the workbook a clerk fills, read back exactly; names, validation, protection."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from decimal import Decimal

import openpyxl
import pytest
from builders import consistent_values
from click.testing import CliRunner

from disclosure_cli.cli import cli
from disclosure_cli.formats.f2021 import ACTIVE, FORMAT_2021, REVIEWS
from disclosure_cli.messages import CODES
from disclosure_cli.model.names import is_valid_name, value_name
from disclosure_cli.pipeline import check
from disclosure_cli.read import units as read
from disclosure_cli.render.template import (
    INFO_SHEET,
    INPUT_FILL,
    SHEET,
    TOTAL_FILL,
    build,
    default_name,
    default_year,
    rule_lines,
    sum_formula,
    total_parts,
    write,
)

YEAR = 2021  # consistent_values() speaks the 2021 format


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    path = tmp_path_factory.mktemp("tpl") / "t.xlsx"
    _, t = write(path, YEAR)
    return path, t


def fill_by_names(template_path, out, values, unit="某县财政局"):
    """What a script does: open the template, put every typed number where its defined name points."""
    wb = openpyxl.load_workbook(template_path)
    typed = {}
    for k, v in values.items():
        dn = wb.defined_names.get(value_name(*k))
        assert dn is not None, k
        (sheet, ref), = dn.destinations
        cell = wb[sheet][ref.replace("$", "")]
        if isinstance(cell.value, str) and cell.value.startswith("="):
            continue  # a total: the template's formula computes it
        cell.value = v
        typed[k] = v
    (sheet, ref), = wb.defined_names["unit"].destinations
    wb[sheet][ref.replace("$", "")] = unit
    wb.save(out)
    return typed


def test_round_trip_by_defined_names(written, tmp_path):
    path, t = written
    values = consistent_values(11)
    typed = fill_by_names(path, tmp_path / "filled.xlsx", values)
    assert set(typed) == set(t.inputs) and len(typed) == len(values) - len(t.totals)
    result = check([tmp_path / "filled.xlsx"])
    (unit,) = result.units
    assert (unit.name, unit.year) == ("某县财政局", YEAR)
    assert [f for f in unit.findings if f.is_error] == []
    # Totals are formulas a script leaves uncomputed: reported (W103) and derived, never read as 0.
    assert sorted((f.code, f.table, f.row, f.column) for f in unit.findings) == sorted(
        ("W103", *k) for k in t.totals)
    for k, v in values.items():
        assert unit.values[k] == v and type(unit.values[k]) is type(v), k
    assert isinstance(unit.values[("active", "fees", "amount")], Decimal)


def test_names_lost_still_reads_the_same(written, tmp_path):
    """A copy-paste into a new workbook loses names, styles and merges: the labels still lead."""
    path, _ = written
    fill_by_names(path, tmp_path / "filled.xlsx", consistent_values(12))
    src = openpyxl.load_workbook(tmp_path / "filled.xlsx")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    for row in src[SHEET].iter_rows():
        for cell in row:
            if cell.value is not None:
                ws.cell(row=cell.row, column=cell.column, value=cell.value)
    wb.save(tmp_path / "pasted.xlsx")
    assert openpyxl.load_workbook(tmp_path / "pasted.xlsx").defined_names == {}
    named = check([tmp_path / "filled.xlsx"]).units[0]
    pasted = check([tmp_path / "pasted.xlsx"]).units[0]
    assert pasted.values == named.values
    assert {k: c[:2] for k, c in pasted.cells.items()} == {k: c[:2] for k, c in named.cells.items()}
    assert [(f.code, f.cell) for f in pasted.findings] == [(f.code, f.cell) for f in named.findings]
    assert pasted.name == "某县财政局"


def test_fast_path_uses_the_names(written, tmp_path, monkeypatch):
    path, _ = written
    fill_by_names(path, tmp_path / "filled.xlsx", consistent_values(13))

    def no_locating(*a, **k):
        raise AssertionError("the label locator ran")

    monkeypatch.setattr(read, "locate", no_locating)
    unit = check([tmp_path / "filled.xlsx"]).units[0]
    assert unit.values[("applications", "received", "natural_person")] == consistent_values(13)[
        ("applications", "received", "natural_person")]


def test_fast_path_not_taken_when_another_sheet_holds_tables(written, tmp_path):
    """A copied sheet (one unit per sheet) must not be read as one unit through the names."""
    path, _ = written
    fill_by_names(path, tmp_path / "filled.xlsx", consistent_values(14))
    wb = openpyxl.load_workbook(tmp_path / "filled.xlsx")
    copy = wb.copy_worksheet(wb[SHEET])
    copy.title = "第二单位"
    wb.save(tmp_path / "two.xlsx")
    units = check([tmp_path / "two.xlsx"]).units
    assert [u.sheet for u in units] == [SHEET, "第二单位"]


def test_names_exist_are_valid_and_point_at_the_value_cells(written):
    path, t = written
    wb = openpyxl.load_workbook(path)
    keys = [(tb.id, row.id, col.id) for tb in FORMAT_2021.tables for row, col in tb.cells()]
    for k in keys:
        name = value_name(*k)
        assert is_valid_name(name), name
        (sheet, ref), = wb.defined_names[name].destinations
        assert (sheet, ref) == (SHEET, "$" + "$".join(re.fullmatch(r"([A-Z]+)(\d+)", t.cells[k]).groups()))
    assert wb.defined_names["active.fees.amount"] and wb.defined_names["reviews.review.total"]
    assert wb.defined_names["applications.withheld.state_secret.natural_person"]
    assert [d for d in wb.defined_names["unit"].destinations] == [(SHEET, "$B$2")]
    assert [d for d in wb.defined_names["year"].destinations] == [(SHEET, "$B$3")]
    assert wb[SHEET]["A2"].value == "单位名称" and wb[SHEET]["A3"].value == "年度"
    assert wb[SHEET]["B3"].value == YEAR
    # The reader sees the same cells through the labels (names stripped test) and the names.
    unit = check([path]).units[0]
    assert {k: unit.cells[k][1] for k in keys} == {k: t.cells[k] for k in keys}


@pytest.mark.parametrize("name,ok", [
    ("active.fees.amount", True), ("reviews.review.total", True), ("_x1", True), ("unit", True),
    ("year", True), ("A1", False), ("xfd1048576", False), ("tax2019", False), ("AB12.x", False),
    ("R1C1", False), ("r", False), ("C", False), ("RC", False), ("1abc", False), ("a b", False),
    ("TRUE", False), ("a-b", False), ("x" * 256, False), ("名称", False),
])
def test_excel_name_rules(name, ok):
    assert is_valid_name(name) is ok


def _dv_for(ws, ref):
    return [dv for dv in ws.data_validations.dataValidation if ref in dv.sqref]


def test_validation_protection_and_marking(written):
    path, t = written
    ws = openpyxl.load_workbook(path)[SHEET]
    assert ws.protection.sheet is True and not ws.protection.password
    for k in t.inputs:
        cell = ws[t.cells[k]]
        assert cell.protection.locked is False, k
        assert cell.fill.fgColor.rgb.endswith(INPUT_FILL), k
        (dv,) = _dv_for(ws, t.cells[k])
        assert dv.showErrorMessage and dv.errorStyle == "stop"
        if k == ("active", "fees", "amount"):
            ref = t.cells[k]
            assert dv.type == "custom"
            assert dv.formula1 == f"AND(ISNUMBER({ref}),{ref}>=0,ROUND({ref},4)={ref})"
        else:
            assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0"), k
    for k in t.totals:
        cell = ws[t.cells[k]]
        assert cell.protection.locked is True and cell.fill.fgColor.rgb.endswith(TOTAL_FILL)
        assert cell.value.startswith("=SUM(") and not _dv_for(ws, t.cells[k])
    for ref in ("B2", "B3"):
        assert ws[ref].protection.locked is False
    (year_dv,) = _dv_for(ws, "B3")
    assert (year_dv.type, year_dv.formula1) == ("whole", "2021")
    labels = [c for row in ws.iter_rows() for c in row if c.value in ("自然人", "总计", "规章", "单位名称")]
    assert labels and all(c.protection.locked for c in labels)


def _evaluate(ws, formula: str):
    """=SUM(A1:A3,B5): the sum over the cells named (formulas among them computed), as a
    spreadsheet computes it; text and blanks count 0, as in SUM."""
    from openpyxl.utils.cell import range_boundaries

    total = 0
    for part in re.fullmatch(r"=SUM\((.*)\)", formula).group(1).split(","):
        c0, r0, c1, r1 = range_boundaries(part if ":" in part else f"{part}:{part}")
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                v = ws.cell(row=r, column=c).value
                if isinstance(v, str) and v.startswith("="):
                    total += _evaluate(ws, v)
                elif isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
                    total += v
    return total


def test_formulas_sum_the_right_cells(written, tmp_path):
    path, t = written
    values = consistent_values(15)
    fill_by_names(path, tmp_path / "f.xlsx", values)
    ws = openpyxl.load_workbook(tmp_path / "f.xlsx")[SHEET]
    for k in t.totals:
        assert _evaluate(ws, ws[t.cells[k]].value) == values[k], k


def test_sum_formula_ranges():
    assert sum_formula(["D8", "E8", "F8"]) == "=SUM(D8:F8)"
    assert sum_formula(["D8", "D9", "D11"]) == "=SUM(D8:D9,D11)"
    assert sum_formula(["A1"]) == "=SUM(A1)"


def test_total_parts_follow_the_format():
    parts = total_parts(FORMAT_2021)
    assert parts[("applications", "received", "total")] == [
        ("applications", "received", c) for c in
        ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org")]
    rows = parts[("applications", "results_total", "natural_person")]
    assert len(rows) == 2 + 19 and rows[0][1] == "disclosed" and rows[-1][1] == "other_handling.other"
    assert parts[("reviews", "litigation_direct", "total")][-1] == ("reviews", "litigation_direct", "pending")


def test_template_follows_its_format_not_2021():
    """A format with other tables gets exactly its cells, names and totals."""
    small = dataclasses.replace(FORMAT_2021, id="test", tables=(ACTIVE, REVIEWS), rules=("E205",))
    t = build(small, 2030)
    assert set(t.cells) == {(tb.id, r.id, c.id) for tb in small.tables for r, c in tb.cells()}
    assert set(t.totals) == {("reviews", r.id, "total") for r in REVIEWS.rows}
    assert set(t.names) == {value_name(*k) for k in t.cells} | {"unit", "year"}
    codes = [c for c, _, _ in rule_lines(small)]
    assert "E205" in codes and "E201" not in codes and "E101" in codes


def test_instructions_list_every_rule(written):
    path, _ = written
    ws = openpyxl.load_workbook(path)[INFO_SHEET]
    rows = {row[0]: row for row in ws.iter_rows(values_only=True) if row[0] in CODES}
    applicable = [c for c in CODES if not c.startswith("E2") or c in FORMAT_2021.rules]
    assert list(rows) == applicable
    assert rows["E201"][1] == "错误" and rows["W101"][1] == "警告"
    assert rows["E204"][2] == CODES["E204"].title["zh"]
    text = "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v)
    assert "勾稽关系" in text and "万元" in text and "applications.received.natural_person" in text


def test_written_bytes_are_deterministic_and_not_overwritten(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write(a, 2022, "某局")
    write(b, 2022, "某局")
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()
    from disclosure_cli.messages.errors import ToolError

    before = a.read_bytes()
    with pytest.raises(ToolError) as refused:
        write(a, 2023)
    assert refused.value.reason == "output.exists"
    assert a.read_bytes() == before
    write(a, 2023, force=True)
    assert openpyxl.load_workbook(a)[SHEET]["B3"].value == 2023


def test_default_year_and_name():
    assert default_year(dt.date(2026, 1, 15)) == 2025
    assert default_name(2025) == "年报统计表-2025.xlsx"


def test_cli_template(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    r = runner.invoke(cli, ["template", "--lang", "en", "--format", "json", "--unit", "=cmd|' /C calc'!A0"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    year = dt.date.today().year - 1
    assert out["output"] == f"年报统计表-{year}.xlsx" and out["year"] == year and out["format"] == "2021"
    cell = openpyxl.load_workbook(tmp_path / out["output"])[SHEET]["B2"]
    assert cell.value == "=cmd|' /C calc'!A0" and cell.data_type == "s"  # a literal, never a formula
    again = runner.invoke(cli, ["template", "--lang", "en"])
    assert again.exit_code == 2 and "--force" in again.output
    assert runner.invoke(cli, ["template", "--force", "-q"]).exit_code == 0
    assert runner.invoke(cli, ["template", "--year", "2015", "--lang", "en"]).exit_code == 2
    assert runner.invoke(cli, ["template", "-o", "x.xls", "--lang", "en"]).exit_code == 2
    assert runner.invoke(cli, ["template", "-o", "no/such/dir/x.xlsx", "--lang", "en"]).exit_code == 2
    r = runner.invoke(cli, ["check", out["output"], "--lang", "en", "--format", "json"])
    assert r.exit_code == 0  # an empty template: blanks are warnings (W101), totals W103
    codes = {f["code"] for f in json.loads(r.output)["findings"]}
    assert codes == {"W101", "W103", "N004"}  # and no unit name filled in yet
