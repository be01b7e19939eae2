"""xlsx parts read as XML: which part is which sheet, defined names, and the formula and error cells
calamine reads as empty (so an uncomputed formula is never taken for a blank)."""

from __future__ import annotations

import html
import posixpath
import re
import zipfile

from ..base.refs import split_ref
from .memzip import PartsCache

# An attribute as quick-xml (calamine) reads it: either quote, spaces around '='.
# The lookbehind starts a name only where one can start: a long run of letters is scanned once, not
# once from each of its letters.
_ATTR = re.compile(rb"""(?<![\w:])([\w:]++)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b")
_REF = re.compile(rb'\br="\$?([A-Z]{1,3})\$?([0-9]{1,7})"')
# The body stops at the next <c or </c, so a cell without its end tag costs one scan, not one per cell.
_CELL = re.compile(rb"<(?:\w+:)?c\b([^<>]*?)(/>|>([^<]*(?:<(?!/?(?:\w+:)?c[\s>/])[^<]*)*)</(?:\w+:)?c>)")


def sheet_parts(zf: zipfile.ZipFile, cache: PartsCache | None = None) -> dict[str, str]:
    """Sheet name -> part path inside the zip (xl/worksheets/sheet1.xml). Copies of one form share
    their workbook.xml and its rels byte for byte: with a cache, each pair is parsed once."""
    try:
        wb_xml = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    seen = cache.sheet_parts.get((wb_xml, rels)) if cache is not None else None
    if seen is None:
        seen = _parse_sheet_parts(wb_xml, rels)
        if cache is not None:
            cache.remember(cache.sheet_parts, (wb_xml, rels), seen)
    return dict(seen)


def sheet_count(zf: zipfile.ZipFile) -> int:
    """How many sheets xl/workbook.xml lists (every <sheet> tag, whatever else is wrong with it)."""
    try:
        return len(_SHEET.findall(zf.read("xl/workbook.xml")))
    except KeyError:
        return 0


def _attrs(tag: bytes) -> dict[bytes, bytes]:
    return {k: a or b for k, a, b in _ATTR.findall(tag)}


def _parse_sheet_parts(wb_xml: bytes, rels: bytes) -> dict[str, str]:
    targets = {}
    for m in re.finditer(rb"<(?:\w+:)?Relationship\b([^<>]*)>", rels):
        attrs = _attrs(m.group(1))
        rid, target = attrs.get(b"Id"), attrs.get(b"Target")
        if rid and target:
            t = target.decode("utf-8", "replace")
            t = posixpath.normpath(t.lstrip("/") if t.startswith("/") else "xl/" + t)
            targets[rid] = t
    parts = {}
    for m in re.finditer(rb"<(?:\w+:)?sheet\b([^<>]*)/?>", wb_xml):
        attrs = _attrs(m.group(1))
        name = attrs.get(b"name")
        rid = next((v for k, v in attrs.items() if k.endswith(b":id")), None)
        if name is not None and rid in targets:
            parts[_unescape(name.decode("utf-8", "replace"))] = targets[rid]
    return parts


def _unescape(s: str) -> str:
    return html.unescape(s)


def raw_loader(xml: bytes):
    """A loader of the cells calamine reads as empty that hold a formula without a value or an error."""

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
            ref = _REF.search(attrs)
            if not ref:
                continue
            pos = split_ref(ref.group(1).decode() + ref.group(2).decode())
            if pos is None:
                continue
            value = re.search(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>", body)
            if is_error:
                states[pos] = ("error", value.group(1).decode("utf-8", "replace") if value else "#ERROR")
            elif not value or not value.group(1):
                states[pos] = ("formula", "")
        return states

    return load


def defined_names(zf: zipfile.ZipFile, sheet_names: list[str]) -> dict[str, tuple[str, int, int]]:
    """Workbook-level defined names that point at one cell: name -> (sheet, r, c)."""
    try:
        xml = zf.read("xl/workbook.xml")
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError):
        return {}
    if b"definedName" not in xml:
        return {}
    names = {}
    for m in re.finditer(rb"<(?:\w+:)?definedName\b([^<>]*)>([^<]*)</", xml):
        attrs = _attrs(m.group(1))
        if b"localSheetId" in attrs or b"name" not in attrs:
            continue
        target = _unescape(m.group(2).decode("utf-8", "replace"))
        sheet, _, ref = target.rpartition("!")
        sheet = sheet.strip("'").replace("''", "'")
        pos = split_ref(ref)
        if pos and sheet in sheet_names:
            names[_unescape(attrs[b"name"].decode("utf-8", "replace"))] = (sheet, *pos)
    return names
