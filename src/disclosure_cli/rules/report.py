"""The rules within one report: totals derived where not stated (W103), then E201–E206 on what is stated."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache

from ..base.refs import sort_key
from ..formats.schema import GRID, GROUPS, Format, Key, Table
from ..model.findings import Finding
from ..model.unit import Unit
from ..model.values import Number, known, show, values_at
from .sums import Sum, sums, sums_of


def _groups(unit: Unit) -> tuple[str, ...]:
    return tuple(sorted(unit.subtotal_groups))


def _sum(values: dict, keys: tuple[Key, ...]) -> Number | None:
    """The sum of the values at `keys`, or None when any is not known."""
    parts = known(list(map(values.get, keys)))
    return None if parts is None else sum(parts)


def derive_totals(unit: Unit) -> Iterator[Finding]:
    """Fill totals not stated from their parts, never from 0, and say what they came to (W103)."""
    if unit.format is None or not unit.derived:
        return
    values, derived = unit.values, unit.derived
    for s in sums(unit.format, _groups(unit)):
        if s.derive and s.at in derived and values.get(s.at) is None:
            values[s.at] = _sum(values, s.parts)
    cells = unit.cells
    # In reading order (sheet, then row and column), whichever order the cells were read in.
    for k in sorted(derived, key=lambda k: (cells[k][2], sort_key(cells[k][1])) if k in cells else (0, (0, 0))):
        v = values.get(k)
        yield unit.finding("W103", k, {"shown": derived[k], "number": show(v) if v is not None else "?"})


def _mismatches(unit: Unit, code: str, relations: tuple[tuple[Sum, Callable[[dict], tuple]], ...]) -> Iterator[Finding]:
    """Each stated total that differs from the sum of its parts (parts all readable). The rules'
    inner loop: every workbook runs it for some forty totals."""
    values, cells, derived = unit.values, unit.cells, unit.derived
    get = values.get
    for s, parts_of in relations:
        stated = get(s.at)
        if stated is None or s.at in derived or s.at not in cells:
            continue  # not stated: derived (W103) or unknown
        try:
            parts = parts_of(values)
        except KeyError:  # a part not read at all: unknown, as one read as None
            continue
        if None in parts:  # not known() here: this loop runs forty times a workbook
            continue
        expected = sum(parts)
        if stated != expected:
            params = {"stated": show(stated), "expected": show(expected), "diff": show(stated - expected)}
            params.update(s.extra)
            yield unit.finding(code, s.at, params, related=s.parts)


@cache
def _checked(fmt: Format, code: str, groups: tuple[str, ...]) -> tuple[tuple[Sum, Callable[[dict], tuple]], ...]:
    """The relations one rule checks, each with its parts looked up in one C-level call (a tuple)."""
    return tuple((s, values_at(s.parts)) for s in sums_of(fmt, code, groups))


def _sum_rule(code: str) -> Callable[[Unit], Iterator[Finding]]:
    def rule(unit: Unit) -> Iterator[Finding]:
        assert unit.format is not None
        return _mismatches(unit, code, _checked(unit.format, code, _groups(unit)))

    rule.__name__ = f"{code.lower()}_sum"
    rule.__doc__ = f"{code}: each stated total equals the sum of its parts (see messages.RULES)."
    return rule


@cache
def _balances(fmt: Format) -> tuple[tuple[Key, Key, Key, Key], ...]:
    """(received, carried in, results total, carried out) of each column of each table with a balance."""
    out = []
    for table in fmt.tables:
        if table.balance is not None:
            (a, b), (c, d) = table.balance.inflow, table.balance.outflow
            out += [(
                (table.id, a, col.id), (table.id, b, col.id), (table.id, c, col.id), (table.id, d, col.id))
                for col in table.columns]
    return tuple(out)


def e204_balance(unit: Unit) -> Iterator[Finding]:
    """The table's own balance, column by column: received + carried in = results total + carried out."""
    assert unit.format is not None
    get, cells = unit.values.get, unit.cells
    for keys in _balances(unit.format):
        values = known(list(map(get, keys)))
        if values is None or keys[3] not in cells:
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


@cache
def _in_force(fmt: Format) -> tuple[tuple[Key, Key, Key], ...]:
    """(issued, repealed, in force) of each row of each table that counts what is in force."""
    return tuple(((table.id, row, roles.issued), (table.id, row, roles.repealed), (table.id, row, roles.in_force))
                 for table in fmt.tables if (roles := table.in_force) is not None for row in roles.rows)


def e206_in_force(unit: Unit) -> Iterator[Finding]:
    """In force at the end of the year cannot be fewer than issued − repealed."""
    assert unit.format is not None
    get, cells = unit.values.get, unit.cells
    for keys in _in_force(unit.format):
        values = known(list(map(get, keys)))
        if values is None or keys[2] not in cells:
            continue
        issued, repealed, in_force = values
        floor = issued - repealed
        if in_force < floor:
            yield unit.finding("E206", keys[2], {
                "stated": show(in_force), "issued": show(issued), "repealed": show(repealed),
                "expected": show(floor)}, related=keys[:2])


RULES: dict[str, Callable[[Unit], Iterator[Finding]]] = {
    "E201": _sum_rule("E201"),
    "E202": _sum_rule("E202"),
    "E203": _sum_rule("E203"),
    "E204": e204_balance,
    "E205": _sum_rule("E205"),
    "E206": e206_in_force,
}


# Which table each rule reads, by its role: a rule runs only when the report has that table.
_READS: dict[str, Callable[[Table], bool]] = {
    "E201": lambda t: t.shape == GRID,
    "E202": lambda t: t.shape == GRID,
    "E203": lambda t: t.results is not None,
    "E204": lambda t: t.balance is not None,
    "E205": lambda t: t.shape == GROUPS,
    "E206": lambda t: t.in_force is not None,
}


def apply_rules(unit: Unit, tables: set[str] | None = None) -> list[Finding]:
    """Derive unstated totals (W103), then run every rule of the unit's format on the tables it has
    (`tables`, when the caller knows them; else those with a cell)."""
    if unit.format is None:
        return []
    found = list(derive_totals(unit))
    present = tables if tables is not None else {k[0] for k in unit.cells}
    for code in unit.format.rules:
        if code in RULES and any(_READS[code](t) for t in unit.format.tables if t.id in present):
            found.extend(RULES[code](unit))
    return found
