"""Hostile values: any number, however large, small, long or strange, is read or refused with
E101/E102/E103 — in a cell, in a summary's JSON or CSV — never raised, and in microseconds."""

from __future__ import annotations

import json
import time
from decimal import Decimal

import pytest
from builders import build, consistent_values, edit

from disclosure_cli.formats.schema import AMOUNT, COUNT, MONEY, SIGNED
from disclosure_cli.model.values import BAD, MAX_DIGITS, MAX_NUMBER_CHARS, OK, parse, show
from disclosure_cli.pipeline import CompileSettings, check, compile_inputs, read_checked

HOSTILE = [float("nan"), float("inf"), float("-inf"), 1e308, -1e308, 1e28, -1e28, 1e15, -1e15, 5e-324, 1e-300,
           10 ** 400, -(10 ** 30), "1" * 400, "9" * 5000, "1e28", "NaN", "inf", "Infinity", "1E+400", "-0", "0." + "0" * 300
           + "1", "1" * 16, "１" * 20, "1,000,000,000,000,000", "0x10", "+5", "--5", "5-", "1e5", " " * 10000,
           "1" * 2_000_000]


@pytest.mark.parametrize("kind", [COUNT, SIGNED, AMOUNT, MONEY])
@pytest.mark.parametrize("raw", HOSTILE, ids=lambda r: repr(r)[:24])
def test_any_value_is_read_or_refused_never_raised(raw, kind):
    t0 = time.perf_counter()
    p = parse(raw, kind)
    assert time.perf_counter() - t0 < 0.05  # the 2-million-digit string took 187 s in int(Decimal)
    if p.status == OK:
        assert abs(p.value) < 10 ** MAX_DIGITS
        show(p.value)
    else:
        assert p.code in ("E101", "E102", "E103") or p.status == "blank"
        if p.code:
            assert len(str(p.params.get("value", ""))) <= 60  # the message shows an excerpt, not megabytes


@pytest.mark.parametrize("raw, kind, code", [
    (1e28, AMOUNT, "E101"), ("1" + "0" * 28, AMOUNT, "E101"), (-1e28, COUNT, "E101"), (-1e28, SIGNED, "E101"),
    ("1" * 400, COUNT, "E101"), ("1" * 5000, COUNT, "E101"), (1e308, COUNT, "E101"), (10 ** 15, COUNT, "E101"),
    (float("nan"), COUNT, "E101"), (-3.0, COUNT, "E102"), (2.5, COUNT, "E103"), (5e-324, AMOUNT, "E103"),
])
def test_the_code_names_what_is_wrong(raw, kind, code):
    p = parse(raw, kind)
    assert (p.status, p.code) == (BAD, code)


def test_the_largest_numbers_read_and_the_limit_is_named():
    assert parse(float(10 ** MAX_DIGITS - 1), COUNT).value == 10 ** MAX_DIGITS - 1
    assert parse("999999999999999", COUNT).value == 999_999_999_999_999
    assert parse("99999999999.9999", AMOUNT).value == Decimal("99999999999.9999")
    hint = parse(1e15, COUNT).params["hint"]
    assert "15" in hint.en and "15" in hint.zh
    too_long = parse("1" * (MAX_NUMBER_CHARS + 1), COUNT).params["hint"]
    assert str(MAX_NUMBER_CHARS) in too_long.en


def test_negative_zero_is_zero():
    for raw, kind in ((-0.0, COUNT), (-0.0, AMOUNT), ("-0", SIGNED), ("-0.0", AMOUNT)):
        p = parse(raw, kind)
        assert p.status == OK and p.value == 0 and show(p.value) == "0"


@pytest.mark.parametrize("value", [1e308, 1e28, -1e28, 3e9 * 1e9])
def test_huge_numbers_in_cells_are_findings_in_the_bulk_path_too(tmp_path, value):
    """Whole numbers take a bulk path (no parse per cell): its bound must hold as well."""
    path = tmp_path / "2021.xlsx"
    cells = build(path, consistent_values(21))
    k = ("applications", "received", "natural_person")
    edit(path, {cells[k]: value})
    (unit,) = read_checked(path)
    assert unit.values[k] is None
    assert [f.code for f in unit.findings if f.cell == cells[k].split("!")[1]] == ["E101"]


def test_the_amount_of_1e28_wanyuan_is_e101_not_a_traceback(tmp_path):
    path = tmp_path / "2021.xlsx"
    cells = build(path, consistent_values(22))
    k = ("active", "fees", "amount")
    edit(path, {cells[k]: 1e28})
    (unit,) = check([path]).units
    assert [f.code for f in unit.findings] == ["E101"] and unit.values[k] is None


def _summary(tmp_path, suffix: str) -> str:
    path = tmp_path / "r-2021.xlsx"
    build(path, consistent_values(23))
    out = tmp_path / f"s{suffix}"
    compile_inputs([path], settings=CompileSettings(output=out))
    return out.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("value", ["1" * 5000, "9" * 400, "1e400", "-1" + "0" * 30, "NaN"])
def test_summary_csv_with_hostile_numbers(tmp_path, value):
    text = _summary(tmp_path, ".csv")
    lines = text.splitlines()
    i = next(i for i, line in enumerate(lines) if line.startswith("applications,received,total,"))
    parts = lines[i].split(",")
    parts[3] = value
    lines[i] = ",".join(parts)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (unit,) = check([bad]).units
    assert unit.values[("applications", "received", "total")] is None
    assert "E101" in {f.code for f in unit.findings}


@pytest.mark.parametrize("year", ["9" * 5000, "²⁰²¹", "02021"])
def test_summary_csv_with_a_year_that_is_no_year(tmp_path, year):
    """The summary's year row holding digits int() refuses (5,000 of them, superscripts) or no four-digit
    year: the summary has no year (E004), never a reading that failed (found by fuzzing)."""
    text = _summary(tmp_path, ".csv").replace("summary,year,,2021,", f"summary,year,,{year},", 1)
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8-sig")
    (unit,) = check([bad]).units
    assert unit.year is None
    assert [f.code for f in unit.findings if f.is_error] == ["E004"]


@pytest.mark.parametrize("value", [10 ** 400, "9" * 5000, "1e308", 1e308, -(10 ** 20), True, [1], {"a": 1}])
def test_summary_json_with_hostile_numbers(tmp_path, value):
    doc = json.loads(_summary(tmp_path, ".json"))
    rec = next(r for r in doc["tables"] if (r["table"], r["row"], r["column"]) == ("applications", "received", "total"))
    rec["value"] = value
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    (unit,) = check([bad]).units
    assert unit.values[("applications", "received", "total")] is None
    assert "E101" in {f.code for f in unit.findings}


def test_summary_json_with_a_number_past_the_int_string_limit(tmp_path):
    """json.loads itself refuses an integer of more than 4,300 digits: the file is no summary (E003)."""
    text = _summary(tmp_path, ".json").replace('"value": 0', '"value": ' + "1" * 5000, 1)
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    (unit,) = check([bad]).units
    assert [f.code for f in unit.findings] == ["E003"]
