"""A unit's report as read: its values with the cells they came from, and its findings."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from functools import cache

from ..base.i18n import Text
from ..formats.schema import Format, Key
from .findings import Counted, Finding, shared
from .values import values_at


class _Frozen(dict):
    """An empty dict nothing can be added to: the one every light unit holds for its values, cells
    and derived totals (a unit kept by a run of 50,000 costs no empty dicts; a write to it is a bug)."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("a light unit's values cannot be changed")

    __setitem__ = __delitem__ = update = setdefault = pop = popitem = clear = _refuse


class _FrozenSet(set):
    def _refuse(self, *args, **kwargs):
        raise TypeError("a light unit's groups cannot be changed")

    add = discard = remove = update = pop = clear = _refuse


class _FrozenList(list):
    def _refuse(self, *args, **kwargs):
        raise TypeError("add a light unit's findings with Unit.add")

    append = extend = insert = remove = pop = clear = sort = reverse = __setitem__ = __delitem__ = _refuse
    __iadd__ = __imul__ = _refuse


class KeyedValues(Mapping):
    """A unit's values as they come back from a worker without their cells (a compile without last
    year): the list in its format's key order, every key present, looked up through the format's index.
    The parent adds a unit up from the list itself (summary.Accumulator, unit_figures) rather than from a
    dict of 400 entries made for each unit and dropped; anything else reads the mapping it was. Read only."""

    __slots__ = ("format", "listed", "_at")

    def __init__(self, fmt: Format, listed: list):
        self.format, self.listed = fmt, listed
        self._at = fmt.key_index()

    def __getitem__(self, key: Key):
        return self.listed[self._at[key]]

    def get(self, key, default=None):
        i = self._at.get(key)
        return default if i is None else self.listed[i]

    def __contains__(self, key: object) -> bool:
        return key in self._at

    def __iter__(self) -> Iterator[Key]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self.listed)


NO_VALUES: dict = _Frozen()
NO_GROUPS: set = _FrozenSet()
NO_FINDINGS: list = _FrozenList()  # the findings of every kept unit that has none (Unit.add gives it its own)
_CONTAINERS = ("values", "cells", "derived", "subtotal_groups")


@dataclass(slots=True)
class Unit(Counted):
    name: str
    source: str
    format: Format | None
    year: int | None = None
    sheet: str | None = None  # the sheet the unit's tables stand on (the first, if several)
    sheet_index: int = 0
    # None: not known. Back from a worker without cells, a KeyedValues (read only).
    values: dict[Key, int | Decimal | None] = field(default_factory=dict)
    cells: dict[Key, tuple[str, str, int]] = field(default_factory=dict)  # key -> (sheet, A1 ref, sheet index)
    # Totals not stated (blank, a placeholder, an uncomputed formula) -> how the cell was written: the
    # rules derive them from their parts and say so (W103), never read them as 0.
    derived: dict[Key, Text] = field(default_factory=dict)
    subtotal_groups: set[str] = field(default_factory=set)  # groups whose layout has a subtotal row
    findings: list[Finding] = field(default_factory=list)
    excluded: bool = False  # left out of a compile by --on-error exclude
    summary: bool = False  # a workbook's own 汇总 sheet over its unit sheets: checked, never added up
    made_by: str | None = None  # read from the tool's own output (base.marker: summary, template, annotated)

    def where(self, table: str, row: str, col: str) -> str | None:
        c = self.cells.get((table, row, col))
        return f"{c[0]}!{c[1]}" if c else None

    def finding(self, code: str, key: Key | None = None, params: dict | None = None,
                related: tuple[Key, ...] = (), table: str | None = None) -> Finding:
        """A finding about this unit, located at the cell of `key` when it has one (or only in a
        `table`, for a finding about a whole table)."""
        sheet: str | None = self.sheet
        cell: str | None = None
        index = self.sheet_index
        if key and key in self.cells:
            sheet, cell, index = self.cells[key]
        rel = tuple(w for w in (self.where(*k) for k in related) if w)
        return Finding(
            code=code, source=self.source, unit=self.name, sheet=sheet, cell=cell,
            table=key[0] if key else table, row=key[1] if key else None, column=key[2] if key else None,
            params=params or {}, related=rel, sheet_index=index,
        )

    def on_file(self, source: str) -> None:
        """Hold the run's own string for the file as its source and its findings' (a unit back from a worker
        brings an equal copy): a run of 50,000 keeps one string a file."""
        if self.source == source:
            self.source = source
            for f in self.findings:
                f.on_file(source)

    def add(self, findings: Iterable[Finding]) -> None:
        """Add findings to a unit after it was read (the run's rules: E302, W502, cross-year): a light unit
        with none holds the shared empty list, and gets its own here."""
        if self.findings is NO_FINDINGS:
            self.findings = []
        self.findings.extend(findings)

    def light(self) -> Unit:
        """This unit without its values and cells: what a summary or a report still needs of it
        (name, source, findings), so that memory does not grow with the number of inputs. A unit
        already light is itself."""
        if self.values is NO_VALUES and self.cells is NO_VALUES and self.derived is NO_VALUES:
            return self
        return self.light_copy()

    def light_copy(self) -> Unit:
        """A new light Unit of this one's name, source and findings (light() without its shortcut)."""
        return Unit(name=self.name, source=self.source, format=self.format, year=self.year, sheet=self.sheet,
                    sheet_index=self.sheet_index, values=NO_VALUES, cells=NO_VALUES, derived=NO_VALUES,
                    subtotal_groups=NO_GROUPS, findings=self.findings or NO_FINDINGS, excluded=self.excluded,
                    summary=self.summary, made_by=self.made_by)

    # -- crossing process boundaries (parallel reading) ----------------------------------
    def __getstate__(self):
        # Values and cells travel as lists in the format's fixed key order: unpickling 400 small
        # tuples per unit was the parent process's main cost when workers read in parallel. Empty
        # containers (and no findings) do not travel: the unit arrives holding the shared empty ones.
        state = {name: getattr(self, name) for name in _FIELDS}
        for name in _CONTAINERS:
            if not state[name]:
                del state[name]
        if not state["findings"]:
            del state["findings"]
        if self.format is not None and "values" in state:
            keys = self.format.keys()
            values, cells = self.values, self.cells
            listed = None
            if len(values) == len(keys):
                # As many values as keys and every key found: the same keys (cheaper than comparing the sets).
                with contextlib.suppress(KeyError):
                    listed = list(_in_key_order(self.format)(values))
            if listed is not None:
                state["values"] = listed
                if len(cells) == len(keys) and cells.keys() == values.keys():
                    sheets = sorted({c[0] for c in cells.values()})
                    sheet_no = {name: i for i, name in enumerate(sheets)}
                    state["cells"] = (sheets, [(sheet_no[cells[k][0]], cells[k][1], cells[k][2]) for k in keys])
        return state

    def __setstate__(self, state):
        if isinstance(state.get("values"), list):
            keys = state["format"].keys()
            if "cells" not in state:  # added up, not compared with last year (whose rules look values up one by one)
                state["values"] = KeyedValues(state["format"], state["values"])
            else:
                state["values"] = dict(zip(keys, state["values"], strict=False))
            if isinstance(state.get("cells"), tuple):
                sheets, packed = state["cells"]
                state["cells"] = {k: (sheets[s], ref, i) for k, (s, ref, i) in zip(keys, packed, strict=False)}
        for name in ("sheet", "year", "made_by"):
            state[name] = shared(state[name])
        for name in _CONTAINERS:
            state.setdefault(name, NO_GROUPS if name == "subtotal_groups" else NO_VALUES)
        state.setdefault("findings", NO_FINDINGS)
        for name, value in state.items():
            setattr(self, name, value)

    # -- summary --------------------------------------------------------------------------
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


_FIELDS = tuple(f.name for f in fields(Unit))


@cache
def _in_key_order(fmt: Format):
    """A unit's values in the format's key order, looked up in one C-level call (a tuple; KeyError for a key
    missing): a step of every unit that leaves a worker, about a fifth less than a lookup per key."""
    return values_at(fmt.keys())


def unreadable(source: str, why: Text, sheet: str | None = None, cell: str | None = None) -> Unit:
    """The one unit of an input that cannot be read: E003 with the reason (and the sheet and cell when
    the reason is about one, e.g. a far-away cell). Named after the file: it has nothing else."""
    name = os.path.splitext(os.path.basename(source))[0]
    unit = Unit(name=name, source=source, format=None)
    unit.findings.append(Finding("E003", source, unit=name, sheet=sheet, cell=cell, params={"reason": why}))
    return unit
