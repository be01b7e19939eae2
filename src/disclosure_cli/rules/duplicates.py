"""Rules across the units of a run: who a unit is (its name as matched, year and format), and the same
unit-year read twice (E302), whether from copies of one file or from two files that name one unit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..base.i18n import Text
from ..base.packed import StringSet
from ..messages import part
from ..model.namekey import name_key
from ..model.unit import Unit

Identity = tuple[str, int, str]  # (name_key, year, format id)
# How many files an E302 message spells out; each copy carries its own E302, so together they name all.
_SHOWN = 10


def identity(unit: Unit) -> Identity | None:
    """Who the unit is, for telling two reports of one unit apart from reports of two; None for what is
    no unit's report (a workbook's own 汇总 sheet) or has no year or format (nothing to count twice)."""
    if unit.summary or unit.year is None or unit.format is None:
        return None
    return name_key(unit.name), unit.year, unit.format.id


@dataclass
class Duplicates:
    """Watches the units of a run go by, keeping only who each is and where it came in the run (a run
    of 50,000 keeps no unit here); at the end, E302 on every unit of every unit-year seen more than
    once. `see` says whether the unit-year came before."""

    # (year, format id) -> the names as matched: a run's units share a year and a format, so each costs
    # one entry of a packed set, its key's bytes and a slot (not a tuple of three and its position: settle
    # finds the first positions of the few unit-years seen twice; nor a set of str, 130 bytes a unit).
    seen: dict[tuple[int, str], StringSet] = field(default_factory=dict)
    repeated: dict[Identity, list[int]] = field(default_factory=dict)  # who -> its later positions

    def see(self, unit: Unit, position: int) -> bool:
        """Note the unit at its position in the run; True when its unit-year was seen before."""
        who = identity(unit)
        if who is None:
            return False
        names = self.seen.get(who[1:])
        if names is None:
            names = self.seen[who[1:]] = StringSet()
        if names.add(who[0]):
            return False
        self.repeated.setdefault(who, []).append(position)
        return True

    def keys(self) -> set[Identity]:
        return set(self.repeated)

    def settle(self, units: Sequence[Unit], digest: Callable[[str], str | None]) -> list[tuple[Unit, int]]:
        """E302 on every unit of every repeated unit-year (`units`: the run's, by position); `digest(source)`
        tells identical files apart (None when the file cannot be read again). Returns the units involved
        with their positions, in the order their unit-years first came."""
        involved: list[tuple[Unit, int]] = []
        if not self.repeated:
            return involved
        first: dict[Identity, int] = {}  # the position each repeated unit-year first came at, in one pass
        for p, u in enumerate(units):
            who = identity(u)
            if who in self.repeated and who not in first:
                first[who] = p
        for positions in sorted(([first[who], *later] for who, later in self.repeated.items()), key=lambda ps: ps[0]):
            group = [(units[p], p) for p in positions]
            found = [u for u, _ in group]
            params = {"count": len(found), "files": _files(found), "identical": _identical(found, digest)}
            for u in found:
                u.add([u.finding("E302", params=params)])
            involved += group
        return involved


def _where(u: Unit, several_sheets: bool) -> str:
    return f"{u.source} › {u.sheet}" if several_sheets and u.sheet else u.source


def _files(units: list[Unit]) -> Text:
    sources = [u.source for u in units]
    several = len(set(sources)) < len(sources)  # sheets of one workbook: say which sheet
    names = [_where(u, several) for u in units]
    shown = names[:_SHOWN]
    rest = len(names) - len(shown)
    zh, en = "、".join(shown), ", ".join(shown)
    more = part("part.and_more", n=rest) if rest else part("part.empty")
    return Text(zh + more.zh, en + more.en)


def _identical(units: list[Unit], digest: Callable[[str], str | None]) -> Text:
    """Whether the files are byte for byte the same: all of them, some of them, or none."""
    sources = list(dict.fromkeys(u.source for u in units))
    if len(sources) < 2:
        return part("part.empty")
    by_digest: dict[str, list[str]] = {}
    for s in sources:
        d = digest(s)
        if d is not None:
            by_digest.setdefault(d, []).append(s)
    same = [g for g in by_digest.values() if len(g) > 1]
    if len(same) == 1 and len(same[0]) == len(sources):
        return part("part.identical_all")
    if not same:
        return part("part.empty")
    groups = [g[:_SHOWN] for g in same]
    return Text(part("part.identical_some", files="；".join("、".join(g) for g in groups)).zh,
                part("part.identical_some", files="; ".join(" = ".join(g) for g in groups)).en)
