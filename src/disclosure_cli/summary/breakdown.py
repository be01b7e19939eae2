"""The per-unit breakdown of a compilation as tidy records {unit, source, table, row, column, value}."""

from __future__ import annotations

from collections.abc import Iterator

from ..base.jsonout import Encoded, encode, scalar
from ..model.tidy import number
from .compilation import Compilation


def breakdown(comp: Compilation) -> list[dict]:
    """The key figures of every included unit: tidy records with the unit and its source."""
    return list(iter_breakdown(comp))


def iter_breakdown(comp: Compilation) -> Iterator[dict]:
    """breakdown() one record at a time (a summary of thousands of units need not hold them all)."""
    keys = comp.breakdown_keys()
    for unit, figures in zip(comp.units, comp.figures, strict=False):
        if figures is None:
            continue
        for (t, r, c), _label in keys:
            yield {"unit": unit.name, "source": unit.source, "table": t, "row": r, "column": c,
                   "value": number(figures.get((t, r, c)))}


def encoded_breakdown(comp: Compilation) -> Iterator[Encoded]:
    """iter_breakdown() as runs of JSON records (jsonout.Encoded), one run per unit, byte for byte
    what encoding each record would give: a unit's name and source are encoded once, not thirteen
    times, and its records travel to the file together."""
    keys = [(k, ", ".join(f"{encode(n)}: {encode(v)}" for n, v in zip(("table", "row", "column"), k, strict=False)))
            for k, _label in comp.breakdown_keys()]
    wanted, wheres = [k for k, _ in keys], [where for _, where in keys]
    for unit, figures in zip(comp.units, comp.figures, strict=False):
        if figures is None:
            continue
        head = f'{{"unit": {encode(unit.name)}, "source": {encode(unit.source)}, '
        # A count's JSON is its str(), written as it is; an amount or an unknown goes through number().
        yield Encoded([f'{head}{where}, "value": {v if v.__class__ is int else scalar(number(v))}}}'
                       for where, v in zip(wheres, map(figures.get, wanted), strict=True)])
