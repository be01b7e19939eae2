"""Workbooks (.xlsx .xlsm .xls .ods) read through python-calamine, after the preflight proved them safe.

This is the only module that knows calamine: the rest of the program sees Books of Sheets."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from ..base.refs import cell_ref
from .book import Book, Sheet, Unreadable
from .memzip import MemoryZip, PartsCache
from .preflight import MAX_CELLS, check_extent, ods_extents, ole_streams, preflight_zip, xls_sheets, xlsx_extent
from .sniff import DOCX, XLSX, ole_kind, zip_kind
from .xlsxparts import defined_names, made_by, raw_loader, sheet_parts


class IsDocument(Exception):
    """The zip is a Word document, not a workbook: another reader's."""


def read_workbook(path: str, data: bytes, kind: str, cache: PartsCache | None = None) -> Book:
    """Read every sheet of a workbook (.xlsx .xlsm .xls .ods, WPS .et; `kind` 'zip' or 'ole', as
    sniffed) as a grid; raise Unreadable with the E003 reason, IsDocument for a .docx.

    Every size a parser would act on (zip parts, sheet extents) is checked on the raw bytes first,
    so a hostile file is refused before calamine can exhaust memory or abort the process."""
    zf = None
    xlsx_parts: dict[str, bytes] = {}
    xls_info: list = []
    if kind == "zip":
        try:
            zf = MemoryZip(data, cache)
            preflight_zip(zf, data)
            kind = zip_kind(zf)
            if kind == DOCX:
                raise IsDocument()
            if kind == XLSX:
                xlsx_parts = _xlsx_preflight(zf, cache)
            else:
                _ods_preflight(zf)
        except (zipfile.BadZipFile, EOFError, ValueError, KeyError, NotImplementedError, struct.error,
                zlib.error):
            raise Unreadable("truncated") from None
    elif kind == "ole":
        streams = ole_streams(data)
        kind = ole_kind(streams)
        xls_info = _xls_preflight(streams)
    return _calamine_read(path, data, kind, zf, xlsx_parts, xls_info)


def _xlsx_preflight(zf: zipfile.ZipFile, cache: PartsCache | None) -> dict[str, bytes]:
    """Sheet name -> its part's XML, each checked for entity declarations and a sane extent. Parts
    under xl/worksheets/ that no sheet names are checked too: calamine may resolve paths differently."""
    parts = sheet_parts(zf, cache)
    names = set(zf.namelist())
    by_part = {}
    for part in set(parts.values()) | {n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")}:
        if part not in names:
            continue
        xml = zf.read(part)
        if b"<!ENTITY" in xml or b"<!DOCTYPE" in xml:
            raise Unreadable("unsafe_xml")
        by_part[part] = xml
    out = {}
    for name, part in parts.items():
        if part in by_part:
            check_extent(name, *xlsx_extent(by_part[part]))
            out[name] = by_part[part]
    for part, xml in by_part.items():
        if part not in parts.values():
            check_extent(part, *xlsx_extent(xml))
    return out


def _ods_preflight(zf: zipfile.ZipFile) -> None:
    try:
        xml = zf.read("content.xml")
    except KeyError:
        return  # calamine refuses it with its own error
    if b"<!ENTITY" in xml:
        raise Unreadable("unsafe_xml")
    for name, (rows, cols) in ods_extents(xml).items():
        check_extent(name, rows, cols)


def _xls_preflight(streams: dict[str, bytes]) -> list:
    stream = next((body for name, body in streams.items() if name.lower() in ("workbook", "book")), None)
    if stream is None:
        return []  # calamine refuses it with its own error
    sheets = xls_sheets(stream)
    for name, rows, cols, _ in sheets:
        check_extent(name, rows, cols)
    return sheets


def _calamine_read(path: str, data: bytes, kind: str, zf: zipfile.ZipFile | None,
                   xlsx_parts: dict[str, bytes], xls_info: list) -> Book:
    """The sheets of a preflighted workbook through python-calamine (Long because calamine's own
    failures, one per step, each become an E003 reason here and nowhere else)."""
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except pc.PasswordError:
        raise Unreadable("encrypted") from None
    except pc.ZipError:
        raise Unreadable("truncated") from None
    except Exception as e:  # calamine raises several types for malformed content
        raise Unreadable(_calamine_reason(e, zf), detail=_short(e)) from None
    sheets = []
    try:
        metas = wb.sheets_metadata
        xls_states = ({i: info[3] for i, info in enumerate(xls_info)}
                      if [info[0] for info in xls_info] == [m.name for m in metas] else {})
        for index, meta in enumerate(metas):
            if str(meta.typ) not in ("SheetTypeEnum.WorkSheet",):
                continue
            try:
                sh = wb.get_sheet_by_index(index)
            except Exception as e:
                raise Unreadable(_calamine_reason(e, zf), detail=_short(e)) from None
            end = sh.end
            if end is not None and (end[0] + 1) * (end[1] + 1) > MAX_CELLS:  # backstop; preflight checks first
                raise Unreadable("too_many_cells", sheet=meta.name, ref=cell_ref(*end))
            grid = sh.to_python(skip_empty_area=False) if end is not None else []
            merges = sh.merged_cell_ranges or []
            sheet = Sheet(meta.name, index, grid, merges,
                          hidden=str(meta.visible) != "SheetVisibleEnum.Visible")
            if meta.name in xlsx_parts:
                sheet.raw_loader = raw_loader(xlsx_parts[meta.name])
            elif index in xls_states:
                sheet.raw_loader = xls_states[index].copy
            sheets.append(sheet)
    finally:
        wb.close()
    if not sheets:
        raise Unreadable("no_sheets")
    if kind == XLSX and zf is not None:
        return Book(path, kind, sheets, defined_names(zf, [s.name for s in sheets]), made_by=made_by(zf))
    return Book(path, kind, sheets)


def _calamine_reason(e: Exception, zf: zipfile.ZipFile | None = None) -> str:
    text = str(e).lower()
    if "entity" in text or (zf is not None and _declares_entities(zf)):
        return "unsafe_xml"
    if "password" in text or "encrypt" in text:
        return "encrypted"
    if "zip" in text or "eof" in text or "invalid" in text or "unexpected" in text:
        return "truncated"
    return "parse"


def _declares_entities(zf: zipfile.ZipFile) -> bool:
    """After calamine failed: did an XML part declare entities (billion laughs)? Parts are
    already proven small by preflight_zip, and only the start, where a DTD must be, is read."""
    for info in zf.infolist():
        if info.filename.lower().endswith(".xml"):
            try:
                with zf.open(info) as fh:
                    if b"<!ENTITY" in fh.read(65536):
                        return True
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError):
                continue
    return False


def _short(e: Exception) -> str:
    return " ".join(str(e).split())[:160]
