"""Reports for 2019 and 2020 in the 2019 trial format: located, read and checked."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
from builders import build, consistent_values, with_subtotals
from click.testing import CliRunner
from years_builders import as_number, values_2019

from disclosure_cli import formats
from disclosure_cli.cli import cli
from disclosure_cli.formats.f2019 import FORMAT_2019
from disclosure_cli.formats.f2021 import FORMAT_2021
from disclosure_cli.pipeline import check
from disclosure_cli.render.layout import Style

APP = "applications"


def _codes(unit):
    return sorted((f.code, f.cell) for f in unit.findings)


def _set(path, ref, value):
    sheet, cell = ref.split("!")
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


def test_formats_by_year():
    assert formats.for_year(2019) is FORMAT_2019
    assert formats.for_year(2020) is FORMAT_2019
    assert formats.for_year(2021) is FORMAT_2021
    assert formats.for_year(2035) is FORMAT_2021
    assert formats.for_year(2018) is None
    # 23 number rows in table 三: （六）其他处理 is one row, not a group of three.
    app = FORMAT_2019.table(APP)
    assert len(app.rows) == 23
    assert "other_handling" in [r.id for r in app.rows]
    assert "other_handling" not in [g.id for g in app.groups]
    assert "E206" not in FORMAT_2019.rules and "E206" in FORMAT_2021.rules


@pytest.mark.parametrize("style", [Style(), Style(label_cols=2, merged=False), Style(subtotals=True)])
def test_2020_report_in_2019_layout_reads_clean(tmp_path, style):
    v = values_2019(3)
    if style.subtotals:
        v = with_subtotals(v, FORMAT_2019)
    path = tmp_path / "2020.xlsx"
    cells = build(path, v, fmt=FORMAT_2019, year=2020, style=style)
    (unit,) = check([path]).units
    assert unit.format is FORMAT_2019 and unit.year == 2020
    assert _codes(unit) == []
    assert set(cells) == set(v)
    for k, ref in cells.items():
        assert unit.values[k] == as_number(v[k]), k
        assert f"{unit.cells[k][0]}!{unit.cells[k][1]}" == ref
    assert unit.values[("active", "licensing", "change")] == -8
    assert unit.values[("active", "procurement", "amount")] == Decimal("25.1")


def test_signed_change_accepted_but_counts_still_not_negative(tmp_path):
    v = values_2019(4)
    v[("active", "penalty", "change")] = -30
    v[("active", "penalty", "previous_items")] = -2
    path = tmp_path / "2020.xlsx"
    cells = build(path, v, fmt=FORMAT_2019, year=2020)
    (unit,) = check([path]).units
    assert unit.values[("active", "penalty", "change")] == -30
    assert _codes(unit) == [("E102", cells[("active", "penalty", "previous_items")].split("!")[1])]


def test_single_other_handling_row_is_summed_in_e203(tmp_path):
    v = values_2019(5)
    v[(APP, "other_handling", "natural_person")] += 2
    v[(APP, "other_handling", "total")] += 2
    path = tmp_path / "2020.xlsx"
    cells = build(path, v, fmt=FORMAT_2019, year=2020)
    (unit,) = check([path]).units
    e203 = {f.column: f for f in unit.findings if f.code == "E203"}
    assert set(e203) == {"natural_person", "total"}
    stated = v[(APP, "results_total", "natural_person")]
    assert e203["natural_person"].params["expected"] == str(stated + 2)
    assert f"年报附表!{e203['natural_person'].cell}" == cells[(APP, "results_total", "natural_person")]
    assert cells[(APP, "other_handling", "natural_person")] in e203["natural_person"].related
    assert {f.code for f in unit.findings} == {"E203"}


def test_w104_is_only_for_2021(tmp_path):
    # The 2021 label in a 2019-format table is read silently; the 2019 label in 2021 warns.
    v = values_2019(6)
    path = tmp_path / "2020.xlsx"
    build(path, v, fmt=FORMAT_2019, year=2020)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "规范性文件":
                cell.value = "行政规范性文件"
    wb.save(path)
    (unit,) = check([path]).units
    assert _codes(unit) == []
    assert unit.values[("active", "normative_documents", "new_made")] == v[("active", "normative_documents",
                                                                             "new_made")]


@pytest.mark.parametrize("cell, header, expected, codes", [
    ("251000元", None, Decimal("25.1"), []),
    ("25.1万元", None, Decimal("25.1"), []),
    (251000, "采购总金额（元）", Decimal("25.1"), []),
    (12.5, "采购总金额（万元）", Decimal("12.5"), []),
    ("3000元", "采购总金额（万元）", Decimal("0.3"), []),  # the unit written in the cell wins
    (12.5, None, Decimal("12.5"), ["W105"]),  # no unit anywhere: read as 万元, with a warning
    (0, None, Decimal("0"), []),  # nothing to misread
    ("1.005元", None, None, ["E103"]),  # finer than a fen
])
def test_procurement_amount_unit(tmp_path, cell, header, expected, codes):
    v = values_2019(7)
    v[("active", "procurement", "amount")] = cell
    path = tmp_path / "2020.xlsx"
    cells = build(path, v, fmt=FORMAT_2019, year=2020)
    if header:
        wb = openpyxl.load_workbook(path)
        ws = wb.active
        for row in ws.iter_rows():
            for c in row:
                if c.value == "采购总金额":
                    c.value = header
        wb.save(path)
    (unit,) = check([path]).units
    assert unit.values[("active", "procurement", "amount")] == expected
    assert [f.code for f in unit.findings] == codes
    for f in unit.findings:
        assert f"年报附表!{f.cell}" == cells[("active", "procurement", "amount")]


def test_schema_option_overrides_the_year(tmp_path):
    # A 2020 report filled in on the 2021 form: by its year it is read as 2019 (and fails);
    # --schema 2021 reads it as what it is.
    path = tmp_path / "2020.xlsx"
    build(path, consistent_values(8), fmt=FORMAT_2021, year=2020)
    runner = CliRunner()
    by_year = runner.invoke(cli, ["check", str(path), "--format", "json"])
    assert by_year.exit_code == 1
    import json

    doc = json.loads(by_year.output)
    assert doc["format"] == "2019"
    assert "E005" in {f["code"] for f in doc["findings"]}
    (e005,) = [f for f in doc["findings"] if f["code"] == "E005"]
    assert "--schema 2021" in e005["message"]
    forced = runner.invoke(cli, ["check", str(path), "--format", "json", "--schema", "2021"])
    assert forced.exit_code == 0, forced.output
    doc = json.loads(forced.output)
    assert doc["format"] == "2021" and doc["findings"] == []
    assert runner.invoke(cli, ["check", str(path), "--schema", "2018"]).exit_code == 2


def test_2019_form_with_a_2021_year_says_which_format_it_is(tmp_path):
    path = tmp_path / "2021.xlsx"
    build(path, values_2019(9), fmt=FORMAT_2019, year=2021)
    (unit,) = check([path]).units
    (e005,) = [f for f in unit.findings if f.code == "E005"]
    assert (e005.params["other"], e005.params["format"], e005.params["year"]) == ("2019", "2021", 2021)
    assert "--schema 2019" in e005.message("en")


@pytest.mark.parametrize("fmt", [FORMAT_2019, FORMAT_2021])
def test_key_figures_name_cells_of_their_format(fmt):
    for figure in fmt.key_figures:
        table_id, row_id, col_id = figure.key
        table = fmt.table(table_id)
        rows = [r for r in table.rows if r.id == row_id or r.group == row_id]
        assert rows, (table_id, row_id)
        assert col_id in [c.id for c in rows[0].columns], (table_id, row_id, col_id)


def test_each_format_reads_its_own_prose_when_asked():
    """Format.sections and .claims come from formats.prose (loaded when audit first asks): each format its
    own claims (2019 states no fee amount and counts documents otherwise), both the six sections."""
    from disclosure_cli.formats import FORMATS
    from disclosure_cli.formats.prose import CLAIMS_2019, CLAIMS_2021, SECTIONS

    assert FORMATS["2021"].claims == CLAIMS_2021 and FORMATS["2019"].claims == CLAIMS_2019
    assert FORMATS["2021"].sections == FORMATS["2019"].sections == SECTIONS and len(SECTIONS) == 6
    assert [c.id for c in CLAIMS_2021 if c.amount] == ["active.fees.amount"] and not any(c.amount for c in CLAIMS_2019)
