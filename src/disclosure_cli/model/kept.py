"""The light units a run keeps, held as columns: a compile or a folder check of 50,000 keeps no object per unit.

A `Kept` is the sequence of a run's light units (name, source, sheet, format, year, flags and findings;
no values). Reading one gives a `KeptUnit`, a view of its row that reads and writes the columns, so a
unit excluded or given an E302 later (`unit.excluded = True`, `unit.add(...)`) is changed in the store
itself. A view is made on each access and holds nothing of its own: compare units with `==`, not `is`."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields

from ..base.packed import ByPlace, Strings
from ..formats.schema import Format
from .findings import Finding
from .unit import NO_FINDINGS, NO_GROUPS, NO_VALUES, Unit

_NO_YEAR, _OTHER_YEAR = -1, -2  # a year not known (None); one the column cannot hold (kept beside it)
_EXCLUDED, _SUMMARY, _NO_SHEET = 1, 2, 4  # the flag bits
_LOOK_AHEAD = 64  # files, from the last unit's on, a unit's source is looked for among (Kept.file_place)


class Kept(ByPlace[Unit]):
    """The light units of a run, in the order they were added (see the module's docstring). Per unit:
    the name and the sheet's name packed (base.packed: their UTF-8 and an offset), the source's place
    among the run's files (`files`: the scan's paths), a format number, the year, the sheet's index and a
    flag byte — about 40 bytes and the names' characters; findings and the tool's mark only for the units
    that have them."""

    def __init__(self, units: Iterable[Unit] = (), files: Sequence[str] | None = None):
        self._names = Strings()  # each unit's own string, unpickled: packed, the name costs its bytes
        # Each unit's source as its place among the run's files (`files`, in the order they are read: a
        # scan's packed paths), -1 for one not found there (kept beside, in _other_sources).
        self._files: Sequence[str] = files if files is not None else ()
        self._file_at = array("i")
        self._other_sources: dict[int, str] = {}
        self._cursor = 0  # where the last unit's file stood: the next unit's is it or one soon after
        self._sheets = Strings()  # "" where the unit has no sheet (the _NO_SHEET flag)
        self._formats: list[Format | None] = []  # the distinct formats, each once
        self._format_no = array("H")
        self._years = array("i")
        self._sheet_index = array("i")
        self._flags = bytearray()
        self._findings: dict[int, list[Finding]] = {}  # only the units that have findings
        self._made_by: dict[int, str] = {}  # only the units read from the tool's own output
        self._other_years: dict[int, int] = {}  # a year outside the column's range (a summary read back)
        for unit in units:
            self.append(unit)

    def append(self, unit: Unit) -> None:
        """Keep the unit's light part (its values and cells are not kept: see Unit.light)."""
        at = len(self._names)
        self._names.append(unit.name)
        self._file_at.append(self.file_place(at, unit.source))
        self._sheets.append(unit.sheet or "")
        self._format_no.append(self.format_number(unit.format))
        self._years.append(self.year_code(at, unit.year))
        self._sheet_index.append(unit.sheet_index)
        self._flags.append((_EXCLUDED if unit.excluded else 0) | (_SUMMARY if unit.summary else 0)
                           | (_NO_SHEET if unit.sheet is None else 0))
        if unit.findings:
            self._findings[at] = unit.findings
        if unit.made_by is not None:
            self._made_by[at] = unit.made_by

    def file_place(self, at: int, source: str) -> int:
        """The source's place among the files, looked for from the last unit's on (units come in the files'
        order; a file the run held back, or that gave no unit, is stepped over); -1, kept beside, when not
        found within _LOOK_AHEAD files."""
        self._other_sources.pop(at, None)
        try:
            self._cursor = self._files.index(source, self._cursor, self._cursor + _LOOK_AHEAD)
            return self._cursor
        except ValueError:
            self._other_sources[at] = source
            return -1

    def source_of(self, at: int) -> str:
        place = self._file_at[at]
        return self._files[place] if place >= 0 else self._other_sources[at]

    def format_number(self, fmt: Format | None) -> int:
        """The format's place in the table of the formats seen (added when new)."""
        if fmt not in self._formats:
            self._formats.append(fmt)
        return self._formats.index(fmt)

    def year_code(self, at: int, year: int | None) -> int:
        """What the years' column holds for the unit at `at`: the year, or a sentinel (None, or a year kept beside)."""
        self._other_years.pop(at, None)
        if year is None:
            return _NO_YEAR
        if 0 <= year < 2**31:
            return year
        self._other_years[at] = year
        return _OTHER_YEAR

    def __len__(self) -> int:
        return len(self._names)

    def _item(self, at: int) -> Unit:
        return KeptUnit(self, at)

    def __iter__(self) -> Iterator[Unit]:
        for at in range(len(self._names)):
            yield KeptUnit(self, at)

    def count_included(self) -> int:
        """How many are not excluded, from the flags (no unit made)."""
        return len(self._flags) - sum(1 for f in self._flags if f & _EXCLUDED)


def count_included(units: Sequence[Unit]) -> int:
    """How many of the units are not excluded (a Kept counts its flags)."""
    if isinstance(units, Kept):
        return units.count_included()
    return sum(1 for u in units if not u.excluded)


def _flag(bit: int, doc: str) -> property:
    def get(self) -> bool:
        return bool(self._kept._flags[self._at] & bit)

    def put(self, value: bool) -> None:
        flags = self._kept._flags
        flags[self._at] = flags[self._at] | bit if value else flags[self._at] & ~bit

    return property(get, put, doc=doc)


def _light(name: str, empty) -> property:
    """A container a kept unit never holds (its values, cells, derived totals, groups): the shared empty one."""

    def get(self):
        return empty

    def put(self, value):
        if value:
            raise TypeError(f"a kept unit holds no {name}")

    return property(get, put)


class KeptUnit(Unit):
    """One unit of a Kept, read and written through its columns (a Unit in every other way)."""

    __slots__ = ("_kept", "_at")

    def __init__(self, kept: Kept, at: int):  # noqa: D107  # not Unit's fields: the row it views
        self._kept, self._at = kept, at

    @property
    def name(self) -> str:
        """The unit's name."""
        return self._kept._names[self._at]

    @name.setter
    def name(self, name: str) -> None:
        self._kept._names[self._at] = name
    excluded = _flag(_EXCLUDED, "left out of the compile")
    summary = _flag(_SUMMARY, "a workbook's own 汇总 sheet")
    values = _light("values", NO_VALUES)
    cells = _light("cells", NO_VALUES)
    derived = _light("derived totals", NO_VALUES)
    subtotal_groups = _light("groups", NO_GROUPS)

    @property
    def format(self) -> Format | None:
        return self._kept._formats[self._kept._format_no[self._at]]

    @format.setter
    def format(self, fmt: Format | None) -> None:
        self._kept._format_no[self._at] = self._kept.format_number(fmt)

    @property
    def year(self) -> int | None:
        year = self._kept._years[self._at]
        if year >= 0:
            return year
        return None if year == _NO_YEAR else self._kept._other_years[self._at]

    @year.setter
    def year(self, year: int | None) -> None:
        self._kept._years[self._at] = self._kept.year_code(self._at, year)

    @property
    def source(self) -> str:
        """The file it was read from."""
        return self._kept.source_of(self._at)

    @source.setter
    def source(self, source: str) -> None:
        self._kept._file_at[self._at] = self._kept.file_place(self._at, source)

    @property
    def sheet(self) -> str | None:
        """The sheet its tables stand on (None for a document's units)."""
        return None if self._kept._flags[self._at] & _NO_SHEET else self._kept._sheets[self._at]

    @sheet.setter
    def sheet(self, sheet: str | None) -> None:
        kept = self._kept
        kept._sheets[self._at] = sheet or ""
        kept._flags[self._at] = kept._flags[self._at] | _NO_SHEET if sheet is None else kept._flags[self._at] & ~_NO_SHEET

    @property
    def sheet_index(self) -> int:
        return self._kept._sheet_index[self._at]

    @sheet_index.setter
    def sheet_index(self, index: int) -> None:
        self._kept._sheet_index[self._at] = index

    @property
    def findings(self) -> list[Finding]:
        return self._kept._findings.get(self._at, NO_FINDINGS)

    @findings.setter
    def findings(self, findings: list[Finding]) -> None:
        if findings is NO_FINDINGS:
            self._kept._findings.pop(self._at, None)
        else:
            self._kept._findings[self._at] = findings

    @property
    def made_by(self) -> str | None:
        return self._kept._made_by.get(self._at)

    @made_by.setter
    def made_by(self, mark: str | None) -> None:
        if mark is None:
            self._kept._made_by.pop(self._at, None)
        else:
            self._kept._made_by[self._at] = mark

    def __reduce__(self):
        return _unit, (self.light_copy().__getstate__(),)  # a plain Unit, of its own

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Unit):
            return all(getattr(self, f) == getattr(other, f) for f in _FIELDS)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # as Unit's


_FIELDS = tuple(f.name for f in fields(Unit))


def _unit(state: dict) -> Unit:
    """A pickled KeptUnit back as a Unit."""
    unit = Unit.__new__(Unit)
    unit.__setstate__(state)
    return unit
