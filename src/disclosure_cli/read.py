"""Reading a workbook into units: where the tables are, what each cell holds, who and which year."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from operator import getitem
from pathlib import Path

from . import formats
from .codes import Text, reason
from .findings import Finding
from .labels import key
from .locate import (
    UNIT_LABELS, YEAR_LABELS, Placement, SheetText, labelled_value, locate, title_unit_year, year_of,
)
from .names import value_name
from .preflight import cell_ref
from .schema import COUNT, MONEY, Format, memo
from .unit import Unit
from .values import BAD, BLANK, OK, parse, show
from .workbook import Unreadable, Workbook, open_workbook

_FILE_YEAR = re.compile(r"(?<!\d)(20\d\d|19\d\d)(?!\d)")


@dataclass(frozen=True)
class ReadOptions:
    year: int | None = None  # --year: the report year when the workbook does not say
    schema: str | None = None  # --schema: force a format id instead of choosing by year


def read_workbook(path: str | Path, options: ReadOptions = ReadOptions(), data: bytes | None = None) -> list[Unit]:
    """Every unit in one workbook file, each with its values and findings. Never raises for bad input."""
    path = path if isinstance(path, Path) else Path(path)
    try:
        wb = open_workbook(path, data)
    except Unreadable as e:
        return [_unreadable(path, e.reason, e.params)]
    except RecursionError:
        return [_unreadable(path, "unknown", {})]
    except MemoryError:
        return [_unreadable(path, "too_large", {})]
    return units_of(wb, options)


def _stem(path: str) -> str:
    """Path(path).stem, without building a Path for every workbook."""
    return os.path.splitext(os.path.basename(path))[0]


def _unreadable(path: Path, why: str, params: dict) -> Unit:
    """The one unit of a file that cannot be read: E003 with the reason (and the sheet and cell
    when the reason is about one, e.g. a far-away cell)."""
    unit = Unit(name=path.stem, source=str(path), format=None)
    wanted = {"parse": ("detail",), "too_many_cells": ("sheet", "ref")}.get(why, ())
    shown = {k: params.get(k, "") for k in wanted}
    unit.findings.append(Finding("E003", str(path), unit=unit.name, sheet=params.get("sheet"),
                                 cell=params.get("ref"), params={"reason": reason(why, **shown)}))
    return unit


def units_of(wb: Workbook, options: ReadOptions) -> list[Unit]:
    texts = [SheetText(s) for s in wb.sheets]
    # Placements do not depend on the format's year as long as one format is known; the year
    # may come from a cell, so we first find it, then locate with the right format.
    whole_name, whole_year, name_cell = _workbook_identity(wb, texts)
    year = whole_year or options.year or _file_year(wb.path)
    fmt = _format(year, options)
    named = _named_places(wb, fmt, texts) if fmt is not None else None
    if named is not None:
        # The template's fast path: its defined names say where every value stands.
        sheet, places = named
        return [_build(wb, whole_name or _stem(wb.path), year, fmt, options, places, sheet.name,
                       wb.sheets.index(sheet))]
    probe_fmt = fmt or formats.for_year(2021) or next(iter(formats.FORMATS.values()))
    located = [locate(s, probe_fmt, t) for s, t in zip(wb.sheets, texts)]
    # Several sheets each holding all three tables: one unit per sheet. Hidden sheets (a scratch
    # copy, an old template) do not make units of their own.
    complete = [i for i, found in enumerate(located)
                if all(found[t.id] for t in probe_fmt.tables) and not wb.sheets[i].hidden]
    if len(complete) >= 2:
        units = []
        for i in complete:
            sheet, text = wb.sheets[i], texts[i]
            name, y = _sheet_identity(text)
            u_year = y or year
            u_fmt = _format(u_year, options) if u_year else None
            places = {tid: ps[0] for tid, ps in located[i].items() if ps}
            if u_fmt is not None and u_fmt is not probe_fmt:
                places = {tid: ps[0] for tid, ps in locate(sheet, u_fmt, text).items() if ps}
            unit = _build(wb, name or sheet.name, u_year, u_fmt, options, places, sheet.name, i, [text])
            unit.summary = bool(_SUMMARY_SHEET.search(sheet.name)) and len(complete) > 1
            units.append(unit)
        if all(u.summary for u in units):
            for u in units:
                u.summary = False
        _check_summary_sheets(units)
        return units
    if fmt is not None and fmt is not probe_fmt:
        located = [locate(s, fmt, t) for s, t in zip(wb.sheets, texts)]
    places: dict[str, Placement] = {}
    # Visible sheets first: a hidden sheet's copy of a table is used only when no visible one has it.
    order = sorted(range(len(located)), key=lambda i: (wb.sheets[i].hidden, i))
    for i in order:
        for tid, ps in located[i].items():
            if ps and tid not in places:
                places[tid] = min(ps, key=lambda p: len(p.missing))
    first = min((p.sheet.index for p in places.values()), default=wb.sheets[0].index)
    first_sheet = next(s for s in wb.sheets if s.index == first)
    name = whole_name or _stem(wb.path)
    return [_build(wb, name, year, fmt, options, places, first_sheet.name, wb.sheets.index(first_sheet), texts)]


def _named_places(wb: Workbook, fmt: Format, texts: list[SheetText]):
    """(sheet, placements) from the defined names `<table>.<row>.<column>` when the workbook has
    all of them for `fmt`, on one sheet, and no other sheet holds a table of its own (a copied
    sheet: one unit per sheet); None otherwise, and the labels are searched as for any workbook."""
    if not wb.names:
        return None
    names = {n.lower(): target for n, target in wb.names.items()}
    home = None
    cells: dict[str, dict] = {}
    for table in fmt.tables:
        found = cells.setdefault(table.id, {})
        for row, col in table.cells():
            target = names.get(value_name(table.id, row.id, col.id).lower())
            if target is None or (home is not None and target[0] != home):
                return None
            home = target[0]
            found[(row.id, col.id)] = target[1:]
    sheet = next((s for s in wb.sheets if s.name == home), None)
    if sheet is None:
        return None
    anchors = [key(t.rows[0].label) for t in fmt.tables]
    for text in texts:
        if text.sheet is not sheet and any(text.find(a) for a in anchors):
            return None
    places = {tid: Placement(fmt.table(tid), sheet, cells=found, anchor=min(found.values()))
              for tid, found in cells.items() if found}
    return sheet, places


# A sheet holding the workbook's own totals of its unit sheets (各部门 + 汇总): not a unit of its own,
# or a compile would count every department twice.
_SUMMARY_SHEET = re.compile(r"汇总|合计|总表|总计")


def _check_summary_sheets(units: list[Unit]) -> None:
    """W106 on every cell of a summary sheet that differs from the sum of the unit sheets."""
    parts = [u for u in units if not u.summary]
    for total in (u for u in units if u.summary):
        if total.format is None or any(p.format is not total.format for p in parts):
            continue
        for k, stated in total.values.items():
            values = [p.values.get(k) for p in parts]
            if stated is None or k not in total.cells or any(v is None for v in values):
                continue
            expected = sum(values)
            if stated != expected:
                total.findings.append(total.finding("W106", k, {
                    "stated": show(stated), "expected": show(expected), "diff": show(stated - expected),
                    "count": len(parts)}))


def _format(year: int | None, options: ReadOptions) -> Format | None:
    if options.schema:
        return formats.FORMATS.get(options.schema)
    return formats.for_year(year) if year else None


def _file_year(path: str) -> int | None:
    years = _FILE_YEAR.findall(os.path.basename(path))
    return int(years[-1]) if years else None


def _workbook_identity(wb: Workbook, texts: list[SheetText]):
    """Unit name and year for the whole workbook: defined names, labelled cells, then a title."""
    name = year = cell = None
    by_sheet = {s.name: s for s in wb.sheets}
    for defined, target in (("unit", "name"), ("year", "year")):
        if defined in wb.names:
            sheet, r, c = wb.names[defined]
            v = by_sheet[sheet].value(r, c)
            if target == "name" and isinstance(v, str) and v.strip():
                name = v.strip()
            elif target == "year":
                year = year_of(v) if v not in ("", None) else None
    for text in texts:
        if name is None:
            hit = labelled_value(text, UNIT_LABELS)
            if hit and isinstance(hit[0], str) and key(hit[0]):
                name, cell = hit[0].strip(), hit
        if year is None:
            hit = labelled_value(text, YEAR_LABELS)
            if hit:
                year = year_of(hit[0])
    if name is None or year is None:
        for text in texts:
            t_name, t_year = title_unit_year(text)
            name = name or t_name
            year = year or t_year
            if name and year:
                break
    return name, year, cell


def _sheet_identity(text: SheetText):
    name = year = None
    hit = labelled_value(text, UNIT_LABELS)
    if hit and isinstance(hit[0], str) and key(hit[0]):
        name = hit[0].strip()
    hit = labelled_value(text, YEAR_LABELS)
    if hit:
        year = year_of(hit[0])
    if name is None or year is None:
        t_name, t_year = title_unit_year(text)
        name, year = name or t_name, year or t_year
    return name, year


def _build(wb: Workbook, name: str, year: int | None, fmt: Format | None, options: ReadOptions,
           places: dict[str, Placement], sheet_name: str, sheet_index: int,
           texts: list[SheetText] | None = None) -> Unit:
    unit = Unit(name=name, source=wb.path, format=fmt, year=year, sheet=sheet_name, sheet_index=sheet_index)
    if fmt is None:
        detail = (Text(f"{year} 年没有适用的年报格式（支持：{_supported()}）",
                       f"no report format exists for {year} (supported: {_supported()})") if year else
                  Text("无法确定报告年度：请在“年度”单元格填写年份，或在文件名中写明年份（如 2021.xlsx），或使用 --year",
                       "the report year cannot be determined: fill in the 年度 cell, put the year in the file name "
                       "(e.g. 2021.xlsx), or pass --year"))
        unit.findings.append(unit.finding("E004", params={"detail": detail}))
        return unit
    for table in fmt.tables:
        p = places.get(table.id)
        if p is None:
            anchor = table.rows[0].columns[0].label if table.id == "applications" else table.rows[0].label
            unit.findings.append(unit.finding("E001", (table.id, None, None), params={"table_title": table.title, "anchor": anchor}))
            continue
        _read_placement(unit, p)
    if options.schema is None and texts and any(f.code in ("E001", "E002") for f in unit.findings):
        other = _fitting_format(texts, fmt)
        if other is not None:
            unit.findings.append(unit.finding("E005", params={
                "year": year, "format": fmt.id, "other": other.id}))
    from .rules import apply_rules

    unit.findings.extend(apply_rules(unit, {tid for tid, p in places.items() if p.cells or p.subtotals}))
    return unit


def _fitting_format(texts: list[SheetText], fmt: Format) -> Format | None:
    """Another format whose every table, row and column stands in these sheets (a 2020 report
    filled in on the 2021 form, or the reverse). Only tried when the year's format did not fit."""
    for other in formats.FORMATS.values():
        if other is fmt:
            continue
        fits = {t.id: False for t in other.tables}
        for text in texts:
            for tid, ps in locate(text.sheet, other, text).items():
                fits[tid] = fits[tid] or any(not p.missing for p in ps)
        if all(fits.values()):
            return other
    return None


_ref = cell_ref  # zero-based (row, column) -> 'J25'


def _read_placement(unit: Unit, p: Placement) -> None:
    table, sheet = p.table, p.sheet
    anchor_ref = _ref(*p.anchor)
    for kind, label in p.missing:
        unit.findings.append(Finding(
            "E002", unit.source, unit=unit.name, sheet=sheet.name, cell=anchor_ref, table=table.id,
            params={"table_title": table.title, "label": label,
                    "kind": Text("行", "row") if kind == "row" else Text("列", "column")},
            sheet_index=sheet.index))
    for row_id, text, r, c in p.legacy:
        row = table.row(row_id)
        unit.findings.append(Finding(
            "W104", unit.source, unit=unit.name, sheet=sheet.name, cell=_ref(r, c), table=table.id, row=row_id,
            params={"legacy": text, "label": row.label}, sheet_index=sheet.index))
    grid, name, index = sheet.grid, sheet.name, sheet.index
    values = unit.values
    header_units = p.units
    reads, counts, cells = _plan(p, name, index)
    unit.cells.update(cells)
    count_keys, count_rows, count_cols = counts
    try:
        # The common case in bulk: every count cell holds a whole number >= 0 (a float, as calamine
        # reads it); anything else (blank, text, negative, a fraction, out of the grid) is read cell
        # by cell below, with its finding.
        raws = list(map(getitem, map(grid.__getitem__, count_rows), count_cols))
        bulk = all(map(float.is_integer, raws)) and min(raws, default=0.0) >= 0
    except (IndexError, TypeError):
        bulk = False
    if bulk:
        values.update(zip(count_keys, map(int, raws)))
        reads = [read for read in reads if read[2] != COUNT]
    for k, rc, kind, is_total, r, c in reads:
        _read_value(unit, k, sheet.value(r, c), kind, is_total, sheet, r, c, header_units.get(rc))
    for (gid, col_id), (r, c) in p.subtotals.items():
        k = (table.id, gid, col_id)
        unit.cells[k] = (name, _ref(r, c), index)
        unit.subtotal_groups.add(gid)
        kind = next(row for row in table.rows if row.group == gid).columns[0].kind
        _read_value(unit, k, sheet.value(r, c), kind, True, sheet, r, c, header_units.get((gid, col_id)))


def _plan(p: Placement, sheet_name: str, sheet_index: int):
    """What reading a placement takes: (key, (row, col) ids, kind, is a total, r, c) per value, the
    keys, rows and columns of its count cells, and key -> (sheet, A1, sheet index) for its cells.
    Kept in the placement's plan dict, which the copies of one form share (locate.LAYOUTS), so a
    thousand departments' workbooks are planned once."""
    plan = p.plan
    if not plan:
        info = _value_cells(p.table)
        reads = [(info[rc][0], rc, info[rc][1], info[rc][2], r, c) for rc, (r, c) in p.cells.items()]
        counts = [read for read in reads if read[2] == COUNT]
        plan.update(reads=reads, counts=([k for k, *_ in counts], [r for *_, r, _ in counts],
                                         [c for *_, c in counts]), cells={})
    reads, counts, cells_by_sheet = plan["reads"], plan["counts"], plan["cells"]
    cells = cells_by_sheet.get((sheet_name, sheet_index))
    if cells is None:
        if len(cells_by_sheet) > 16:
            cells_by_sheet.clear()
        cells = cells_by_sheet[(sheet_name, sheet_index)] = {
            k: (sheet_name, _ref(r, c), sheet_index) for k, _, _, _, r, c in reads}
    return reads, counts, cells


def _value_cells(table) -> dict[tuple[str, str], tuple[tuple[str, str, str], str, bool]]:
    """(row id, column id) -> (key, kind, is a total) for every value of a table."""
    return memo(table, "value_cells", lambda: {
        (row.id, col.id): ((table.id, row.id, col.id), col.kind, row.total or col.total)
        for row in table.rows for col in row.columns})


def _read_value(unit: Unit, k, raw, kind: str, is_total: bool, sheet, r: int, c: int,
                money_unit: str | None = None) -> None:
    parsed = parse(raw, kind, money_unit)
    if parsed.status == BLANK:
        state = sheet.raw_state(r, c) if raw in ("", None) else None
        if state and state[0] == "error":
            unit.values[k] = None
            unit.findings.append(unit.finding("E101", k, {"value": state[1], "hint": Text(
                "（公式计算出错）", " (the formula evaluates to an error)")}))
            return
        if is_total:
            # Not stated: derived from its parts once every value is read (W103), never read as 0.
            unit.values[k] = None
            unit.derived.add(k)
            shown = (Text("含未计算的公式", "holds a formula with no computed value") if state
                     else Text("为空", "is blank") if not (parsed.params or {}).get("value")
                     else Text(f"填写为“{parsed.params['value']}”", f"holds “{parsed.params['value']}”"))
            unit.findings.append(unit.finding("W103", k, {"shown": shown, "number": "?"}))
            return
        if state and state[0] == "formula":
            unit.values[k] = None
            unit.findings.append(unit.finding("E104", k, {}))
            return
        unit.values[k] = 0
        written = (parsed.params or {}).get("value")
        shown = (Text(f"填写为“{written}”", f"“{written}” written") if written else Text("空白", "blank"))
        unit.findings.append(unit.finding("W101", k, {"shown": shown, "value": written or ""}))
        return
    if parsed.status == BAD:
        unit.values[k] = None
        unit.findings.append(unit.finding(parsed.code, k, parsed.params))
        return
    assert parsed.status == OK
    unit.values[k] = parsed.value
    if parsed.code:
        unit.findings.append(unit.finding(parsed.code, k, parsed.params))
    if kind == MONEY and parsed.value and (parsed.params or {}).get("unit") is None:
        # Neither the cell nor its header says 元 or 万元: read as 万元, and say so.
        unit.findings.append(unit.finding("W105", k, {"value": show(parsed.value)}))


def _supported() -> str:
    return ", ".join(f"{f.years[0]}–" + ("" if f.years[1] > 3000 else str(f.years[1])) for f in formats.FORMATS.values())
