"""Cell values: exact numbers, tolerated spellings, and the codes for what cannot be a number."""

import datetime as dt
from decimal import Decimal

import pytest

from disclosure_cli.formats.schema import AMOUNT, COUNT, SIGNED
from disclosure_cli.model.values import BAD, BLANK, OK, parse, values_at


@pytest.mark.parametrize("raw, value", [(12.0, 12), (12, 12), (0.0, 0), (1e3, 1000)])
def test_floats_from_the_reader_are_whole_numbers(raw, value):
    p = parse(raw, COUNT)
    assert (p.status, p.value, p.code) == (OK, value, None)
    assert isinstance(p.value, int)


@pytest.mark.parametrize("raw, value", [
    ("12", 12), (" 12 ", 12), ("１２", 12), ("1,234", 1234), ("1，234", 1234), ("12件", 12), ("\u200b7", 7),
])
def test_text_numbers_are_read_with_w102(raw, value):
    p = parse(raw, COUNT)
    assert (p.status, p.value, p.code) == (OK, value, "W102")


@pytest.mark.parametrize("raw", ["", None, "-", "—", "/", "无", "空", " ", "——", "－"])
def test_blanks_and_placeholders(raw):
    assert parse(raw, COUNT).status == BLANK


@pytest.mark.parametrize("raw, code", [
    ("abc", "E101"), ("12a", "E101"), (True, "E101"), (dt.datetime(2021, 1, 5), "E101"), ("1.2.3", "E101"),
    (-3.0, "E102"), ("-3", "E102"), ("－３", "E102"),
    (2.5, "E103"), ("2.5", "E103"),
])
def test_unreadable_counts(raw, code):
    p = parse(raw, COUNT)
    assert (p.status, p.code) == (BAD, code)
    assert p.value is None


def test_amount_is_exact_decimal():
    assert parse(0.092, AMOUNT).value == Decimal("0.092")
    assert parse(35.6125, AMOUNT).value == Decimal("35.6125")
    # Binary float noise from a formula is dropped at 15 significant digits.
    assert parse(0.1 + 0.2, AMOUNT).value == Decimal("0.3")
    assert parse("1,234.5万元", AMOUNT).value == Decimal("1234.5")
    assert parse(12.0, AMOUNT).value == Decimal("12")


def test_amount_with_more_than_four_places_is_e103():
    assert parse(0.12345, AMOUNT).code == "E103"
    assert parse(0.1234, AMOUNT).status == OK


def test_signed_column_accepts_negative():
    assert parse(-8.0, SIGNED).value == -8
    assert parse("-8", SIGNED).value == -8


def test_e101_keeps_the_text_as_written():
    p = parse("见附件", COUNT)
    assert p.params["value"] == "见附件"


@pytest.mark.parametrize("raw, kind, status, value, code", [
    (5, COUNT, OK, 5, None),  # an .xls's whole number, as calamine reads it: an int
    (0, COUNT, OK, 0, None),
    (-3, SIGNED, OK, -3, None),
    (-3, COUNT, BAD, None, "E102"),
    (10**15, COUNT, BAD, None, "E101"),
    (10**400, COUNT, BAD, None, "E101"),
    (True, COUNT, BAD, None, "E101"),  # a bool is an int to Python, never a count here
    (7, AMOUNT, OK, Decimal(7), None),  # an amount goes the long way (its unit, its places)
])
def test_an_int_reads_as_the_same_number_a_float_does(raw, kind, status, value, code):
    p = parse(raw, kind)
    assert (p.status, p.value, p.code) == (status, value, code)
    if isinstance(raw, int) and not isinstance(raw, bool) and abs(raw) < 10**15:
        assert parse(float(raw), kind) == p


def test_values_at_gives_a_tuple_for_one_key_or_many_and_a_key_error_for_one_missing():
    values = {("t", "r", "a"): 1, ("t", "r", "b"): None, ("t", "s", "a"): 3}
    assert values_at([("t", "r", "a")])(values) == (1,)
    assert values_at((("t", "s", "a"), ("t", "r", "b"), ("t", "r", "a")))(values) == (3, None, 1)
    with pytest.raises(KeyError):
        values_at([("t", "r", "a"), ("t", "x", "a")])(values)
    with pytest.raises(KeyError):
        values_at([("t", "x", "a")])(values)
