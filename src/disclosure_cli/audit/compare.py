"""The text against the tables: E601 for each figure a sentence states that no reading of the tables gives."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from decimal import Decimal

from ..base.i18n import Text
from ..formats.prose import Cell, Reading
from ..formats.schema import Format, Key
from ..model.findings import Finding
from ..model.unit import Unit
from ..model.values import show
from .statements import Stated

_QUOTE = 90  # characters of the sentence quoted around the figure


@functools.cache
def cells_of(fmt: Format, cell: Cell) -> tuple[Key, ...]:
    """The table cells a reading's cell stands for: itself, or every row of a row group (不予公开)."""
    table, row, col = cell
    return tuple(k for k in fmt.keys()
                 if k[0] == table and k[2] == col and (k[1] == row or k[1].startswith(row + ".")))


def reading_value(unit: Unit, reading: Reading) -> Decimal | None:
    """The sum the tables give for a reading, None when a cell of it is not known."""
    assert unit.format is not None
    total = Decimal(0)
    for cell in reading:
        keys = cells_of(unit.format, cell)
        values = [unit.values.get(k) for k in keys]
        if not keys or any(v is None for v in values):
            return None
        total += sum((Decimal(v) for v in values if v is not None), Decimal(0))
    return total


def label(fmt: Format, reading: Reading) -> str:
    """A reading in the tables' own words: 行政规范性文件 本年制发件数 · （三）不予公开 · A + B."""
    words = []
    for table_id, row, col in reading:
        table = fmt.table(table_id)
        rows = table.group(row).label if table.has_group(row) else table.row(row).label
        first = table.row(cells_of(fmt, (table_id, row, col))[0][1])
        column = next((c.label for c in first.columns if c.id == col), col)
        words.append(rows if col == "total" or len(first.columns) == 1 else f"{rows} {column}")
    return " + ".join(words)


def text_findings(stated: list[Stated], unit: Unit, section_names: dict[str, str]) -> Iterator[Finding]:
    """E601 for each stated figure the tables contradict. A figure with several readings (共收到 … 件,
    counting last year's carried over or not) is contradicted only when none agrees; one the tables do not
    hold (a row missing, a cell unreadable) is not compared."""
    fmt = unit.format
    if fmt is None:
        return
    for s in stated:
        known = [(r, v) for r in s.claim.readings if (v := reading_value(unit, r)) is not None]
        if not known or any(v == s.value for _, v in known):
            continue
        first = known[0][0]
        keys = [k for cell in first for k in cells_of(fmt, cell)]
        yield Finding(
            "E601", unit.source, unit=unit.name, sheet=section_names.get(s.paragraph.section or ""),
            cell=s.paragraph.ref, table=first[0][0], row=first[0][1], column=first[0][2],
            params={"what": label(fmt, first), "stated": _shown(s.value, s.claim.amount),
                    "table": _tables_say(fmt, known, s.claim.amount), "quote": _quote(s.sentence, s.value)},
            related=tuple(w for w in (unit.where(*k) for k in keys) if w))


def _shown(value: Decimal, amount: bool) -> str:
    return show(value) + ("万元" if amount else "")


def _tables_say(fmt: Format, known: list[tuple[Reading, Decimal]], amount: bool) -> Text:
    """12 · 12 (or 15, 本年新收… + 上年结转…)."""
    first = _shown(known[0][1], amount)
    if len(known) == 1:
        return Text(first, first)
    others = [(label(fmt, r), _shown(v, amount)) for r, v in known[1:]]
    return Text(first + "".join(f"（或 {v}：{w}）" for w, v in others),
                first + "".join(f" (or {v}: {w})" for w, v in others))


def _quote(sentence: str, value: Decimal) -> str:
    """The sentence, or the part of it around the figure when it is long."""
    if len(sentence) <= _QUOTE:
        return sentence
    at = max(sentence.find(show(value)), 0)
    start = max(0, min(at - _QUOTE // 2, len(sentence) - _QUOTE))
    return ("…" if start else "") + sentence[start:start + _QUOTE] + ("…" if start + _QUOTE < len(sentence) else "")

