"""Reading a located table: every value cell parsed, with the finding it deserves (E101–E104, W101–W105)."""

from __future__ import annotations

from functools import cache
from operator import getitem
from typing import cast

from ..base.refs import cell_ref
from ..formats.schema import AMOUNT, COUNT, MONEY, Table
from ..inputs import Sheet
from ..locate import Placement
from ..messages import part
from ..model.findings import Finding
from ..model.unit import Unit
from ..model.values import BAD, BLANK, NUMBER_LIMIT, OK, YUAN, parse, show

_ref = cell_ref  # zero-based (row, column) -> 'J25'


def read_placement(unit: Unit, p: Placement) -> None:
    """Add the placement's values, cells and reading findings to the unit (Long because the bulk path
    for whole-number cells and the cell-by-cell path share their bookkeeping)."""
    table, sheet = p.table, p.sheet
    assert sheet is not None  # a placement being read is bound to its sheet
    at_sheet, at_cell, at_index = sheet.located(*p.anchor)
    for kind, label in _missing(p.missing):
        unit.findings.append(Finding(
            "E002", unit.source, unit=unit.name, sheet=at_sheet, cell=at_cell, table=table.id,
            params={"table_title": table.title, "label": label, "kind": part("part." + kind)},
            sheet_index=at_index))
    _layout_findings(unit, p, sheet)
    for row_id, text, r, c in p.legacy:
        row = table.row(row_id)
        where, ref, index = sheet.located(r, c)
        unit.findings.append(Finding(
            "W104", unit.source, unit=unit.name, sheet=where, cell=ref, table=table.id, row=row_id,
            params={"legacy": text, "label": row.label}, sheet_index=index))
    grid = sheet.grid
    values = unit.values
    header_units = p.units
    reads, counts, cells, others = _plan(p, sheet)
    unit.cells.update(cells)
    count_keys, count_rows, count_cols = counts
    raws: list[float] | None = None
    try:
        # The common case in bulk: every count cell holds a whole number >= 0 (a float, as calamine
        # reads an .xlsx, or an int, as it reads an .xls); anything else (blank, text, negative, a
        # fraction, out of the grid) is read cell by cell below, with its finding.
        raws = cast("list[float]", list(map(getitem, map(grid.__getitem__, count_rows), count_cols)))
        try:
            whole = all(map(float.is_integer, raws))
        except TypeError:  # not all floats: ints and floats only (a bool is neither), each whole
            whole = {type(v) for v in raws} <= _WHOLE_TYPES and all(map(float.is_integer, map(float, raws)))
        bulk = whole and min(raws, default=0.0) >= 0 and max(raws, default=0.0) < NUMBER_LIMIT
    except (IndexError, TypeError, OverflowError):
        bulk = False
        raws = None
    if bulk and raws is not None:
        values.update(zip(count_keys, map(int, raws), strict=False))
        reads = others
    elif raws is not None and len(raws) == len(count_keys):
        # Some counts are not plain (a blank left for 0, a total whose formula has no value, text): the plain
        # ones still in bulk, only the others one by one, in their order (a plain count has no finding).
        plain = [type(v) in _WHOLE_TYPES and v >= 0 and v < NUMBER_LIMIT and float(v).is_integer() for v in raws]
        values.update((k, int(v)) for k, v, ok in zip(count_keys, raws, plain, strict=True) if ok)
        taken = {k for k, ok in zip(count_keys, plain, strict=True) if ok}
        reads = [read for read in reads if read[0] not in taken]
    for k, rc, kind, is_total, r, c in reads:
        _read_value(unit, k, sheet.value(r, c), kind, is_total, sheet, r, c, header_units.get(rc))
    for (gid, col_id), (r, c) in p.subtotals.items():
        k = (table.id, gid, col_id)
        unit.cells[k] = sheet.located(r, c)
        unit.subtotal_groups.add(gid)
        kind = table.row(table.group_rows(gid)[0]).columns[0].kind
        _read_value(unit, k, sheet.value(r, c), kind, True, sheet, r, c, header_units.get((gid, col_id)))


_WHOLE_TYPES = {int, float}
MISSING_SHOWN = 3  # beyond this many missing rows, one finding lists them (a damaged table, not typos)


def _missing(missing: list[tuple[str, str]]) -> list[tuple[str, object]]:
    """(kind, label) of each E002: one per missing row or column, or one for all the rows when many are."""
    rows = [label for kind, label in missing if kind == "row"]
    if len(rows) <= MISSING_SHOWN:
        return list(missing)
    many = part("part.many_rows", first="、".join(rows[:MISSING_SHOWN]), count=len(rows))
    return [(kind, label) for kind, label in missing if kind != "row"] + [("row", many)]


def _layout_findings(unit: Unit, p: Placement, sheet: Sheet) -> None:
    """What locating the table had to say: labels two cells could be (E006), labels read approximately
    (W107), rows whose numbers did not stand under their headers (W109, once for the table)."""
    table = p.table
    for label, places in p.ambiguous:
        shown = [sheet.located(r, c) for r, c in places]
        where, ref, index = shown[0]
        cells = "、".join(f"{s}!{c}" if s else c for s, c, _ in shown)
        unit.findings.append(Finding("E006", unit.source, unit=unit.name, sheet=where, cell=ref, table=table.id,
                                     params={"label": label, "cells": cells}, sheet_index=index))
    for label, written, r, c in p.approximate:
        where, ref, index = sheet.located(r, c)
        unit.findings.append(Finding("W107", unit.source, unit=unit.name, sheet=where, cell=ref, table=table.id,
                                     params={"label": label, "written": written}, sheet_index=index))
    if p.shifted:
        _, r, c = p.shifted[0]
        where, ref, index = sheet.located(r, max(c, 0))
        rows = "、".join(table.row(row_id).label if row_id in {x.id for x in table.rows} else
                        table.group(row_id).label for row_id, _, _ in p.shifted[:3])
        rows += "…" if len(p.shifted) > 3 else ""
        unit.findings.append(Finding("W109", unit.source, unit=unit.name, sheet=where, cell=ref, table=table.id,
                                     params={"count": len(p.shifted), "rows": rows}, sheet_index=index))


def _plan(p: Placement, sheet: Sheet):
    """What reading a placement takes: (key, (row, col) ids, kind, is a total, r, c) per value, the
    keys, rows and columns of its count cells, key -> (sheet, A1, sheet index) for its cells, and the
    reads of its other cells (what is left to read when the counts were read in bulk).
    Kept in the placement's plan dict, which the copies of one form share (locate.LAYOUTS), so a
    thousand departments' workbooks are planned once."""
    plan = p.plan
    if not plan:
        info = _value_cells(p.table)
        reads = [(info[rc][0], rc, info[rc][1], info[rc][2], r, c) for rc, (r, c) in p.cells.items()]
        counts = [read for read in reads if read[2] == COUNT]
        plan.update(reads=reads, counts=([k for k, *_ in counts], [r for *_, r, _ in counts],
                                         [c for *_, c in counts]), cells={},
                    others=[read for read in reads if read[2] != COUNT])
    reads, counts, cells_by_sheet, others = plan["reads"], plan["counts"], plan["cells"], plan["others"]
    if sheet.rows is not None:  # a document: its cells are named by their tables, not by the grid
        return reads, counts, {k: sheet.located(r, c) for k, _, _, _, r, c in reads}, others
    sheet_name, sheet_index = sheet.name, sheet.index
    cells = cells_by_sheet.get((sheet_name, sheet_index))
    if cells is None:
        if len(cells_by_sheet) > 16:
            cells_by_sheet.clear()
        cells = cells_by_sheet[(sheet_name, sheet_index)] = {
            k: (sheet_name, _ref(r, c), sheet_index) for k, _, _, _, r, c in reads}
    return reads, counts, cells, others


@cache
def _value_cells(table: Table) -> dict[tuple[str, str], tuple[tuple[str, str, str], str, bool]]:
    """(row id, column id) -> (key, kind, is a total) for every value of a table."""
    return {(row.id, col.id): ((table.id, row.id, col.id), col.kind, row.total or col.total)
            for row in table.rows for col in row.columns}


def _read_value(unit: Unit, k, raw, kind: str, is_total: bool, sheet: Sheet, r: int, c: int,
                money_unit: str | None = None) -> None:
    """One cell's value into the unit, with its finding. A total left blank is not stated: the rules
    derive it from its parts (W103), never read it as 0."""
    parsed = parse(raw, kind, money_unit, native_text=sheet.texty)
    if parsed.status == BLANK:
        state = sheet.raw_state(r, c) if raw in ("", None) else None
        if state and state[0] == "error":
            unit.values[k] = None
            unit.findings.append(unit.finding("E101", k, {"value": state[1], "hint": part("part.formula_error")}))
            return
        if is_total:
            written = (parsed.params or {}).get("value")
            unit.values[k] = None
            unit.derived[k] = (part("part.uncomputed") if state else part("part.holds", value=written) if written
                               else part("part.is_blank"))
            return
        if state and state[0] == "formula":
            unit.values[k] = None
            unit.findings.append(unit.finding("E104", k, {}))
            return
        unit.values[k] = 0
        written = (parsed.params or {}).get("value")
        shown = part("part.written", value=written) if written else part("part.blank")
        unit.findings.append(unit.finding("W101", k, {"shown": shown, "value": written or ""}))
        return
    if parsed.status == BAD:
        unit.values[k] = None
        unit.findings.append(unit.finding(parsed.code or "E101", k, parsed.params))
        return
    assert parsed.status == OK
    unit.values[k] = parsed.value
    if parsed.code:
        unit.findings.append(unit.finding(parsed.code, k, parsed.params))
    read_in = (parsed.params or {}).get("unit")
    if kind == MONEY and parsed.value and read_in is None:
        # Neither the cell nor its header says 元 or 万元: read as 万元, and say so.
        unit.findings.append(unit.finding("W105", k, {"value": show(parsed.value)}))
    elif kind == AMOUNT and read_in == YUAN and parsed.value is not None:
        # The fee written in 元 (its header or the cell says so): kept in 万元, exactly, and said.
        written = raw if isinstance(raw, str) else show(parsed.value * 10000)
        unit.findings.append(unit.finding("W108", k, {"value": str(written).strip(), "number": show(parsed.value)}))
