"""xlsx parts read as XML: which part is which sheet, defined names, and the formula and error cells
calamine reads as empty (so an uncomputed formula is never taken for a blank)."""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib

from ..base.lazy import compiled
from ..base.marker import marked
from ..base.refs import split_ref
from .book import Unreadable
from .memzip import PartsCache

# An attribute as quick-xml (calamine) reads it: either quote, spaces around '='.
# The lookbehind starts a name only where one can start: a long run of letters is scanned once, not
# once from each of its letters.
_ATTR = re.compile(rb"""(?<![\w:])([\w:]++)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b")
_REF = re.compile(rb'\br="\$?([A-Z]{1,3})\$?([0-9]{1,7})"')
# The body stops at the next <c or </c, so a cell without its end tag costs one scan, not one per cell.
_CELL = compiled(rb"<(?:\w+:)?c\b([^<>]*?)(/>|>([^<]*(?:<(?!/?(?:\w+:)?c[\s>/])[^<]*)*)</(?:\w+:)?c>)")


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


def sheet_count(zf: zipfile.ZipFile, found: Entries, workbooks: list[str]) -> int:
    """How many sheets the workbook parts list (every <sheet> tag, whatever else is wrong with it)."""
    return max((len(_SHEET.findall(_read(zf, found, name))) for name in workbooks), default=0)


Entries = dict[str, list[zipfile.ZipInfo]]  # a part's name as calamine looks it up -> the entries so named


def entries(zf: zipfile.ZipFile) -> Entries:
    """The zip's entries by name lower-cased with '/' for '\\', as calamine looks parts up (a name given
    twice keeps both entries)."""
    out: Entries = {}
    for info in zf.infolist():
        out.setdefault(info.filename.replace("\\", "/").lower(), []).append(info)
    return out


_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^<>]*)>")
_OFFICE_DOCUMENT = (b"/relationships/officeDocument",)
# The relationship types calamine opens a sheet through (styles, themes, strings are never a sheet).
_SHEET_TYPES = (b"/worksheet", b"/chartsheet", b"/dialogsheet")


def sheet_candidates(zf: zipfile.ZipFile, found: Entries, cache: PartsCache | None = None) -> tuple[set[str], list[str]]:
    """(every part calamine could open as a sheet, the workbook parts it could read), names as in
    `entries`. calamine finds the workbook's folder from the root relationships' officeDocument target
    and a sheet as that folder plus the target of a worksheet relationship, '..' not folded: every
    reading of every such target (both quotes, entities decoded, ours folded too) is a candidate, so
    each part it might open is checked whichever it opens."""
    root = _read(zf, found, "_rels/.rels")
    folders = cache.candidates.get(root) if cache is not None else None
    if folders is None:
        folders = tuple(sorted({"xl/"} | {t[:t.rfind("/") + 1].lstrip("/") for t in _targets(root, _OFFICE_DOCUMENT)}))
        if cache is not None:
            cache.remember(cache.candidates, root, folders)
    rels = [_read(zf, found, folder + "_rels/workbook.xml.rels") for folder in folders]
    key = (root, *rels)  # a tuple: never equal to a root's bytes, the other kind of key
    if cache is not None and key in cache.candidates:
        return cache.candidates[key]
    parts: set[str] = set()
    for folder, xml in zip(folders, rels, strict=True):
        for t in _targets(xml, _SHEET_TYPES):
            raw = t.lstrip("/") if t.startswith("/") else folder + t
            parts |= {raw.replace("\\", "/").lower(), posixpath.normpath(raw).replace("\\", "/").lower()}
    result = parts, [folder + "workbook.xml" for folder in folders if (folder + "workbook.xml").lower() in found]
    if cache is not None:
        cache.remember(cache.candidates, key, result)
    return result


def _read(zf: zipfile.ZipFile, found: Entries, name: str) -> bytes:
    infos = found.get(name.lower())
    return zf.read(infos[-1]) if infos else b""


def _targets(rels: bytes, kinds: tuple[bytes, ...]) -> list[str]:
    """Every Target of every relationship whose type ends in one of `kinds` (or whose type cannot be
    read: it might be one), entities decoded."""
    out = []
    for m in _RELATIONSHIP.finditer(rels):
        attrs = _ATTR.findall(m.group(1))
        types = [_unescape((a or b).decode("utf-8", "replace")).encode() for k, a, b in attrs if k.endswith(b"Type")]
        if types and not any(t.endswith(kinds) for t in types):
            continue
        out += [_unescape((a or b).decode("utf-8", "replace")) for k, a, b in attrs if k.endswith(b"Target")]
    return out


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
    if "&" not in s:
        return s
    import html  # here: html.entities' table costs a millisecond at start-up, and few names need it

    return html.unescape(s)


def raw_loader(xml: bytes):
    """A loader of the cells calamine reads as empty that hold a formula without a value or an error."""

    def load() -> dict:
        if b"<f" not in xml and b":f" not in xml and b't="e"' not in xml:
            return {}  # no formula and no error cell anywhere: nothing to look up
        cells = _marked_cells(xml)
        if cells is None:  # a spelling the marked search cannot vouch for: every cell, as _CELL finds them
            cells = [(attrs, body) for attrs, _, body in _CELL().findall(xml) if _marked(attrs, body)]
        states = {}
        for attrs, body in cells:
            is_error = b't="e"' in attrs
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


def _marked(attrs: bytes, body: bytes) -> bool:
    """A cell that may hold a formula (a <f> in its body, prefixed or not) or an error value (t="e")."""
    return b"<f" in body or b":f" in body or b't="e"' in attrs


# The marked search: the cells _CELL would find that hold a marker, found from the markers, without a pass
# over every cell (1.6 ms a sheet of 700 cells; a form left with a blank looks its formulas up). _CELL matches
# only at a cell's start and never across one (its attributes hold no '<', its body no `<c` or `</c` followed
# by a space, '>' or '/'), so the cell holding a marker is the match at the last such start before it. That
# holds when every `<c` that could start a match is spelled so: no prefixed tag (':c') and no `<c` followed by
# any other character that ends a name (`<c"`); otherwise the loader takes every cell (tests/test_raw_cells.py
# compares the two on random sheets).
_ODD_START = compiled(rb'<c[^\w\s>/]')
_MARKERS = (b"<f", b":f", b't="e"')
_ENDS = (b" ", b"\t", b"\n", b"\r", b"\x0c", b"\x0b", b">", b"/")  # what may follow `<c` where _CELL starts


def _marked_cells(xml: bytes) -> list[tuple[bytes, bytes]] | None:
    """(attributes, body) of each cell _CELL finds that holds a marker, in order; None when the xml has a
    spelling this search cannot vouch for."""
    if b":c" in xml or _ODD_START().search(xml):
        return None
    marks = sorted({i for m in _MARKERS for i in _find_all(xml, m)})
    found: list[tuple[bytes, bytes]] = []
    cell_at = _CELL().match
    done = -1  # where the last cell found ends: markers before it were in it
    floor = -1  # no walk back goes below the marker before (the whole search stays linear)
    for p in marks:
        if p < done:
            continue
        start = _start_before(xml, p, max(done, floor))
        floor = p
        if start is None:
            continue  # no cell start since the marker before, whose cell (if any) ended before this one
        m = cell_at(xml, start)
        if m is None or m.end() <= p:
            continue  # an unclosed cell, or the marker stands after the cell's end
        done = m.end()
        attrs, body = m.group(1), m.group(3) or b""
        if _marked(attrs, body):
            found.append((attrs, body))
    return found


def _find_all(xml: bytes, needle: bytes):
    i = xml.find(needle)
    while i >= 0:
        yield i
        i = xml.find(needle, i + 1)


def _start_before(xml: bytes, p: int, floor: int) -> int | None:
    """The last position at or before p where _CELL could start (`<c` and a space, '>' or '/'), not below
    `floor`; None when a cell's end tag or the floor comes first (p then stands in no new cell)."""
    i = p + 1
    while True:
        i = xml.rfind(b"<", 0, i)
        if i < 0 or i < floor:
            return None
        if xml.startswith(b"<c", i) and xml[i + 2:i + 3] in _ENDS:
            return i
        if xml.startswith(b"</c", i) and xml[i + 3:i + 4] in _ENDS:
            return None


def defined_names(zf: zipfile.ZipFile, sheet_names: list[str],
                  cache: PartsCache | None = None) -> dict[str, tuple[str, int, int]]:
    """Workbook-level defined names that point at one cell: name -> (sheet, r, c). Remembered in `cache` by
    the workbook part's bytes and the sheets' names: the copies of the tool's template (its 202 names)
    parse them once, not in 2 ms each."""
    try:
        xml = zf.read("xl/workbook.xml")
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError, zlib.error, Unreadable):
        return {}
    if b"definedName" not in xml:
        return {}
    key = (xml, tuple(sheet_names))
    known = cache.names.get(key) if cache is not None else None
    if known is None:
        known = _defined_names(xml, sheet_names)
        if cache is not None:
            cache.remember(cache.names, key, known)
    return dict(known)  # the caller's own: a remembered one is never changed


def _defined_names(xml: bytes, sheet_names: list[str]) -> dict[str, tuple[str, int, int]]:
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


def made_by(zf: zipfile.ZipFile) -> str | None:
    """What the tool's mark (base.marker) in docProps/custom.xml says the workbook is; None when unmarked."""
    try:
        return marked(zf.read("docProps/custom.xml"))
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError, zlib.error):
        return None  # unmarked, or a part that cannot be read (its deflate stream damaged): not ours either way
