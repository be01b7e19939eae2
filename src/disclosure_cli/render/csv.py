"""A compilation as tidy CSV (UTF-8 with BOM, CRLF): totals, per-unit key figures, indicators, covered units."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ..model.tidy import CSV_HEADER, CSV_INDICATORS, CSV_SUMMARY, CSV_UNITS, CSV_YEAR_ON_YEAR, records
from ..summary import Compilation
from ..summary.breakdown import iter_breakdown
from ..summary.indicators import indicator_records, year_on_year_records
from .files import neutralize_csv
from .roster import csv_rows


def _value(v) -> str:
    return "" if v is None else str(v)


def rows(comp: Compilation) -> Iterator[list[str]]:
    """The CSV's rows after the header, made as they are written (50,000 units are 1.5 million rows). A
    row with an empty `unit` is a total; with a unit, that unit's key figure; `summary` rows describe the
    summary; `units` rows list every unit read and its status."""
    yield [CSV_SUMMARY, "format", "", comp.format.id, "", ""]
    yield [CSV_SUMMARY, "year", "", _value(comp.year), "", ""]
    yield [CSV_SUMMARY, "name", "", neutralize_csv(comp.name or ""), "", ""]
    yield [CSV_SUMMARY, "units", "", str(len(comp.units)), "", ""]
    yield [CSV_SUMMARY, "included", "", str(comp.included_count), "", ""]
    for r in records(comp.format, comp.totals):
        yield [r["table"], r["row"], r["column"], _value(r["value"]), "", ""]
    for r in iter_breakdown(comp):
        yield [r["table"], r["row"], r["column"], _value(r["value"]), neutralize_csv(r["unit"]),
               neutralize_csv(r["source"])]
    yield from derived_rows(comp)
    for u in comp.units:
        yield [CSV_UNITS, "status", "", u.status, neutralize_csv(u.name), neutralize_csv(u.source)]
    for row in csv_rows(comp):  # --roster: missing, not listed
        yield [neutralize_csv(x) for x in row]


def derived_rows(comp: Compilation) -> Iterator[list[str]]:
    """`indicators,<id>,value|numerator|denominator|not_applicable|last_year|change,…` and
    `year_on_year,<table>.<row>.<column>,this_year|last_year|change,…`; an empty unit is the summary's.
    A ratio not applicable has an empty value and a not_applicable row saying why (docs/indicators.md)."""
    yoy = bool(comp.previous)
    for r in indicator_records(comp):
        who = [neutralize_csv(r["unit"] or ""), neutralize_csv(r["source"] or "")]
        cols = ["value", "numerator", "denominator"] + (["not_applicable"] if r["not_applicable"] else [])
        for col in cols + (["last_year", "change"] if yoy else []):
            yield [CSV_INDICATORS, r["indicator"], col, _value(r[col]), *who]
    for r in year_on_year_records(comp):
        who = [neutralize_csv(r["unit"] or ""), neutralize_csv(r["source"] or "")]
        for col in ("this_year", "last_year", "change"):
            yield [CSV_YEAR_ON_YEAR, f"{r['table']}.{r['row']}.{r['column']}", col, _value(r[col]), *who]


def render_csv(comp: Compilation) -> bytes:
    return b"".join(csv_pieces(comp))


_ROWS_A_PIECE = 2000


def csv_pieces(comp: Compilation) -> Iterator[bytes]:
    """The CSV file in pieces of a few thousand rows, written as they are made: UTF-8 with a BOM first
    (what Excel and WPS need to read it as UTF-8), CRLF line ends (what they and RFC 4180 expect)."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    encoding = "utf-8-sig"  # the BOM once, at the start
    for i, row in enumerate(rows(comp), start=1):
        writer.writerow(row)
        if i % _ROWS_A_PIECE == 0:
            yield buf.getvalue().encode(encoding)
            encoding = "utf-8"
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode(encoding)
