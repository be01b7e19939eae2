"""Cell values: turn what a reader returns into an exact number, or say why it cannot be one."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from typing import cast

from ..base.labels import clean
from ..base.lazy import compiled
from ..formats.schema import AMOUNT, MONEY, SIGNED
from ..messages import part

# Written for "none" by clerks; read as 0 with W101. Compared after NFKC and without spaces.
PLACEHOLDERS = frozenset({"-", "--", "—", "——", "–", "/", "\\", "无", "空", "无数据", "n/a", "na", "—/—"})
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_THOUSANDS = compiled(r"(?<=\d),(?=\d{3}(?:\D|$))")
_UNIT_SUFFIX = {AMOUNT: ("万元",), "count": ("件", "个", "次"), SIGNED: ("件", "个", "项")}
MAX_PLACES = 4  # 万元 to 4 places is one yuan
# Bounds checked before any conversion (docs/safety.md): a cell's text longer than this is no number,
# and no count or amount reaches 10^15 (Excel itself keeps 15 significant digits). Below both, every
# Decimal operation here is exact within the default 28-digit context and costs microseconds; above
# them a 2-million-digit string took minutes to convert and a 29-digit amount raised InvalidOperation.
MAX_NUMBER_CHARS = 200
MAX_DIGITS = 15
NUMBER_LIMIT = 10.0 ** MAX_DIGITS  # every value read is below it in magnitude
# MONEY (2019 采购总金额): kept in 万元, exact to the fen (0.01 元 = 0.000001 万元).
YUAN, WANYUAN = "元", "万元"
MONEY_PLACES = {WANYUAN: 6, YUAN: 2}
_YUAN_PER_WAN = Decimal(10000)

# What a cell turned out to be.
OK = "ok"
BLANK = "blank"  # empty or a placeholder
BAD = "bad"  # cannot be read as a number: excluded from arithmetic


Number = int | Decimal  # what a cell holds once read: counts exact ints, amounts exact Decimals


def values_at(keys: Sequence) -> Callable[[Mapping], tuple]:
    """A function giving the values at `keys` of a mapping as a tuple, looked up in one C-level call
    (operator.itemgetter, which gives a lone value for one key); KeyError for a key the mapping lacks."""
    if len(keys) == 1:
        only = keys[0]
        return lambda values: (values[only],)
    return itemgetter(*keys)


def known(values: Sequence[Number | None]) -> list[Number] | None:
    """The values when every one is known, else None (a rule then says nothing)."""
    return None if None in values else cast("list[Number]", list(values))


@dataclass(frozen=True, slots=True)
class Parsed:
    status: str
    value: int | Decimal | None = None
    code: str | None = None  # the finding this cell deserves, if any
    params: dict | None = None


def _as_count(number: Decimal, shown, kind: str, unit: str | None = None) -> Parsed | None:
    """Kind checks shared by typed and textual numbers; None when the number is fine."""
    if number.adjusted() >= MAX_DIGITS:
        return _too_large(shown)
    if number < 0 and kind != SIGNED:
        return Parsed(BAD, code="E102", params={"value": shown})
    if kind in (MONEY, AMOUNT):
        # In 元, to the fen; in 万元, the fee to the yuan (4 places), a 2019 amount to the fen (6).
        places = MONEY_PLACES[unit or WANYUAN] if kind == MONEY or unit == YUAN else MAX_PLACES
        exponent = number.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            detail = part("part.money_places" if kind == MONEY else "part.amount_places", places=places)
            return Parsed(BAD, code="E103", params={"value": shown, "detail": detail})
        return None
    if number != number.to_integral_value():
        return Parsed(BAD, code="E103", params={
            "value": shown, "detail": part("part.not_whole")})
    return None


def _too_large(shown) -> Parsed:
    return Parsed(BAD, code="E101", params={"value": _excerpt(str(shown)),
                                             "hint": part("part.too_many_digits", digits=MAX_DIGITS)})


def _exact(number: Decimal, kind: str, unit: str | None = None) -> int | Decimal:
    if not number:
        number = abs(number)  # -0 is 0: never shown as "-0"
    if kind in (MONEY, AMOUNT):
        if unit == YUAN:
            # Decimal division by 10^4 is exact: 251000元 is 25.1万元, not a binary approximation.
            number = number / _YUAN_PER_WAN
        # Normalised so that 1.50 and 1.5 compare and print alike; never in exponent form.
        n = number.normalize()
        return n.quantize(Decimal(1)) if n == n.to_integral_value() else n
    return int(number)


def from_float(x: float) -> Decimal:
    """A float from a reader as the decimal a person typed: 15 significant digits drop binary noise."""
    return Decimal(format(x, ".15g"))


_BLANK = Parsed(BLANK)
_AMOUNTS = (MONEY, AMOUNT)
# A number as a document writes it: digits, a sign, a decimal point, thousands separators.
_PLAIN = compiled(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUMERALS = frozenset(_CN_DIGITS) | frozenset(_CN_UNITS) | {"万"}


def _chinese(s: str, kind: str) -> Decimal | None:
    """A whole number written in Chinese numerals (〇, 零, 十二, 一百零五, 三万二千), else None."""
    for suffix in _UNIT_SUFFIX.get(kind, ()):
        if s.endswith(suffix) and len(s) > len(suffix):
            s = s[: -len(suffix)]
            break
    if len(s) > 12 or not set(s) <= _CN_NUMERALS:
        return None
    if all(ch in _CN_DIGITS for ch in s):  # digit by digit: 〇, 二〇
        return Decimal("".join(str(_CN_DIGITS[ch]) for ch in s)) if len(s) == 1 or s[0] not in "〇零" else None
    total = section = digit = 0
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (digit or 1) * _CN_UNITS[ch]
            digit = 0
        else:  # 万
            total += (section + digit) * 10000
            section = digit = 0
    return Decimal(total + section + digit)
def chinese_numeral(s: str) -> Decimal | None:
    """A whole number written in Chinese numerals (十二, 一百零五, 三万), else None."""
    return _chinese(s, "")


_NO_HINT = part("part.empty")


def parse(raw, kind: str, unit: str | None = None, native_text: bool = False) -> Parsed:
    """Read one cell as returned by the reader (float, int, str, bool, date, '' or None).

    For an amount (MONEY, AMOUNT), `unit` is the unit its header states (元/万元) or None; a unit
    written in the cell wins. The parsed value is in 万元 and its params carry "unit": the unit it
    was read in, or None when neither the cell nor the header says (the caller decides what to say
    about that). `native_text`: the cell comes from a document, where every number is text, so a
    plain one (1,234 or 0.5) is no warning. Long because each kind of raw value is told apart here, in
    the order of how often it comes."""
    if ((type(raw) is float and raw.is_integer() or type(raw) is int) and kind != AMOUNT and kind != MONEY
            and raw < NUMBER_LIMIT and (raw >= 0 or (kind == SIGNED and raw > -NUMBER_LIMIT))):
        # The common case: a whole number typed into a cell (a float as calamine reads an .xlsx, an int as it
        # reads an .xls; never a bool, whose type is its own).
        return Parsed(OK, int(raw))
    if raw is None or raw == "":
        return _BLANK
    if isinstance(raw, bool):
        return Parsed(BAD, code="E101", params={"value": "TRUE" if raw else "FALSE", "hint": _NO_HINT})
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and (raw != raw or raw in (float("inf"), float("-inf"))):
            return Parsed(BAD, code="E101", params={"value": str(raw), "hint": _NO_HINT})
        if not -NUMBER_LIMIT < raw < NUMBER_LIMIT:  # before any conversion: a 5,000-digit int cannot become a str
            return _too_large(format(raw, ".6g") if isinstance(raw, float) else f"{str(raw)[:12]}…")
        number = Decimal(raw) if isinstance(raw, int) else from_float(raw)
        shown = _excerpt(_shown(number))
        problem = _as_count(number, shown, kind, unit)
        if problem:
            return problem
        return Parsed(OK, _exact(number, kind, unit), params={"unit": unit} if kind in _AMOUNTS else None)
    if isinstance(raw, (_dt.date, _dt.time, _dt.timedelta)):
        return Parsed(BAD, code="E101", params={
            "value": str(raw), "hint": part("part.date_cell")})
    text = str(raw)
    if len(text) > MAX_NUMBER_CHARS:  # before clean() and any regex: no number is this long
        return Parsed(BAD, code="E101", params={
            "value": _excerpt(text[:MAX_NUMBER_CHARS]), "hint": part("part.too_long", chars=MAX_NUMBER_CHARS)})
    s = clean(text).lower()
    if s == "" or s in PLACEHOLDERS:
        return Parsed(BLANK, params={"value": text.strip()})
    written_unit = None
    if kind in _AMOUNTS:
        written_unit = next((u for u in (WANYUAN, YUAN) if s.endswith(u) and len(s) > len(u)), None)
        if written_unit:
            s = s[: -len(written_unit)]
            unit = written_unit
    found = _text_number(s, kind)
    if found is None:
        return Parsed(BAD, code="E101", params={"value": _excerpt(text), "hint": _NO_HINT})
    number = found
    problem = _as_count(number, _excerpt(text.strip()), kind, unit)
    if problem:
        return problem
    value = _exact(number, kind, unit)
    plain = _NUMBER.fullmatch(s) and text.strip() == s + (written_unit or "")
    if plain and written_unit:
        # A plain number with its unit (251000元) is how the 2019 format is filled in: no warning.
        return Parsed(OK, value, params={"unit": unit})
    if native_text and _PLAIN().fullmatch(text.strip()):
        return Parsed(OK, value, params={"unit": unit} if kind in _AMOUNTS else None)
    params: dict[str, object] = {"value": _excerpt(text), "number": _shown(value)}
    if kind in _AMOUNTS:
        params["unit"] = unit
        params["number"] = _shown(value) + WANYUAN  # the value kept is in 万元, whatever unit the cell used
    return Parsed(OK, value, code="W102", params=params)


def _text_number(s: str, kind: str) -> Decimal | None:
    if s and s[0] in _CN_NUMERALS:
        return _chinese(s, kind)
    s = _THOUSANDS().sub("", s)
    for suffix in _UNIT_SUFFIX.get(kind, ()):
        if s.endswith(suffix) and len(s) > len(suffix):
            s = s[: -len(suffix)]
            break
    if not _NUMBER.fullmatch(s):
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _shown(value) -> str:
    if isinstance(value, Decimal):
        # Fixed-point, whatever the exponent (1E+3 -> 1000): format never raises, unlike quantize.
        return format(value.normalize(), "f")
    return str(value)


def show(value) -> str:
    """A number as a clerk writes it: no exponent, no trailing zeros."""
    return _shown(value)


def _excerpt(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
