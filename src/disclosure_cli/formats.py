"""The report formats this tool knows, and which one a report year uses."""

from __future__ import annotations

from .format2019 import FORMAT_2019
from .format2021 import FORMAT_2021
from .schema import Format

FORMATS: dict[str, Format] = {f.id: f for f in (FORMAT_2019, FORMAT_2021)}


def for_year(year: int) -> Format | None:
    """The format a report for `year` is written in, or None when no format covers it."""
    for fmt in FORMATS.values():
        first, last = fmt.years
        if first <= year <= last:
            return fmt
    return None


def by_id(format_id: str) -> Format:
    return FORMATS[format_id]
