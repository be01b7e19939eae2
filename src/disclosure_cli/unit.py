"""A unit's report as read: its values with the cells they came from, and its findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .findings import Finding, count
from .schema import Format, memo

Key = tuple[str, str, str]  # (table id, row id, column id); group subtotals use the group id as row


@dataclass
class Unit:
    name: str
    source: str
    format: Format | None
    year: int | None = None
    sheet: str | None = None  # the sheet the unit's tables stand on (the first, if several)
    sheet_index: int = 0
    values: dict[Key, int | Decimal | None] = field(default_factory=dict)  # None: not known
    cells: dict[Key, tuple[str, str, int]] = field(default_factory=dict)  # key -> (sheet, A1 ref, sheet index)
    derived: set[Key] = field(default_factory=set)  # totals not stated, computed from their parts
    subtotal_groups: set[str] = field(default_factory=set)  # groups whose layout has a subtotal row
    findings: list[Finding] = field(default_factory=list)
    excluded: bool = False  # left out of a compile by --on-error exclude
    summary: bool = False  # a workbook's own 汇总 sheet over its unit sheets: checked, never added up

    # -- access for rules ---------------------------------------------------------------
    def get(self, table: str, row: str, col: str):
        return self.values.get((table, row, col))

    def stated(self, table: str, row: str, col: str) -> bool:
        k = (table, row, col)
        return k in self.cells and k not in self.derived and self.values.get(k) is not None

    def where(self, table: str, row: str, col: str) -> str | None:
        c = self.cells.get((table, row, col))
        return f"{c[0]}!{c[1]}" if c else None

    def finding(self, code: str, key: Key | None = None, params: dict | None = None,
                related: tuple[Key, ...] = ()) -> Finding:
        """A finding about this unit, located at the cell of `key` when it has one."""
        sheet, cell, index = self.cells.get(key, (self.sheet, None, self.sheet_index)) if key else (
            self.sheet, None, self.sheet_index)
        rel = tuple(w for w in (self.where(*k) for k in related) if w)
        return Finding(
            code=code, source=self.source, unit=self.name, sheet=sheet, cell=cell,
            table=key[0] if key else None, row=key[1] if key else None, column=key[2] if key else None,
            params=params or {}, related=rel, sheet_index=index,
        )

    def light(self) -> Unit:
        """This unit without its values and cells: what a summary or a report still needs of it
        (name, source, findings), so that memory does not grow with the number of inputs."""
        return Unit(name=self.name, source=self.source, format=self.format, year=self.year, sheet=self.sheet,
                    sheet_index=self.sheet_index, findings=self.findings, excluded=self.excluded,
                    summary=self.summary)

    # -- crossing process boundaries (parallel reading) ----------------------------------
    def __getstate__(self):
        # Values and cells travel as lists in the format's fixed key order: unpickling 400 small
        # tuples per unit was the parent process's main cost when workers read in parallel.
        state = dict(self.__dict__)
        if self.format is not None:
            keys = self.format.keys()
            values, cells = self.values, self.cells
            if len(values) == len(keys) and values.keys() == memo(self.format, "key_set", lambda: frozenset(keys)):
                state["values"] = [values[k] for k in keys]
                if len(cells) == len(keys) and cells.keys() == values.keys():
                    sheets = sorted({c[0] for c in cells.values()})
                    sheet_no = {name: i for i, name in enumerate(sheets)}
                    state["cells"] = (sheets, [(sheet_no[cells[k][0]], cells[k][1], cells[k][2]) for k in keys])
        return state

    def __setstate__(self, state):
        if isinstance(state.get("values"), list):
            keys = state["format"].keys()
            state["values"] = dict(zip(keys, state["values"]))
            if isinstance(state.get("cells"), tuple):
                sheets, packed = state["cells"]
                state["cells"] = {k: (sheets[s], ref, i) for k, (s, ref, i) in zip(keys, packed)}
        self.__dict__.update(state)

    # -- summary --------------------------------------------------------------------------
    @property
    def errors(self) -> int:
        return count(self.findings)[0]

    @property
    def warnings(self) -> int:
        return count(self.findings)[1]

    @property
    def status(self) -> str:
        if self.summary:
            return "summary"
        if self.excluded:
            return "excluded"
        return "error" if self.errors else "ok"

    def to_dict(self) -> dict:
        return {"unit": self.name, "year": self.year, "source": self.source, "sheet": self.sheet,
                "format": self.format.id if self.format else None,
                "status": self.status, "errors": self.errors, "warnings": self.warnings}

