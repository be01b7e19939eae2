"""Workbooks (.xlsx .xlsm .xls .ods) read through python-calamine, after the preflight proved them safe.

This is the only module that knows calamine: the rest of the program sees Books of Sheets."""

from __future__ import annotations

import contextlib
import io
import os
import struct
import sys
import zipfile
import zlib
from typing import TYPE_CHECKING

from ..base.refs import cell_ref
from .book import Book, Sheet, Unreadable
from .budget import (
    MAX_CELLS,
    MAX_MERGED_CELLS,
    MAX_SHEETS,
    Budget,
    shared_strings_declared,
    shared_text,
)
from .memzip import MemoryZip, PartsCache
from .mergesfirst import merges_first
from .odsextent import ods_preflight
from .preflight import book_extents, preflight_zip
from .sniff import DOCX, XLSX, ole_kind, zip_kind
from .xlsxparts import defined_names, entries, made_by, raw_loader, sheet_candidates, sheet_count, sheet_parts

if TYPE_CHECKING:  # the .xls records are read with the first .xls (start-up of an .xlsx check)
    from .biff import XlsSheet


class IsDocument(Exception):
    """The zip is a Word document, not a workbook: another reader's."""


def read_workbook(path: str, data: bytes, kind: str, cache: PartsCache | None = None) -> Book:
    """Read every sheet of a workbook (.xlsx .xlsm .xls .ods, WPS .et; `kind` 'zip' or 'ole', as
    sniffed) as a grid; raise Unreadable with the E003 reason, IsDocument for a .docx.

    Every size a parser would act on (zip parts, sheet extents, the budgets of budget.py) is checked
    on the raw bytes first, so a hostile file is refused before calamine can exhaust memory or abort."""
    zf = None
    xlsx_parts: dict[str, bytes] = {}
    xls_info: list = []
    budget = Budget()
    if kind == "zip":
        try:
            zf = MemoryZip(data, cache)
            preflight_zip(zf, data)
            kind = zip_kind(zf)
            if kind == DOCX:
                raise IsDocument()
            if kind == XLSX:
                xlsx_parts = _xlsx_preflight(zf, cache, budget)
            else:
                _ods_preflight(zf, budget)
        except (zipfile.BadZipFile, EOFError, ValueError, KeyError, NotImplementedError, struct.error,
                zlib.error):
            raise Unreadable("truncated") from None
    elif kind == "ole":
        from .biff import ole_streams

        streams = ole_streams(data)
        kind = ole_kind(streams)
        xls_info = _xls_preflight(streams, budget)
    return _calamine_read(path, data, kind, zf, xlsx_parts, xls_info)


def _xlsx_preflight(zf: zipfile.ZipFile, cache: PartsCache | None, budget: Budget) -> dict[str, bytes]:
    """Sheet name -> its part's XML, each checked for entity declarations and a sane extent, and the
    budgets over all of them. Every part calamine could open as a sheet is checked (found as calamine
    finds it: the workbook's folder from the root relationships, names matched case and slashes
    aside; xlsxparts.sheet_candidates), and every part under xl/worksheets/."""
    found = entries(zf)
    candidates, workbooks = sheet_candidates(zf, found, cache)
    Budget.sheets(sheet_count(zf, found, workbooks))
    parts = sheet_parts(zf, cache)
    # The sheets in workbook order, then any other candidate: a finding names the first over a limit.
    wanted = list(dict.fromkeys([p.replace("\\", "/").lower() for p in parts.values()]
                                + sorted(candidates | {n for n in found if n.startswith("xl/worksheets/")})))
    checked: list[tuple[str, bytes]] = []  # every entry, a name given twice included
    infos = []
    for name in wanted:
        for info in found.get(name, ()):
            xml = zf.read(info)
            # '!' first: one byte is searched at memory speed, and most sheets have none (11 -> 0.2 us).
            if b"!" in xml and (b"<!ENTITY" in xml or b"<!DOCTYPE" in xml):
                raise Unreadable("unsafe_xml")
            checked.append((info.filename, xml))
            infos.append(info)
    sst = max((zf.read(i) for n, infos in found.items() if n.endswith("sharedstrings.xml") for i in infos),
              key=len, default=b"")  # several: the largest bounds them all
    names = {part: name for name, part in parts.items()}
    extents = book_extents([xml for _, xml in checked])
    for (part, _), (rows, cols) in zip(checked, extents, strict=True):
        budget.sheet(names.get(part, part), rows, cols)
    shared_strings_declared(sst)
    budget.add_text(shared_text([xml for _, xml in checked], sst))
    by_part = dict(checked)  # the last of a name given twice, as zipfile and calamine's zip read it
    if isinstance(zf, MemoryZip):  # calamine reads each sheet once, not twice
        for info, (_, xml) in zip(infos, checked, strict=True):
            ahead = merges_first(xml)
            if ahead is not None:
                zf.rewritten[info] = ahead
    return {name: by_part[part] for name, part in parts.items() if part in by_part}


def _ods_preflight(zf: zipfile.ZipFile, budget: Budget) -> None:
    """Every content.xml entry (a name given twice included) within the budgets; none: calamine
    refuses the file with its own error."""
    for info in zf.infolist():
        if info.filename == "content.xml":
            xml = zf.read(info)
            if b"<!ENTITY" in xml:
                raise Unreadable("unsafe_xml")
            ods_preflight(xml, budget)


def _xls_preflight(streams: dict[str, bytes], budget: Budget) -> list:
    from .biff import WORKBOOK_STREAMS, xls_sheets

    stream = next((body for name, body in streams.items() if name.lower() in WORKBOOK_STREAMS), None)
    if stream is None:
        return []  # calamine refuses it with its own error
    sheets = xls_sheets(stream, MAX_SHEETS)
    for sheet in sheets:
        rows, cols = sheet.declared
        if rows * cols > MAX_CELLS:  # calamine reserves a sheet's declared dimensions before reading it
            raise Unreadable("too_many_cells", sheet=sheet.name, ref=cell_ref(rows - 1, cols - 1))
        budget.sheet(sheet.name, sheet.rows, sheet.cols)
        budget.add_merged(sheet.merged)
        budget.add_text(sheet.text)
    return sheets


def _calamine_read(path: str, data: bytes, kind: str, zf: zipfile.ZipFile | None,
                   xlsx_parts: dict[str, bytes], xls_info: list[XlsSheet]) -> Book:
    """The sheets of a preflighted workbook through python-calamine. A Rust panic in calamine is a
    BaseException (pyo3's PanicException), not an Exception: it too ends here, as a truncated file."""
    # The parts the preflight inflated and checked go to calamine stored: each is inflated once, and
    # calamine parses the very bytes that were checked.
    handed = zf.repacked() if isinstance(zf, MemoryZip) else data
    with _quiet_stderr():
        sheets = _open_and_read(handed, zf, xlsx_parts, xls_info)
    if not sheets:
        raise Unreadable("no_sheets")
    if kind == XLSX and zf is not None:
        cache = zf.cache if isinstance(zf, MemoryZip) else None
        return Book(path, kind, sheets, defined_names(zf, [s.name for s in sheets], cache), made_by=made_by(zf))
    return Book(path, kind, sheets)


MAX_SHEET_NAME = 100
_DEVNULL: list[int] = []


@contextlib.contextmanager
def _quiet_stderr():
    """File descriptor 2 on /dev/null while calamine runs: a Rust panic prints its message (and, with
    RUST_BACKTRACE set, a backtrace) there before it reaches Python as the exception reported as a
    finding; that dump is noise on a clerk's terminal. fd 2 is copied anew each time (a test runner
    or a caller may point it elsewhere between two workbooks)."""
    try:
        if not _DEVNULL:
            _DEVNULL.append(os.open(os.devnull, os.O_WRONLY))
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):  # no fd 2 (pythonw), or stderr replaced
        yield
        return
    try:
        os.dup2(_DEVNULL[0], 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _open_and_read(data: bytes, zf: zipfile.ZipFile | None, xlsx_parts: dict[str, bytes],
                   xls_info: list[XlsSheet]) -> list[Sheet]:
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except pc.PasswordError:
        raise Unreadable("encrypted") from None
    except pc.ZipError:
        raise Unreadable("truncated") from None
    except Exception as e:  # calamine raises several types for malformed content
        raise Unreadable(_calamine_reason(e, zf), detail=_short(e)) from None
    except BaseException as e:
        raise _panic(e) from None
    try:
        return _sheets(wb, zf, xlsx_parts, xls_info)
    except BaseException as e:
        raise _panic(e) from None
    finally:
        wb.close()


def _panic(e: BaseException) -> BaseException:
    """Unreadable('truncated') for a panic inside calamine; anything else (Ctrl-C, exit, our own
    Unreadable) goes on as it is."""
    return Unreadable("truncated") if type(e).__name__ == "PanicException" else e


def _sheets(wb, zf: zipfile.ZipFile | None, xlsx_parts: dict[str, bytes], xls_info: list[XlsSheet]) -> list[Sheet]:
    """Every worksheet as a Sheet, with the backstops of what the preflight proved (extent, merges)."""
    sheets = []
    metas = wb.sheets_metadata
    xls_states = ({i: info.states for i, info in enumerate(xls_info)}
                  if [info.name for info in xls_info] == [m.name for m in metas] else {})
    merged = 0
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
        # A range may be written end first (Z9:D5): ordered here, so no area comes out negative (and
        # none can offset a huge one in the sum) and nothing downstream meets one the wrong way round.
        merges = [m if m[0][0] <= m[1][0] and m[0][1] <= m[1][1] else
                  ((min(m[0][0], m[1][0]), min(m[0][1], m[1][1])), (max(m[0][0], m[1][0]), max(m[0][1], m[1][1])))
                  for m in sh.merged_cell_ranges or ()]
        merged += sum([(b[0] - a[0] + 1) * (b[1] - a[1] + 1) for a, b in merges])
        if merged > MAX_MERGED_CELLS:  # backstop too: merges are read once more by openpyxl (annotate)
            raise Unreadable("too_many_merged", limit=f"{MAX_MERGED_CELLS:,}")
        grid = _grid(sh, meta.name) if end is not None else []
        # Excel allows 31 characters; a name of megabytes would ride along in every finding.
        name = meta.name if len(meta.name) <= MAX_SHEET_NAME else meta.name[:MAX_SHEET_NAME - 1] + "…"
        sheet = Sheet(name, index, grid, merges, hidden=str(meta.visible) != "SheetVisibleEnum.Visible")
        if meta.name in xlsx_parts:
            sheet.raw_loader = raw_loader(xlsx_parts[meta.name])
        elif index in xls_states:
            sheet.raw_loader = xls_states[index].copy
        sheets.append(sheet)
    return sheets


def _grid(sh, name: str) -> list[list]:
    """The sheet's values from A1. A number shown as a date or duration Python cannot hold (3e9
    formatted [h]:mm:ss) fails the conversion of its whole row: the row is found and named."""
    try:
        return sh.to_python(skip_empty_area=False)
    except (OverflowError, ValueError):
        converted = sum(1 for _ in _rows(sh))  # rows from A1, as to_python gives them
        raise Unreadable("bad_date", sheet=name, row=converted + 1) from None


def _rows(sh):
    """Rows until the first that cannot be converted."""
    it = iter(sh.iter_rows())
    while True:
        try:
            yield next(it)
        except (OverflowError, ValueError, StopIteration):
            return


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
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, ValueError,
                    RuntimeError, struct.error):
                continue  # a part zipfile cannot open (an offset that lies): it declares nothing we can see
    return False


def _short(e: Exception) -> str:
    return " ".join(str(e).split())[:160]
