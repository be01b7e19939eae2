"""Labels a clerk misspelt by a character or two (部份公开, 内部事物信息), matched only when one official
label is clearly the closest: a wrong match is worse than none."""

from __future__ import annotations

from collections.abc import Iterable

from ..formats.schema import Row
from .text import row_keys

MIN_LENGTH = 4  # shorter keys (其他, 总计) are never matched approximately
MAX_LENGTH = 60  # nor long sentences: the comparison stays cheap and linear in the cells looked at


def allowed(length: int) -> int:
    """How many characters a label of this length may be off: one up to eight, two beyond."""
    return 1 if length <= 8 else 2


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of a and b, or limit + 1 as soon as it must exceed limit (banded)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        lo, hi = max(1, i - limit), min(len(b), i + limit)
        for j in range(1, len(b) + 1):
            if j < lo or j > hi:
                current[j] = limit + 1
                continue
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != b[j - 1]))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _best(k: str, row: Row) -> int:
    """How far a cell's key is from a row's label (or an alias), the label's length deciding the limit;
    a note after the label (its key only starts the cell's) counts as nothing."""
    best = 99
    for rk in row_keys(row):
        if len(rk) < MIN_LENGTH:
            continue
        limit = allowed(len(rk))
        best = min(best, distance(k, rk, limit), distance(k[:len(rk)], rk, limit))
    return best


def closest(k: str, wanted: Iterable[Row], others: Iterable[Row]) -> Row | None:
    """The one row of `wanted` whose label k is close to, or None: none within its limit, two equally
    close, or a row already found (`others`) as close or closer."""
    if not (MIN_LENGTH <= len(k) <= MAX_LENGTH):
        return None
    scored = sorted((d, row.id, row) for row in wanted if (d := _best(k, row)) <= allowed(len(k)))
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    d, _, row = scored[0]
    if any(_best(k, other) <= d for other in others):
        return None
    return row
