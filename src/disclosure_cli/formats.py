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


def key_figures(fmt: Format) -> tuple:
    """The (table, row, column, short label) figures a per-unit breakdown shows for this format."""
    from . import format2019, format2021

    return {FORMAT_2019.id: format2019.KEY_FIGURES, FORMAT_2021.id: format2021.KEY_FIGURES}[fmt.id]
