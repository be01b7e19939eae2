"""Per-unit figures packed in arrays: a compile of 50,000 units keeps two bytes a count, not a dict a unit.

A `FigureTable` is a sequence of rows, each the figures of one unit as a dict (key -> int, Decimal or
None) or None (a unit not added up). Rows are packed in the keys' order when they hold those keys (some
may be absent: last year's columns exist only for units that had last year's report); a count is an
int16 (the counts go to int32 together, once, when one does not fit), an amount a scaled int64 that
gives back the same Decimal, exponent included. Anything else (a count beyond 2**31, a row of another
format's keys) is kept as it is beside them, so a row read back is always the dict that was put in."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from itertools import compress, repeat
from typing import Any, overload

from ..formats.schema import Key

_MISSING = object()
# The counts' arrays: int16 while every count fits (a department's counts are in the hundreds), int32 after.
_NARROW, _WIDE = "h", "i"
# An amount column holds coefficient * 64 + places (0-15); its sentinels sit below every such value.
_D_ABSENT, _D_NONE, _D_OTHER = -(2**63), -(2**63) + 1, -(2**63) + 2
_D_LIMIT = 2**56  # coefficients beyond this go beside the arrays


def _amount(value) -> int | None:
    """An amount as a scaled int, or None when it does not fit (then it is kept as it is)."""
    if value.__class__ is not Decimal:
        return None
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or not -15 <= exponent <= 0:
        return None
    coefficient = int("".join(map(str, digits)) or "0")
    if coefficient >= _D_LIMIT:
        return None
    return (-coefficient if sign else coefficient) * 64 + (-exponent) * 2 + sign  # the sign keeps -0


@lru_cache(maxsize=4096)
def _from_amount(code: int) -> Decimal:
    """The Decimal a code stands for (remembered: amounts repeat from unit to unit, 0 above all, and a
    Decimal is immutable, so one object may stand in every row)."""
    coefficient, low = divmod(code, 64)
    places, sign = divmod(low, 2)
    return Decimal((sign, tuple(map(int, str(abs(coefficient)))), -places))


Row = dict[Key, Any]  # key -> int, Decimal or None


class FigureTable(Sequence[Row | None]):
    """Rows of per-unit figures (see the module's docstring). `keys`: the columns, in order; `amounts`:
    those holding Decimals (the format's AMOUNT and MONEY figures)."""

    def __init__(self, keys: Iterable[Key] = (), amounts: Iterable[Key] = ()):
        self._keys: tuple[Key, ...] = ()
        self._is_amount: list[bool] = []
        self._int_mask: list[bool] = []
        self._amount_at: list[int] = []  # the amounts' places among the columns, in order
        self._n_ints = self._n_decs = 0
        self._layouts: dict[tuple[Key, ...], bool] = {}
        self._keys_seen: tuple[Key, ...] = ()  # the last layout that fitted (rows mostly share one)
        self._ints = array(_NARROW)
        self._floor(_NARROW)
        self._decs = array("q")
        self._present = bytearray()  # 1: a row, 0: None
        self._other: dict[int, dict] = {}  # row -> the dict itself, when it cannot be packed
        self._big: dict[tuple[int, Key], object] = {}  # (row, key) -> a value its column cannot hold
        if keys:
            self.columns(keys, amounts)

    def _floor(self, code: str) -> None:
        """The counts' sentinels (absent, None, another value kept beside) at the bottom of the array's
        range, every count stored at or above `_lowest` and below `_top`."""
        low = -(2 ** (8 * array(code).itemsize - 1))
        self._absent, self._none, self._beside, self._lowest, self._top = low, low + 1, low + 2, low + 3, -low

    def _widen(self) -> None:
        """Every count from int16 to int32, once (the first count int16 cannot hold), sentinels moved."""
        narrow, lowest = self._ints, self._lowest
        shift = -(2**31) - self._absent
        self._ints = array(_WIDE, narrow)
        for i, v in enumerate(narrow):
            if v < lowest:
                self._ints[i] = v + shift
        self._floor(_WIDE)

    def _fits_counts(self, low: int, high: int) -> bool:
        """Whether counts from `low` to `high` can be stored, widening the arrays when int32 holds them."""
        if self._lowest <= low and high < self._top:
            return True
        if self._ints.typecode == _NARROW and -(2**31) + 3 <= low and high < 2**31:
            self._widen()
            return True
        return False

    def columns(self, keys: Iterable[Key], amounts: Iterable[Key] = ()) -> None:
        """The columns, set once before the first row of figures (the rows of None before it are padded)."""
        if self._keys:
            raise ValueError("the columns are set")
        self._keys = tuple(keys)
        self._is_amount = [k in frozenset(amounts) for k in self._keys]
        self._n_ints = self._is_amount.count(False)
        self._n_decs = len(self._keys) - self._n_ints
        self._layouts = {self._keys: True}
        self._int_mask = [not a for a in self._is_amount]
        self._amount_at = [i for i, a in enumerate(self._is_amount) if a]
        self._ints.extend([self._absent] * (self._n_ints * len(self._present)))
        self._decs.extend([_D_ABSENT] * (self._n_decs * len(self._present)))

    def __len__(self) -> int:
        return len(self._present)

    @property
    def keyed(self) -> bool:
        """Whether the columns are set (by columns(), or by the first row of figures)."""
        return bool(self._keys)

    def append(self, figures: Row | None) -> None:
        row = len(self._present)
        if figures is None or not self._fits(figures):
            if figures is not None:
                self._other[row] = dict(figures)
            self._present.append(0 if figures is None else 1)
            self._ints.extend([self._absent] * self._n_ints)
            self._decs.extend([_D_ABSENT] * self._n_decs)
            return
        self._present.append(1)
        # The usual row (every count a small int, every amount a Decimal that packs) in C-level passes;
        # anything else goes key by key below.
        values = list(map(figures.get, self._keys, repeat(_MISSING, len(self._keys))))
        counts = list(compress(values, self._int_mask))
        # Columns a row does not hold (last year's, without last year) are absent, which the fast path
        # writes as such: without --previous every row lacks two of them.
        known = [c for c in counts if c is not _MISSING] if _MISSING in counts else counts
        if not known or ({c.__class__ for c in known} == {int} and self._fits_counts(min(known), max(known))):
            amounts = [_D_ABSENT if v is _MISSING else _amount(v) for v in compress(values, self._is_amount)]
            if None not in amounts:
                absent = self._absent  # read after _fits_counts: widening moves the sentinels
                self._ints.extend(counts if known is counts else [absent if c is _MISSING else c for c in counts])
                self._decs.extend(amounts)  # type: ignore[arg-type]  # None is not among them
                return
        get = figures.get
        for key, is_amount in zip(self._keys, self._is_amount, strict=True):
            v = get(key, _MISSING)
            if is_amount:
                code = _D_ABSENT if v is _MISSING else _D_NONE if v is None else _amount(v)
                if code is None:
                    self._big[(row, key)] = v
                    code = _D_OTHER
                self._decs.append(code)
            else:
                if v is _MISSING or v is None:
                    self._ints.append(self._absent if v is _MISSING else self._none)
                elif v.__class__ is int and self._fits_counts(v, v):
                    self._ints.append(v)
                else:
                    self._big[(row, key)] = v
                    self._ints.append(self._beside)

    def _fits(self, figures: dict) -> bool:
        """Whether the row's keys are the columns' (some may be absent), in their order."""
        layout = tuple(figures)
        if layout == self._keys_seen:  # the usual row: the same key objects in the same order, no hashing
            return True
        known = self._layouts.get(layout)
        if known is not None:
            if known:
                self._keys_seen = layout
            return known
        if not self._keys:
            self.columns(layout)
            self._keys_seen = layout
            return True
        at = {k: i for i, k in enumerate(self._keys)}
        places = [at.get(k, -1) for k in layout]
        fits = -1 not in places and places == sorted(places)
        if fits:
            self._keys_seen = layout
        if len(self._layouts) < 16:
            self._layouts[layout] = fits
        return fits

    @overload
    def __getitem__(self, row: int) -> Row | None: ...

    @overload
    def __getitem__(self, row: slice) -> list[Row | None]: ...

    def __getitem__(self, row):
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self)))]
        if row < 0:
            row += len(self)
        if not self._present[row]:
            return None
        other = self._other.get(row)
        if other is not None:
            return dict(other)
        counts: list[Any] = self._ints[row * self._n_ints:(row + 1) * self._n_ints].tolist()
        codes = self._decs[row * self._n_decs:(row + 1) * self._n_decs].tolist()
        lowest = self._lowest
        if (not counts or min(counts) >= lowest) and (not codes or min(codes) > _D_OTHER):
            # Every figure known and packed (the usual row): the amounts put in their places among the
            # counts (a few), and the dict zipped in C.
            for at, code in zip(self._amount_at, codes, strict=True):
                counts.insert(at, _from_amount(code))
            return dict(zip(self._keys, counts, strict=True))
        ints, decs = iter(counts), iter(codes)
        out: dict = {}
        for key, is_amount in zip(self._keys, self._is_amount, strict=True):
            if is_amount:
                code = next(decs)
                if code > _D_OTHER:
                    out[key] = _from_amount(code)
                elif code != _D_ABSENT:
                    out[key] = None if code == _D_NONE else self._big[(row, key)]
            else:
                v = next(ints)
                if v >= lowest:
                    out[key] = v
                elif v != self._absent:
                    out[key] = None if v == self._none else self._big[(row, key)]
        return out

    def __setitem__(self, row: int, figures: None) -> None:
        """Only a row taken back (None: the unit is no longer added up)."""
        if figures is not None:
            raise TypeError("a row of figures is replaced only by None")
        self._present[row] = 0
        self._other.pop(row, None)

    def replace_last(self, figures: Row | None) -> None:
        """The last row, given again (a unit's last-year figures, known once it was added)."""
        row = len(self._present) - 1
        del self._present[row]
        if self._n_ints:
            del self._ints[-self._n_ints:]
        if self._n_decs:
            del self._decs[-self._n_decs:]
        self._other.pop(row, None)
        for k in [k for k in self._big if k[0] == row] if self._big else ():
            del self._big[k]
        self.append(figures)

    def __iter__(self) -> Iterator[Row | None]:
        for row in range(len(self)):
            yield self[row]

    def holds(self, key: Key) -> bool:
        """Whether any row holds `key` (None counts: the key is there)."""
        if key in self._keys:
            j = self._keys.index(key)
            amount = self._is_amount[j]
            width = self._n_decs if amount else self._n_ints
            at = self._is_amount[:j].count(amount)
            column = (self._decs if amount else self._ints)[at::width] if width else []
            absent = _D_ABSENT if amount else self._absent
            if any(present and v != absent for present, v in zip(self._present, column, strict=False)):
                return True
        return any(key in row for i, row in self._other.items() if self._present[i])

    def held(self) -> bytes:
        """Per row, whether it holds figures (1) or is None (0), without reading any row back."""
        return bytes(self._present)

    def any(self) -> bool:
        """Whether any row holds figures."""
        return 1 in self._present

