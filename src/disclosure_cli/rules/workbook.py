"""Rules across the units of one workbook: its own summary sheet against the sum of its unit sheets (W106)."""

from __future__ import annotations

from ..model.unit import Unit
from ..model.values import show


def check_summary_sheets(units: list[Unit]) -> None:
    """W106 on every cell of a summary sheet that differs from the sum of the unit sheets (after their
    unstated totals were derived)."""
    parts = [u for u in units if not u.summary]
    for total in (u for u in units if u.summary):
        if total.format is None or any(p.format is not total.format for p in parts):
            continue
        for k, stated in total.values.items():
            values = [p.values.get(k) for p in parts]
            if stated is None or k not in total.cells or any(v is None for v in values):
                continue
            expected = sum(values)  # type: ignore[arg-type]  # no None: checked above
            if stated != expected:
                total.findings.append(total.finding("W106", k, {
                    "stated": show(stated), "expected": show(expected), "diff": show(stated - expected),
                    "count": len(parts)}))
