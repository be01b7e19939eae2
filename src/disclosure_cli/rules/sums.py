"""The sum relations of a format's tables (a total is the sum of its parts), made once per layout.

Both uses read them: deriving a total left blank (W103) and checking a stated one (E201–E205). They
come from the table roles the format declares, so no table id or row id is spelled here."""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from ..formats.schema import GRID, GROUPS, Format, Key, Table


class Sum(NamedTuple):
    code: str  # the rule that checks it
    at: Key  # the cell that states the total
    parts: tuple[Key, ...]
    derive: bool  # a blank total is derived from this relation (in list order)
    extra: tuple = ()  # extra message params, as (name, value) pairs


@cache
def sums(fmt: Format, groups: tuple[str, ...] = ()) -> tuple[Sum, ...]:
    """Every sum relation of the format's tables, in derivation order, for a layout whose table 三
    has subtotal rows for `groups`: group subtotals, the results total, then the total column of every
    row (so a row total sees derived parts), then each group of table 四."""
    out: list[Sum] = []
    for table in fmt.tables:
        if table.shape == GRID:
            out += _grid_sums(table, groups)
        elif table.shape == GROUPS:
            for row in table.rows:
                parts = tuple((table.id, row.id, c.id) for c in row.columns if not c.total)
                total = next(c.id for c in row.columns if c.total)
                out.append(Sum("E205", (table.id, row.id, total), parts, True))
    return tuple(out)


def _grid_sums(table: Table, groups: tuple[str, ...]) -> list[Sum]:
    out: list[Sum] = []
    tid = table.id
    every = [c.id for c in table.columns]
    plain = [c.id for c in table.columns if not c.total]
    total_col = next(c.id for c in table.columns if c.total)
    for group in groups:
        label = (("group_label", table.group(group).label),)
        members = table.group_rows(group)
        for col in every:
            out.append(Sum("E202", (tid, group, col), tuple((tid, r, col) for r in members), col in plain, label))
    if table.results is not None:
        leaves = table.result_rows()
        for col in every:
            out.append(Sum("E203", (tid, table.results[1], col), tuple((tid, r, col) for r in leaves), col in plain))
    for row in [r.id for r in table.rows] + sorted(groups):
        out.append(Sum("E201", (tid, row, total_col), tuple((tid, row, c) for c in plain), True))
    return out


@cache
def sums_of(fmt: Format, code: str, groups: tuple[str, ...] = ()) -> tuple[Sum, ...]:
    """The relations one rule checks."""
    return tuple(s for s in sums(fmt, groups) if s.code == code)
