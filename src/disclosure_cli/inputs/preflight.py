"""Proving an input safe to parse before a parser sees it: zip sizes, sheet extents, OLE streams.

calamine has no decompression bound and allocates a sheet's used range densely (one cell at
XFD1048576 asks for ~500 GB and aborts the process), so every limit is checked here first, on
the raw bytes, with code that never expands XML entities and never builds more than it counts.
"""

from __future__ import annotations

import re
import zipfile
import zlib

from ..base.lazy import compiled
from ..base.ziprecords import part_offset
from .book import Unreadable
from .budget import MAX_BOOK_CELLS, MAX_CELLS

# Safety limits: a department's report is a few kilobytes; these leave room for images and styles.
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ENTRY_BYTES = 128 * 1024 * 1024  # one part of a zip, uncompressed
MAX_TOTAL_BYTES = 384 * 1024 * 1024  # all parts of a zip, uncompressed
MAX_XML_BYTES = 16 * 1024 * 1024  # one part a parser reads (sheet, shared strings), uncompressed
MAX_XML_TOTAL = 48 * 1024 * 1024  # all parts a parser reads, uncompressed
MAX_ENTRIES = 10_000
# Deflate cannot inflate more than 1032 bytes per compressed byte; a part whose compressed size
# times this stays under the caps needs no inflation to prove it is safe.
DEFLATE_MAX_RATIO = 1032
_PARSED = (".xml", ".rels")  # parts parsers read; images and the like are never inflated


def preflight_zip(zf: zipfile.ZipFile, data: bytes) -> None:
    """Refuse zip bombs before any parser inflates them: declared sizes, then (only when the
    compressed size could hide more) the real inflated size, streamed with a byte cap."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise Unreadable("too_large")
    total = parsed_total = compressed = 0
    suspicious = []
    for info in infos:
        if info.flag_bits & 0x1:
            raise Unreadable("encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Unreadable("parse", detail=f"zip compression method {info.compress_type}")
        parsed = info.filename.lower().endswith(_PARSED)
        cap = MAX_XML_BYTES if parsed else MAX_ENTRY_BYTES
        if info.file_size > cap:
            raise Unreadable("too_large")
        total += info.file_size
        compressed += info.compress_size
        if info.compress_type == zipfile.ZIP_STORED:
            if info.compress_size != info.file_size:
                raise Unreadable("bomb")
        elif parsed:
            parsed_total += info.file_size
            if info.compress_size * DEFLATE_MAX_RATIO > cap:
                suspicious.append(info)
    if total > MAX_TOTAL_BYTES or parsed_total > MAX_XML_TOTAL:
        raise Unreadable("too_large")
    if compressed > len(data):
        raise Unreadable("bomb")  # entries share their compressed bytes (overlapping-entry bomb)
    # Parts small enough that even a lying header cannot hide more than the caps pass untouched;
    # a normal workbook has none of the others, so this costs nothing for it.
    for info in suspicious:
        _check_inflated(data, info)


def part_start(data: bytes, info: zipfile.ZipInfo) -> int:
    """Where a part's compressed bytes begin in the zip's bytes (after its local header)."""
    start = part_offset(data, info)
    if start is None:  # a header missing, or an offset that points before the archive or past it
        raise Unreadable("truncated")
    return start


def _check_inflated(data: bytes, info: zipfile.ZipInfo) -> None:
    """Inflate one part chunk by chunk and refuse it once it exceeds its declared size."""
    start = part_start(data, info)
    pending = memoryview(data)[start:start + info.compress_size]
    inflater = zlib.decompressobj(-15)
    size = 0
    try:
        while pending and not inflater.eof:
            size += len(inflater.decompress(pending, 1 << 20))
            if size > info.file_size:
                raise Unreadable("bomb")
            pending = memoryview(inflater.unconsumed_tail)
        size += len(inflater.flush())
    except zlib.error:
        raise Unreadable("truncated") from None
    if size > info.file_size:
        raise Unreadable("bomb")


# -- xlsx: a sheet part's extent as calamine would see it --

# Fast gate. Every position attribute anywhere is small (at most one letter and three digits, so
# row <= 999 and column <= Z: a second r="XFD1048576" in one tag wins in calamine's parser, found
# by fuzzing), and every tag is spelled plainly (see _odd). Then a cell stands at most as far as
# its position says or, with no position, one column (row) past the previous cell (row) — so the
# sheet cannot reach beyond (999 + row tags) x (26 + cell tags), which the tags' counts bound.
# (`<c` also counts <col>, <cfRule>…: only ever more.) Anything else takes the exact scan.
# A literal prefix lets the regex engine skip ahead at C speed; the spellings it cannot see
# (spaces around '=', single quotes, and namespace-prefixed tags, which calamine reads too) are
# found by _odd() and take the exact scan.
# Spelled so that no attempt backtracks (possessive '$'s, the letter matched once): the same positions as
# r="\$?(?:[A-Za-z]{2}|[A-Za-z]?\$?\d{4}) (tests/test_hostile.py compares them), 31 -> 24 us a sheet.
_ANY_BIG = re.compile(rb'r="\$?+(?:[A-Za-z](?:[A-Za-z]|\$?+\d{4})|\$?+\d{4})')
_SMALL_ROWS, _SMALL_COLS = 999, 26
# What the gate's pattern meets that is no position: an attribute whose name only ends in r (operator="…",
# header="…": calamine matches the name "r" whole), and a value that opens with a URI's scheme (letters, then
# ':'), which is no cell reference: Excel and WPS declare such namespaces on every sheet (xmlns:r="http://…",
# xmlns:xr="http://…"). Until 2026-12-02 every sheet Excel wrote took the exact scan (a workbook 3x slower).
# A prefixed name (x:r) still counts: calamine may match it by its local name.
_NAME_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
_SCHEME = compiled(rb"[A-Za-z][A-Za-z0-9+.-]*:")


def _passed_over(xml: bytes, at: int) -> bool:
    """Whether the `r="` at `at` is no position: another name's end, or a value that opens with a URI's scheme."""
    return bool((at and xml[at - 1] in _NAME_BYTES) or _SCHEME().match(xml, at + 3))  # the value, after r="


def _far_position(xml: bytes) -> bool:
    """Whether a position attribute anywhere may be far (the gate's pattern), other names and URIs aside."""
    m = _ANY_BIG.search(xml)
    while m is not None:
        if not _passed_over(xml, m.start()):
            return True
        m = _ANY_BIG.search(xml, m.end())
    return False


_PREFIXED = re.compile(rb":(?:c|row)")
# A position's '=' followed by a space, a single quote or anything but '"' (any other attribute's may be: only
# positions make an extent; formulas in text, `IF(B5=0,…)` in a data validation, no longer send a part to the
# exact scan).
_UNQUOTED = re.compile(rb'r=[^"]')
_SPACED = re.compile(rb" =")


def _odd(xml: bytes) -> bool:
    """A spelling the two regexes cannot see: a namespace-prefixed tag (calamine reads it too), or a
    position written with spaces around '=' or in single quotes (r = "XFD1048576", r='XFD1048576'),
    which calamine accepts. Text content that merely contains such characters only sends the part to
    the exact scan. (Regexes with a literal head search faster than `in` does for short needles,
    and tabs and line breaks, rare in sheet XML, are looked for one byte at a time first.)"""
    return bool(_PREFIXED.search(xml) or _UNQUOTED.search(xml) or _SPACED.search(xml) or _break_then_equals(xml))


def _break_then_equals(xml: bytes) -> bool:
    """A tab, line break or form feed right before '=' anywhere (calamine trims every ASCII space from an
    attribute's name, form feed among them: `r\f="XFD1048576"` is a position, and took the process down
    before it was looked for here). Excel and WPS end the XML declaration with a line break and write none
    after it: the line break between the declaration and the first tag (whitespace up to a '<', so never
    before an '=') is passed over, and a sheet with no other one is settled by four byte searches. Two-byte
    needles ending in '=' search XML slowly (every attribute has one): 28 us a sheet."""
    start = 0
    if xml.startswith(b"<?xml"):
        end = xml.find(b"?>")
        if end >= 0:
            i = end + 2
            while xml[i:i + 1] in (b"\r", b"\n", b"\t", b" "):
                i += 1
            if xml[i:i + 1] == b"<":
                start = i
    if all(xml.find(c, start) < 0 for c in _BREAKS):
        return False
    return any(c + b"=" in xml for c in _BREAKS)


_BREAKS = (b"\t", b"\n", b"\r", b"\x0c")  # with the space, what calamine skips around '=' and between attributes


# Attribute values may hold '>' inside quotes: a tag ends at the first '>' outside them. No '<' may
# stand in a tag (XML forbids it, even quoted), so every attempt ends at the next '<' and the scan
# stays linear (an unclosed `<c` repeated over 16 MB made it quadratic); a tag the pattern cannot
# read is counted by _TAG_START and refuses the part (tags_unread), so nothing is ever skipped.
_TAG = compiled(rb"""<(?:\w+:)?(row|c)\b((?:[^<>"']|"[^<"]*"|'[^<']*')*?)(/?)>""")
_TAG_START = compiled(rb"<(?:\w+:)?(?:row|c)\b")
_R_ATTR = compiled(rb"""\br\s*=\s*["']\$?([A-Za-z]*)\$?(\d*)["']""")
_FAR = 1 << 40  # a row number longer than 12 digits: farther than any sheet, whatever it says


def _number(digits: bytes) -> int:
    return int(digits) if len(digits) <= 12 else _FAR


def xlsx_extent(xml: bytes, exact: bool = False) -> tuple[int, int]:
    """(rows, columns) from A1 that hold every cell with content, an upper bound of calamine's
    range. Cells without content (style only, <c .../>) do not count, as calamine skips them.
    Without `exact`, a sheet the fast gate proves small gets the gate's loose bound (enough for the
    limit per sheet; book_extents asks again when the bounds of a workbook's sheets add up to its budget)."""
    loose = None if exact else _loose_extent(xml, _gate_passes(xml))
    return loose if loose is not None else _exact_extent(xml)


def book_extents(parts: list[bytes]) -> list[tuple[int, int]]:
    """xlsx_extent of each sheet part of one workbook, each bound tightened only as far as the book's budget
    needs: the fast gate's loose bounds, then (over MAX_BOOK_CELLS) the placed tier's for the sheets the gate
    passed, then the exact extents. Each sheet is gated once and scanned exactly at most once."""
    gated = [_gate_passes(xml) for xml in parts]
    exact: dict[int, tuple[int, int]] = {}

    def exact_of(i: int) -> tuple[int, int]:
        if i not in exact:
            exact[i] = _exact_extent(parts[i])
        return exact[i]

    def or_exact(i: int, bound: tuple[int, int] | None) -> tuple[int, int]:
        return bound if bound is not None and bound[0] * bound[1] <= MAX_CELLS else exact_of(i)

    extents = [or_exact(i, _loose_extent(xml, ok)) for i, (xml, ok) in enumerate(zip(parts, gated, strict=True))]
    if _cells(extents) > MAX_BOOK_CELLS:
        extents = [or_exact(i, _placed_extent(xml) if ok else None)
                   for i, (xml, ok) in enumerate(zip(parts, gated, strict=True))]
    if _cells(extents) > MAX_BOOK_CELLS:
        extents = [exact_of(i) for i in range(len(parts))]
    return extents


def _cells(extents: list[tuple[int, int]]) -> int:
    return sum(r * c for r, c in extents)


# The gate's one pass over every `r=`: a far position (_ANY_BIG after `r=`) or an unquoted value (_UNQUOTED's
# `[^"]`, group 1). The two alternatives never meet at one place (a quote follows or not), so every place
# either pattern finds is one this finds: a sheet read once for both, not twice (24 us a sheet of 21 KB).
_R_EQUALS = re.compile(rb'r=(?:"\$?+(?:[A-Za-z](?:[A-Za-z]|\$?+\d{4})|\$?+\d{4})|([^"]))')


def _gate_passes(xml: bytes) -> bool:
    """The fast gate: no position anywhere can be far, and none is spelled where its patterns cannot see it
    (not _far_position nor _odd, in one pass for both; never more lenient than they are)."""
    m = _R_EQUALS.search(xml)
    while m is not None:
        at = m.start()
        if m.group(1) is not None or not _passed_over(xml, at):
            return False  # r= unquoted, or a position that may be far
        # On after the `r="` only, not after the match: a place either pattern finds inside this one is seen.
        m = _R_EQUALS.search(xml, at + 3)
    return not (_PREFIXED.search(xml) or _SPACED.search(xml) or _break_then_equals(xml))


def _loose_extent(xml: bytes, gated: bool) -> tuple[int, int] | None:
    """The gate's bound of a sheet it passed (None: not passed, or past a sheet's limit)."""
    if not gated:
        return None
    rows, cols = _SMALL_ROWS + xml.count(b"<row"), _SMALL_COLS + xml.count(b"<c")
    return (rows, cols) if rows * cols <= MAX_CELLS else None


def _exact_extent(xml: bytes) -> tuple[int, int]:
    """The exact scan: calamine's rules followed tag by tag (see xlsx_extent)."""
    row = col = -1
    max_r = max_c = -1
    tags = 0
    r_attrs = _R_ATTR().findall
    for m in _TAG().finditer(xml):
        tags += 1
        tag, attrs, empty = m.groups()
        # Several r attributes in one tag: count the farthest, whichever a parser keeps.
        refs = r_attrs(attrs)
        digits = max((d for _, d in refs if d), key=_number, default=b"")
        letters = max((lt for lt, _ in refs if lt), key=_col_index, default=b"")
        if tag == b"row":
            row = _number(digits) - 1 if digits else row + 1
            col = -1
            continue
        cell_row = _number(digits) - 1 if digits else row
        if letters:
            col = _col_index(letters)
        else:
            col += 1
        if not empty and not xml.startswith(b"</", m.end()):  # <c ...></c> holds nothing either
            max_r = max(max_r, cell_row)
            max_c = max(max_c, col)
    if tags != len(_TAG_START().findall(xml)):
        raise Unreadable("unsafe_xml")  # a tag the scan could not read: calamine might read it otherwise
    return max_r + 1, max_c + 1


# Placed tier, between the fast gate and the exact scan: a workbook of many sheets sums the gate's loose
# bounds (999 + row tags by 26 + cell tags, some 450,000 cells for a plain form) past the book's budget
# after a dozen sheets, and the exact scan costs 2 ms a sheet (400 sheets: 0.8 s). When the gate has
# passed and every position attribute is its tag's first and plainly small (`<c r="B5"`, `<row r="5"`),
# the sheet reaches no farther than its farthest position plus one row (column) for each row (cell) tag
# that places none. Every real tag is counted by a literal "<c" / "<row" (prefixed ones went to the exact
# scan with _odd), and every real r attribute follows whitespace, a quote, ':' or '/' (a letter before it
# makes another name): when those `r="` are exactly as many as the placed tags, no tag has a second one
# and no other tag has one. Text that only looks like a tag (a comment, CDATA) counts on every side alike,
# so it can only widen the bound. Anything else takes the exact scan. Each pattern has a literal head.
_C_PLACED = compiled(rb'<c r="\$?([A-Za-z])\$?(\d{0,3})"')
_ROW_PLACED = compiled(rb'<row r="(\d{1,3})"')
_BEFORE_R = (b" ", b'"', b"'", b":", b"/")  # and _BREAKS, counted only when there are any
_NAMESPACE_R = b'xmlns:r="'  # the relationships' namespace (its value a URI, _SCHEME): counted among ':r="', no position


def _placed_extent(xml: bytes) -> tuple[int, int] | None:
    """(rows, columns) that hold every cell of a sheet whose positions are placed plainly (see above), or
    None when they are not: then only the exact scan bounds it. Call only once the fast gate has passed."""
    cells, rows = _C_PLACED().findall(xml), _ROW_PLACED().findall(xml)
    before = _BEFORE_R + tuple(c for c in _BREAKS if c in xml)  # one byte: at memory speed
    if sum([xml.count(c + b'r="') for c in before]) - xml.count(_NAMESPACE_R) != len(cells) + len(rows):
        return None
    digits = {d for _, d in cells} | set(rows)  # a few dozen distinct numbers
    digits.discard(b"")
    letters = b"".join({lt for lt, _ in cells}).upper()
    far_row = max(map(int, digits)) if digits else 0  # 1-based
    far_col = max(letters) - 65 if letters else -1  # 0-based: one letter each
    return far_row + xml.count(b"<row") - len(rows), far_col + 1 + xml.count(b"<c") - len(cells)


def tight_extent(xml: bytes) -> tuple[int, int]:
    """An upper bound of the sheet's extent close to the exact one: the placed tier's when it applies and
    stays within a sheet's limit, else the exact scan's (which then names the farthest cell)."""
    bound = _placed_extent(xml) if _gate_passes(xml) else None
    return bound if bound is not None and bound[0] * bound[1] <= MAX_CELLS else _exact_extent(xml)


def _col_index(letters: bytes) -> int:
    col = 0
    for ch in letters.upper()[:4]:  # XFD is the last column; 4 letters is already far beyond
        col = col * 26 + ch - 64
    return col - 1
