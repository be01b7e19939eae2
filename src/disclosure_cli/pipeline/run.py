"""What a run watches over all of its units, for check and compile alike: its own outputs held back
(screen), the same unit-year twice (E302), and the units expected (--roster: W501, W502)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..inputs import Unreadable, read_bytes
from ..inputs.paths import Scan
from ..model.findings import Finding
from ..model.unit import Unit
from ..rules.duplicates import Duplicates
from .screen import Screen

if TYPE_CHECKING:  # the roster's reading and rules load with --roster only (start-up)
    from ..model.roster import Roster, RosterCheck
    from ..rules.roster import RosterWatch


def digest(source: str) -> str | None:
    """sha256 of a file, to say whether copies are byte for byte the same; None when it cannot be read."""
    try:
        import hashlib  # here: only a run that meets the same unit twice needs it (start-up)

        return hashlib.sha256(read_bytes(source)).hexdigest()
    except Unreadable:
        return None


def as_roster(roster: Roster | str | Path | None, found: Scan | None = None) -> Roster | None:
    """The roster a run is given: read from its file (ToolError roster.* when unusable), or as it is.
    A roster file among the inputs `found` (kept in the folder of reports) is not read as a report."""
    if not isinstance(roster, (str, Path)):  # None, or a Roster already read
        return roster
    from ..inputs.roster import read_roster

    if found is not None:
        found.drop_roster(Path(roster))
    return read_roster(roster)


class RunWatch:
    """The units of one run as they stream by: `units()` screens them and notes each; `finish(units)` adds
    E302 to every repeated unit-year and returns the findings about no single unit, with the roster's
    check. `involved`, after finish: every (unit, position) of a repeated unit-year."""

    def __init__(self, found: Scan | None = None, roster: Roster | str | Path | None = None):
        self.screen = Screen(found)
        self.twice = Duplicates()
        roster = as_roster(roster, found)
        self.roster: RosterWatch | None = None
        if roster is not None:
            from ..rules.roster import RosterWatch

            self.roster = RosterWatch(roster)
        self.involved: list[tuple[Unit, int]] = []
        self._count = 0

    def units(self, stream: Iterable[Unit]) -> Iterator[tuple[Unit, bool]]:
        """(unit, repeat) for every unit the run counts, in order: `repeat` when its unit-year came
        before (its position is the number of units yielded before it)."""
        for unit in self.screen.units(stream):
            if self.roster is not None:
                self.roster.see(unit)
            repeat = self.twice.see(unit, self._count)
            self._count += 1
            yield unit, repeat

    def finish(self, units: Sequence[Unit]) -> tuple[list[Finding], RosterCheck | None]:
        """`units`: every unit yielded, by position (the light copies the caller keeps)."""
        self.involved = self.twice.settle(units, digest)
        extra = list(self.screen.notices)
        check = None
        if self.roster is not None:
            check, findings = self.roster.finish()
            extra += findings
        return extra, check
