"""Reports with chosen counts, for the indicator and anomaly tests: every total, subtotal and balance holds."""

from __future__ import annotations

from decimal import Decimal

from disclosure_cli.formats.f2021 import FORMAT_2021
from disclosure_cli.model.unit import Unit
from disclosure_cli.summary import INCLUDE, Accumulator

A, R = "applications", "reviews"
RECEIVED = (A, "received", "total")
_EDGES = ("received", "carried_in", "results_total", "carried_out")


def designed(rows: dict[str, dict[str, int]] | None = None, carried_in: dict[str, int] | None = None,
             carried_out: dict[str, int] | None = None, reviews: dict[str, tuple[int, int, int, int]] | None = None,
             fmt=FORMAT_2021) -> dict:
    """Table 三's result rows per applicant column ({"disclosed": {"natural_person": 6}}), what was carried
    in and out per column, table 四's rows as (upheld, corrected, other, pending); everything else 0 and
    every total derived: 本年新收 = 办理结果总计 + 结转下年度 − 上年结转."""
    v: dict = {k: (Decimal(0) if fmt.kind(*k) == "amount" else 0) for k in fmt.keys()}
    app = fmt.table(A)
    cols = [c.id for c in app.columns if not c.total]
    for row, by_col in (rows or {}).items():
        for col, n in by_col.items():
            v[(A, row, col)] = n
    for col in cols:
        v[(A, "carried_in", col)] = (carried_in or {}).get(col, 0)
        v[(A, "carried_out", col)] = (carried_out or {}).get(col, 0)
        results = sum(v[(A, r.id, col)] for r in app.rows if r.id not in _EDGES)
        v[(A, "results_total", col)] = results
        v[(A, "received", col)] = results + v[(A, "carried_out", col)] - v[(A, "carried_in", col)]
        assert v[(A, "received", col)] >= 0, col
    for r in app.rows:
        v[(A, r.id, "total")] = sum(v[(A, r.id, c)] for c in cols)
    for row, parts in (reviews or {}).items():
        for col, n in zip(("upheld", "corrected", "other", "pending"), parts, strict=True):
            v[(R, row, col)] = n
        v[(R, row, "total")] = sum(parts)
    return v


def received(n: int, col: str = "natural_person") -> dict:
    """A report whose applications received are `n` (all disclosed)."""
    return designed({"disclosed": {col: n}})


def unit(name: str, values: dict, year: int = 2021, fmt=FORMAT_2021) -> Unit:
    return Unit(name=name, source=f"{name}.xlsx", format=fmt, year=year, values=dict(values),
                cells={k: ("S", "A1", 0) for k in values})


def compiled(*named: tuple[str, dict] | tuple[str, dict, dict], on_error=INCLUDE, thresholds=None):
    """An Accumulator and its Compilation over (name, values[, last year's values]) units, added in order."""
    acc = Accumulator(on_error, thresholds=thresholds)
    for item in named:
        name, values = item[0], item[1]
        acc.add(unit(name, values), item[2] if len(item) > 2 else None)  # type: ignore[misc]
    return acc, acc.finish()
