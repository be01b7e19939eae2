"""The series over the years a history store holds: each year's key figures and indicators, added up
over the unit-years recorded (or one unit's), for `history --trend` and the summary's trend chart."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .. import formats
from ..formats.schema import Format, Indicator, Key
from ..model.previous import Previous
from ..model.ratios import Ratio, Thresholds, evaluate_all
from ..model.tidy import number
from ..model.values import Number
from .compilation import Compilation, unit_figures


@dataclass
class Point:
    """One year: the sum over `units` unit-years of their key figures and indicator counts."""

    year: int
    units: int
    format: Format
    figures: dict[Key, Number | None] = field(default_factory=dict)
    ratios: dict[str, Ratio] = field(default_factory=dict)


@dataclass
class Trend:
    """Years in order; `unit` names the one unit followed (None: every unit recorded, or a summary's units)."""

    unit: str | None
    points: list[Point]

    def figure_columns(self) -> list[tuple[Key, str]]:
        """The key figures of the years' formats, the latest format's first (each once)."""
        seen: dict[Key, str] = {}
        for p in reversed(self.points):
            for f in p.format.key_figures:
                seen.setdefault(f.key, f.label)
        return list(seen.items())

    def indicators(self) -> list[Indicator]:
        seen: dict[str, Indicator] = {}
        for p in reversed(self.points):
            for ind in p.format.indicators:
                seen.setdefault(ind.id, ind)
        return list(seen.values())

    def records(self) -> list[dict]:
        """Tidy: {year, units, kind: figure|indicator, id, value, numerator, denominator, not_applicable}."""
        out = []
        for p in self.points:
            for key, _label in self.figure_columns():
                out.append({"year": p.year, "units": p.units, "kind": "figure", "id": ".".join(key),
                            "value": number(p.figures.get(key)), "numerator": None, "denominator": None,
                            "not_applicable": None})
            for ind in self.indicators():
                r = p.ratios.get(ind.id)
                out.append({"year": p.year, "units": p.units, "kind": "indicator", "id": ind.id,
                            "value": r.value if r else None, "numerator": number(r.numerator) if r else None,
                            "denominator": number(r.denominator) if r else None,
                            "not_applicable": r.reason if r else None})
        return out


def _add(into: dict[Key, Number | None], figures: dict) -> None:
    for k, v in figures.items():
        have = into.get(k, 0)
        into[k] = None if v is None or have is None else have + v


def trend(reports: Iterable[Previous], thresholds: Thresholds = Thresholds(), unit: str | None = None) -> Trend:
    """Each year's totals over `reports` (unit-years; a count unknown in one makes the year's unknown,
    never a sum of the rest). A year's figures are read in its own format (2019 or 2021)."""
    points: dict[int, Point] = {}
    for rep in reports:
        fmt = formats.FORMATS.get(rep.format_id or "")
        if fmt is None or rep.year is None:
            continue
        p = points.setdefault(rep.year, Point(rep.year, 0, fmt))
        figures = unit_figures(fmt, rep.values)
        if p.units:
            # A key one unit-year has and another has not (two formats in one year) is not known for the year.
            for k in set(p.figures) ^ set(figures):
                p.figures[k] = None
        _add(p.figures, figures)
        p.units += 1
    for p in points.values():
        p.ratios = evaluate_all(p.format, p.figures, thresholds.min_denominator)
    return Trend(unit, [points[y] for y in sorted(points)])


def compilation_trend(store, comp: Compilation) -> Trend:
    """The summary's units over the years the store holds before this one (each year: those of them
    recorded then), then this year's totals."""
    names = [u.name for u, held in zip(comp.units, comp.figures.held(), strict=True) if held]
    earlier = (r for r in store.reports(names) if comp.year is None or (r.year is not None and r.year < comp.year))
    series = trend(earlier, comp.thresholds, names[0] if len(names) == 1 else None)
    if comp.year is not None:
        now = Point(comp.year, len(names), comp.format, comp.totals_figures(),
                    evaluate_all(comp.format, comp.totals_figures(), comp.thresholds.min_denominator))
        series.points.append(now)
    return series
