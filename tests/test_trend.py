"""Year on year from a two-year history (every key figure and indicator: this year, last year, change),
the summary's last year only when every unit has one, and `history --trend` over all recorded years."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from builders import build
from click.testing import CliRunner
from indicator_builders import RECEIVED, designed

from disclosure_cli.cli import cli
from disclosure_cli.formats.f2019 import FORMAT_2019

JIA_2021 = designed({"disclosed": {"natural_person": 30}, "withheld.state_secret": {"natural_person": 10}})
JIA_2022 = designed({"disclosed": {"natural_person": 45}, "withheld.state_secret": {"natural_person": 5}})
YI_2021 = designed({"disclosed": {"natural_person": 40}})  # 40 received
YI_2022 = designed({"disclosed": {"natural_person": 250}})  # 250 received: more than ×5 (A001)


def invoke(*args):
    return CliRunner().invoke(cli, [*map(str, args), "--lang", "en"], catch_exceptions=False)


@pytest.fixture
def store(tmp_path):
    """2021 and 2022 of 甲局 and 乙局, compiled year by year into one history store."""
    for year, units in ((2021, {"甲局": JIA_2021, "乙局": YI_2021}), (2022, {"甲局": JIA_2022, "乙局": YI_2022})):
        (tmp_path / str(year)).mkdir()
        for name, values in units.items():
            build(tmp_path / str(year) / f"{name}.xlsx", values, unit=name, year=year)
    db = tmp_path / "h.db"
    assert invoke("compile", tmp_path / "2021", "--history", db, "-o", tmp_path / "2021.json").exit_code == 0
    return tmp_path, db


def test_every_key_figure_and_indicator_this_year_last_year_and_the_change(store):
    root, db = store
    out = root / "2022.json"
    assert invoke("compile", root / "2022", "--history", db, "-o", out).exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    yoy = {(r["unit"], r["row"]): r for r in doc["year_on_year"] if r["table"] == "applications"}
    assert yoy[(None, "received")] == {"unit": None, "source": None, "table": "applications", "row": "received",
                                       "column": "total", "this_year": 300, "last_year": 80, "change": 220}
    assert (yoy[("甲局", "withheld")]["last_year"], yoy[("甲局", "withheld")]["this_year"]) == (10, 5)
    assert yoy[("甲局", "withheld")]["change"] == -5
    rates = {(r["unit"], r["indicator"]): r for r in doc["indicators"]}
    jia = rates[("甲局", "disclosure_rate")]
    assert (jia["value"], jia["last_year"], jia["change"]) == (0.9, 0.75, 0.15)
    total = rates[(None, "disclosure_rate")]  # 295 of 300 against 70 of 80, from the summed counts
    assert (total["value"], total["last_year"]) == (round(295 / 300, 6), 0.875)
    assert total["change"] == round(round(295 / 300, 6) - 0.875, 6)
    a001 = [f for f in doc["findings"] if f["code"] == "A001"]
    assert {(f["unit"], f["row"]) for f in a001} >= {("乙局", "received")}
    assert not any(f["unit"] == "甲局" for f in a001)  # 40 → 50: no jump


def test_the_indicators_sheet_compares_with_last_year_and_draws_the_trend(store):
    root, db = store
    out = root / "2022.xlsx"
    assert invoke("compile", root / "2022", "--history", db, "-o", out).exit_code == 0
    ws = openpyxl.load_workbook(out)["指标"]
    head = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Indicator")
    assert head[:8] == ("Indicator", "Formula", "Numerator", "Denominator", "This year", "Last year", "Change", "Note")
    row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "disclosure rate")
    assert row[4:7] == (round(295 / 300, 6), 0.875, 10.8)  # 98.3 % against 87.5 %: +10.8 points
    figure = next(r for r in ws.iter_rows(values_only=True) if r[0] == "新收申请")
    assert figure[4:7] == (300, 80, 220)
    assert [type(c).__name__ for c in ws._charts] == ["BarChart", "BarChart", "LineChart"]
    years = [r for r in ws.iter_rows(values_only=True) if r[0] in ("2021", "2022")]
    assert [(r[0], r[2], r[3]) for r in years] == [("2021", 2, 80), ("2022", 2, 300)]


def test_the_totals_are_compared_only_when_every_unit_had_last_year(store):
    root, db = store
    build(root / "2022" / "丙局.xlsx", designed({"disclosed": {"natural_person": 3}}), unit="丙局", year=2022)
    out = root / "2022.json"
    assert invoke("compile", root / "2022", "--history", db, "-o", out).exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    total = next(r for r in doc["year_on_year"] if r["unit"] is None and r["row"] == "received")
    assert (total["this_year"], total["last_year"], total["change"]) == (303, None, None)
    units = {r["unit"]: r for r in doc["year_on_year"] if r["row"] == "received"}
    assert units["甲局"]["last_year"] == 40 and units["丙局"]["last_year"] is None  # no report last year
    assert next(r for r in doc["indicators"] if r["unit"] is None)["last_year"] is None
    xlsx = root / "2022.xlsx"
    assert invoke("compile", root / "2022", "--history", db, "-o", xlsx).exit_code == 0
    first = [c for r in openpyxl.load_workbook(xlsx)["指标"].iter_rows(max_row=4, values_only=True) for c in r if c]
    assert "last year: only 2 of 3 unit(s) have last year's report, so the totals are not compared" in first


def test_last_year_in_the_2019_format(tmp_path):
    old = designed({"disclosed": {"natural_person": 20}, "other_handling": {"natural_person": 5}}, fmt=FORMAT_2019)
    build(tmp_path / "甲局-2020.xlsx", old, unit="甲局", year=2020, fmt=FORMAT_2019)
    build(tmp_path / "甲局-2021.xlsx", JIA_2021, unit="甲局", year=2021)
    out = tmp_path / "s.json"
    r = invoke("compile", tmp_path / "甲局-2021.xlsx", "--previous", tmp_path / "甲局-2020.xlsx", "-o", out)
    assert r.exit_code == 0, r.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    rates = {r["indicator"]: r for r in doc["indicators"] if r["unit"] == "甲局"}
    assert rates["substantive_rate"]["last_year"] == 1.0  # 20 of 25 − 5 其他处理 (a row in 2019)
    assert rates["disclosure_rate"]["last_year"] == 0.8
    yoy = {(r["table"], r["row"], r["column"]): r for r in doc["year_on_year"] if r["unit"] == "甲局"}
    assert yoy[RECEIVED]["last_year"] == 25
    assert yoy[("active", "normative_documents", "in_force")]["last_year"] is None  # not in the 2019 format


# -- disclosure history --trend --------------------------------------------------------------------


def test_trend_prints_every_recorded_year(store):
    root, db = store
    assert invoke("compile", root / "2022", "--history", db, "-o", root / "2022.json").exit_code == 0
    r = invoke("history", db, "--trend")
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert lines[0].startswith("All units over the years")
    assert lines[1].split() == ["Item", "2021", "2022"]
    assert next(line for line in lines if line.startswith("新收申请")).split() == ["新收申请", "80", "300"]
    assert next(line for line in lines if line.startswith("disclosure rate")).split()[-2:] == ["87.5%", "98.3%"]
    # A unit alone, as JSON.
    doc = json.loads(invoke("history", db, "--trend", "甲局", "--format", "json").output)
    assert doc["unit"] == "甲局"
    got = {(x["year"], x["id"]): x for x in doc["trend"]}
    assert got[(2021, "applications.received.total")]["value"] == 40
    assert (got[(2022, "disclosure_rate")]["numerator"], got[(2022, "disclosure_rate")]["denominator"]) == (45, 50)
    assert got[(2022, "review_correction_rate")]["not_applicable"] == "zero"


def test_trend_writes_xlsx_with_line_charts_and_tidy_csv(store):
    root, db = store
    assert invoke("compile", root / "2022", "--history", db, "-o", root / "2022.json").exit_code == 0
    xlsx = root / "trend.xlsx"
    r = invoke("history", db, "--trend", "-o", xlsx)
    assert r.exit_code == 0 and "wrote" in r.output
    ws = openpyxl.load_workbook(xlsx)["历年情况"]
    assert [type(c).__name__ for c in ws._charts] == ["LineChart", "LineChart"]
    rows = {r[0]: r[1:3] for r in ws.iter_rows(min_row=4, values_only=True)}
    assert rows["新收申请"] == (80, 300) and rows["Units"] == (2, 2)
    assert rows["review correction rate"] == ("n/a", "n/a")
    out = root / "trend.csv"
    assert invoke("history", db, "--trend", "乙局", "-o", out).exit_code == 0
    recs = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    got = {(r["year"], r["id"]): r for r in recs}
    assert got[("2022", "applications.received.total")]["value"] == "250"
    assert got[("2021", "applications.received.total")]["unit"] == "乙局"
    assert got[("2022", "disclosure_rate")]["value"] == "1.0"


def test_trend_of_an_unknown_unit_and_wrong_outputs(store):
    root, db = store
    r = invoke("history", db, "--trend", "丁局")
    assert r.exit_code == 1 and "holds no records of 丁局" in r.output
    assert invoke("history", db, "--trend", "-o", root / "t.json").exit_code == 2
    assert invoke("history", db, "-o", root / "t.xlsx").exit_code == 2  # -o is for --trend
    assert not (root / "t.xlsx").exists() and not (root / "t.json").exists()
    empty = root / "empty.db"
    empty.write_bytes(b"")
    r = invoke("history", empty, "--trend")
    assert r.exit_code == 0 and "holds no records of any unit" in r.output


def test_the_terminal_shows_the_indicators_against_last_year(store):
    root, db = store
    r = invoke("compile", root / "2022", "--history", db)
    assert r.exit_code == 0
    lines = r.output.splitlines()
    head = lines.index("Indicators")
    assert ["Indicator", "This", "year", "Counts", "Last", "year", "Change"] == \
        [w for w in lines[head + 2].replace("│", " ").split()]
    rate = next(line for line in lines[head:] if "disclosure rate" in line)
    assert [w for w in rate.replace("│", " ").split()][-5:] == ["98.3%", "295/300", "87.5%", "+10.8", "points"]
