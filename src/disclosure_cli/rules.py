"""The consistency rules: totals derived where not stated, then each rule yields its findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

from .findings import Finding
from .schema import memo
from .unit import Key, Unit
from .values import show

APP = "applications"
REV = "reviews"
ACT = "active"


def _sum(unit: Unit, keys: list[Key]):
    """The sum of the values at `keys`, or None when any is not known."""
    values = list(map(unit.values.get, keys))
    return None if None in values else sum(values)


def _mismatches(unit: Unit, code: str, relations) -> Iterator[Finding]:
    """Each stated total that differs from the sum of its parts (parts all readable). The rules'
    inner loop: every workbook runs it for some forty totals."""
    values, cells, derived = unit.values, unit.cells, unit.derived
    get = values.get
    for s in relations:
        stated = get(s.at)
        if stated is None or s.at in derived or s.at not in cells:
            continue  # not stated: derived (W103) or unknown
        parts = list(map(get, s.parts))
        if None in parts:
            continue
        expected = sum(parts)
        if stated != expected:
            params = {"stated": show(stated), "expected": show(expected), "diff": show(stated - expected)}
            params.update(s.extra)
            yield unit.finding(code, s.at, params, related=s.parts)


# -- structure of the tables as the rules see them ------------------------------------------


def _applicant_cols(unit: Unit) -> list[str]:
    table = unit.format.table(APP)
    return memo(table, "applicant_cols", lambda: [c.id for c in table.rows[0].columns if not c.total])


def _leaf_rows(unit: Unit) -> list[str]:
    """The rows （七）总计 sums: every non-total row from （一）予以公开 down to （七）, as the format
    declares them. In 2021 that is （一）, （二） and the numbered sub-rows of （三）–（六）; in the 2019
    format （六）其他处理 is itself such a row (it has no sub-rows), so no year is special-cased here."""
    table = unit.format.table(APP)

    def make():
        start = [r.id for r in table.rows].index("disclosed")
        return [r.id for r in table.rows[start:] if not r.total and r.id != "carried_out"]

    return memo(table, "leaf_rows", make)


def _group_rows(unit: Unit, group: str) -> list[str]:
    table = unit.format.table(APP)
    return memo(table, "group:" + group, lambda: [r.id for r in table.rows if r.group == group])


def _app_rows(unit: Unit) -> list[str]:
    """Every row of table 三 that carries a total column, subtotal rows included."""
    table = unit.format.table(APP)
    rows = memo(table, "row_ids", lambda: [r.id for r in table.rows])
    return rows + sorted(unit.subtotal_groups) if unit.subtotal_groups else rows


# -- "a total is the sum of its parts": one list per layout, used to derive and to check ----------


class Sum(NamedTuple):
    code: str  # the rule that checks it
    at: Key  # the cell that states the total
    parts: tuple[Key, ...]
    derive: bool  # a blank total is derived from this relation (in list order)
    extra: tuple = ()  # extra message params, as (name, value) pairs


def sums(unit: Unit) -> list[Sum]:
    """Every sum relation of the unit's tables, in derivation order: group subtotals, （七）总计,
    then the 总计 column of every row (so a row total sees derived parts), then table 四."""
    groups = tuple(sorted(unit.subtotal_groups))
    fmt = unit.format
    return memo(fmt, ("sums",) + groups, lambda: _build_sums(unit, fmt, groups))


def _build_sums(unit: Unit, fmt, groups: tuple[str, ...]) -> list[Sum]:
    out: list[Sum] = []
    tables = {t.id for t in fmt.tables}
    if APP in tables:
        table = fmt.table(APP)
        cols = _applicant_cols(unit)
        every = [c.id for c in table.rows[0].columns]
        for group in groups:
            label = (("group_label", table.group(group).label),)
            members = _group_rows(unit, group)
            for col in every:
                out.append(Sum("E202", (APP, group, col), tuple((APP, r, col) for r in members), col in cols, label))
        leaves = _leaf_rows(unit)
        for col in every:
            out.append(Sum("E203", (APP, "results_total", col), tuple((APP, r, col) for r in leaves), col in cols))
        for row in _app_rows(unit):
            out.append(Sum("E201", (APP, row, "total"), tuple((APP, row, c) for c in cols), True))
    if REV in tables:
        for row in fmt.table(REV).rows:
            parts = tuple((REV, row.id, c.id) for c in row.columns if not c.total)
            out.append(Sum("E205", (REV, row.id, "total"), parts, True))
    return out


def derive_totals(unit: Unit) -> None:
    """Fill blank totals (W103) from their parts, never from 0; say in the W103 what they came to."""
    if unit.format is None or not unit.derived:
        return
    values, derived = unit.values, unit.derived
    for s in sums(unit):
        if s.derive and s.at in derived and values.get(s.at) is None:
            values[s.at] = _sum(unit, s.parts)
    for f in unit.findings:
        if f.code == "W103":
            v = values.get((f.table, f.row, f.column))
            f.params["number"] = show(v) if v is not None else "?"


# -- the rules --------------------------------------------------------------------------------


def _sums_of(unit: Unit, code: str) -> list[Sum]:
    groups = tuple(sorted(unit.subtotal_groups))
    return memo(unit.format, ("sums", code) + groups, lambda: [s for s in sums(unit) if s.code == code])


def _sum_rule(code: str) -> Callable[[Unit], Iterator[Finding]]:
    def rule(unit: Unit) -> Iterator[Finding]:
        return _mismatches(unit, code, _sums_of(unit, code))

    rule.__name__ = f"{code.lower()}_sum"
    rule.__doc__ = f"{code}: each stated total equals the sum of its parts (see codes.RULES)."
    return rule


e201_total_column = _sum_rule("E201")
e202_group_subtotals = _sum_rule("E202")
e203_results_total = _sum_rule("E203")
e205_review_totals = _sum_rule("E205")


def _flow_keys(unit: Unit, table_id: str, rows: tuple[str, ...]) -> list[tuple[Key, ...]]:
    """For each column of a table's first row: the keys of `rows` in that column (made once)."""
    table = unit.format.table(table_id)
    return memo(table, ("flow",) + rows, lambda: [tuple((table_id, r, c.id) for r in rows)
                                                  for c in table.rows[0].columns])


def e204_balance(unit: Unit) -> Iterator[Finding]:
    get, cells = unit.values.get, unit.cells
    for keys in _flow_keys(unit, APP, ("received", "carried_in", "results_total", "carried_out")):
        values = list(map(get, keys))
        if None in values or keys[3] not in cells:
            continue
        received, carried_in, results_total, carried_out = values
        inflow = received + carried_in
        outflow = results_total + carried_out
        if inflow != outflow:
            yield unit.finding("E204", keys[3], {
                "received": show(received), "carried_in": show(carried_in), "inflow": show(inflow),
                "results_total": show(results_total), "stated": show(carried_out),
                "outflow": show(outflow), "diff": show(outflow - inflow),
                "expected": show(inflow - results_total),
            }, related=keys[:3])


_IN_FORCE = [tuple((ACT, row, c) for c in ("issued", "repealed", "in_force"))
             for row in ("regulations", "normative_documents")]


def e206_in_force(unit: Unit) -> Iterator[Finding]:
    get, cells = unit.values.get, unit.cells
    for keys in _IN_FORCE:
        values = list(map(get, keys))
        if None in values or keys[2] not in cells:
            continue
        issued, repealed, in_force = values
        floor = issued - repealed
        if in_force < floor:
            yield unit.finding("E206", keys[2], {
                "stated": show(in_force), "issued": show(issued), "repealed": show(repealed),
                "expected": show(floor)}, related=keys[:2])


RULES: dict[str, Callable[[Unit], Iterator[Finding]]] = {
    "E201": e201_total_column,
    "E202": e202_group_subtotals,
    "E203": e203_results_total,
    "E204": e204_balance,
    "E205": e205_review_totals,
    "E206": e206_in_force,
}

_TABLE_OF = {"E201": APP, "E202": APP, "E203": APP, "E204": APP, "E205": REV, "E206": ACT}


def apply_rules(unit: Unit, tables: set[str] | None = None) -> list[Finding]:
    """Derive unstated totals, then run every rule of the unit's format on the tables it has
    (`tables`, when the caller knows them; else those with a cell)."""
    if unit.format is None:
        return []
    derive_totals(unit)
    present = tables if tables is not None else {k[0] for k in unit.cells}
    found: list[Finding] = []
    for code in unit.format.rules:
        if code in RULES and _TABLE_OF[code] in present:
            found.extend(RULES[code](unit))
    return found
