"""A compilation as tidy CSV (UTF-8 with BOM, CRLF): totals, per-unit key figures, indicators, covered units."""

from __future__ import annotations

import csv
import io

from ..model.tidy import CSV_HEADER, CSV_INDICATORS, CSV_SUMMARY, CSV_UNITS, CSV_YEAR_ON_YEAR, records
from ..summary import Compilation
from ..summary.breakdown import iter_breakdown
from ..summary.indicators import indicator_records, year_on_year_records
from .files import neutralize_csv
from .roster import csv_rows


def _value(v) -> str:
    return "" if v is None else str(v)


def rows(comp: Compilation) -> list[list[str]]:
    """The CSV's rows after the header. A row with an empty `unit` is a total; with a unit, that unit's
    key figure; `summary` rows describe the summary; `units` rows list every unit read and its status."""
    out: list[list[str]] = [
        [CSV_SUMMARY, "format", "", comp.format.id, "", ""],
        [CSV_SUMMARY, "year", "", _value(comp.year), "", ""],
        [CSV_SUMMARY, "name", "", neutralize_csv(comp.name or ""), "", ""],
        [CSV_SUMMARY, "units", "", str(len(comp.units)), "", ""],
        [CSV_SUMMARY, "included", "", str(len(comp.included)), "", ""],
    ]
    for r in records(comp.format, comp.totals):
        out.append([r["table"], r["row"], r["column"], _value(r["value"]), "", ""])
    for r in iter_breakdown(comp):
        out.append([r["table"], r["row"], r["column"], _value(r["value"]),
                    neutralize_csv(r["unit"]), neutralize_csv(r["source"])])
    out += derived_rows(comp)
    for u in comp.units:
        out.append([CSV_UNITS, "status", "", u.status, neutralize_csv(u.name), neutralize_csv(u.source)])
    out += [[neutralize_csv(x) for x in row] for row in csv_rows(comp)]  # --roster: missing, not listed
    return out


def derived_rows(comp: Compilation) -> list[list[str]]:
    """`indicators,<id>,value|numerator|denominator|not_applicable|last_year|change,…` and
    `year_on_year,<table>.<row>.<column>,this_year|last_year|change,…`; an empty unit is the summary's.
    A ratio not applicable has an empty value and a not_applicable row saying why (docs/indicators.md)."""
    yoy = bool(comp.previous)
    out: list[list[str]] = []
    for r in indicator_records(comp):
        who = [neutralize_csv(r["unit"] or ""), neutralize_csv(r["source"] or "")]
        cols = ["value", "numerator", "denominator"] + (["not_applicable"] if r["not_applicable"] else [])
        for col in cols + (["last_year", "change"] if yoy else []):
            out.append([CSV_INDICATORS, r["indicator"], col, _value(r[col]), *who])
    for r in year_on_year_records(comp):
        who = [neutralize_csv(r["unit"] or ""), neutralize_csv(r["source"] or "")]
        for col in ("this_year", "last_year", "change"):
            out.append([CSV_YEAR_ON_YEAR, f"{r['table']}.{r['row']}.{r['column']}", col, _value(r[col]), *who])
    return out


def render_csv(comp: Compilation) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")  # CRLF: what Excel/WPS and RFC 4180 expect
    writer.writerow(CSV_HEADER)
    writer.writerows(rows(comp))
    return buf.getvalue().encode("utf-8-sig")
