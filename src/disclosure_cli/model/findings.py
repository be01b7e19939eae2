"""Findings: what is wrong, where (file, sheet, cell, table/row/column ids), and the message."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from functools import cache

from .. import messages
from ..base.i18n import Text
from ..base.refs import document_cell, paragraph_parts
from ..base.refs import sort_key as cell_sort_key

_MARKS = {messages.ERROR: "✗", messages.WARNING: "!", messages.NOTICE: "·"}


@cache
def _needed(code: str) -> frozenset[str]:
    """The params a code's templates need, in either language."""
    c = messages.CODES[code]
    return messages.fields(c.message["zh"]) | messages.fields(c.message["en"])


def _plain(value):
    """A parameter as JSON can carry it: Decimals as strings, ints as ints."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Text):
        return value.en
    return value


def shared(value):
    """One object for equal small values that many units and findings repeat (a sheet's name, a cell,
    a year, the tool's mark), once they arrive from a worker: the parent of a large run keeps them all."""
    if value.__class__ is str:
        return sys.intern(value)
    if value.__class__ is int:
        return _INTS.setdefault(value, value)
    return value


_INTS: dict[int, int] = {}
# The cells a rule read, as one tuple for every unit whose form puts its parts in the same cells.
_CELLS: dict[tuple[str, ...], tuple[str, ...]] = {}
_CELLS_KEPT = 4096  # distinct tuples kept: a run's forms have a few hundred; beyond, tuples stay their own


def _shared_cells(cells: tuple[str, ...]) -> tuple[str, ...]:
    got = _CELLS.get(cells)
    if got is not None:
        return got
    cells = tuple(map(shared, cells))
    if len(_CELLS) < _CELLS_KEPT:
        _CELLS[cells] = cells
    return cells


@dataclass(frozen=True, eq=False, slots=True)
class Finding:
    code: str
    source: str
    unit: str | None = None
    sheet: str | None = None
    cell: str | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    params: Mapping[str, object] = field(default_factory=dict)
    # Other cells the rule read ("Sheet!A1"): the parts of a total, the other side of a balance.
    related: tuple[str, ...] = ()
    sheet_index: int = 0  # position of the sheet in its workbook, for a stable reading order

    def __post_init__(self) -> None:
        # A finding whose params do not fit its code's templates is a bug: refuse it where it is
        # made (every test that makes one catches it), never render a fallback text later.
        missing = _needed(self.code) - self.params.keys()
        if missing:
            raise ValueError(f"{self.code} needs params {sorted(missing)}")

    def __getstate__(self):
        return tuple(getattr(self, name) for name in _FINDING_FIELDS)

    def __setstate__(self, state) -> None:
        # From a worker: the strings findings repeat (sheet, cell, the cells of a rule) shared; the source,
        # one file's, becomes the run's own string for it (Unit.on_file), not an interned copy kept forever.
        for name, value in zip(_FINDING_FIELDS, state, strict=True):
            if name == "related":
                value = _shared_cells(value)
            elif name == "params":
                # Its names, and the small numbers a rule shows ('370', '1'), repeat from unit to unit.
                value = {shared(k): shared(v) for k, v in value.items()} if value.__class__ is dict else value
            elif name != "source":
                value = shared(value)
            object.__setattr__(self, name, value)

    def on_file(self, source: str) -> None:
        """Hold `source`, a string equal to its own, as its source (Unit.on_file)."""
        if self.source == source:
            object.__setattr__(self, "source", source)

    @property
    def severity(self) -> str:
        return messages.CODES[self.code].severity

    @property
    def is_error(self) -> bool:
        return messages.CODES[self.code].is_error

    @property
    def is_warning(self) -> bool:
        return messages.CODES[self.code].severity == messages.WARNING

    @property
    def mark(self) -> str:
        """The sign a text report shows before the finding."""
        return _MARKS[self.severity]

    def message(self, lang: str = "zh") -> str:
        return messages.render(self.code, lang, self.params)

    @property
    def where(self) -> str:
        """'年报附表!J25' (a document's 'T2!R5C3', a text file's 'L83C3'), or the sheet, or nothing."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.cell or self.sheet or ""

    def place(self, lang: str) -> str:
        """Where a person finds the cell: '年报附表!J25', '表格2 第5行第3列' (a Word or web table),
        '行83 列3' (a text file), '二、主动公开政府信息情况 第12段' (a report's text), in `lang`."""
        paragraph = paragraph_parts(self.cell)
        if paragraph is not None:  # a report's text: its section, then the paragraph (and a text file's line)
            n, line = paragraph
            where = messages.say("ui.place_paragraph_line" if line else "ui.place_paragraph", lang, n=n, line=line)
            return f"{self.sheet} {where}" if self.sheet else where
        cell = document_cell(self.cell)
        if cell is None:
            return self.where
        kind, row, col = cell
        if kind == "L":
            return messages.say("ui.place_line", lang, line=row, col=col)
        return messages.say("ui.place_table", lang, table=(self.sheet or "T?").lstrip("T"), row=row, col=col)

    def sort_key(self) -> tuple:
        return (self.source, self.unit or "", self.sheet_index, self.sheet or "",
                cell_sort_key(self.cell), self.code)

    def to_dict(self, lang: str = "zh") -> dict:
        d: dict[str, object] = {
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


_FINDING_FIELDS = tuple(f.name for f in fields(Finding))


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)


def errors_first(findings: Iterable[Finding]) -> list[Finding]:
    """Errors, then warnings, then notices; each in reading order (a list a clerk works down)."""
    return sorted(findings, key=lambda f: (messages.LEVELS.index(f.severity), f.sort_key()))


class Counted:
    """How many errors and warnings an object with `findings` has (a unit, a run's result)."""

    __slots__ = ()  # a unit keeps its own slots (model.unit): no dict per unit for this base
    findings: list[Finding]  # a field (a unit's) or a property (a result's)

    @property
    def errors(self) -> int:
        return count(self.findings)[0]

    @property
    def warnings(self) -> int:
        return count(self.findings)[1]


def count(findings: Iterable[Finding]) -> tuple[int, int]:
    """(errors, warnings); notices are neither."""
    errors = warnings = 0
    for f in findings:
        if f.is_error:
            errors += 1
        elif f.is_warning:
            warnings += 1
    return errors, warnings
