"""An indicator's value: a ratio of exact counts, or "not applicable" with the reason; and the thresholds
that say when a denominator is too small and when a figure is unusual (anomalies A001–A003)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from ..formats.schema import Format, Indicator, Key
from .values import Number

# Why a ratio is not applicable.
UNKNOWN = "unknown"  # a count it needs could not be read (a hole under --on-error include)
ZERO = "zero"  # the denominator is 0: nothing to divide by
FEW = "few"  # the denominator is below Thresholds.min_denominator: too few cases to mean anything
NEGATIVE = "negative"  # the denominator is below 0: the counts contradict each other (kept with errors)
REASONS = (UNKNOWN, ZERO, FEW, NEGATIVE)
PLACES = 6  # a ratio's value as JSON and CSV carry it (its counts are exact beside it)


@dataclass(frozen=True, slots=True)
class Ratio:
    """numerator / denominator, exact counts; `reason` says why it is not applicable (None: it is)."""

    numerator: Number | None
    denominator: Number | None
    reason: str | None = None

    @property
    def applicable(self) -> bool:
        return self.reason is None

    @property
    def value(self) -> float | None:
        """The ratio (0.8125), None when not applicable: never 0 and never a division error."""
        return value_of(self.numerator, self.denominator, self.reason)

    def percent(self, places: int = 1) -> str | None:
        """'81.3%', rounded half up from the exact counts; None when not applicable."""
        if self.value is None or self.numerator is None or self.denominator is None:
            return None
        exact = Decimal(self.numerator) * 100 / Decimal(self.denominator)
        return f"{exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)}%"

    def change(self, before: Ratio | None) -> float | None:
        """This ratio minus last year's (0.05 is five percentage points); None unless both apply."""
        now, then = self.value, before.value if before is not None else None
        return None if now is None or then is None else round(now - then, PLACES)


def ratio(numerator: Number | None, denominator: Number | None, minimum: int = 1) -> Ratio:
    """The ratio of two counts, or not applicable: a count unknown, a denominator 0, negative or below `minimum`."""
    return Ratio(numerator, denominator, not_applicable(numerator, denominator, minimum))


def not_applicable(numerator: Number | None, denominator: Number | None, minimum: int = 1) -> str | None:
    """Why ratio(numerator, denominator, minimum) is not applicable (a reason of REASONS), None when it is."""
    if numerator is None or denominator is None:
        return UNKNOWN
    if denominator < 0:
        return NEGATIVE
    if denominator == 0:
        return ZERO
    if denominator < minimum:
        return FEW
    return None


def value_of(numerator: Number | None, denominator: Number | None, reason: str | None) -> float | None:
    """Ratio(numerator, denominator, reason).value, without making the Ratio."""
    if reason is not None or numerator is None or not denominator:
        return None
    return round(float(numerator) / float(denominator), PLACES)


@cache
def term_keys(ind: Indicator) -> tuple[tuple[Key, ...], tuple[Key, ...], tuple[Key, ...]]:
    """The keys of an indicator's numerator, denominator and `less` terms."""
    return tuple(t.key for t in ind.numerator), tuple(t.key for t in ind.denominator), tuple(t.key for t in ind.less)


def _sum(get, keys: tuple[Key, ...]) -> Number | None:
    total: Number = 0
    for k in keys:
        v = get(k)
        if v is None:
            return None
        total += v
    return total


def counts(ind: Indicator, figures: Mapping[Key, Number | None]) -> tuple[Number | None, Number | None]:
    """(numerator, denominator) of one indicator over `figures`: sum(numerator) and sum(denominator) −
    sum(less); None where a term is unknown."""
    top, bottom, less = term_keys(ind)
    get = figures.get
    whole, taken = _sum(get, bottom), _sum(get, less)
    return _sum(get, top), None if whole is None or taken is None else whole - taken


def evaluate(ind: Indicator, figures: Mapping[Key, Number | None], minimum: int = 1) -> Ratio:
    """One indicator over `figures`: the counts of its terms (summary.unit_figures gives them for a unit,
    for the totals, for last year's report): sum(numerator) / (sum(denominator) − sum(less))."""
    return ratio(*counts(ind, figures), minimum)


def evaluate_all(fmt: Format, figures: Mapping[Key, Number | None], minimum: int = 1) -> dict[str, Ratio]:
    """Every indicator of the format, by id, in the format's order."""
    return {ind.id: evaluate(ind, figures, minimum) for ind in fmt.indicators}


@dataclass(frozen=True)
class Thresholds:
    """When a ratio is not applicable, and when a figure is unusual. On the command line each is
    `--threshold NAME=VALUE`, NAME the field with - for _ (docs/indicators.md has the defaults)."""

    min_denominator: int = 5  # a ratio over fewer cases is not applicable (FEW)
    factor: float = 5  # A001: a figure more than this many times last year's, or less than 1/factor of it
    min_cases: int = 30  # A001: … when both years' figures are at least this
    peer_median: int = 30  # A002: a unit's 0 applications against its peers' median of at least this
    min_peers: int = 5  # A002, A003: peers needed for a comparison to mean anything
    gap: float = 30  # A003: a 纠错率 more than this many percentage points above its peers'

    @classmethod
    def names(cls) -> list[str]:
        return [f.name.replace("_", "-") for f in fields(cls)]

    def with_setting(self, text: str) -> Thresholds:
        """A copy with one `NAME=VALUE` setting applied. ValueError(catalog key, params) when it is not
        one: an unknown name, or a value out of its range (whole numbers >= 1; factor > 1; gap 0–100)."""
        name, sep, raw = text.partition("=")
        field = name.strip().replace("-", "_")
        if not sep or field not in {f.name for f in fields(self)}:
            raise ValueError("threshold.unknown", {"setting": text, "names": ", ".join(self.names())})
        key = "threshold." + (field if field in ("factor", "gap") else "whole")
        try:
            value: float = float(raw) if field in ("factor", "gap") else int(raw)
        except ValueError:
            raise ValueError(key, {"setting": text, "name": name.strip()}) from None
        fits = {"factor": 1 < value < float("inf"), "gap": 0 <= value <= 100}.get(field, value >= 1)
        if not fits:
            raise ValueError(key, {"setting": text, "name": name.strip()})
        return replace(self, **{field: value})  # type: ignore[arg-type]  # int or float, as the field is
