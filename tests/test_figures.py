"""The packed per-unit figures (summary.figures): every row read back is the dict that was put in."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from disclosure_cli import formats
from disclosure_cli.summary.compilation import figure_columns, unit_figures
from disclosure_cli.summary.figures import FigureTable

A, B, FEE = ("t", "a", "x"), ("t", "b", "x"), ("t", "fee", "x")


def test_rows_come_back_as_put_in_with_their_types():
    table = FigureTable([A, B, FEE], [FEE])
    rows = [None, {A: 1, B: None, FEE: Decimal("2.50")}, {A: 2**40, B: -3, FEE: Decimal("1E+3")},
            {A: 0, FEE: Decimal("-0.00")}, {("other",): 1}, {A: True, B: 2.5, FEE: 7}, {B: 4}]
    for r in rows:
        table.append(r)
    got = list(table)
    assert got == rows
    for a, b in zip(got, rows, strict=True):
        if a is not None:
            assert list(a) == list(b)  # the keys' order
            assert [type(v) for v in a.values()] == [type(v) for v in b.values()]
            assert [str(v) for v in a.values()] == [str(v) for v in b.values()]  # Decimal exponents kept
    assert table[-1] == {B: 4} and table[1:3] == rows[1:3]


def test_columns_set_by_the_first_row_pad_the_rows_before():
    table = FigureTable()
    table.append(None)
    table.append({A: 5, B: 6})
    table.append({A: 7})
    assert list(table) == [None, {A: 5, B: 6}, {A: 7}]
    assert table.any()


def test_a_row_taken_back_and_the_last_row_replaced():
    table = FigureTable([A, B])
    for r in ({A: 1, B: 2}, {A: 3, B: 2**33}, None):
        table.append(r)
    table[0] = None
    table.replace_last({A: 9, B: 2**35})
    assert list(table) == [None, {A: 3, B: 2**33}, {A: 9, B: 2**35}]
    assert table.held() == bytes([0, 1, 1])  # which rows hold figures, none read back
    table.replace_last(None)
    assert table.held() == bytes([0, 1, 0]) and [r is not None for r in table] == [False, True, False]
    empty = FigureTable([A])
    empty.append(None)
    assert not empty.any() and len(empty) == 1 and empty.held() == b"\x00"


def test_a_units_figures_under_its_formats_columns():
    fmt = formats.FORMATS["2021"]
    keys, amounts = figure_columns(fmt)
    assert amounts == {("active", "fees", "amount")}
    values = {k: i for i, k in enumerate(fmt.keys())}
    values[("active", "fees", "amount")] = Decimal("12.3400")
    figures = unit_figures(fmt, values)
    table = FigureTable(keys, amounts)
    table.append(figures)
    assert table[0] == figures and str(table[0][("active", "fees", "amount")]) == "12.3400"
    assert table._other == {} and table._big == {}  # packed, nothing kept beside the arrays


# The edges of int16 and int32, where counts widen or go beside the arrays, besides any integer.
_EDGES = st.sampled_from([2**15 - 1, 2**15, -(2**15) + 2, -(2**15) + 3, 2**31 - 1, 2**31, -(2**31) + 2, -(2**31) + 3])
_VALUES = st.one_of(st.none(), st.integers(-(2**70), 2**70), _EDGES, st.integers(-300, 300),
                    st.decimals(allow_nan=False, allow_infinity=False))


@given(st.lists(st.one_of(st.none(), st.fixed_dictionaries({}, optional={A: _VALUES, B: _VALUES, FEE: _VALUES})),
                max_size=12))
def test_any_rows_round_trip(rows):
    table = FigureTable([A, B, FEE], [FEE])
    for r in rows:
        table.append(r)
    got = list(table)
    assert got == rows
    assert [None if r is None else [(k, str(v)) for k, v in r.items()] for r in got] == \
        [None if r is None else [(k, str(v)) for k, v in r.items()] for r in rows]


def test_counts_widen_from_int16_to_int32_once_keeping_every_row():
    """A department's counts fit int16 (two bytes a count); the first count that does not moves them all to
    int32, the rows before it (None, unknown, absent figures among them) read back as they were put in."""
    table = FigureTable([A, B, FEE], [FEE])
    before = [{A: 1, B: None, FEE: Decimal("2.5")}, None, {A: -(2**15) + 3, B: 2**15 - 1}, {B: 7}]
    for r in before:
        table.append(r)
    assert table._ints.typecode == "h"
    later = [{A: 2**15, B: 0}, {A: -(2**15) - 5, B: 2**31 - 1}, {A: 2**31, B: 1}, {A: None, B: -(2**31) + 3}]
    for r in later:
        table.append(r)
    assert table._ints.typecode == "i"
    assert list(table) == before + later
    assert table._big == {(6, A): 2**31}  # beyond int32: kept beside the arrays, as before
    table[0] = None
    table.replace_last({A: 40000, B: 2})
    assert list(table) == [None, *before[1:], *later[:-1], {A: 40000, B: 2}]
    assert table.holds(A) and not FigureTable([A]).holds(A)


def test_a_wide_count_in_a_row_of_its_own_layout_widens_too():
    table = FigureTable([A, B])
    table.append({A: 3})  # a row without B: the key-by-key path
    table.append({B: 70000})
    assert list(table) == [{A: 3}, {B: 70000}] and table._ints.typecode == "i"
