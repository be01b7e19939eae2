"""disclosure compile: totals, breakdown, on-error modes, output safety (library and CLI)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from builders import build, consistent_values
from click.testing import CliRunner

from disclosure_cli.cli import cli
from disclosure_cli.formats.f2021 import FORMAT_2021
from disclosure_cli.pipeline.compiling import CompileSettings
from disclosure_cli.pipeline.compiling import compile_units as compile_paths
from disclosure_cli.summary import unit_figures

KEYS = FORMAT_2021.keys()
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(*args):
    return CliRunner().invoke(cli, [*map(str, args), "--lang", "en"])


def make_units(folder: Path, seeds, prefix="局") -> tuple[list[Path], list[dict]]:
    folder.mkdir(parents=True, exist_ok=True)
    paths, values = [], []
    for s in seeds:
        v = consistent_values(s)
        p = folder / f"{prefix}{s}-2021.xlsx"
        build(p, v, unit=f"{prefix}{s}")
        paths.append(p)
        values.append(v)
    return paths, values


def summed(values: list[dict]) -> dict:
    """The expected totals, computed here independently of the code under test."""
    out = {}
    for k in KEYS:
        out[k] = sum((v[k] for v in values), Decimal(0) if k == ("active", "fees", "amount") else 0)
    return out


def test_one_unit_is_its_three_tables(workbook, values):
    path, _ = workbook
    comp = compile_paths([path])
    assert not comp.blocked and comp.name == "测试局" and comp.year == 2021
    assert comp.totals == {k: values[k] for k in KEYS}
    assert len(KEYS) == 10 + 25 * 7 + 15


def test_many_units_sum_every_cell(tmp_path):
    paths, values = make_units(tmp_path / "in", range(1, 6))
    comp = compile_paths(paths)
    expected = summed(values)
    assert comp.totals == expected
    fees = comp.totals[("active", "fees", "amount")]
    assert isinstance(fees, Decimal) and fees == sum((v[("active", "fees", "amount")] for v in values), Decimal(0))
    assert [u.name for u in comp.units] == [f"局{s}" for s in range(1, 6)]
    # Key figures per unit: 不予公开 is the sum of the withheld rows, 行政诉讼 both litigation groups.
    for v, fig in zip(values, comp.figures, strict=False):
        withheld = sum(v[("applications", r.id, "total")] for r in FORMAT_2021.table("applications").rows
                       if r.group == "withheld")
        assert fig[("applications", "withheld", "total")] == withheld
        assert fig[("reviews", "litigation", "total")] == (v[("reviews", "litigation_direct", "total")]
                                                            + v[("reviews", "litigation_after_review", "total")])
        assert fig[("applications", "received", "total")] == v[("applications", "received", "total")]
    totals = unit_figures(FORMAT_2021, comp.totals)
    assert totals[("applications", "carried_out", "total")] == expected[("applications", "carried_out", "total")]
    assert totals[("applications", "withheld", "total")] == sum(
        fig[("applications", "withheld", "total")] for fig in comp.figures)


@pytest.mark.parametrize("suffix", [".xlsx", ".json", ".csv"])
def test_rollup_totals_of_totals_equal_totals_of_units(tmp_path, suffix):
    a_paths, a_values = make_units(tmp_path / "county_a", [1, 2, 3], "甲")
    b_paths, b_values = make_units(tmp_path / "county_b", [4, 5], "乙")
    for name, folder in (("甲县", "county_a"), ("乙县", "county_b")):
        r = run("compile", tmp_path / folder, "-o", tmp_path / f"{name}{suffix}", "-q")
        assert r.exit_code == 0, r.output
    city = tmp_path / "city.json"
    r = run("compile", tmp_path / f"甲县{suffix}", tmp_path / f"乙县{suffix}", "-o", city)
    assert r.exit_code == 0, r.output
    data = json.loads(city.read_text("utf-8"))
    got = {(t["table"], t["row"], t["column"]): t["value"] for t in data["tables"]}
    expected = summed(a_values + b_values)
    assert got == {k: (format(v, "f") if isinstance(v, Decimal) else v) for k, v in expected.items()}
    assert [u["unit"] for u in data["units"]] == ["甲县", "乙县"]
    assert data["findings"] == []
    # And compiling every unit directly gives the same totals.
    direct = compile_paths(a_paths + b_paths)
    assert direct.totals == expected


def test_rollup_mixes_summary_kinds(tmp_path):
    paths, values = make_units(tmp_path / "in", [1, 2])
    run("compile", paths[0], "-o", tmp_path / "a.xlsx")
    run("compile", paths[1], "-o", tmp_path / "b.csv")
    comp = compile_paths([tmp_path / "a.xlsx", tmp_path / "b.csv"])
    assert [f.code for u in comp.units for f in u.findings] == []
    assert comp.totals == summed(values)
    assert [u.name for u in comp.units] == ["局1", "局2"]  # a one-unit summary keeps the unit's name


def test_a_csv_that_is_not_a_summary_is_read_as_a_table(tmp_path):
    """Not compile's header: a clerk's table exported as CSV, read by its labels (here: none, no year)."""
    bad = tmp_path / "notes.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    comp = compile_paths([bad])
    assert [f.code for f in comp.units[0].findings] == ["E004"]
    assert comp.blocked


def test_edited_summary_is_checked_by_the_rules(tmp_path):
    paths, _ = make_units(tmp_path / "in", [1])
    out = tmp_path / "s.json"
    run("compile", paths[0], "-o", out)
    data = json.loads(out.read_text("utf-8"))
    rec = next(t for t in data["tables"] if (t["table"], t["row"], t["column"]) == ("reviews", "review", "upheld"))
    rec["value"] += 1
    out.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    comp = compile_paths([out])
    assert [(f.code, f.row) for f in comp.units[0].findings] == [("E205", "review")]


def test_mixed_years_are_refused(tmp_path):
    v = consistent_values(1)
    build(tmp_path / "a.xlsx", v, unit="甲", year=2021)
    build(tmp_path / "b.xlsx", v, unit="乙", year=2022)
    r = run("compile", tmp_path / "a.xlsx", tmp_path / "b.xlsx", "-o", tmp_path / "out.csv")
    assert r.exit_code == 1
    assert "E301" in r.stderr and not (tmp_path / "out.csv").exists()


# -- --on-error ------------------------------------------------------------------------------------


def broken_folder(tmp_path):
    paths, values = make_units(tmp_path / "in", [1, 2, 3])
    bad = dict(values[1])
    bad[("active", "penalty", "decisions")] = -5  # E102: a value that cannot be used
    cells = build(paths[1], bad, unit="局2")
    return paths, values, cells


def test_on_error_fail_writes_nothing(tmp_path):
    broken_folder(tmp_path)
    out = tmp_path / "out.xlsx"
    r = run("compile", tmp_path / "in", "-o", out)
    assert r.exit_code == 1
    assert not out.exists()
    assert "E102" in r.stderr and "nothing was written" in r.stderr


def test_on_error_fail_json_stdout_has_no_tables(tmp_path):
    broken_folder(tmp_path)
    r = run("compile", tmp_path / "in", "--format", "json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert data["tables"] == [] and data["breakdown"] == []
    assert [u["status"] for u in data["units"]] == ["ok", "error", "ok"]
    assert r.stderr == ""


def test_on_error_exclude_leaves_the_unit_out_and_lists_it(tmp_path):
    paths, values, _ = broken_folder(tmp_path)
    out = tmp_path / "out.json"
    r = run("compile", tmp_path / "in", "-o", out, "--on-error", "exclude")
    assert r.exit_code == 3  # written, but a unit was left out
    data = json.loads(out.read_text("utf-8"))
    assert [(u["unit"], u["status"]) for u in data["units"]] == [("局1", "ok"), ("局2", "excluded"), ("局3", "ok")]
    assert data["summary"]["included"] == 2
    got = {(t["table"], t["row"], t["column"]): t["value"] for t in data["tables"]}
    expected = summed([values[0], values[2]])
    assert got[("applications", "received", "total")] == expected[("applications", "received", "total")]
    assert got[("active", "penalty", "decisions")] == expected[("active", "penalty", "decisions")]
    assert {b["unit"] for b in data["breakdown"]} == {"局1", "局3"}
    assert any(f["code"] == "E102" for f in data["findings"])


def test_on_error_include_keeps_the_unit_and_reports_the_hole(tmp_path):
    paths, values, cells = broken_folder(tmp_path)
    out = tmp_path / "out.json"
    r = run("compile", tmp_path / "in", "-o", out, "--on-error", "include")
    assert r.exit_code == 3  # written, with a unit kept despite its errors
    data = json.loads(out.read_text("utf-8"))
    assert [u["status"] for u in data["units"]] == ["ok", "error", "ok"]
    got = {(t["table"], t["row"], t["column"]): t["value"] for t in data["tables"]}
    assert got[("active", "penalty", "decisions")] is None  # never silently 0
    hole = [f for f in data["findings"] if f["code"] == "E401"]
    assert [(f["table"], f["row"], f["column"]) for f in hole] == [("active", "penalty", "decisions")]
    expected = summed(values)
    assert got[("applications", "received", "total")] == expected[("applications", "received", "total")]
    # The hole survives a roll-up as an error, not as a 0.
    comp = compile_paths([out], settings=CompileSettings(on_error="include"))
    assert comp.totals[("active", "penalty", "decisions")] is None
    # In the xlsx the hole is a marker a reader cannot take for a number.
    import openpyxl

    r = run("compile", tmp_path / "in", "-o", tmp_path / "out.xlsx", "--on-error", "include")
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["统计表"]
    assert any(c.value == "?" for row in ws.iter_rows() for c in row)


def test_include_cannot_include_an_unreadable_file(tmp_path):
    paths, values = make_units(tmp_path / "in", [1, 2])
    (tmp_path / "in" / "broken-2021.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    comp = compile_paths(sorted((tmp_path / "in").glob("*.xlsx")), settings=CompileSettings(on_error="include"))
    statuses = {u.source.split("/")[-1]: u.status for u in comp.units}
    assert statuses["broken-2021.xlsx"] == "excluded"
    assert comp.totals == summed(values)


def test_strict_makes_warnings_block(tmp_path):
    v = consistent_values(3)
    v[("active", "coercion", "decisions")] = "-"  # a placeholder: W101, read as 0
    build(tmp_path / "a-2021.xlsx", v)
    assert run("compile", tmp_path / "a-2021.xlsx", "-o", tmp_path / "o.csv").exit_code == 0
    r = run("compile", tmp_path / "a-2021.xlsx", "-o", tmp_path / "p.csv", "--strict")
    assert r.exit_code == 1 and not (tmp_path / "p.csv").exists()


# -- output safety ------------------------------------------------------------------------------------


def test_refuses_to_write_onto_an_input(tmp_path):
    paths, _ = make_units(tmp_path / "in", [1])
    before = paths[0].read_bytes()
    r = run("compile", paths[0], "-o", paths[0])
    assert r.exit_code == 2
    assert paths[0].read_bytes() == before
    summary = tmp_path / "s.json"
    run("compile", paths[0], "-o", summary)
    assert run("compile", paths[0], summary, "-o", summary).exit_code == 2


def test_usage_errors(tmp_path):
    paths, _ = make_units(tmp_path / "in", [1])
    assert run("compile", paths[0], "--format", "xlsx").exit_code == 2
    assert run("compile", paths[0], "-o", tmp_path / "x.pdf").exit_code == 2
    assert run("compile", paths[0], "-o", tmp_path / "missing" / "x.csv").exit_code == 2
    assert run("compile", tmp_path / "nothing-here").exit_code == 2


def test_quick_start_prints_the_example(tmp_path):
    r = run("compile", EXAMPLES / "2021.xlsx")
    assert r.exit_code == 0
    for text in ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
                 "某市交通运输局", "35.6125", "1264"):
        assert text in r.stdout
    assert r.stderr == ""


def test_2019_format_rollup_keeps_signed_changes_and_money(tmp_path):
    """A 2020 county summary (2019 format: negative 本年增/减, 采购总金额 in 万元) compiles again."""
    from years_builders import values_2019

    from disclosure_cli.formats import FORMATS
    from disclosure_cli.pipeline import check as run_check

    fmt = FORMATS["2019"]
    a, b = values_2019(3), values_2019(4)
    build(tmp_path / "a-2020.xlsx", a, unit="甲", year=2020, fmt=fmt)
    build(tmp_path / "b-2020.xlsx", b, unit="乙", year=2020, fmt=fmt)
    direct = run_check([tmp_path / "a-2020.xlsx", tmp_path / "b-2020.xlsx"]).units
    want = {k: direct[0].values[k] + direct[1].values[k] for k in direct[0].values}
    for suffix in (".csv", ".json"):
        out = tmp_path / f"county{suffix}"
        r = CliRunner().invoke(cli, ["compile", str(tmp_path / "a-2020.xlsx"), str(tmp_path / "b-2020.xlsx"),
                                     "-o", str(out)])
        assert r.exit_code == 0, r.output
        (unit,) = run_check([out]).units
        assert unit.findings == [], [f.message("en") for f in unit.findings]
        assert unit.values == want
        assert unit.values[("active", "licensing", "change")] == -16


def test_blocked_compile_json_covers_no_unit(tmp_path):
    good, bad = tmp_path / "a-2021.xlsx", tmp_path / "b-2021.xlsx"
    build(good, consistent_values(1), unit="甲")
    cells = build(bad, consistent_values(2), unit="乙")
    from builders import edit

    edit(bad, {cells[("reviews", "review", "total")]: 999})
    r = CliRunner().invoke(cli, ["compile", str(good), str(bad), "--format", "json"])
    assert r.exit_code == 1
    doc = json.loads(r.output)
    assert doc["tables"] == [] and doc["summary"]["included"] == 0 and doc["summary"]["units"] == 2
    assert [f["code"] for f in doc["findings"]] == ["E205"]
