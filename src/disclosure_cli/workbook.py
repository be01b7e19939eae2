"""Opening a workbook: sniff the bytes, refuse what is not a spreadsheet, read sheets as grids."""

from __future__ import annotations

import io
import os
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from .preflight import (  # noqa: F401  (limits re-exported for callers and docs)
    MAX_CELLS, MAX_ENTRIES, MAX_ENTRY_BYTES, MAX_FILE_BYTES, MAX_TOTAL_BYTES, MAX_XML_BYTES, Unreadable,
    cell_ref, check_extent, ods_extents, ole_streams, part_start, preflight_zip, xls_sheets, xlsx_extent,
)

XLSX, XLS, ODS = "xlsx", "xls", "ods"


@dataclass
class Sheet:
    name: str
    index: int
    grid: list[list]  # rows of cell values from A1; '' for empty
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    hidden: bool = False
    # Lazily: the xlsx cells calamine reads as empty but that hold a formula or an error.
    _raw: dict | None = None
    _raw_loader: object = None

    def value(self, r: int, c: int):
        """The cell's value, or '' outside the grid (never a cell counted from the end)."""
        if 0 <= r < len(self.grid):
            row = self.grid[r]
            if 0 <= c < len(row):
                return row[c]
        return ""

    def raw_state(self, r: int, c: int) -> tuple[str, str] | None:
        """For a cell read as empty: ('formula', '') if it holds an uncomputed formula,
        ('error', '#DIV/0!') if it holds an error value, None if it is truly empty."""
        if self._raw_loader is None:
            return None
        if self._raw is None:
            self._raw = self._raw_loader()
        return self._raw.get((r, c))


@dataclass
class Workbook:
    path: str
    kind: str
    sheets: list[Sheet]
    names: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # defined name -> (sheet, r, c)


def sniff(head: bytes, data: bytes | None = None) -> str:
    """What the bytes are, whatever the file's name says."""
    if not head:
        raise Unreadable("empty")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"%PDF"):
        raise Unreadable("pdf")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<head", b"<body", b"<meta")):
        raise Unreadable("html")
    if text.startswith(b"<?xml"):
        if b"mso-application" in head or b"urn:schemas-microsoft-com:office:spreadsheet" in head:
            raise Unreadable("xml2003")
        if b"<html" in head:
            raise Unreadable("html")
        raise Unreadable("unknown")
    if text.startswith(b"mime-version") or b"multipart/related" in text[:400]:
        raise Unreadable("mhtml")
    if head.startswith(b"{\\rtf"):
        raise Unreadable("word")
    if _looks_like_text(head):
        raise Unreadable("text")
    raise Unreadable("unknown")


def _looks_like_text(head: bytes) -> bool:
    # Text files have no NUL bytes and few control characters (tabs and line breaks aside).
    if b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head[:1024]) > 4:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as e:
        if e.start > len(head) - 4:  # a multi-byte character cut by the sniff window
            return True
    try:
        head.decode("gb18030")
        return b"\x00" not in head
    except UnicodeDecodeError:
        return False


class _MemoryZip(zipfile.ZipFile):
    """A zip held in memory whose parts are inflated straight from its bytes: zipfile's per-part
    file objects cost more than inflating a small sheet. CRC and size are checked as zipfile does;
    anything unusual (encryption, other methods) goes through zipfile itself."""

    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data))
        self._data = data

    def read(self, name, pwd=None) -> bytes:
        info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return super().read(name, pwd)
        start = part_start(self._data, info)
        raw = self._data[start:start + info.compress_size]
        # Copies of one form share their small parts (workbook.xml, its rels) byte for byte: the
        # same compressed bytes, method, CRC and size are the same part, inflated and checked once.
        key = (raw, info.compress_type, info.CRC, info.file_size) if len(raw) <= _SMALL_PART else None
        body = _SMALL_PARTS.get(key) if key else None
        if body is not None:
            return body
        body = raw
        if info.compress_type == zipfile.ZIP_DEFLATED:
            # Never more than the declared size (+1 to notice a lie): a part the caps did not cover
            # (mimetype) cannot inflate into a bomb here either.
            body = zlib.decompressobj(-15).decompress(raw, info.file_size + 1)
        if len(body) != info.file_size or zlib.crc32(body) != info.CRC:
            raise zipfile.BadZipFile(f"bad CRC or size in {info.filename}")
        if key:
            if len(_SMALL_PARTS) >= 256:
                _SMALL_PARTS.clear()
            _SMALL_PARTS[key] = body
        return body


_SMALL_PART = 2048  # compressed bytes
_SMALL_PARTS: dict[tuple, bytes] = {}


def _zip_kind(zf: zipfile.ZipFile) -> str:
    names = set(zf.namelist())
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return XLSX
    if "mimetype" in names:
        mime = zf.read("mimetype")[:100]
        if b"opendocument.spreadsheet" in mime:
            return ODS
        if b"opendocument.text" in mime:
            raise Unreadable("word")
    if "word/document.xml" in names:
        raise Unreadable("word")
    if "content.xml" in names:
        return ODS
    raise Unreadable("zip")


def _ole_kind(streams: dict[str, bytes]) -> str:
    names = {n.lower() for n in streams}
    # An encrypted xlsx is an OLE2 container with these streams (MS-OFFCRYPTO).
    if "encryptioninfo" in names or "encryptedpackage" in names:
        raise Unreadable("encrypted")
    if "worddocument" in names:
        raise Unreadable("word")
    return XLS


def read_bytes(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:  # read-only: inputs are never modified
            if os.fstat(fh.fileno()).st_size > MAX_FILE_BYTES:
                raise Unreadable("too_large")
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError:
        raise Unreadable("missing") from None
    if len(data) > MAX_FILE_BYTES:  # grown since the size was looked at
        raise Unreadable("too_large")
    return data


def open_workbook(path: str | Path, data: bytes | None = None) -> Workbook:
    """Read every sheet of a workbook as a grid; raise Unreadable with the E003 reason.

    Every size a parser would act on (zip parts, sheet extents) is checked on the raw bytes first,
    so a hostile file is refused before calamine can exhaust memory or abort the process."""
    if data is None:
        data = read_bytes(path)
    kind = sniff(data[:4096])
    zf = None
    xlsx_parts: dict[str, bytes] = {}
    xls_info: list = []
    if kind == "zip":
        try:
            zf = _MemoryZip(data)
            preflight_zip(zf, data)
            kind = _zip_kind(zf)
            if kind == XLSX:
                xlsx_parts = _xlsx_preflight(zf)
            else:
                _ods_preflight(zf)
        except (zipfile.BadZipFile, EOFError, ValueError, KeyError, NotImplementedError, struct.error,
                zlib.error):
            raise Unreadable("truncated") from None
    elif kind == "ole":
        streams = ole_streams(data)
        kind = _ole_kind(streams)
        xls_info = _xls_preflight(streams)
    return _calamine_read(path, data, kind, zf, xlsx_parts, xls_info)


def _xlsx_preflight(zf: zipfile.ZipFile) -> dict[str, bytes]:
    """Sheet name -> its part's XML, each checked for entity declarations and a sane extent. Parts
    under xl/worksheets/ that no sheet names are checked too: calamine may resolve paths differently."""
    parts = _xlsx_sheet_parts(zf)
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


def _calamine_read(path: Path, data: bytes, kind: str, zf: zipfile.ZipFile | None,
                   xlsx_parts: dict[str, bytes], xls_info: list) -> Workbook:
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except pc.PasswordError:
        raise Unreadable("encrypted") from None
    except (pc.ZipError,):
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
                sheet._raw_loader = _raw_loader(xlsx_parts[meta.name])
            elif index in xls_states:
                sheet._raw_loader = xls_states[index].copy
            sheets.append(sheet)
    finally:
        wb.close()
    if not sheets:
        raise Unreadable("no_sheets")
    names = _defined_names(zf, [s.name for s in sheets]) if kind == XLSX and zf is not None else {}
    return Workbook(os.fspath(path), kind, sheets, names)


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


# -- xlsx parts: calamine reads formula and error cells as empty, so we look at the XML itself --

_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
# The body stops at the next <c or </c, so a cell without its end tag costs one scan, not one per cell.
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(/>|>([^<]*(?:<(?!/?(?:\w+:)?c[\s>/])[^<]*)*)</(?:\w+:)?c>)")
_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


def split_ref(ref: str) -> tuple[int, int] | None:
    """'J25' -> (24, 9), zero-based; None for anything else."""
    m = _REF.fullmatch(ref.replace("$", ""))
    if not m:
        return None
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


# Copies of one form share their workbook.xml and its rels byte for byte: parse each pair once.
_PARTS_SEEN: dict[tuple[bytes, bytes], dict[str, str]] = {}


def _xlsx_sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> part path inside the zip (xl/worksheets/sheet1.xml)."""
    try:
        wb_xml = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    seen = _PARTS_SEEN.get((wb_xml, rels))
    if seen is None:
        if len(_PARTS_SEEN) >= 64:
            _PARTS_SEEN.clear()
        seen = _PARTS_SEEN[(wb_xml, rels)] = _parse_sheet_parts(wb_xml, rels)
    return dict(seen)


def _parse_sheet_parts(wb_xml: bytes, rels: bytes) -> dict[str, str]:
    targets = {}
    for m in re.finditer(rb"<(?:\w+:)?Relationship\b([^>]*)>", rels):
        attrs = dict(_ATTR.findall(m.group(1)))
        rid, target = attrs.get(b"Id"), attrs.get(b"Target")
        if rid and target:
            t = target.decode("utf-8", "replace")
            t = posixpath.normpath(t.lstrip("/") if t.startswith("/") else "xl/" + t)
            targets[rid] = t
    parts = {}
    for m in re.finditer(rb"<(?:\w+:)?sheet\b([^>]*)/?>", wb_xml):
        attrs = dict(_ATTR.findall(m.group(1)))
        name = attrs.get(b"name")
        rid = next((v for k, v in attrs.items() if k.endswith(b":id")), None)
        if name is not None and rid in targets:
            parts[_unescape(name.decode("utf-8", "replace"))] = targets[rid]
    return parts


def _unescape(s: str) -> str:
    import html

    return html.unescape(s)


def _raw_loader(xml: bytes):
    def load() -> dict:
        if b"<f" not in xml and b":f>" not in xml and b't="e"' not in xml:
            return {}  # no formula and no error cell anywhere: nothing to look up
        states = {}
        for m in _CELL.finditer(xml):
            attrs, body = m.group(1), m.group(3) or b""
            is_error = b't="e"' in attrs
            has_formula = b"<f" in body or b":f" in body
            if not (is_error or has_formula):
                continue
            ref = re.search(rb'\br="([A-Z$]+[0-9$]+)"', attrs)
            if not ref:
                continue
            pos = split_ref(ref.group(1).decode())
            if pos is None:
                continue
            value = re.search(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>", body)
            if is_error:
                states[pos] = ("error", value.group(1).decode("utf-8", "replace") if value else "#ERROR")
            elif not value or not value.group(1):
                states[pos] = ("formula", "")
        return states

    return load


def _defined_names(zf: zipfile.ZipFile, sheet_names: list[str]) -> dict[str, tuple[str, int, int]]:
    """Workbook-level defined names that point at one cell: name -> (sheet, r, c)."""
    try:
        xml = zf.read("xl/workbook.xml")
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError):
        return {}
    if b"definedName" not in xml:
        return {}
    names = {}
    for m in re.finditer(rb"<(?:\w+:)?definedName\b([^>]*)>([^<]*)</", xml):
        attrs = dict(_ATTR.findall(m.group(1)))
        if b"localSheetId" in attrs or b"name" not in attrs:
            continue
        target = _unescape(m.group(2).decode("utf-8", "replace"))
        sheet, _, ref = target.rpartition("!")
        sheet = sheet.strip("'").replace("''", "'")
        pos = split_ref(ref)
        if pos and sheet in sheet_names:
            names[_unescape(attrs[b"name"].decode("utf-8", "replace"))] = (sheet, *pos)
    return names
