"""Across years: a unit's previous-year report, the cross-year rules W301–W304, one year per compile (E301)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .codes import Text
from .findings import Finding
from .labels import clean
from .unit import Key, Unit
from .values import show

APP, ACT = "applications", "active"
CROSS_YEAR = ("W301", "W302", "W303")
# W303 needs enough shared numbers to mean anything (table 三 alone has 161).
W303_MIN_SHARED = 20


def name_key(name: str) -> str:
    """How unit names are matched across years: spaces, NFKC width and line breaks do not count."""
    return clean(name or "")


@dataclass(frozen=True)
class Previous:
    """A unit's report for an earlier year as the cross-year rules see it (read from a workbook,
    a compiled summary or the history store): values keyed (table, row, column)."""

    name: str
    year: int | None
    format_id: str | None
    values: dict[Key, int | Decimal | None]
    source: str
    cells: dict[Key, str] = field(default_factory=dict)  # key -> "Sheet!A1", when read from a workbook
    named: bool = True  # False when the name is only the file's name (no 单位名称 cell, no title)
    via: str = ""  # where the record was kept, when not read from `source` now ("history.db")

    @classmethod
    def of(cls, unit: Unit) -> Previous:
        return cls(unit.name, unit.year, unit.format.id if unit.format else None, dict(unit.values), unit.source,
                   {k: f"{sheet}!{ref}" for k, (sheet, ref, _) in unit.cells.items()},
                   named=unit.name != Path(unit.source).stem)

    def where(self, k: Key | None = None) -> str:
        """'2020.xlsx 年报附表!J27': where last year's number stands, for messages."""
        cell = self.cells.get(k) if k else None
        name = Path(self.source).name
        name = f"{self.via} › {name}" if self.via else name
        return f"{name} {cell}" if cell else name


# -- where previous years come from ----------------------------------------------------------


class WorkbookPrevious:
    """Previous-year reports read from workbooks (`check --previous`). Units are matched by name;
    a workbook holding one unit is also paired with a lone current unit when either is unnamed."""

    def __init__(self, paths: list[Path], options=None):
        from .check import iter_units
        from .read import ReadOptions

        self.paths = list(paths)
        self.reports: list[Previous] = []
        self.problems: list[Finding] = []  # why a --previous input could not be used (E003, E004)
        # Last year's workbooks are read on their own terms: their year from their own cells or name.
        for u in iter_units(self.paths, options or ReadOptions()):
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
        want = unit.year - 1
        same = self._by_name.get(name_key(unit.name), [])
        if not same and alone and len(self.reports) == 1:
            only = self.reports[0]
            if not only.named or unit.name == Path(unit.source).stem:
                same = [only]
        hit = next((p for p in same if p.year == want), None)
        if hit:
            return hit, Text("", "")
        where = self.where()
        if same:
            years = "、".join(str(p.year) for p in same)
            return None, Text(f"（{where} 中该单位的报告为 {years} 年）",
                              f" ({where} holds this unit's report for {', '.join(str(p.year) for p in same)})")
        return None, Text(f"（{where} 中没有名为“{unit.name}”的单位）", f" (no unit named “{unit.name}” in {where})")


class HistoryPrevious:
    """Previous years from the history store (`--history FILE.db`), opened read-only."""

    def __init__(self, db: str | Path, store=None):
        """Opens the store read-only, or uses `store` (compile --history reads and records in one)."""
        from .history import Store

        self.db = Path(db)
        self.store = store if store is not None else Store.open(db, write=False)
        self.problems: list[Finding] = []

    def lookup(self, unit: Unit, alone: bool = False) -> tuple[Previous | None, Text]:
        hit = self.store.previous_for(unit.name, unit.year)
        if hit:
            return hit, Text("", "")
        return None, Text(f"（历史库 {self.db.name} 中没有）", f" (not in the history store {self.db.name})")

    def close(self) -> None:
        self.store.close()


# -- the rules ----------------------------------------------------------------------------------


def _prev_params(prev: Previous, k: Key | None = None) -> dict:
    return {"previous_year": prev.year, "previous": prev.where(k)}


def w301_carried_in(unit: Unit, prev: Previous) -> Iterator[Finding]:
    """This year's 二、上年结转 = last year's 四、结转下年度, column by column (both formats have both rows)."""
    for col in [c.id for c in unit.format.table(APP).rows[0].columns]:
        now_k, prev_k = (APP, "carried_in", col), (APP, "carried_out", col)
        now, before = unit.values.get(now_k), prev.values.get(prev_k)
        if now is None or before is None or now_k not in unit.cells:
            continue
        if now != before:
            yield unit.finding("W301", now_k, {"stated": show(now), "expected": show(before),
                                               **_prev_params(prev, prev_k)})


def w302_in_force(unit: Unit, prev: Previous) -> Iterator[Finding]:
    """现行有效 = last year's 现行有效 + 本年制发 − 本年废止. Only where both years have an in-force
    count: the 2019 format has none, so a 2020 report cannot start the chain (2021 → 2022 onwards)."""
    for row in ("regulations", "normative_documents"):
        k = {c: (ACT, row, c) for c in ("issued", "repealed", "in_force")}
        v = {c: unit.values.get(x) for c, x in k.items()}
        before = prev.values.get(k["in_force"])
        if before is None or any(x is None for x in v.values()) or k["in_force"] not in unit.cells:
            continue
        expected = before + v["issued"] - v["repealed"]
        if v["in_force"] != expected:
            yield unit.finding("W302", k["in_force"], {
                "stated": show(v["in_force"]), "previous_in_force": show(before), "issued": show(v["issued"]),
                "repealed": show(v["repealed"]), "expected": show(expected), **_prev_params(prev, k["in_force"])},
                related=(k["issued"], k["repealed"]))


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
        unit.findings.append(unit.finding("W304", None, {"previous_year": unit.year - 1, "detail": detail}))
    else:
        unit.findings.extend(compare(unit, prev))
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
    groups: dict[tuple[int, str], list[Unit]] = {}
    for u in units:
        if u.year is not None and u.format is not None and not u.excluded:
            groups.setdefault((u.year, u.format.id), []).append(u)
    if len(groups) <= 1:
        return None
    zh, en, sources = [], [], []
    for (year, fmt_id), members in sorted(groups.items()):
        names = _names([u.name for u in members])
        zh.append(f"{year} 年（{fmt_id} 年格式）{len(members)} 个单位：{names}")
        en.append(f"{year} ({fmt_id} format) {len(members)} unit(s): {names}")
        sources.extend(u.source for u in members[:2])
    return Finding("E301", source=_names(sorted(set(sources)), 4), params={
        "detail": Text("；".join(zh), "; ".join(en))})


def _names(names: list[str], limit: int = 3) -> str:
    shown = "、".join(names[:limit]) if limit else ""
    return shown + ("…" if len(names) > limit else "")
