"""Tables as tidy records {table, row, column, value}: JSON `tables`, the CSV, the history store."""

from __future__ import annotations

from decimal import Decimal

from ..formats.schema import Format, Key
from .values import show

# The CSV summary's columns and the `table` values of its rows about the summary and its units:
# written by the CSV renderer, read back by the summary reader (roll-ups).
CSV_HEADER = ["table", "row", "column", "value", "unit", "source"]
CSV_SUMMARY, CSV_UNITS = "summary", "units"
# Rows about the summary's numbers that are not numbers of its tables (issue 16): read back as nothing.
CSV_INDICATORS, CSV_YEAR_ON_YEAR = "indicators", "year_on_year"
CSV_DERIVED = (CSV_INDICATORS, CSV_YEAR_ON_YEAR)


def number(value):
    """A value as JSON/CSV carry it: counts as int, amounts as a decimal string, unknown as None."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return show(value)
    return int(value)


def records(fmt: Format, values: dict) -> list[dict]:
    """Every number of the format as a record, in the format's order (None where unknown)."""
    return [{"table": t, "row": r, "column": c, "value": number(values.get((t, r, c)))} for t, r, c in fmt.keys()]


def known_records(fmt: Format | None, values: dict) -> list[dict]:
    """The known numbers as records, in the format's reading order (subtotals last): what the history
    store keeps of a unit-year."""
    order: dict[Key, int] = {k: i for i, k in enumerate(fmt.keys())} if fmt is not None else {}
    keys = sorted((k for k, v in values.items() if v is not None), key=lambda k: (order.get(k, len(order)), k))
    return [{"table": t, "row": r, "column": c, "value": format(values[(t, r, c)], "f")
             if isinstance(values[(t, r, c)], Decimal) else values[(t, r, c)]} for t, r, c in keys]


def values_of(recs: list[dict]) -> dict[Key, int | Decimal | None]:
    """known_records() back: amounts (written as strings) as Decimals."""
    return {(r["table"], r["row"], r["column"]): Decimal(r["value"]) if isinstance(r["value"], str) else r["value"]
            for r in recs}
