"""The workbook an annotated copy starts from: the input's cells with their values only — no formula,
defined formula, conditional format, validation or link travels from an input to an output — within
bounds openpyxl can handle (it makes an object of every cell and every merged cell)."""

from __future__ import annotations

import datetime as _dt
import io
import re
import struct
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..inputs import Book, Unreadable, open_book, read_bytes
from ..inputs.budget import xlsx_merged
from ..inputs.safety import require_defusedxml
from ..messages import say
from . import files

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# openpyxl needs about 25 µs and 500 bytes a cell to load and save (a merged cell too: 8 µs and 350
# bytes each): beyond this many the copy would take minutes and gigabytes (a sheet of style-only
# cells, which calamine does not even read, or one merged range over most of a sheet).
MAX_COPY_CELLS = 100_000
LAST_ROW, LAST_COL = 1_048_576, 16_384  # XFD1048576: no cell beyond it can be saved
NUMBER_LIMIT = 1e15  # the tool reads no number this large; Excel keeps 15 digits
# A defined name that is only a reference (a print area, a template's cell names): anything else
# may be a formula (=WEBSERVICE(…)) and is not copied.
_REFERENCE = re.compile(r"^(?:'[^']+'|[^'!=(),]+)!\$?[A-Z]{1,3}\$?\d{1,7}(?::\$?[A-Z]{1,3}\$?\d{1,7})?$")


def text(name: str, lang: str, **params) -> str:
    return say("annotate." + name, lang, **params)


FULL, GRID, LIST = "full", "grid", "list"  # what a copy keeps: the input as openpyxl reads it, or
# its values in a fresh workbook (what openpyxl cannot load or save), or only the list of findings


def copy_of(source: Path, unreadable: bool, lang: str, keeps: str = FULL):
    """(openpyxl workbook, input sheet name -> sheet name in the copy, note for the findings list,
    [(sheet, A1)] of formula cells that had no computed value and are left empty, marked)."""
    if unreadable:
        return _empty(text("unreadable_note", lang))
    if keeps == LIST:
        return _empty(text("unsaveable_note", lang))
    try:
        data = read_bytes(source)
        book = open_book(source, data)
    except Unreadable:
        return _empty(text("unreadable_note", lang))
    cells = sum(1 for s in book.sheets for row in s.grid for v in row if v != "" and v is not None)
    cells += sum((r1 - r0 + 1) * (c1 - c0 + 1) for s in book.sheets for (r0, c0), (r1, c1) in s.merges)
    if cells > MAX_COPY_CELLS:
        return _empty(text("too_large_note", lang, count=f"{cells:,}", limit=f"{MAX_COPY_CELLS:,}"))
    if keeps == FULL and _xml_cells(data) <= MAX_COPY_CELLS:
        require_defusedxml()  # outside the try: no silent fallback when protection is missing
        wb = _load(data)
        if wb is not None:
            dropped, clipped = values_only(wb, book)
            note = text("clipped_note", lang, count=clipped) if clipped else None
            return wb, {ws.title: ws.title for ws in wb.worksheets}, note, dropped
    return _grid_copy(book, lang)


def _empty(note: str):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(cast("Worksheet", wb.active))
    return wb, {}, note, []


def _xml_cells(data: bytes) -> int:
    """An upper bound of the cells openpyxl would make of an xlsx (every <c tag of every sheet part,
    every cell its merged ranges cover); above MAX_COPY_CELLS when the bytes are no xlsx openpyxl
    could read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "xl/workbook.xml" not in zf.namelist():
                return MAX_COPY_CELLS + 1
            count = 0
            for info in zf.infolist():
                if info.filename.lower().endswith(".xml"):
                    xml = zf.read(info)
                    count += xml.count(b"<c") + xlsx_merged(xml) if b"sheetData" in xml else 0
            return count
    except (zipfile.BadZipFile, EOFError, ValueError, OSError, NotImplementedError, RuntimeError, zlib.error,
            struct.error):
        return MAX_COPY_CELLS + 1  # a part zipfile cannot read: openpyxl could not either


def _load(data: bytes):
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # its complaints about a damaged part are no message for a clerk
            return openpyxl.load_workbook(io.BytesIO(data), keep_vba=False, keep_links=False)
    except Exception:  # noqa: BLE001 - openpyxl refuses some files calamine reads: copy the grid
        return None


def values_only(wb, book: Book) -> tuple[list[tuple[str, str]], int]:
    """Every formula replaced by the value the input holds for it (read by calamine, the reader of
    every check) or, without one, left empty and returned to be marked; every value made one a sheet
    can hold; cells beyond XFD1048576 removed (counted). Conditional formats, data validations,
    hyperlinks and defined names that are not plain references go: each may hold a formula."""
    from openpyxl.cell.cell import ERROR_CODES
    from openpyxl.formatting.formatting import ConditionalFormattingList
    from openpyxl.worksheet.datavalidation import DataValidationList

    sheets = {s.name: s for s in book.sheets}
    dropped: list[tuple[str, str]] = []
    clipped = 0
    for ws in wb.worksheets:
        sheet = sheets.get(ws.title)
        for (r, c) in list(ws._cells):
            cell = ws._cells[(r, c)]
            if r > LAST_ROW or c > LAST_COL:
                del ws._cells[(r, c)]
                clipped += 1
                continue
            if cell.hyperlink is not None:
                cell.hyperlink = None
            if cell.data_type == "f":
                cached = sheet.value(r - 1, c - 1) if sheet is not None else ""
                state = sheet.raw_state(r - 1, c - 1) if sheet is not None and cached == "" else None
                if cached != "" and cached is not None:
                    _put(cell, cached)
                elif state is not None and state[0] == "error" and state[1] in ERROR_CODES:
                    cell.value = state[1]  # an error value (#DIV/0!), as the input shows it
                else:
                    cell.value = None
                    dropped.append((ws.title, cell.coordinate))
            elif cell.value is not None and not isinstance(cell.value, str):
                _put(cell, cell.value)
        ws.conditional_formatting = ConditionalFormattingList()
        ws.data_validations = DataValidationList()
        for name in list(ws.defined_names):
            if not _REFERENCE.match(str(ws.defined_names[name].attr_text or "")):
                del ws.defined_names[name]
    for name in list(wb.defined_names):
        if not _REFERENCE.match(str(wb.defined_names[name].attr_text or "")):
            del wb.defined_names[name]
    return dropped, clipped


def _put(cell, v) -> None:
    """A value into a cell as a sheet can hold it: text always as text (never a formula), a number
    or date out of a sheet's range as the text it reads as (1e+400, a 400-digit number)."""
    if isinstance(v, str):
        files.xlsx_text(cell, v)
    elif isinstance(v, bool):
        cell.value = v
    elif isinstance(v, (int, float)):
        if -NUMBER_LIMIT < v < NUMBER_LIMIT:
            cell.value = v
        else:
            files.xlsx_text(cell, format(v, ".15g") if isinstance(v, float) else f"{str(v)[:40]}…")
    elif isinstance(v, (_dt.datetime, _dt.date)) and not 1900 <= v.year <= 9999:
        files.xlsx_text(cell, v.isoformat())
    elif isinstance(v, _dt.timedelta) and abs(v.days) > 2_958_465:  # the last day a sheet can show
        files.xlsx_text(cell, str(v))
    elif isinstance(v, (_dt.date, _dt.time, _dt.timedelta)):
        cell.value = v
    else:
        files.xlsx_text(cell, str(v))


def _grid_copy(book: Book, lang: str):
    """.xls/.ods (or an xlsx openpyxl cannot load): a fresh workbook with the values and merges."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(cast("Worksheet", wb.active))
    sheet_map = {}
    clipped = 0
    for sheet in book.sheets:
        title = files.clean_text(re.sub(r"[\[\]:*?/\\]", "_", sheet.name))[:31] or f"Sheet{sheet.index + 1}"
        while title in wb.sheetnames:
            title = title[:28] + f"_{len(wb.sheetnames)}"
        ws = wb.create_sheet(title)
        sheet_map[sheet.name] = title
        for r, row in enumerate(sheet.grid, start=1):
            for c, v in enumerate(row, start=1):
                if v == "" or v is None:
                    continue
                if r > LAST_ROW or c > LAST_COL:
                    clipped += 1
                    continue
                _put(ws.cell(row=r, column=c), v)
        for (r0, c0), (r1, c1) in sheet.merges:
            if (r0, c0) != (r1, c1) and r1 < LAST_ROW and c1 < LAST_COL:
                ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    kind = {"xls": ".xls", "ods": ".ods"}.get(book.kind, book.kind)
    note = text("copy_note", lang, kind=kind)
    if clipped:
        note += " " + text("clipped_note", lang, count=clipped)
    return wb, sheet_map, note, []
