"""A compilation's indicators: per unit, for the totals (from the summed counts, never an average of
the units' ratios), this year against last; as records for JSON and CSV; and its anomalies."""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..base.jsonout import Encoded, encode, scalar
from ..formats.schema import Format, Key
from ..model.findings import Finding
from ..model.previous import change
from ..model.ratios import (
    PLACES,
    REASONS,
    Ratio,
    Thresholds,
    counts,
    evaluate_all,
    not_applicable,
    term_keys,
    value_of,
)
from ..model.tidy import number
from ..model.values import Number
from ..rules.anomalies import Numbers, a001_jumps, a002_silent, a003_corrections
from .compilation import Accumulator, Compilation, figure_keys

Figures = Mapping[Key, Number | None]


def ratios(fmt: Format, figures: Figures | None, t: Thresholds) -> dict[str, Ratio] | None:
    """Every indicator of `figures` (a unit's, the totals', last year's), None without figures."""
    return None if figures is None else evaluate_all(fmt, figures, t.min_denominator)


def totals_ratios(comp: Compilation) -> dict[str, Ratio]:
    """The summary's indicators: its summed counts divided, as any unit's."""
    return evaluate_all(comp.format, comp.totals_figures(), comp.thresholds.min_denominator)


def unit_ratios(comp: Compilation, index: int) -> dict[str, Ratio] | None:
    """The indicators of the unit at `index` (None when it was not added up)."""
    return ratios(comp.format, comp.figures[index], comp.thresholds)


@dataclass
class LastYear:
    """Last year's totals of the units added up: known only when every one of them had last year's
    report (`covered` of `included`); else None, never a sum over some of them read as the whole."""

    figures: Figures | None
    covered: int
    included: int


def last_year(comp: Compilation) -> LastYear | None:
    """None without --previous/--history (or when no unit had last year's report)."""
    if not comp.previous:
        return None
    added = [i for i, held in enumerate(comp.figures.held()) if held]
    before = [comp.previous[i] for i in added]
    covered = sum(1 for p in before if p is not None)
    if covered < len(added) or not added:
        return LastYear(None, covered, len(added))
    sums: dict[Key, Number | None] = {}
    for p in before:
        assert p is not None
        for k, v in p.items():
            have = sums.get(k, 0)
            sums[k] = None if v is None or have is None else have + v
    return LastYear(sums, covered, len(added))


def _ratio_record(unit: str | None, source: str | None, ind_id: str, r: Ratio, before: Ratio | None) -> dict:
    return {"unit": unit, "source": source, "indicator": ind_id, "value": r.value, "numerator": number(r.numerator),
            "denominator": number(r.denominator), "not_applicable": r.reason,
            "last_year": before.value if before is not None else None, "change": r.change(before)}


def indicator_records(comp: Compilation) -> Iterator[dict]:
    """{unit, source, indicator, value, numerator, denominator, not_applicable, last_year, change}: the
    summary's first (unit and source null), then each unit added up, in input order."""
    t = comp.thresholds
    last = last_year(comp)
    before = ratios(comp.format, last.figures if last is not None else None, t) or {}
    for ind_id, r in totals_ratios(comp).items():
        yield _ratio_record(None, None, ind_id, r, before.get(ind_id))
    for i, unit in enumerate(comp.units):
        now = unit_ratios(comp, i)
        if now is None:
            continue
        then = ratios(comp.format, comp.previous[i], t) if comp.previous else None
        for ind_id, r in now.items():
            yield _ratio_record(unit.name, unit.source, ind_id, r, then.get(ind_id) if then else None)


def encoded_indicator_records(comp: Compilation) -> Iterator[dict | Encoded]:
    """indicator_records() with each unit's records as one run of JSON (jsonout.Encoded), byte for byte
    what encoding each record would give (tested): the unit's name and source encoded once, not seventeen
    times, and neither a dict nor a Ratio made per record (model.ratios.counts, not_applicable, value_of).
    A summary of 2,000 units writes 34,000 of them after the last unit is read, on one core."""
    t = comp.thresholds
    last = last_year(comp)
    before = ratios(comp.format, last.figures if last is not None else None, t) or {}
    for ind_id, r in totals_ratios(comp).items():
        yield _ratio_record(None, None, ind_id, r, before.get(ind_id))
    plan = [(f', "indicator": {encode(ind.id)}, "value": ', ind) for ind in comp.format.indicators]
    known = [(shown, *term_keys(ind)) for shown, ind in plan]
    needed = frozenset(k for _, *keys in known for part in keys for k in part)
    minimum = t.min_denominator
    for i, unit in enumerate(comp.units):
        figures = comp.figures[i]
        if figures is None:
            continue
        then = comp.previous[i] if comp.previous else None
        head = f'{{"unit": {encode(unit.name)}, "source": {encode(unit.source)}'
        if then is None and None not in figures.values() and figures.keys() >= needed:
            yield _known_run(head, known, figures, minimum)
            continue
        run = Encoded()
        for shown, ind in plan:
            numerator, denominator = counts(ind, figures)
            why = not_applicable(numerator, denominator, minimum)
            value = value_of(numerator, denominator, why)
            prior = None if then is None else _value(ind, then, minimum)
            change = None if value is None or prior is None else round(value - prior, PLACES)
            run.append(f'{head}{shown}{_float(value)}, "numerator": {_count(numerator)}, '
                       f'"denominator": {_count(denominator)}, "not_applicable": {_REASON[why]}, '
                       f'"last_year": {_float(prior)}, "change": {_float(change)}}}')
        yield run


@lru_cache(maxsize=1 << 16)
def _ratio_text(numerator: int, denominator: int) -> str:
    """The value of an applicable ratio of two whole counts as a record shows it (value_of, then _float):
    round() to six places is most of a record's cost, and a department's small counts repeat unit after unit."""
    return float.__repr__(round(float(numerator) / float(denominator), PLACES))


def _known_run(head: str, plan: list, figures: Figures, minimum: int) -> Encoded:
    """A unit's records when every figure is known and there is no last year (the usual unit): its
    terms summed in C, and two whole counts (the usual pair) written without a call per field — the
    same text not_applicable, value_of, _float and _count give (tested against indicator_records)."""
    get: Callable[[Key], Any] = figures.__getitem__  # every term known (the caller checked)
    run = Encoded()
    floor = max(minimum, 1)  # at or above it a whole denominator applies (not_applicable's order)
    for shown, top, bottom, less in plan:
        numerator = sum(map(get, top))
        denominator = sum(map(get, bottom)) - sum(map(get, less)) if less else sum(map(get, bottom))
        if numerator.__class__ is int and denominator.__class__ is int:
            if denominator >= floor:
                shown_value, why = _ratio_text(numerator, denominator), "null"
            else:
                shown_value, why = "null", _REASON[not_applicable(numerator, denominator, minimum)]
            run.append(f'{head}{shown}{shown_value}, "numerator": {numerator}, "denominator": {denominator}, '
                       f'"not_applicable": {why}, "last_year": null, "change": null}}')
            continue
        reason = not_applicable(numerator, denominator, minimum)
        run.append(f'{head}{shown}{_float(value_of(numerator, denominator, reason))}, "numerator": '
                   f'{_count(numerator)}, "denominator": {_count(denominator)}, "not_applicable": '
                   f'{_REASON[reason]}, "last_year": null, "change": null}}')
    return run


def _value(ind, figures: Figures, minimum: int) -> float | None:
    """evaluate(ind, figures, minimum).value."""
    numerator, denominator = counts(ind, figures)
    return value_of(numerator, denominator, not_applicable(numerator, denominator, minimum))


_REASON: dict[str | None, str] = {None: "null", **{why: encode(why) for why in REASONS}}


def _float(value: float | None) -> str:
    """A ratio's value (or change) as encode() gives it: json writes a finite float as its repr."""
    return "null" if value is None else float.__repr__(value) if math.isfinite(value) else encode(value)


def _count(value: Number | None) -> str:
    """A count (or amount) as encode(number(value)) gives it."""
    return str(value) if value.__class__ is int else scalar(number(value))


def year_on_year_records(comp: Compilation) -> Iterator[dict]:
    """{unit, source, table, row, column, this_year, last_year, change} of every key figure: the
    summary's (last year null unless every unit had last year's report), then each unit's. Nothing
    without --previous/--history."""
    last = last_year(comp)
    if last is None:
        return
    keys = [k for k, _ in figure_keys(comp.format)]
    rows: list[tuple[str | None, str | None, Figures, Figures | None]] = [
        (None, None, comp.totals_figures(), last.figures)]
    rows += [(u.name, u.source, f, comp.previous[i]) for i, (u, f) in enumerate(zip(comp.units, comp.figures,
                                                                                      strict=True)) if f is not None]
    for unit, source, now, before in rows:
        for t, r, c in keys:
            a, b = now.get((t, r, c)), before.get((t, r, c)) if before is not None else None
            yield {"unit": unit, "source": source, "table": t, "row": r, "column": c, "this_year": number(a),
                   "last_year": number(b), "change": number(change(a, b))}


def anomalies(acc: Accumulator) -> list[Finding]:
    """A001 (with last year's figures), A002 and A003 over the units an accumulator added up, each
    unit's figures read once (they are packed, not held as dicts)."""
    fmt, t = acc.format, acc.thresholds
    if fmt is None:
        return []
    jumps: list[Finding] = []
    # The positions of the units added up whose headline figure is known, and it, side by side: the
    # rules look a unit up by its position when it has a finding (acc.units makes each unit on access).
    headed = array("i")  # a run's positions fit an int32
    headline_values = Numbers()
    last = acc.previous if acc.previous.any() else None

    def added() -> Iterator[tuple[int, Figures]]:
        for i, f in enumerate(acc.figures):
            if f is None:
                continue
            p = last[i] if last is not None else None
            if p is not None:
                jumps.extend(a001_jumps(acc.units[i], fmt, f, p, t))
            if fmt.headline is not None:
                v = f.get(fmt.headline)
                if v is not None:
                    headed.append(i)
                    headline_values.append(v)
            yield i, f

    corrections = list(a003_corrections(added(), acc.units, fmt, t))
    silent = (list(a002_silent(acc.units, headed, headline_values, fmt.headline, t))
              if fmt.headline is not None else [])
    return jumps + silent + corrections
