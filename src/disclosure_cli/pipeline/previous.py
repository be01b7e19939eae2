"""Where a unit's previous-year report comes from: last year's workbooks or summaries, or the history store."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from ..base.i18n import Text
from ..history import WAIT_SECONDS
from ..inputs.paths import Files, expand
from ..messages import part
from ..messages.errors import ToolError
from ..model.findings import Finding
from ..model.namekey import name_key
from ..model.previous import Previous
from ..model.unit import Unit
from ..read import ReadOptions
from .reading import iter_units

_FOUND = part("part.empty")



class WorkbookPrevious:
    """Previous-year reports read from workbooks (`check --previous`). Units are matched by name;
    a workbook holding one unit is also paired with a lone current unit when either is unnamed."""

    def __init__(self, paths: Files, options: ReadOptions | None = None, units: list[Unit] | None = None):
        """Read last year's reports from `paths`, or take `units` already read from them (audit reads
        last year's documents for their text too)."""
        self.paths = list(paths)
        self.reports: list[Previous] = []
        self.problems: list[Finding] = []  # why a --previous input could not be used (E003, E004)
        # Last year's workbooks are read on their own terms: their year from their own cells or name.
        for u in units if units is not None else iter_units(self.paths, options or ReadOptions()):
            if u.format is None or u.year is None:
                self.problems.extend(f for f in u.findings if f.is_error)
            else:
                self.reports.append(Previous.of(u))
        self._by_name: dict[str, list[Previous]] = {}
        for p in self.reports:
            self._by_name.setdefault(name_key(p.name), []).append(p)

    def where(self) -> str:
        return Path(self.paths[0]).name if len(self.paths) == 1 else f"{len(self.paths)} files"

    def lookup(self, unit: Unit, alone: bool = False) -> tuple[Previous | None, Text]:
        assert unit.year is not None
        want = unit.year - 1
        same = self._by_name.get(name_key(unit.name), [])
        if not same and alone and len(self.reports) == 1:
            only = self.reports[0]
            if not only.named or unit.name == Path(unit.source).stem:
                same = [only]
        hit = next((p for p in same if p.year == want), None)
        if hit:
            return hit, _FOUND
        where = self.where()
        if same:
            years = Text("、".join(str(p.year) for p in same), ", ".join(str(p.year) for p in same))
            return None, part("part.previous_years", where=where, years=years)
        return None, part("part.previous_none", where=where, name=unit.name)


class HistoryPrevious:
    """Previous years from the history store (`--history FILE.db`), opened read-only: reading holds
    no lock, so a compile recording into the same store meanwhile is not kept waiting."""

    def __init__(self, db: str | Path, missing_ok: bool = False, wait: float = WAIT_SECONDS):
        """With `missing_ok` (compile, which creates the store at its end) a store that does not exist
        yet holds nothing; otherwise it is a ToolError (check never creates a store)."""
        from ..history import Store  # here: a run without --history never loads the store (start-up)

        self.db = Path(db)
        self.store = (Store.empty(db) if missing_ok and not self.db.exists()
                      else Store.open(db, write=False, wait=wait))
        self.problems: list[Finding] = []

    def lookup(self, unit: Unit, alone: bool = False) -> tuple[Previous | None, Text]:
        assert unit.year is not None
        hit = self.store.previous_for(unit.name, unit.year)
        if hit:
            return hit, _FOUND
        return None, part("part.history_none", db=self.db.name)

    def close(self) -> None:
        self.store.close()


# -- the rules ----------------------------------------------------------------------------------


def previous_source(previous: tuple[str, ...] | list[str] = (), history_db: str | None = None,
                    missing_ok: bool = False, wait: float = WAIT_SECONDS) -> WorkbookPrevious | HistoryPrevious | None:
    """The source of previous-year reports the options name: --previous INPUT... (workbooks or
    summaries written by compile), or --history FILE.db (read-only; with `missing_ok`, a store not yet
    created holds nothing); None without either. ToolError when both are given or the store is unusable."""
    if previous and history_db:
        raise ToolError("ui.previous_and_history")
    if previous:
        return WorkbookPrevious(expand(list(previous)))
    if history_db:
        return HistoryPrevious(history_db, missing_ok=missing_ok, wait=wait)
    return None


@contextlib.contextmanager
def opened_source(previous: tuple[str, ...] | list[str] = (), history_db: str | None = None,
                  missing_ok: bool = False, wait: float = WAIT_SECONDS
                  ) -> Iterator[WorkbookPrevious | HistoryPrevious | None]:
    """previous_source() for the length of a run: a history store opened for it is closed after it."""
    source = previous_source(previous, history_db, missing_ok, wait)
    try:
        yield source
    finally:
        if isinstance(source, HistoryPrevious):
            source.close()
