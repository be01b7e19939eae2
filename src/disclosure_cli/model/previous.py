"""A unit's report for an earlier year as the cross-year rules see it (how names match: model.namekey)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..formats.schema import Key
from .unit import Unit


@dataclass(frozen=True)
class Previous:
    """A unit's report for an earlier year (read from a workbook, a compiled summary or the history
    store): values keyed (table, row, column)."""

    name: str
    year: int | None
    format_id: str | None
    values: dict[Key, int | Decimal | None]
    source: str
    cells: dict[Key, str] = field(default_factory=dict)  # key -> "Sheet!A1", when read from a workbook
    named: bool = True  # False when the name is only the file's name (no 单位名称 cell, no title)
    via: str = ""  # where the record was kept, when not read from `source` now ("history.db")

    @classmethod
    def of(cls, unit: Unit) -> Previous:
        return cls(unit.name, unit.year, unit.format.id if unit.format else None, dict(unit.values), unit.source,
                   {k: f"{sheet}!{ref}" for k, (sheet, ref, _) in unit.cells.items()},
                   named=unit.name != Path(unit.source).stem)

    def where(self, k: Key | None = None) -> str:
        """'2020.xlsx 年报附表!J27': where last year's number stands, for messages."""
        cell = self.cells.get(k) if k else None
        name = Path(self.source).name
        name = f"{self.via} › {name}" if self.via else name
        return f"{name} {cell}" if cell else name


def change(now, before):
    """This year's figure minus last year's; None when either is unknown."""
    return now - before if now is not None and before is not None else None
