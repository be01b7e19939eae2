"""The consistency rules: totals derived where not stated, then each rule yields its findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .findings import Finding
from .schema import memo
from .unit import Key, Unit
from .values import show

APP = "applications"
REV = "reviews"
ACT = "active"


def _sum(unit: Unit, keys: list[Key]):
    """The sum of the values at `keys`, or None when any is not known."""
    total = 0
    for k in keys:
        v = unit.values.get(k)
        if v is None:
            return None
        total += v
    return total


def _mismatch(unit: Unit, code: str, at: Key, parts: list[Key], extra: dict | None = None) -> Iterator[Finding]:
    """A stated total that differs from the sum of its parts (parts all readable)."""
    if not unit.stated(*at):
        return
    expected = _sum(unit, parts)
    if expected is None:
        return
    stated = unit.values[at]
    if stated != expected:
        params = {"stated": show(stated), "expected": show(expected), "diff": show(stated - expected)}
        params.update(extra or {})
        yield unit.finding(code, at, params, related=tuple(parts))


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


# -- totals that were not stated --------------------------------------------------------------


def derive_totals(unit: Unit) -> None:
    """Fill blank totals (W103) from their parts: subtotals, then （七）, then the 总计 column."""
    fmt = unit.format
    if fmt is None:
        return
    tables = {t.id for t in fmt.tables}
    if APP in tables:
        cols = _applicant_cols(unit)
        for group in sorted(unit.subtotal_groups):
            for col in cols:
                _derive(unit, (APP, group, col), [(APP, r, col) for r in _group_rows(unit, group)])
        for col in cols:
            _derive(unit, (APP, "results_total", col), [(APP, r, col) for r in _leaf_rows(unit)])
        for row in _app_rows(unit):
            _derive(unit, (APP, row, "total"), [(APP, row, c) for c in cols])
    if REV in tables:
        for row in fmt.table(REV).rows:
            _derive(unit, (REV, row.id, "total"), [(REV, row.id, c.id) for c in row.columns if not c.total])
    for f in unit.findings:
        if f.code == "W103":
            f.params["number"] = show(unit.values.get((f.table, f.row, f.column))) \
                if unit.values.get((f.table, f.row, f.column)) is not None else "?"


def _derive(unit: Unit, at: Key, parts: list[Key]) -> None:
    if at in unit.derived and unit.values.get(at) is None:
        unit.values[at] = _sum(unit, parts)


# -- the rules --------------------------------------------------------------------------------


def e201_total_column(unit: Unit) -> Iterator[Finding]:
    cols = _applicant_cols(unit)
    for row in _app_rows(unit):
        yield from _mismatch(unit, "E201", (APP, row, "total"), [(APP, row, c) for c in cols])


def e202_group_subtotals(unit: Unit) -> Iterator[Finding]:
    table = unit.format.table(APP)
    for group in sorted(unit.subtotal_groups):
        label = table.group(group).label
        for col in [c.id for c in table.rows[0].columns]:
            yield from _mismatch(unit, "E202", (APP, group, col),
                                 [(APP, r, col) for r in _group_rows(unit, group)], {"group_label": label})


def e203_results_total(unit: Unit) -> Iterator[Finding]:
    for col in [c.id for c in unit.format.table(APP).rows[0].columns]:
        yield from _mismatch(unit, "E203", (APP, "results_total", col), [(APP, r, col) for r in _leaf_rows(unit)])


def e204_balance(unit: Unit) -> Iterator[Finding]:
    for col in [c.id for c in unit.format.table(APP).rows[0].columns]:
        keys = {r: (APP, r, col) for r in ("received", "carried_in", "results_total", "carried_out")}
        v = {r: unit.values.get(k) for r, k in keys.items()}
        if any(x is None for x in v.values()) or keys["carried_out"] not in unit.cells:
            continue
        inflow = v["received"] + v["carried_in"]
        outflow = v["results_total"] + v["carried_out"]
        if inflow != outflow:
            yield unit.finding("E204", keys["carried_out"], {
                "received": show(v["received"]), "carried_in": show(v["carried_in"]), "inflow": show(inflow),
                "results_total": show(v["results_total"]), "stated": show(v["carried_out"]),
                "outflow": show(outflow), "diff": show(outflow - inflow),
                "expected": show(inflow - v["results_total"]),
            }, related=(keys["received"], keys["carried_in"], keys["results_total"]))


def e205_review_totals(unit: Unit) -> Iterator[Finding]:
    for row in unit.format.table(REV).rows:
        yield from _mismatch(unit, "E205", (REV, row.id, "total"),
                             [(REV, row.id, c.id) for c in row.columns if not c.total])


def e206_in_force(unit: Unit) -> Iterator[Finding]:
    for row in ("regulations", "normative_documents"):
        k = {c: (ACT, row, c) for c in ("issued", "repealed", "in_force")}
        v = {c: unit.values.get(x) for c, x in k.items()}
        if any(x is None for x in v.values()) or k["in_force"] not in unit.cells:
            continue
        floor = v["issued"] - v["repealed"]
        if v["in_force"] < floor:
            yield unit.finding("E206", k["in_force"], {
                "stated": show(v["in_force"]), "issued": show(v["issued"]), "repealed": show(v["repealed"]),
                "expected": show(floor)}, related=(k["issued"], k["repealed"]))


RULES: dict[str, Callable[[Unit], Iterator[Finding]]] = {
    "E201": e201_total_column,
    "E202": e202_group_subtotals,
    "E203": e203_results_total,
    "E204": e204_balance,
    "E205": e205_review_totals,
    "E206": e206_in_force,
}

_TABLE_OF = {"E201": APP, "E202": APP, "E203": APP, "E204": APP, "E205": REV, "E206": ACT}


def apply_rules(unit: Unit) -> list[Finding]:
    """Derive unstated totals, then run every rule of the unit's format on the tables it has."""
    if unit.format is None:
        return []
    derive_totals(unit)
    present = {k[0] for k in unit.cells}
    found: list[Finding] = []
    for code in unit.format.rules:
        if code in RULES and _TABLE_OF[code] in present:
            found.extend(RULES[code](unit))
    return found
