"""The run against its roster (--roster) in the summary's outputs: who sent nothing (未报送), who is not
listed. Kept apart from the tables' renderers, which each add these rows in one place."""

from __future__ import annotations

from ..summary import Compilation
from .words import h


def roster_rows(comp: Compilation, lang: str) -> list[list[str]]:
    """[unit, where, status] for every unit missing (where: its place on the roster) and every unit not
    on the roster (where: its file); nothing without a roster."""
    r = comp.roster
    if r is None:
        return []
    rows = [[e.name, e.place.of(lang), h("not_reported", lang)] for e in r.missing]
    rows += [[name, source, h("not_listed", lang)] for name, source in r.unexpected]
    return rows


def roster_heading(comp: Compilation, lang: str) -> str:
    r = comp.roster
    assert r is not None
    return h("roster", lang, path=r.source, expected=r.expected, reported=r.reported, missing=len(r.missing),
             unexpected=len(r.unexpected))


def roster_headers(lang: str) -> list[str]:
    return [h("unit", lang), h("source", lang), h("status", lang)]


def csv_rows(comp: Compilation) -> list[list[str]]:
    """CSV rows `roster,missing|unexpected,,,<unit>,<file>` (a row with a unit: read back as no total)."""
    r = comp.roster
    if r is None:
        return []
    return ([["roster", "missing", "", "", e.name, r.source] for e in r.missing]
            + [["roster", "unexpected", "", "", name, source] for name, source in r.unexpected])
