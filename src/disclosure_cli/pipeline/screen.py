"""Which units a run counts: the tool's own summaries and annotated copies found in an input folder beside
unit reports are held back (N002, N003), never added; a folder of nothing but summaries is a roll-up of them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..base.marker import ANNOTATED, SUMMARY
from ..inputs.paths import Scan
from ..model.findings import Finding
from ..model.unit import Unit

_NOTICE = {SUMMARY: "N002", ANNOTATED: "N003"}


class Screen:
    """Screens the units of a run as they stream by (see `units`); `notices` is filled at the end.

    Whether a folder holds unit reports is known only once all of it was read, so its own outputs wait
    until then: counted if the folder held nothing else (a folder of county summaries), else named by a
    notice each. Files named on the command line, or matched by a glob, are always read."""

    def __init__(self, found: Scan | None = None):
        self.found = found
        self.held: dict[str, list[Unit]] = {}
        self.plain: set[str] = set()  # folders that gave a report that is not one of the tool's outputs
        self.notices: list[Finding] = []
        self._at = -1  # the scan's file the last unit came from
        self._index: dict[str, int] | None = None  # every file's position, made only if units come out of order

    def folder(self, source: str) -> str | None:
        """The folder argument the unit's file was found in (None: named, matched, or not scanned). Units
        come file by file in the scan's order, so the file is the last one's or the next: no table keyed
        by 50,000 paths is kept for this (a unit from elsewhere makes one, once)."""
        found = self.found
        if found is None or not found.folders:
            return None
        paths, at = found.paths, self._at
        try:  # the last unit's file or the next (the scan's Strings compare in their buffer: nothing decoded)
            self._at = paths.index(source, max(at, 0), at + 2)
            return found.folder(self._at)
        except ValueError:
            pass
        if self._index is None:
            self._index = {p: i for i, p in enumerate(paths)}
        i = self._index.get(source, -1)
        if i < 0:
            return None
        self._at = i
        return found.folder(i)

    def admit(self, unit: Unit) -> bool:
        """Whether the unit goes on now; False holds it back until the end of the run."""
        folder = self.folder(unit.source)
        if folder is None:
            return True
        if unit.made_by in _NOTICE:
            self.held.setdefault(folder, []).append(unit)
            return False
        self.plain.add(folder)
        return True

    def units(self, stream: Iterable[Unit]) -> Iterator[Unit]:
        """The units to count, in input order, then those held back that count after all."""
        for unit in stream:
            if self.admit(unit):
                yield unit
        for folder, held in self.held.items():
            if folder not in self.plain:
                yield from held
                continue
            for source, kind in dict.fromkeys((u.source, u.made_by) for u in held):
                assert kind is not None
                self.notices.append(Finding(_NOTICE[kind], source, params={"folder": str(Path(folder))}))
        self.held = {}
