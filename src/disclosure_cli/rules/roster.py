"""Rules against the roster (`--roster`): a unit that reported but is not listed (W502, on the unit as it
arrives, so --strict can leave it out), and every listed unit that sent nothing (W501, at the end)."""

from __future__ import annotations

from pathlib import Path

from ..base.i18n import Text
from ..model.findings import Finding
from ..model.namekey import name_key
from ..model.roster import Entry, Roster, RosterCheck
from ..model.unit import Unit


class RosterWatch:
    """Watches the units of a run go by against the roster."""

    def __init__(self, roster: Roster):
        self.roster = roster
        self.listed: dict[str, list[Entry]] = {}
        for e in roster.entries:
            self.listed.setdefault(name_key(e.name), []).append(e)
        self.reported: set[str] = set()
        self.unexpected: list[tuple[str, str]] = []

    def see(self, unit: Unit) -> None:
        """Note the unit's report; W502 on it when the roster does not list it. A workbook's own 汇总
        sheet is no unit's report."""
        if unit.summary:
            return
        k = name_key(unit.name)
        if k in self.listed:
            self.reported.add(k)
            return
        self.unexpected.append((unit.name, unit.source))
        unit.add([unit.finding("W502", params={"name": unit.name, "roster": Path(self.roster.source).name})])

    def finish(self) -> tuple[RosterCheck, list[Finding]]:
        """The run against the roster, and its findings: W501 for every unit listed and not reported,
        N005 for a name listed twice."""
        source = self.roster.source
        check = RosterCheck(source, expected=len(self.listed), unexpected=self.unexpected)
        findings = []
        for k, entries in self.listed.items():
            first = entries[0]
            if len(entries) > 1:
                places = Text("、".join(e.place.zh for e in entries), ", ".join(e.place.en for e in entries))
                findings.append(Finding("N005", source, unit=first.name, sheet=first.sheet, cell=first.cell,
                                        params={"name": first.name, "count": len(entries), "places": places}))
            if k not in self.reported:
                check.missing.append(first)
                findings.append(Finding("W501", source, unit=first.name, sheet=first.sheet, cell=first.cell,
                                        params={"name": first.name, "place": first.place}))
        return check, findings
