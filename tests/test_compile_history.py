"""compile --history: compares with last year, adds year-on-year columns, records only what it wrote."""

import json

from builders import build, consistent_values, edit
from click.testing import CliRunner

from disclosure_cli.cli import cli
from disclosure_cli.history import entries

RECEIVED = ("applications", "received", "total")


def invoke(*args):
    return CliRunner().invoke(cli, [*map(str, args), "--lang", "en"], catch_exceptions=False)


def two_years(tmp_path):
    first = {"甲局": consistent_values(11), "乙局": consistent_values(12)}
    second = {"甲局": consistent_values(13), "乙局": consistent_values(14)}
    for year, units in ((2021, first), (2022, second)):
        for name, values in units.items():
            build(tmp_path / f"{name}-{year}.xlsx", values, unit=name, year=year)
    return first, second


def test_history_records_then_compares_and_adds_year_on_year(tmp_path):
    first, second = two_years(tmp_path)
    db = tmp_path / "h.db"
    r = invoke("compile", *sorted(tmp_path.glob("*-2021.xlsx")), "--history", db, "-o", tmp_path / "a.json")
    assert r.exit_code == 0, r.output
    assert sorted((e.unit, e.year) for e in entries(db)) == [("乙局", 2021), ("甲局", 2021)]
    out = tmp_path / "b.json"
    r = invoke("compile", *sorted(tmp_path.glob("*-2022.xlsx")), "--history", db, "-o", out)
    assert r.exit_code == 0, r.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    yoy = {(b["unit"], b["row"]): b["value"] for b in doc["breakdown"] if b["table"] == "yoy"}
    for name in ("甲局", "乙局"):
        last, now = first[name][RECEIVED], second[name][RECEIVED]
        assert yoy[(name, "received_last_year")] == last
        assert yoy[(name, "received_change")] == now - last
    # carried_in of 2022 is not last year's carried_out in generated data: W301 per unit
    assert {f["code"] for f in doc["findings"]} >= {"W301"}
    assert len(entries(db)) == 4


def test_blocked_compile_records_nothing(tmp_path):
    _, second = two_years(tmp_path)
    db = tmp_path / "h.db"
    bad = tmp_path / "甲局-2022.xlsx"
    cells = build(bad, second["甲局"], unit="甲局", year=2022)
    edit(bad, {cells[RECEIVED]: 1})
    r = invoke("compile", *sorted(tmp_path.glob("*-2022.xlsx")), "--history", db, "-o", tmp_path / "x.json")
    assert r.exit_code == 1 and not (tmp_path / "x.json").exists()
    assert not db.exists()  # nothing recorded: the store is not even created
    r = invoke("compile", *sorted(tmp_path.glob("*-2022.xlsx")), "--history", db, "--on-error", "exclude",
               "-o", tmp_path / "x.json")
    assert r.exit_code == 3 and (tmp_path / "x.json").exists()  # written, a unit left out
    assert [(e.unit, e.year) for e in entries(db)] == [("乙局", 2022)]


def test_previous_and_history_together_is_a_usage_error(tmp_path):
    two_years(tmp_path)
    r = invoke("compile", tmp_path / "甲局-2022.xlsx", "--history", tmp_path / "h.db",
               "--previous", tmp_path / "甲局-2021.xlsx")
    assert r.exit_code == 2


def test_corrupt_store_is_exit_2_and_untouched(tmp_path):
    two_years(tmp_path)
    db = tmp_path / "h.db"
    db.write_bytes(b"not a database at all" * 10)
    before = db.read_bytes()
    r = invoke("compile", tmp_path / "甲局-2022.xlsx", "--history", db)
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert db.read_bytes() == before


def test_previous_may_be_a_compiled_summary(tmp_path):
    first, second = two_years(tmp_path)
    summary = tmp_path / "甲局-2021-summary.json"
    assert invoke("compile", tmp_path / "甲局-2021.xlsx", "-o", summary).exit_code == 0
    r = invoke("check", tmp_path / "甲局-2022.xlsx", "--previous", summary, "--format", "json")
    doc = json.loads(r.output)
    codes = {f["code"] for f in doc["findings"]}
    assert "W304" not in codes  # the summary was matched as last year's report
    assert "W301" in codes
