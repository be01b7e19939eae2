"""The history store: record, replace, list, and refuse files that are not a history store."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal

import pytest
from builders import build, consistent_values
from click.testing import CliRunner
from years_builders import values_2019, values_2021_after

from disclosure_cli import history
from disclosure_cli.cli import cli
from disclosure_cli.formats.f2019 import FORMAT_2019
from disclosure_cli.history import Store
from disclosure_cli.messages.errors import ToolError
from disclosure_cli.pipeline import check

APP = "applications"


def _units(tmp_path, name, values, year, fmt=None, unit="测试局"):
    path = tmp_path / name
    build(path, values, year=year, unit=unit, **({"fmt": fmt} if fmt else {}))
    return check([path]).units


def _history(*args):
    return CliRunner().invoke(cli, ["history", *map(str, args)])


def test_record_then_read_back_exact_values(tmp_path):
    v20 = values_2019(51)
    units = _units(tmp_path, "2020.xlsx", v20, 2020, FORMAT_2019)
    db = tmp_path / "h.db"
    done = history.record(db, units)
    assert done.added == [("测试局", 2020)] and not done.replaced
    prev = history.previous_for(db, " 测试局 ", 2021)  # matched by cleaned name
    assert prev is not None and (prev.year, prev.format_id) == (2020, "2019")
    assert prev.values == units[0].values
    assert prev.values[("active", "procurement", "amount")] == Decimal("25.1")
    assert prev.values[("active", "licensing", "change")] == -8
    assert history.previous_for(db, "测试局", 2020) is None
    assert history.previous_for(db, "别的局", 2021) is None


def test_recompiling_a_unit_year_replaces_it(tmp_path):
    db = tmp_path / "h.db"
    v = consistent_values(52)
    first = _units(tmp_path, "a.xlsx", v, 2021)
    assert history.record(db, first).added == [("测试局", 2021)]
    assert history.record(db, first).unchanged == [("测试局", 2021)]
    v[(APP, "disclosed", "natural_person")] += 1
    changed = _units(tmp_path, "b.xlsx", v, 2021)
    assert history.record(db, changed).replaced == [("测试局", 2021)]
    (entry,) = history.entries(db)
    assert entry.source.endswith("b.xlsx") and entry.errors == changed[0].errors
    prev = history.previous_for(db, "测试局", 2022)
    assert prev.values[(APP, "disclosed", "natural_person")] == v[(APP, "disclosed", "natural_person")]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 1


def test_units_without_year_or_excluded_are_skipped(tmp_path):
    db = tmp_path / "h.db"
    units = _units(tmp_path, "report.xlsx", consistent_values(53), None)
    assert units[0].year is None
    ok = _units(tmp_path, "ok.xlsx", consistent_values(54), 2021, unit="乙局")
    ok[0].excluded = True
    done = history.record(db, units + ok)
    assert done.skipped == ["测试局", "乙局"] and not done.added
    assert history.entries(db) == []


def test_history_command_lists_text_and_json(tmp_path):
    db = tmp_path / "h.db"
    v20 = values_2019(55)
    history.record(db, _units(tmp_path, "2020.xlsx", v20, 2020, FORMAT_2019))
    history.record(db, _units(tmp_path, "2021.xlsx", values_2021_after(v20, 56), 2021))
    history.record(db, _units(tmp_path, "b2021.xlsx", consistent_values(57), 2021, unit="乙局"))
    result = _history(db, "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.output)
    got = [(r["unit"], r["year"], r["format"]) for r in doc["records"]]
    assert got == [("乙局", 2021, "2021"), ("测试局", 2020, "2019"), ("测试局", 2021, "2021")] or \
        got == [("测试局", 2020, "2019"), ("测试局", 2021, "2021"), ("乙局", 2021, "2021")]
    assert all(len(r["content_hash"]) == 64 and r["numbers"] > 150 for r in doc["records"])
    text = _history(db, "--lang", "en")
    assert text.exit_code == 0
    assert "测试局" in text.output and "乙局" in text.output and "3 record(s) (2 unit(s), 2020–2021)" in text.output
    assert "共 3 条记录" in _history(db, "--lang", "zh").output


def test_year_on_year_received(tmp_path):
    db = tmp_path / "h.db"
    v20 = values_2019(58)
    history.record(db, _units(tmp_path, "2020.xlsx", v20, 2020, FORMAT_2019))
    v21 = values_2021_after(v20, 59)
    units = _units(tmp_path, "2021.xlsx", v21, 2021) + _units(tmp_path, "n.xlsx", consistent_values(60), 2021,
                                                              unit="新设局")
    rows = history.year_on_year(db, units)
    now, before = v21[(APP, "received", "total")], v20[(APP, "received", "total")]
    assert rows[0] == {"unit": "测试局", "year": 2021, "this_year": now, "last_year": before, "change": now - before}
    assert rows[1]["last_year"] is None and rows[1]["change"] is None


# -- files that are not a history store ------------------------------------------------------


def _garbage(tmp_path):
    path = tmp_path / "garbage.db"
    path.write_bytes(bytes(range(256)) * 8)
    return path


def _foreign(tmp_path):
    path = tmp_path / "other-app.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('x')")
    conn.close()
    return path


def _truncated(tmp_path):
    """A real store whose pages after the header were overwritten."""
    path = tmp_path / "broken.db"
    history.record(path, _units(tmp_path, "2021.xlsx", consistent_values(61), 2021))
    data = bytearray(path.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("make, reason", [(_garbage, "not_sqlite"), (_foreign, "foreign"), (_truncated, "corrupt")])
def test_not_a_history_store_is_a_clear_error_and_left_untouched(tmp_path, make, reason):
    path = make(tmp_path)
    before = path.read_bytes()
    with pytest.raises(ToolError) as err:
        Store.open(path)
    assert err.value.reason == "history." + reason
    with pytest.raises(ToolError) as err:
        history.record(path, _units(tmp_path, "x.xlsx", consistent_values(62), 2021))
    assert err.value.reason in ("history." + reason, "history.unwritable")
    assert path.read_bytes() == before
    for lang, word in (("en", str(path)), ("zh", str(path))):
        result = _history(path, "--lang", lang)
        assert result.exit_code == 2 and word in result.output and "Traceback" not in result.output
    p21 = tmp_path / "2021.xlsx"
    build(p21, consistent_values(63), year=2021)
    result = CliRunner().invoke(cli, ["check", str(p21), "--history", str(path), "--lang", "en"])
    assert result.exit_code == 2 and "history store" in result.output
    assert path.read_bytes() == before


def test_missing_store_for_check_and_history_empty_file(tmp_path):
    p21 = tmp_path / "2021.xlsx"
    build(p21, consistent_values(64), year=2021)
    missing = tmp_path / "nope.db"
    result = CliRunner().invoke(cli, ["check", str(p21), "--history", str(missing), "--lang", "en"])
    assert result.exit_code == 2 and "does not exist" in result.output
    assert not missing.exists()  # check never creates a store
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    assert history.entries(empty) == []
    assert "holds no records" in _history(empty, "--lang", "en").output
    history.record(empty, check([p21]).units)  # a 0-byte file becomes a store
    assert [e.year for e in history.entries(empty)] == [2021]
    with sqlite3.connect(empty) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == history.store.APPLICATION_ID
    conn.close()


def test_check_with_history_does_not_write(tmp_path):
    db = tmp_path / "h.db"
    p21 = tmp_path / "2021.xlsx"
    build(p21, consistent_values(65), year=2021)
    history.record(db, check([p21]).units)
    before = db.read_bytes()
    result = CliRunner().invoke(cli, ["check", str(p21), "--history", str(db)])
    assert result.exit_code == 0  # W304 only: no 2020 record
    assert db.read_bytes() == before


def test_a_batch_waits_in_a_file_and_gives_back_what_was_added_less_what_was_taken_back():
    """What a compile will record waits in a temporary file (50,000 units held 150 MB), and comes back in
    the order added: a unit-year taken back (E302) is left out and named as skipped, once."""
    from disclosure_cli.formats.f2021 import FORMAT_2021
    from disclosure_cli.history.batch import Batch
    from disclosure_cli.model.unit import Unit

    def unit(name, year, excluded=False):
        values = {k: i for i, k in enumerate(FORMAT_2021.keys())}
        return Unit(name=name, source=f"{name}.xlsx", format=FORMAT_2021, year=year, values=values,
                    excluded=excluded)

    batch = Batch()
    assert list(batch.rows) == []
    for u in (unit("甲局", 2021), unit("乙局", 2021), unit("丙局", 2021, excluded=True), unit("甲局", 2022)):
        batch.add(u)
    assert batch._spool is not None and batch._spool.tell() > 0  # written out, not held
    batch.remove("甲局", 2021)
    batch.remove("甲局", 2021)  # twice: skipped once
    batch.remove("丁局", 2021)  # never added: nothing to take back
    rows = list(batch.rows)
    assert [(r.unit, r.year) for r in rows] == [("乙局", 2021), ("甲局", 2022)]
    assert batch.skipped == ["丙局", "甲局"]
    assert json.loads(rows[0].records)[0]["value"] == 0 and list(batch.rows) == rows  # read again: the same
