"""Stage 6: the rules — within one report (report), across one workbook's units (workbook), across years (years)."""

from __future__ import annotations

from ..model.unit import Unit
from .report import apply_rules
from .workbook import check_summary_sheets

__all__ = ["apply_rules", "check_input"]


def check_input(units: list[Unit]) -> list[Unit]:
    """Run the rules on the units read from one input: each report's own rules, then the workbook's
    own summary sheet against its unit sheets."""
    for unit in units:
        unit.findings.extend(apply_rules(unit))
    if len(units) > 1:
        check_summary_sheets(units)
    return units
