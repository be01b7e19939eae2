"""A book of sheets into units: which sheets hold a unit's tables, who it is, which year and format."""

from __future__ import annotations

import os
from dataclasses import dataclass

from .. import formats
from ..base.labels import key
from ..base.lazy import compiled
from ..formats.schema import Format
from ..inputs import Book
from ..locate import (
    UNIT_LABELS,
    YEAR_LABELS,
    LocateCache,
    Placement,
    SheetText,
    blank_label,
    labelled_value,
    locate,
    title_of,
    title_unit_year,
    year_of,
)
from ..messages import part
from ..model.names import value_name
from ..model.unit import Unit
from .cells import read_placement

_FILE_YEAR = compiled(r"(?<!\d)(20\d\d|19\d\d)(?!\d)")
# A sheet holding the workbook's own totals of its unit sheets (各部门 + 汇总): not a unit of its own,
# or a compile would count every department twice.
_SUMMARY_SHEET = compiled(r"汇总|合计|总表|总计")


@dataclass(frozen=True)
class ReadOptions:
    year: int | None = None  # --year: the report year when the workbook does not say
    schema: str | None = None  # --schema: force a format id instead of choosing by year


def _stem(path: str) -> str:
    """Path(path).stem, without building a Path for every workbook."""
    return os.path.splitext(os.path.basename(path))[0]


def units_of(wb: Book, options: ReadOptions, cache: LocateCache | None = None) -> list[Unit]:
    """Every unit in a book, each with its values and reading findings (the rules run later)."""
    texts = [SheetText(s, cache.texts if cache is not None else None) for s in wb.sheets]
    # Placements do not depend on the format's year as long as one format is known; the year
    # may come from a cell, so we first find it, then locate with the right format.
    whole_name, whole_year = _workbook_identity(wb, texts)
    year = whole_year or options.year or _file_year(wb.path)
    fmt = _format(year, options)
    named = _named_places(wb, fmt, texts) if fmt is not None else None
    if named is not None:
        # The template's fast path: its defined names say where every value stands.
        sheet, named_places = named
        return [_named_after(_build(wb, whole_name or _stem(wb.path), year, fmt, options, named_places,
                                    sheet.name, wb.sheets.index(sheet)), whole_name, "file")]
    probe_fmt = fmt or formats.for_year(2021) or next(iter(formats.FORMATS.values()))
    located = [locate(s, probe_fmt, t, cache) for s, t in zip(wb.sheets, texts, strict=False)]
    # Several sheets each holding all three tables: one unit per sheet. Hidden sheets (a scratch
    # copy, an old template) do not make units of their own.
    complete = [i for i, found in enumerate(located)
                if all(found[t.id] for t in probe_fmt.tables) and not wb.sheets[i].hidden]
    if len(complete) >= 2:
        return _sheet_units(wb, options, texts, located, complete, year, probe_fmt, cache)
    if fmt is not None and fmt is not probe_fmt:
        located = [locate(s, fmt, t, cache) for s, t in zip(wb.sheets, texts, strict=False)]
    places: dict[str, Placement] = {}
    # Visible sheets first: a hidden sheet's copy of a table is used only when no visible one has it.
    order = sorted(range(len(located)), key=lambda i: (wb.sheets[i].hidden, i))
    for i in order:
        for tid, ps in located[i].items():
            if ps and tid not in places:
                places[tid] = min(ps, key=lambda p: len(p.missing))
    first = min((p.sheet.index for p in places.values() if p.sheet is not None), default=wb.sheets[0].index)
    first_sheet = next(s for s in wb.sheets if s.index == first)
    name = whole_name or _stem(wb.path)
    return [_named_after(_build(wb, name, year, fmt, options, places, first_sheet.name,
                                wb.sheets.index(first_sheet), texts, cache), whole_name, "file")]


def _named_after(unit: Unit, stated: str | None, what: str) -> Unit:
    """N004 on a unit whose report states no name: it is called after its file or sheet, so renaming
    that renames the unit (and its matches across years, in the roster, among copies)."""
    # Not where an error says more: a 单位名称 left blank (E007), a file with no table (E004), unreadable.
    said = any(f.code in ("E003", "E004") or (f.code == "E007" and f.params.get("detail") == part("part.no_unit_name"))
               for f in unit.findings)
    if stated is None and not unit.summary and not said:
        unit.findings.append(unit.finding("N004", params={"what": part("part.named_" + what), "name": unit.name}))
    return unit


def _sheet_units(wb: Book, options: ReadOptions, texts: list[SheetText], located: list, complete: list[int],
                 year: int | None, probe_fmt: Format, cache: LocateCache | None) -> list[Unit]:
    """One unit per sheet that holds all three tables; a sheet named 汇总/合计 among them is the
    workbook's own summary (status summary: checked against the others, never added up)."""
    units = []
    for i in complete:
        sheet, text = wb.sheets[i], texts[i]
        name, y = _sheet_identity(text)
        u_year = y or year
        u_fmt = _format(u_year, options) if u_year else None
        places = {tid: ps[0] for tid, ps in located[i].items() if ps}
        if u_fmt is not None and u_fmt is not probe_fmt:
            places = {tid: ps[0] for tid, ps in locate(sheet, u_fmt, text, cache).items() if ps}
        unit = _build(wb, name or sheet.name, u_year, u_fmt, options, places, sheet.name, i, [text], cache)
        unit.summary = bool(_SUMMARY_SHEET().search(sheet.name)) and len(complete) > 1
        units.append((unit, name))
    if all(u.summary for u, _ in units):
        for u, _ in units:
            u.summary = False
    return [_named_after(u, name, "sheet") for u, name in units]


def _named_places(wb: Book, fmt: Format, texts: list[SheetText]):
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


def _format(year: int | None, options: ReadOptions) -> Format | None:
    if options.schema:
        return formats.FORMATS.get(options.schema)
    return formats.for_year(year) if year else None


def _file_year(path: str) -> int | None:
    years = _FILE_YEAR().findall(os.path.basename(path))
    return int(years[-1]) if years else None


def _workbook_identity(wb: Book, texts: list[SheetText]) -> tuple[str | None, int | None]:
    """Unit name and year for the whole workbook: defined names, labelled cells, then a title."""
    name: str | None = None
    year: int | None = None
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
                name = hit[0].strip()
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
    if (name is None or year is None) and wb.paragraphs:
        # A document's title stands outside its tables: 济宁市工业和信息化局2021年政府信息公开工作年度报告.
        t_name, t_year = title_of(wb.paragraphs)
        name, year = name or t_name, year or t_year
    return name, year


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


def _build(wb: Book, name: str, year: int | None, fmt: Format | None, options: ReadOptions,
           places: dict[str, Placement], sheet_name: str, sheet_index: int,
           texts: list[SheetText] | None = None, cache: LocateCache | None = None) -> Unit:
    unit = Unit(name=name, source=wb.path, format=fmt, year=year, sheet=sheet_name, sheet_index=sheet_index)
    if fmt is None:
        detail = (part("part.no_format", year=year, supported=formats.supported()) if year
                  else part("part.no_year"))
        unit.findings.append(unit.finding("E004", params={"detail": detail}))
        return unit
    for table in fmt.tables:
        p = places.get(table.id)
        if p is None:
            unit.findings.append(unit.finding("E001", table=table.id,
                                              params={"table_title": table.title, "anchor": table.anchor}))
            continue
        read_placement(unit, p)
    if options.schema is None and texts and any(f.code in ("E001", "E002") for f in unit.findings):
        other = _fitting_format(texts, fmt, cache)
        if other is not None:
            # The tables are the other format's: what was read under this one means nothing.
            unit.values, unit.cells, unit.derived, unit.subtotal_groups = {}, {}, {}, set()
            unit.findings = [unit.finding("E005", params={"year": year, "format": fmt.id, "other": other.id})]
            return unit
    _unfilled(unit, wb, texts)
    return unit


def _unfilled(unit: Unit, wb: Book, texts: list[SheetText] | None) -> None:
    """E007 for a report not filled in: not one number stated (every cell blank: an unfilled template),
    or a 单位名称 left blank. Its blank-cell warnings say nothing more and are dropped."""
    blanks = sum(1 for f in unit.findings if f.code == "W101") + len(unit.derived)
    if unit.cells and blanks >= len(unit.cells):
        unit.findings = [f for f in unit.findings if f.code != "W101"]
        unit.derived = {}  # nor a W103 for every total: nothing is stated to derive from
        unit.findings.append(unit.finding("E007", params={"detail": part("part.no_numbers", count=len(unit.cells))}))
    # Only a unit named after its file can have had its 单位名称 left blank (else a name was found).
    if unit.name == _stem(wb.path) and _unit_name_blank(wb, texts or []):
        unit.findings.append(unit.finding("E007", params={"detail": part("part.no_unit_name")}))


def _unit_name_blank(wb: Book, texts: list[SheetText]) -> bool:
    """A 单位名称 asked for and left empty: the template's named cell, or a labelled cell with nothing
    after it (on its row, or after its colon)."""
    if "unit" in wb.names:
        sheet, r, c = wb.names["unit"]
        v = next((s for s in wb.sheets if s.name == sheet), wb.sheets[0]).value(r, c)
        return not (isinstance(v, str) and v.strip()) and not isinstance(v, int | float)
    return any(blank_label(text, UNIT_LABELS[:2]) for text in texts)


def _fitting_format(texts: list[SheetText], fmt: Format, cache: LocateCache | None) -> Format | None:
    """Another format whose every table, row and column stands in these sheets (a 2020 report
    filled in on the 2021 form, or the reverse). Only tried when the year's format did not fit."""
    for other in formats.FORMATS.values():
        if other is fmt:
            continue
        fits = {t.id: False for t in other.tables}
        for text in texts:
            for tid, ps in locate(text.sheet, other, text, cache).items():
                fits[tid] = fits[tid] or any(not p.missing for p in ps)
        if all(fits.values()):
            return other
    return None
