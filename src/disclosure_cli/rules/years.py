"""Across years: the cross-year rules W301–W304, and one year and one format per compile (E301).

A previous-year report comes from any source with `lookup(unit, alone) -> (Previous | None, Text)`:
workbooks, summaries or the history store (pipeline.previous); the rules only compare."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..base.i18n import Text
from ..formats.schema import Key
from ..messages import part
from ..model.findings import Finding
from ..model.previous import Previous
from ..model.unit import Unit
from ..model.values import known, show

# W303 needs enough shared numbers to mean anything (table 三 alone has 161).
W303_MIN_SHARED = 20


# -- the rules ----------------------------------------------------------------------------------


def _prev_params(prev: Previous, k: Key | None = None) -> dict:
    return {"previous_year": prev.year, "previous": prev.where(k)}


def w301_carried_in(unit: Unit, prev: Previous) -> Iterator[Finding]:
    """This year's 二、上年结转 = last year's 四、结转下年度, column by column (both formats have both rows)."""
    assert unit.format is not None
    for table in unit.format.tables:
        if table.balance is None:
            continue
        for col in [c.id for c in table.columns]:
            now_k, prev_k = (table.id, table.balance.carried_in, col), (table.id, table.balance.carried_out, col)
            now, before = unit.values.get(now_k), prev.values.get(prev_k)
            if now is None or before is None or now_k not in unit.cells:
                continue
            if now != before:
                yield unit.finding("W301", now_k, {"stated": show(now), "expected": show(before),
                                                   **_prev_params(prev, prev_k)})


def w302_in_force(unit: Unit, prev: Previous) -> Iterator[Finding]:
    """现行有效 = last year's 现行有效 + 本年制发 − 本年废止. Only where both years have an in-force
    count: the 2019 format has none, so a 2020 report cannot start the chain (2021 → 2022 onwards)."""
    assert unit.format is not None
    for table in unit.format.tables:
        roles = table.in_force
        if roles is None:
            continue
        for row in roles.rows:
            issued_k, repealed_k, in_force_k = ((table.id, row, c) for c in (roles.issued, roles.repealed,
                                                                              roles.in_force))
            now = known([unit.values.get(k) for k in (issued_k, repealed_k, in_force_k)])
            before = prev.values.get(in_force_k)
            if before is None or now is None or in_force_k not in unit.cells:
                continue
            issued, repealed, in_force = now
            expected = before + issued - repealed
            if in_force != expected:
                yield unit.finding("W302", in_force_k, {
                    "stated": show(in_force), "previous_in_force": show(before), "issued": show(issued),
                    "repealed": show(repealed), "expected": show(expected), **_prev_params(prev, in_force_k)},
                    related=(issued_k, repealed_k))


def w303_copied(unit: Unit, prev: Previous) -> Iterator[Finding]:
    """Every number both reports have is the same, and not all are 0: reported once for the unit."""
    shared = [k for k, v in unit.values.items()
              if v is not None and k in unit.cells and prev.values.get(k) is not None]
    if len(shared) < W303_MIN_SHARED:
        return
    if any(unit.values[k] != prev.values[k] for k in shared):
        return
    if not any(unit.values[k] for k in shared):
        return  # an office with nothing to report, two years running, is not a copy
    yield unit.finding("W303", None, {"count": len(shared), **_prev_params(prev)})


CROSS_RULES = {"W301": w301_carried_in, "W302": w302_in_force, "W303": w303_copied}


def compare(unit: Unit, prev: Previous) -> list[Finding]:
    """The cross-year findings of `unit` against its previous-year report `prev` (any format:
    each rule uses only what both years have). The rules run are those the unit's format lists."""
    if unit.format is None:
        return []
    found: list[Finding] = []
    for code in unit.format.rules:
        if code in CROSS_RULES:
            found.extend(CROSS_RULES[code](unit, prev))
    return found


def compare_one(unit: Unit, source, alone: bool = False):
    """Add to `unit` its cross-year findings against `source` (WorkbookPrevious, HistoryPrevious or
    anything with `lookup(unit, alone) -> (Previous | None, Text)`), or W304 when it has no
    previous-year report; return the Previous used (None). Units of unknown year or format are left alone."""
    if unit.format is None or unit.year is None:
        return None
    prev, detail = source.lookup(unit, alone=alone)
    if prev is None:
        unit.add([unit.finding("W304", None, {"previous_year": unit.year - 1, "detail": detail})])
    else:
        unit.add(compare(unit, prev))
    return prev


def compare_all(units: Iterable[Unit], source) -> list[Unit]:
    """compare_one for every unit; a lone unit on each side is paired even when unnamed."""
    units = list(units)
    alone = sum(1 for u in units if u.format is not None and u.year is not None) == 1
    for u in units:
        compare_one(u, source, alone)
    return units


# -- one year and one format per compile --------------------------------------------------------


def mixed_years(units: Iterable[Unit]) -> Finding | None:
    """E301 when the units (those with a known year and format, not excluded) are not all of one
    year and one format: a summary adds up one year's reports in one layout. None when they are."""
    # Per year and format, how many units and the first few (a list of every unit would hold 50,000).
    counts: dict[tuple[int, str], int] = {}
    first: dict[tuple[int, str], list[Unit]] = {}
    for u in units:
        if u.year is not None and u.format is not None and not u.excluded:
            group = (u.year, u.format.id)
            counts[group] = counts.get(group, 0) + 1
            shown = first.setdefault(group, [])
            if len(shown) < _SHOWN:
                shown.append(u)
    if len(counts) <= 1:
        return None
    pieces: list[Text] = []
    sources: list[str] = []
    for (year, fmt_id), n in sorted(counts.items()):
        members = first[(year, fmt_id)]
        names = _names([u.name for u in members], count=n)
        pieces.append(part("part.mixed_group", year=year, format=fmt_id, n=n, names=names))
        sources.extend(u.source for u in members[:2])
    sep = part("part.list_sep")
    detail = Text(sep.zh.join(p.zh for p in pieces), sep.en.join(p.en for p in pieces))
    return Finding("E301", source=_names(sorted(set(sources)), 4), params={"detail": detail})


_SHOWN = 3  # the names an E301 group shows


def _names(names: list[str], limit: int = _SHOWN, count: int | None = None) -> str:
    """The first `limit` names, and '…' when there are more (`count` of them in all, default len(names))."""
    shown = "、".join(names[:limit]) if limit else ""
    return shown + ("…" if (len(names) if count is None else count) > limit else "")
