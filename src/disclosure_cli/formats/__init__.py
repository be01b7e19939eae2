"""Stage 1: the report formats as data (schema, the 2019 and 2021 formats) and which one a year uses."""

from __future__ import annotations

import copyreg

from .f2019 import FORMAT_2019
from .f2021 import FORMAT_2021
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


def supported() -> str:
    """The years each format covers, for messages: '2019–2020, 2021–'."""
    return ", ".join(f"{f.years[0]}–{f.last_year or ''}" for f in FORMATS.values())


# Units cross process boundaries: a format travels by its id (it is static data), not as its tables.
copyreg.pickle(Format, lambda fmt: (by_id, (fmt.id,)))
