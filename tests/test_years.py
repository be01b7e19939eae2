"""Cross-year rules W301–W304 by --previous and by --history, across the 2020 → 2021 format change."""

from __future__ import annotations

import json

import openpyxl
from builders import build, consistent_values
from click.testing import CliRunner
from years_builders import follow, in_force_after, values_2019, values_2021_after

from disclosure_cli import history
from disclosure_cli.cli import cli
from disclosure_cli.formats.f2019 import FORMAT_2019
from disclosure_cli.formats.f2021 import FORMAT_2021
from disclosure_cli.pipeline import WorkbookPrevious, check
from disclosure_cli.rules.years import mixed_years

APP = "applications"


def _pair(tmp_path, unit="测试局"):
    """A consistent 2020 report (2019 layout) and a 2021 report that follows it."""
    v20 = values_2019(11)
    v21 = values_2021_after(v20, seed=12)
    p20, p21 = tmp_path / "2020.xlsx", tmp_path / "2021.xlsx"
    build(p20, v20, fmt=FORMAT_2019, year=2020, unit=unit)
    cells = build(p21, v21, year=2021, unit=unit)
    return p20, p21, v20, v21, cells


def _run(*args):
    result = CliRunner().invoke(cli, ["check", *map(str, args), "--format", "json", "--lang", "en"])
    return result.exit_code, (json.loads(result.output) if result.output.startswith("{") else result.output)


def test_following_year_across_the_format_change_is_clean(tmp_path):
    p20, p21, *_ = _pair(tmp_path)
    code, doc = _run(p21, "--previous", p20)
    assert code == 0, doc
    assert doc["findings"] == []


def test_w301_each_column_across_the_format_change(tmp_path):
    v20 = values_2019(11)
    v21 = values_2021_after(v20, seed=12)
    # Still balanced within 2021 (3 more in, 3 more out): only the carry-over from 2020 is wrong.
    v21[(APP, "carried_in", "commercial")] += 3
    v21[(APP, "carried_out", "commercial")] += 3
    v21 = follow_totals(v21)
    p20, p21 = tmp_path / "2020.xlsx", tmp_path / "2021.xlsx"
    build(p20, v20, fmt=FORMAT_2019, year=2020)
    cells = build(p21, v21)
    assert check([p21]).findings == []
    code, doc = _run(p21, "--previous", p20)
    assert {f["code"] for f in doc["findings"]} == {"W301"}
    w301 = doc["findings"]
    assert {(f["column"], f["actual"], f["expected"]) for f in w301} == {
        ("commercial", str(v21[(APP, "carried_in", "commercial")]), str(v20[(APP, "carried_out", "commercial")])),
        ("total", str(v21[(APP, "carried_in", "total")]), str(v20[(APP, "carried_out", "total")])),
    }
    for f in w301:
        assert f"{f['sheet']}!{f['cell']}" == cells[(APP, "carried_in", f["column"])]
        assert "2020.xlsx" in f["message"] and "(2020)" in f["message"]
    assert code == 0  # warnings only
    assert _run(p21, "--previous", p20, "--strict")[0] == 1


def follow_totals(v):
    cols = [c.id for c in FORMAT_2021.table(APP).rows[0].columns if not c.total]
    for row in FORMAT_2021.table(APP).rows:
        v[(APP, row.id, "total")] = sum(v[(APP, row.id, c)] for c in cols)
    return v


def test_w302_from_2021_on_but_not_from_a_2019_format_year(tmp_path):
    v21 = consistent_values(21)
    v22 = in_force_after(follow(consistent_values(22), v21, FORMAT_2021), v21)
    p21, p22 = tmp_path / "2021.xlsx", tmp_path / "2022.xlsx"
    build(p21, v21, year=2021)
    build(p22, v22, year=2022)
    assert _run(p22, "--previous", p21)[1]["findings"] == []
    # One more in force than last year's count allows.
    v22[("active", "normative_documents", "in_force")] += 1
    cells = build(p22, v22, year=2022)
    code, doc = _run(p22, "--previous", p21)
    (w302,) = doc["findings"]
    assert w302["code"] == "W302" and w302["row"] == "normative_documents"
    assert f"{w302['sheet']}!{w302['cell']}" == cells[("active", "normative_documents", "in_force")]
    assert w302["expected"] == str(v22[("active", "normative_documents", "in_force")] - 1)
    # A 2020 report has no in-force count: W302 cannot apply to 2021, whatever 2021 says.
    (tmp_path / "x").mkdir()
    p20, p21b, *_ = _pair(tmp_path / "x")
    assert all(f["code"] != "W302" for f in _run(p21b, "--previous", p20)[1]["findings"])


def test_w303_copied_report_reported_once(tmp_path):
    v21 = consistent_values(31)
    p21, p22 = tmp_path / "2021.xlsx", tmp_path / "2022.xlsx"
    build(p21, v21, year=2021)
    build(p22, v21, year=2022)
    code, doc = _run(p22, "--previous", p21)
    codes = [f["code"] for f in doc["findings"]]
    assert codes.count("W303") == 1
    (w303,) = [f for f in doc["findings"] if f["code"] == "W303"]
    assert w303["cell"] is None and w303["unit"] == "测试局"
    # Across the format change: every number both formats share equals 2020's.
    v20 = values_2019(32)
    v21 = consistent_values(33)
    for k, v in v20.items():
        if k in v21:
            v21[k] = v
    p20, p21 = tmp_path / "2020.xlsx", tmp_path / "2021.xlsx"
    build(p20, v20, fmt=FORMAT_2019, year=2020)
    build(p21, v21, year=2021)
    (unit,) = check([p21], previous=WorkbookPrevious([p20])).units
    assert [f.code for f in unit.findings].count("W303") == 1


def test_w303_not_for_two_empty_years(tmp_path):
    zeros = {k: 0 for k in consistent_values(1)}
    p21, p22 = tmp_path / "2021.xlsx", tmp_path / "2022.xlsx"
    build(p21, zeros, year=2021)
    build(p22, zeros, year=2022)
    assert _run(p22, "--previous", p21)[1]["findings"] == []


def test_w304_when_no_previous_year_for_the_unit(tmp_path):
    p20, _, v20, v21, _ = _pair(tmp_path, unit="甲局")
    other = tmp_path / "2021-b.xlsx"
    build(other, v21, year=2021, unit="乙局")
    code, doc = _run(other, "--previous", p20)
    (w304,) = doc["findings"]
    assert w304["code"] == "W304" and w304["unit"] == "乙局"
    assert "乙局" in w304["message"] and "2020" in w304["message"]
    # The previous file holds the unit, but for the wrong year.
    p19 = tmp_path / "2019.xlsx"
    build(p19, v20, fmt=FORMAT_2019, year=2019, unit="乙局")
    (w304,) = _run(other, "--previous", p19)[1]["findings"]
    assert w304["code"] == "W304" and "2019" in w304["message"]


def test_units_matched_by_cleaned_name_and_unnamed_single_units_paired(tmp_path):
    p20, p21, *_ = _pair(tmp_path, unit="测试局")
    spaced = tmp_path / "spaced-2021.xlsx"
    wb = openpyxl.load_workbook(p21)
    wb.active["A1"] = "填报单位：测试 局\u3000"
    wb.save(spaced)
    assert _run(spaced, "--previous", p20)[1]["findings"] == []
    # No names at all: one workbook each side, paired.
    v20 = values_2019(41)
    a, b = tmp_path / "a" / "2020.xlsx", tmp_path / "a" / "2021.xlsx"
    a.parent.mkdir()
    build(a, v20, fmt=FORMAT_2019, year=2020, unit=None)
    build(b, values_2021_after(v20, 42), year=2021, unit=None)
    code, doc = _run(b, "--previous", a)
    assert [f["code"] for f in doc["findings"]] == ["N004"]  # only: named after its file, and paired


def test_unreadable_previous_is_an_error_not_a_crash(tmp_path):
    _, p21, *_ = _pair(tmp_path)
    bad = tmp_path / "2020-broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    code, doc = _run(p21, "--previous", bad)
    assert code == 1
    assert {f["code"] for f in doc["findings"]} == {"E003", "W304"}
    assert any(f["source"] == str(bad) for f in doc["findings"])
    assert CliRunner().invoke(cli, ["check", str(p21), "--previous", str(tmp_path / "nope.xlsx")]).exit_code == 2


def test_by_history_store_across_the_format_change(tmp_path):
    p20, p21, v20, v21, cells = _pair(tmp_path)
    db = tmp_path / "history.db"
    history.record(db, check([p20]).units)
    assert _run(p21, "--history", db)[1]["findings"] == []
    # 2021 says 5 more natural persons carried in than 2020 carried out.
    v21 = dict(v21)
    v21[(APP, "carried_in", "natural_person")] += 5
    v21[(APP, "received", "natural_person")] = max(0, v21[(APP, "received", "natural_person")] - 5)
    v21[(APP, "carried_out", "natural_person")] = (v21[(APP, "received", "natural_person")]
                                                   + v21[(APP, "carried_in", "natural_person")]
                                                   - v21[(APP, "results_total", "natural_person")])
    build(p21, follow_totals(v21))
    code, doc = _run(p21, "--history", db)
    got = {(f["code"], f["column"]) for f in doc["findings"]}
    assert got == {("W301", "natural_person"), ("W301", "total")}
    assert "history.db" in doc["findings"][0]["message"]
    # W303 from the store: 2021's numbers recorded, then the same numbers again as 2022.
    history.record(db, check([p21]).units)
    p22 = tmp_path / "2022.xlsx"
    build(p22, follow_totals(v21), year=2022)
    codes = [f["code"] for f in _run(p22, "--history", db)[1]["findings"]]
    # A copy also fails the carry-over and in-force chains; W303 says why, once.
    assert codes.count("W303") == 1 and set(codes) <= {"W301", "W302", "W303"}
    # A unit the store does not hold.
    p_other = tmp_path / "other.xlsx"
    build(p_other, follow_totals(v21), year=2022, unit="新设局")
    assert [f["code"] for f in _run(p_other, "--history", db)[1]["findings"]] == ["W304"]


def test_previous_and_history_together_is_a_usage_error(tmp_path):
    p20, p21, *_ = _pair(tmp_path)
    result = CliRunner().invoke(cli, ["check", str(p21), "--previous", str(p20), "--history", str(tmp_path / "h.db")])
    assert result.exit_code == 2
    assert "not both" in result.output or "只能选用一个" in result.output


def test_mixed_years_refused_for_compile(tmp_path):
    p20, p21, *_ = _pair(tmp_path)
    units = check([p20, p21]).units
    problem = mixed_years(units)
    assert problem is not None and problem.code == "E301" and problem.is_error
    assert "2020" in problem.message("zh") and "2021" in problem.message("en")
    assert "2019" in problem.message("en")  # the format of the 2020 report
    assert mixed_years(check([p21]).units) is None
    assert mixed_years([u for u in units if u.year == 2020]) is None


def test_mixed_years_names_the_first_three_units_of_each_group_and_counts_them_all():
    """E301 keeps a count and the first few units per year (a run of 50,000 holds no list of them all)."""
    from disclosure_cli.formats import for_year
    from disclosure_cli.model.unit import Unit

    def unit(name: str, year: int) -> Unit:
        return Unit(name=name, source=f"in/{name}.xlsx", format=for_year(year), year=year)

    units = [unit(f"甲{i}", 2021) for i in range(5)] + [unit("乙", 2020), unit("丙", 2021)]
    units.append(Unit(name="丁", source="in/丁.xlsx", format=for_year(2020), year=2020, excluded=True))
    detail = mixed_years(units).params["detail"].zh
    assert "甲0、甲1、甲2…" in detail and "甲3" not in detail and "丁" not in detail
    assert "6" in detail and "乙" in detail and "乙…" not in detail
