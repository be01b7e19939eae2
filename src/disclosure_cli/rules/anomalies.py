"""Anomalies (A001–A003): figures that are unusual, not wrong — far from last year's, 0 among busy
peers, a 纠错率 far above the peers'. Always warnings; each says which peers and which thresholds.

The rules only compare what a compile already added up (summary.indicators gives them the per-unit key
figures and indicator counts, `figures`, and last year's); they read nothing."""

from __future__ import annotations

import statistics
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import islice

from ..base.i18n import Text
from ..formats.schema import AMOUNT, MONEY, Format, Key
from ..model.findings import Finding
from ..model.ratios import Ratio, Thresholds, counts, ratio
from ..model.unit import Unit
from ..model.values import Number

Figures = Mapping[Key, Number | None]
# How many peers a message names before "…".
NAMES_SHOWN = 3
_UP, _DOWN = Text("增至", "up to"), Text("降至", "down to")


class Numbers:
    """Numbers side by side, four bytes each while every one is an int32 (a department's counts of cases
    are), eight while an int of at most 62 bits, a list of them from the first that is not (a Decimal, a
    huge count): the rules below hold one a unit per count until the peers' sums are known, and a list held
    an int object (32 bytes) for each above 256."""

    __slots__ = ("_items",)
    _LIMIT = {"i": 1 << 31, "q": 1 << 62}  # what each array holds: above -limit, below limit
    _WIDER = {"i": "q"}  # the array an array widens to; past the widest, a list

    def __init__(self) -> None:
        self._items: array | list = array("i")

    def append(self, v: Number) -> None:
        items = self._items
        while items.__class__ is array and not (v.__class__ is int and -self._LIMIT[items.typecode] < v
                                                < self._LIMIT[items.typecode]):
            wider = self._WIDER.get(items.typecode)
            items = self._items = array(wider, items) if wider else items.tolist()
        items.append(v)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Number]:
        return iter(self._items)


def _number(x: float | Decimal) -> str:
    """5 → '5', 2.5 → '2.5': a threshold as the user wrote it."""
    return str(int(x)) if float(x).is_integer() else str(float(x))


def names(units: Sequence[Unit]) -> str:
    """'甲局、乙局、丙局…': the first peers, by input order."""
    shown = "、".join(u.name for u in units[:NAMES_SHOWN])
    return shown + ("…" if len(units) > NAMES_SHOWN else "")


def _peers(units: Sequence[Unit], among: Sequence[int], me: int) -> tuple[int, str]:
    """How many peers the unit at position `me` has among the units at positions `among` (itself one of
    them) and their names as `names` gives them: only the first few are looked at (a list of every peer
    for each unit flagged made a run of 50,000 quadratic)."""
    first = [units[p] for p in islice((p for p in among if p != me), NAMES_SHOWN + 1)]
    return len(among) - 1, names(first)


def a001_jumps(unit: Unit, fmt: Format, now: Figures, before: Figures, t: Thresholds) -> Iterator[Finding]:
    """A001: each key figure counted in cases that is more than `factor` times last year's, or less
    than 1/factor of it, when both years' figures are at least `min_cases`."""
    cells = fmt.key_set()
    for f in fmt.key_figures:
        if f.key in cells and fmt.kind(*f.key) in (AMOUNT, MONEY):
            continue  # an amount is not a count of cases
        a, b = before.get(f.key), now.get(f.key)
        if a is None or b is None or a < t.min_cases or b < t.min_cases:
            continue
        if b > a * Decimal(str(t.factor)) or a > b * Decimal(str(t.factor)):
            times = f"{(max(a, b) / min(a, b)):.1f}"
            yield unit.finding("A001", f.key, {
                "label": f.label, "previous_year": (unit.year - 1) if unit.year else "?", "before": a, "now": b,
                "direction": _UP if b > a else _DOWN, "times": times, "factor": _number(t.factor),
                "min_cases": t.min_cases})


def a002_silent(units: Sequence[Unit], positions: Sequence[int], values: Iterable[Number], headline: Key,
                t: Thresholds) -> Iterator[Finding]:
    """A002: a unit whose applications received are 0 while the median of the other units' is at least
    `peer_median`, over at least `min_peers` of them (the peers: the other units added up whose count is
    known, by input order). `positions`: those units' places in `units`; `values`: their applications
    received, side by side (Numbers)."""
    counts = sorted([int(v) for v in values])
    if len(counts) - 1 < t.min_peers:
        return
    # Counts are >= 0, so a unit with 0 is the smallest: its peers' values are the sorted list less one 0.
    median = statistics.median(counts[1:])
    if counts[0] != 0 or median < t.peer_median:
        return
    for p, v in zip(positions, values, strict=True):
        if v == 0:
            peers, shown = _peers(units, positions, p)
            yield units[p].finding("A002", headline, {
                "peers": peers, "names": shown, "median": _number(median),
                "peer_median": t.peer_median, "min_peers": t.min_peers})


def a003_corrections(added: Iterable[tuple[int, Figures]], units: Sequence[Unit], fmt: Format, t: Thresholds
                     ) -> Iterator[Finding]:
    """A003: for each indicator compared with the peers (复议纠错率, 诉讼纠错率), a unit's rate more than
    `gap` percentage points above its peers' — their summed counts, never an average of their rates —
    when both denominators are at least `min_denominator` and the unit has at least `min_peers` peers.
    `added`: the position in `units` and the figures of each unit added up, read once (a compile's units
    are not held as dicts of figures)."""
    compared = [ind for ind in fmt.indicators if ind.peers]
    # Per indicator, its units' positions and their counts side by side (three packed numbers a unit, not a
    # unit, a tuple and a Ratio: a compile of 50,000 units holds them all until the peers' sums are known).
    counted: list[tuple[array, Numbers, Numbers]] = [(array("i"), Numbers(), Numbers()) for _ in compared]
    for at, fig in added:
        for ind, (who, tops, bottoms) in zip(compared, counted, strict=True):
            numerator, denominator = counts(ind, fig)
            if numerator is not None and denominator is not None:
                who.append(at)
                tops.append(numerator)
                bottoms.append(denominator)
    for ind, (who, tops, bottoms) in zip(compared, counted, strict=True):
        if len(who) - 1 < t.min_peers:
            continue
        top, bottom = sum(tops), sum(bottoms)
        # Most units are far from the threshold: that is seen from the counts as floats, before any Ratio
        # (a ratio applies when its denominator is at least max(min_denominator, 1); rounding to six places
        # moves the difference by far less than the 0.01 points between `near` and the test below).
        floor, near = max(t.min_denominator, 1), t.gap - 0.02
        for at, n, d in zip(who, tops, bottoms, strict=True):
            rest = bottom - d
            if d < floor or rest < floor or (float(n) / float(d) - float(top - n) / float(rest)) * 100 < near:
                continue
            mine = ratio(n, d, t.min_denominator)
            theirs = ratio(top - n, bottom - d, t.min_denominator)
            if mine.value is None or theirs.value is None or (mine.value - theirs.value) * 100 < t.gap - 0.01:
                continue  # clearly not (the exact test below only near the threshold and past it)
            # Exactly, from the counts: 40% against 10% is 30 points, not 30.000000000000004.
            points = (_exact(mine) - _exact(theirs)) * 100
            if points > Fraction(str(t.gap)):
                yield _a003(units[at], ind.zh, ind.en, mine, theirs, points, _peers(units, who, at), t)


def _exact(r: Ratio) -> Fraction:
    assert r.numerator is not None and r.denominator is not None
    return Fraction(str(r.numerator)) / Fraction(str(r.denominator))


def _a003(u: Unit, zh: str, en: str, mine: Ratio, theirs: Ratio, points: Fraction, peers: tuple[int, str],
          t: Thresholds) -> Finding:
    return u.finding("A003", None, {
        "indicator": Text(zh, en), "rate": mine.percent(), "counts": f"{mine.numerator}/{mine.denominator}",
        "peers": peers[0], "names": peers[1], "peers_rate": theirs.percent(),
        "peers_counts": f"{theirs.numerator}/{theirs.denominator}", "points": f"{float(points):.1f}",
        "gap": _number(t.gap), "min_denominator": t.min_denominator}, table=_table(u))


def _table(u: Unit) -> str | None:
    """Table 四, where the corrections stand (the table the format's peer-compared indicators read)."""
    if u.format is None:
        return None
    ids = {term.table for ind in u.format.indicators if ind.peers for term in ind.numerator}
    return next(iter(ids)) if len(ids) == 1 else None
