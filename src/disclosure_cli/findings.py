"""Findings: what is wrong, where (file, sheet, cell, table/row/column ids), and the message."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from . import codes

_CELL = re.compile(r"([A-Z]+)([0-9]+)")


def cell_sort_key(cell: str | None) -> tuple[int, int]:
    """Row-major order of an A1 reference ('J25' -> (25, 10)); no cell sorts first."""
    if not cell:
        return (0, 0)
    m = _CELL.fullmatch(cell)
    if not m:
        return (0, 0)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return (int(m.group(2)), col)


def _plain(value):
    """A parameter as JSON can carry it: Decimals as strings, ints as ints."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, codes.Text):
        return value.en
    return value


@dataclass(frozen=True, eq=False)
class Finding:
    code: str
    source: str
    unit: str | None = None
    sheet: str | None = None
    cell: str | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    params: dict = field(default_factory=dict)
    # Other cells the rule read ("Sheet!A1"): the parts of a total, the other side of a balance.
    related: tuple[str, ...] = ()
    sheet_index: int = 0  # position of the sheet in its workbook, for a stable reading order

    @property
    def severity(self) -> str:
        return codes.CODES[self.code].severity

    @property
    def is_error(self) -> bool:
        return self.severity == codes.ERROR

    def message(self, lang: str = "zh") -> str:
        return codes.render(self.code, lang, self.params)

    @property
    def where(self) -> str:
        """'年报附表!J25', or the sheet, or nothing."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or ""

    def sort_key(self) -> tuple:
        return (self.source, self.unit or "", self.sheet_index, self.sheet or "",
                cell_sort_key(self.cell), self.code)

    def to_dict(self, lang: str = "zh") -> dict:
        d = {
            "code": self.code,
            "severity": self.severity,
            "unit": self.unit,
            "source": self.source,
            "sheet": self.sheet,
            "cell": self.cell,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "message": self.message(lang),
        }
        if "expected" in self.params:
            d["expected"] = _plain(self.params["expected"])
        if "stated" in self.params:
            d["actual"] = _plain(self.params["stated"])
        elif "value" in self.params:
            d["actual"] = _plain(self.params["value"])
        if self.related:
            d["related"] = list(self.related)
        return d


def sort_findings(findings) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)


def count(findings) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(1 for f in findings if f.is_error)
    return errors, len(findings) - errors
