"""Compiling units into a summary: exact totals, per-unit key figures, and which units are covered."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any, cast

from .. import formats
from ..formats.indicators import terms
from ..formats.schema import AMOUNT, MONEY, Figure, Format, Key, Term
from ..model.findings import Finding
from ..model.kept import Kept, count_included
from ..model.previous import change
from ..model.ratios import Thresholds
from ..model.roster import RosterCheck
from ..model.unit import KeyedValues, Unit
from ..model.values import Number, known
from ..rules.years import mixed_years
from .figures import FigureTable

FAIL, EXCLUDE, INCLUDE = "fail", "exclude", "include"
ON_ERROR = (FAIL, EXCLUDE, INCLUDE)
# How many unit names an E401 message spells out before "…".
_NAMES_SHOWN = 3


@dataclass
class Compilation:
    """What `compile` produced. `units` are light copies (findings, no values): memory stays flat."""

    format: Format
    year: int | None
    name: str | None  # what the summary is called: the unit's name for one unit, else --name
    totals: dict[Key, int | Decimal | None]  # None: unknown (a hole, E401); only with --on-error include
    units: Sequence[Unit]  # every unit read, in input order; .excluded marks those left out
    figures: FigureTable  # key figures per unit, a dict each (None when excluded), packed
    extra_findings: list[Finding] = field(default_factory=list)  # about the summary, not one unit
    blocked: bool = False  # an error stops the writing (--on-error fail, or E301)
    strict: bool = False
    roster: RosterCheck | None = None  # the units expected (--roster) against the units read
    # Last year's key figures and indicator counts per unit, as `figures` (None: no report last year);
    # empty without --previous/--history.
    previous: FigureTable | list = field(default_factory=list)
    thresholds: Thresholds = field(default_factory=Thresholds)
    trend: object | None = None  # summary.trend.Trend over the history store's years (compile --history)

    def breakdown_keys(self) -> list[tuple[Key, str]]:
        """The per-unit breakdown's columns: the format's key figures, then the year-on-year
        columns when last year's numbers were available (--history or --previous)."""
        keys = figure_keys(self.format)
        if self.figures.holds(YOY_LAST):
            keys = keys + list(YOY_COLUMNS)
        return keys

    def totals_figures(self) -> dict[Key, int | Decimal | None]:
        """The key figures of the totals (the breakdown's total row)."""
        return unit_figures(self.format, self.totals)

    @property
    def included(self) -> Iterator[Unit]:
        """The units added up, made as they are read (a list of 50,000 would hold a unit object each)."""
        return (u for u in self.units if not u.excluded)

    @property
    def included_count(self) -> int:
        """len(included), without making the list (each unit of a Kept is made on access)."""
        return count_included(self.units)

    @property
    def holes(self) -> list[Key]:
        return [k for k, v in self.totals.items() if v is None]


def unit_figures(fmt: Format, values: dict) -> dict:
    """The key figures (figure_keys) and the counts the indicators read (formats.indicators.terms) of one
    unit's values or of the totals: a cell, or the sum over a group's rows (不予公开, 行政诉讼); None where
    a value is unknown."""
    single_keys, single_cells, groups = _split_plan(fmt)
    # Back from a worker, the list is read by place, not a dict made of it; anything else by key.
    singles: Sequence[Any]
    parts: Sequence[Sequence[Any]]
    if isinstance(values, KeyedValues) and values.format is fmt:
        get = cast(Callable[[Any], Any], values.listed.__getitem__)
        singles, parts = _places(fmt)
    else:
        get = cast(Callable[[Any], Any], values.get)
        singles, parts = single_cells, tuple(cells for _, cells in groups)
    # The cells looked up in one C-level pass; the groups' rows summed (None if any is unknown).
    figures = dict(zip(single_keys, map(get, singles), strict=True))
    for (k, _), cells in zip(groups, parts, strict=True):
        numbers = known(list(map(get, cells)))
        figures[k] = None if not numbers else sum(numbers)
    return figures


@cache
def _places(fmt: Format) -> tuple[tuple[int, ...], tuple[tuple[int, ...], ...]]:
    """_split_plan's cells as places in the format's key order (a KeyedValues' list)."""
    _, single_cells, groups = _split_plan(fmt)
    at = fmt.key_index()
    return tuple(at[k] for k in single_cells), tuple(tuple(at[k] for k in cells) for _, cells in groups)


@cache
def _split_plan(fmt: Format) -> tuple[tuple[Key, ...], tuple[Key, ...], tuple[tuple[Key, tuple[Key, ...]], ...]]:
    """_figure_plan as (keys of single cells, those cells, the rest with their cells)."""
    plan = _figure_plan(fmt)
    singles = [(k, cells[0]) for k, cells in plan if len(cells) == 1]
    return (tuple(k for k, _ in singles), tuple(c for _, c in singles),
            tuple((k, cells) for k, cells in plan if len(cells) != 1))


@cache
def figure_columns(fmt: Format) -> tuple[tuple[Key, ...], frozenset[Key]]:
    """The columns of a unit's figures in a FigureTable (unit_figures' keys, then last year's headline and
    its change when the format has a headline), and those that are amounts (Decimals)."""
    plan = _figure_plan(fmt)
    singles, _, groups = _split_plan(fmt)  # in the order unit_figures makes them
    keys = singles + tuple(k for k, _ in groups) + ((YOY_LAST, YOY_CHANGE) if fmt.headline is not None else ())
    amounts = frozenset(k for k, cells in plan if cells and fmt.kind(*cells[0]) in (AMOUNT, MONEY))
    return keys, amounts


@cache
def _figure_plan(fmt: Format) -> tuple[tuple[Key, tuple[Key, ...]], ...]:
    """Each key figure and indicator count with the cells it adds up: the cell itself, or every row of
    the group it names."""
    plan = []
    wanted: dict[Key, Figure | Term] = {f.key: f for f in fmt.key_figures}
    for t in terms(fmt):
        wanted.setdefault(t.key, t)
    for f in wanted.values():
        cells: list[Key] = []
        if fmt.has_table(f.table):
            table = fmt.table(f.table)
            rows = [r.id for r in table.rows if r.id == f.row] or table.group_rows(f.row)
            cells = [(f.table, r, f.column) for r in rows]
        plan.append((f.key, tuple(cells)))
    return tuple(plan)


# Year-on-year columns of the breakdown (the format's headline, applications received, 新收申请):
# last year's and the change.
YOY_LAST = ("yoy", "received_last_year", "total")
YOY_CHANGE = ("yoy", "received_change", "total")
YOY_COLUMNS = ((YOY_LAST, "上年新收申请"), (YOY_CHANGE, "新收申请增减"))


def figure_keys(fmt: Format) -> list[tuple[Key, str]]:
    """The breakdown's columns for this format: (key, label), as declared with the format."""
    return [(f.key, f.label) for f in fmt.key_figures]


def _zero(fmt: Format, key: Key):
    return Decimal(0) if fmt.kind(*key) == AMOUNT else 0


def _bad(unit: Unit, strict: bool) -> bool:
    return bool(unit.errors or (strict and unit.warnings))


class Accumulator:
    """Adds units one at a time; keeps only sums, per-unit key figures and light units. `files`: the run's
    files in the order they are read (a scan's paths), which the kept units' sources refer to (model.kept)."""

    def __init__(self, on_error: str = FAIL, strict: bool = False, thresholds: Thresholds | None = None,
                 files: Sequence[str] | None = None):
        if on_error not in ON_ERROR:
            raise ValueError(on_error)
        self.on_error = on_error
        self.strict = strict
        self.thresholds = thresholds or Thresholds()
        self.units = Kept(files=files)  # the light units, as columns (model.kept)
        self.figures = FigureTable()  # columns set by the first unit added up
        self.previous = FigureTable()  # last year's figures per unit (None: none, or not added)
        self.format: Format | None = None
        self._keys: tuple[Key, ...] = ()
        self._sums: list[Number] = []  # in the format's key order
        self.missing: dict[Key, list[str]] = {}  # cells some included unit could not supply
        self.blocked = False

    def add(self, unit: Unit, last_year: dict | None = None, repeat: bool = False,
            last_format: Format | None = None) -> None:
        """Add one unit; `last_year` holds its previous-year values when they are known (in `last_format`,
        default the unit's). `repeat`: its unit-year was added before (E302 follows at the end): an error
        like any other."""
        self.previous.append(None)
        bad = _bad(unit, self.strict) or repeat
        if unit.summary:
            # A workbook's own 汇总 sheet: its findings count like any input's, its numbers are not
            # added a second time.
            self.blocked = self.blocked or (bad and self.on_error == FAIL)
            unit.excluded = True
            self.figures.append(None)
            self.units.append(unit)
            return
        if bad and self.on_error == FAIL:
            self.blocked = True
        elif bad and self.on_error == EXCLUDE:
            unit.excluded = True
        elif bad and (unit.format is None or not any(v is not None for v in unit.values.values())):
            # --on-error include keeps units whose numbers are wrong; a unit with no readable table
            # (unreadable file, unknown year) has nothing to include: it is listed as excluded.
            unit.excluded = True
        if not unit.excluded and not (bad and self.on_error == FAIL):
            assert unit.format is not None  # a unit without a format is excluded above
            self._sum(unit)
            figures = unit_figures(unit.format, unit.values)
            if last_year is not None and unit.format.headline is not None:
                now, before = unit.values.get(unit.format.headline), last_year.get(unit.format.headline)
                figures[YOY_LAST] = before
                figures[YOY_CHANGE] = change(now, before)
            if last_year is not None:
                before = last_format or unit.format
                if not self.previous.keyed:
                    self.previous.columns(*figure_columns(before))
                self.previous.replace_last(unit_figures(before, last_year))
            self.figures.append(figures)
        else:
            self.figures.append(None)
        self.units.append(unit)  # its light part: Kept holds no values

    def _sum(self, unit: Unit) -> None:
        fmt = unit.format
        assert fmt is not None
        if self.format is None:
            self.format = fmt
            self._keys = fmt.keys()
            self._sums = [_zero(fmt, k) for k in self._keys]
            if not self.figures.keyed:
                self.figures.columns(*figure_columns(fmt))
        elif fmt is not self.format:
            return  # E301 is raised for the years; the sums of another format mean nothing
        # The unit's numbers in the format's key order (a KeyedValues' list is that order), added
        # pairwise in C: the parent process adds every unit of the batch, so this is its main loop.
        values = unit.values
        if isinstance(values, KeyedValues) and values.format is fmt:
            numbers = values.listed
        else:
            numbers = list(map(values.get, self._keys))
        if None not in numbers:
            self._sums = list(map(operator.add, self._sums, numbers))
            return
        sums = self._sums
        for i, v in enumerate(numbers):
            if v is None:
                self.missing.setdefault(self._keys[i], []).append(unit.name)
            else:
                sums[i] += v

    def remove(self, index: int, unit: Unit) -> None:
        """Take back the unit added at `index` (`unit`: the same report with its values, read again):
        it turned out to be one of several copies of a unit-year (E302) under --on-error exclude."""
        if self.figures[index] is not None and unit.format is self.format:
            for i, v in enumerate(map(unit.values.get, self._keys)):
                if v is not None:
                    self._sums[i] -= v
        self.figures[index] = None
        self.previous[index] = None
        self.units[index].excluded = True

    @property
    def totals(self) -> dict[Key, Number | None]:
        return dict(zip(self._keys, self._sums, strict=False)) if self.format is not None else {}

    def finish(self, name: str | None = None, year: int | None = None, extra: list[Finding] | None = None,
               roster: RosterCheck | None = None) -> Compilation:
        """The compilation. `extra`: findings about no single unit (files not read, the roster, last
        year's reports): under --on-error fail an error among them blocks the writing like a unit's."""
        fmt = self.format or _fallback_format(self.units, year)
        totals: dict[Key, Number | None] = self.totals if self.format else {k: _zero(fmt, k) for k in fmt.keys()}
        extra = list(extra or [])
        blocked = self.blocked or (self.on_error == FAIL and any(
            f.is_error or (self.strict and f.is_warning) for f in extra))
        mixed = mixed_years(self.units)
        if mixed is not None:
            extra.append(mixed)
            blocked = True
        for k, names in self.missing.items():
            totals[k] = None
            shown = "、".join(names[:_NAMES_SHOWN]) + ("…" if len(names) > _NAMES_SHOWN else "")
            extra.append(Finding("E401", "", table=k[0], row=k[1], column=k[2],
                                 params={"count": len(names), "units": shown}))
        included = count_included(self.units)
        if self.units and not included:  # never a summary of zeros standing for units all left out
            extra.append(Finding("E303", "", params={"count": len(self.units)}))
            blocked = True
        if name is None and included == 1 and len(self.units) == 1:
            name = self.units[0].name
        # The years of the units added up (one taken back by remove() no longer counts).
        years = sorted({u.year for u, held in zip(self.units, self.figures.held(), strict=True) if held and u.year})
        the_year = years[0] if years else (year or next((u.year for u in self.units if u.year), None))
        return Compilation(fmt, the_year, name, totals, self.units, self.figures, extra, blocked, self.strict,
                           roster, self.previous if self.previous.any() else [],
                           self.thresholds)


def _fallback_format(units: Sequence[Unit], year: int | None) -> Format:
    """The format to lay out empty totals in when no unit was included."""
    for u in units:
        if u.format is not None:
            return u.format
    return (formats.for_year(year) if year else None) or formats.FORMATS["2021"]
