"""Proving an input safe to parse before a parser sees it: zip sizes, sheet extents, OLE streams.

calamine has no decompression bound and allocates a sheet's used range densely (one cell at
XFD1048576 asks for ~500 GB and aborts the process), so every limit is checked here first, on
the raw bytes, with code that never expands XML entities and never builds more than it counts.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib

from ..base.refs import cell_ref
from .book import Unreadable

# Safety limits: a department's report is a few kilobytes; these leave room for images and styles.
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ENTRY_BYTES = 128 * 1024 * 1024  # one part of a zip, uncompressed
MAX_TOTAL_BYTES = 384 * 1024 * 1024  # all parts of a zip, uncompressed
MAX_XML_BYTES = 16 * 1024 * 1024  # one part a parser reads (sheet, shared strings), uncompressed
MAX_XML_TOTAL = 48 * 1024 * 1024  # all parts a parser reads, uncompressed
MAX_ENTRIES = 10_000
MAX_CELLS = 2_000_000  # a sheet's used range, rows x columns (calamine allocates it densely)
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
    off = info.header_offset
    head = data[off:off + 30]
    if len(head) < 30 or head[:4] != b"PK\x03\x04":
        raise Unreadable("truncated")
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    return off + 30 + name_len + extra_len


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


def check_extent(sheet: str, rows: int, cols: int) -> None:
    """Refuse a sheet whose used range (rows x columns from A1) calamine would allocate too big."""
    if rows * cols > MAX_CELLS:
        raise Unreadable("too_many_cells", sheet=sheet, ref=cell_ref(rows - 1, cols - 1))


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
_ANY_BIG = re.compile(rb'r="\$?(?:[A-Za-z]{2}|[A-Za-z]?\$?\d{4})')
_SMALL_ROWS, _SMALL_COLS = 999, 26


_PREFIXED = re.compile(rb":(?:c|row)")
_UNQUOTED = re.compile(rb'=[^"]')  # '=' followed by a space, a single quote or anything but '"'
_SPACED = re.compile(rb" =")


def _odd(xml: bytes) -> bool:
    """A spelling the two regexes cannot see: a namespace-prefixed tag (calamine reads it too), or an
    attribute written with spaces around '=' or in single quotes (r = "XFD1048576", r='XFD1048576'),
    which calamine accepts. Text content that merely contains such characters only sends the part to
    the exact scan. (Regexes with a literal head search faster than `in` does for short needles,
    and tabs and line breaks, rare in sheet XML, are looked for one byte at a time first.)"""
    return bool(_PREFIXED.search(xml) or _UNQUOTED.search(xml) or _SPACED.search(xml)
                or ((b"\t" in xml or b"\n" in xml or b"\r" in xml)
                    and (b"\t=" in xml or b"\n=" in xml or b"\r=" in xml)))


# Attribute values may hold '>' inside quotes: a tag ends at the first '>' outside them.
_TAG = re.compile(rb"""<(?:\w+:)?(row|c)\b((?:[^>"']|"[^"]*"|'[^']*')*?)(/?)>""")
_R_ATTR = re.compile(rb"""\br\s*=\s*["']\$?([A-Za-z]*)\$?(\d*)["']""")


def xlsx_extent(xml: bytes) -> tuple[int, int]:
    """(rows, columns) from A1 that hold every cell with content, an upper bound of calamine's
    range. Cells without content (style only, <c .../>) do not count, as calamine skips them."""
    if not (_ANY_BIG.search(xml) or _odd(xml)):
        rows, cols = _SMALL_ROWS + xml.count(b"<row"), _SMALL_COLS + xml.count(b"<c")
        if rows * cols <= MAX_CELLS:
            return rows, cols
    row = col = -1
    max_r = max_c = -1
    for m in _TAG.finditer(xml):
        tag, attrs, empty = m.groups()
        # Several r attributes in one tag: count the farthest, whichever a parser keeps.
        refs = _R_ATTR.findall(attrs)
        digits = max((d for _, d in refs if d), key=int, default=b"")
        letters = max((lt for lt, _ in refs if lt), key=_col_index, default=b"")
        if tag == b"row":
            row = int(digits) - 1 if digits else row + 1
            col = -1
            continue
        cell_row = int(digits) - 1 if digits else row
        if letters:
            col = _col_index(letters)
        else:
            col += 1
        if not empty and not xml.startswith(b"</", m.end()):  # <c ...></c> holds nothing either
            max_r = max(max_r, cell_row)
            max_c = max(max_c, col)
    return max_r + 1, max_c + 1


def _col_index(letters: bytes) -> int:
    col = 0
    for ch in letters.upper()[:4]:  # XFD is the last column; 4 letters is already far beyond
        col = col * 26 + ch - 64
    return col - 1


# -- ods: repeated rows and cells multiply, so a few bytes can claim a whole sheet --

_ODS_TAG = re.compile(rb"<(/?)(?:\w+:)?(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>")
_ODS_NAME = re.compile(rb'\bname="([^"]*)"')
_ROWS_REP = re.compile(rb'number-rows-repeated="(\d+)"')
_COLS_REP = re.compile(rb'number-columns-repeated="(\d+)"')


def ods_extents(xml: bytes) -> dict[str, tuple[int, int]]:
    """Table name -> (rows, columns) that hold every cell with a value or text."""
    out: dict[str, tuple[int, int]] = {}
    name = ""
    row = max_r = max_c = col = 0
    row_rep = 1
    row_has_value = False
    for m in _ODS_TAG.finditer(xml):
        closing, tag, attrs, empty = m.groups()
        if tag == b"table":
            if closing:
                out[name] = (max_r, max_c)
            else:
                found = _ODS_NAME.search(attrs)
                name = found.group(1).decode("utf-8", "replace") if found else ""
                row = max_r = max_c = 0
        elif tag == b"table-row":
            if closing:
                if row_has_value:
                    max_r = max(max_r, row + row_rep)
                row += row_rep
            else:
                rep = _ROWS_REP.search(attrs)
                row_rep = min(int(rep.group(1)), 1 << 24) if rep else 1
                col, row_has_value = 0, False
                if empty:
                    row += row_rep
        elif not closing:
            rep = _COLS_REP.search(attrs)
            n = min(int(rep.group(1)), 1 << 24) if rep else 1
            if not empty or b"value-type" in attrs:
                row_has_value = True
                max_c = max(max_c, col + n)
            col += n
    if name not in out and (max_r or max_c):
        out[name] = (max_r, max_c)
    return out


# -- OLE2 (compound file): the container of .xls, WPS .et and encrypted xlsx --

_FREE_SECT = 0xFFFFFFFF
_END_CHAIN = 0xFFFFFFFE


def ole_streams(data: bytes) -> dict[str, bytes]:
    """Every stream of an OLE2 file by name; Unreadable('truncated') when the structure is broken.
    Chains are followed with a visited set, so a looping or out-of-range FAT cannot hang or blow up."""
    try:
        return _ole_streams(data)
    except (struct.error, IndexError, ValueError, KeyError):
        raise Unreadable("truncated") from None


def _ole_streams(data: bytes) -> dict[str, bytes]:
    """(Long because the compound-file layout — header, DIFAT, FAT, directory, mini stream — is read in
    one pass, each chain bounded as it is followed.)"""
    if len(data) < 512:
        raise ValueError("short")
    shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if shift not in (9, 12) or mini_shift != 6:
        raise ValueError("sector size")
    size = 1 << shift
    n_sectors = (len(data) - size) // size + 1
    dir_start, = struct.unpack_from("<I", data, 0x30)
    cutoff, minifat_start, _n_minifat, difat_start, n_difat = struct.unpack_from("<IIIII", data, 0x38)

    def sector(i: int) -> bytes:
        if i >= n_sectors:
            raise ValueError("sector out of range")
        return data[(i + 1) * size:(i + 2) * size]

    fat_sectors = [i for i in struct.unpack_from("<109I", data, 0x4C) if i != _FREE_SECT]
    seen = set()
    nxt = difat_start
    for _ in range(n_difat):
        if nxt in (_FREE_SECT, _END_CHAIN) or nxt in seen:
            break
        seen.add(nxt)
        ids = struct.unpack(f"<{size // 4}I", sector(nxt))
        fat_sectors += [i for i in ids[:-1] if i != _FREE_SECT]
        nxt = ids[-1]
    fat = b"".join(sector(i) for i in fat_sectors[:n_sectors])
    fat_ids = struct.unpack(f"<{len(fat) // 4}I", fat)

    def chain(start: int, table, read, limit: int) -> bytes:
        out: list[bytes] = []
        seen_ids: set[int] = set()
        while start not in (_END_CHAIN, _FREE_SECT) and len(out) < limit:
            if start in seen_ids or start >= len(table):
                raise ValueError("bad chain")
            seen_ids.add(start)
            out.append(read(start))
            start = table[start]
        return b"".join(out)

    directory = chain(dir_start, fat_ids, sector, n_sectors)
    entries = []
    for off in range(0, len(directory) - 127, 128):
        name_len, kind = struct.unpack_from("<HB", directory, off + 64)
        start, length = struct.unpack_from("<II", directory, off + 116)
        name = directory[off:off + max(0, min(name_len, 64) - 2)].decode("utf-16-le", "replace")
        entries.append((name, kind, start, length))
    if not entries:
        raise ValueError("no directory")
    root = entries[0]
    mini_stream = mini_ids = None
    streams: dict[str, bytes] = {}
    for name, kind, start, length in entries:
        if kind != 2:  # 2 = stream
            continue
        if length < cutoff:
            if mini_stream is None:
                mini_stream = chain(root[2], fat_ids, sector, n_sectors)
                minifat = chain(minifat_start, fat_ids, sector, n_sectors)
                mini_ids = struct.unpack(f"<{len(minifat) // 4}I", minifat)
            assert mini_ids is not None and mini_stream is not None
            body = chain(start, mini_ids, lambda i, ms=mini_stream: ms[i * 64:(i + 1) * 64], len(mini_ids))
        else:
            body = chain(start, fat_ids, sector, n_sectors)
        streams[name] = body[:length]
    return streams


# -- xls (BIFF8): each sheet's extent and its error cells, calamine reads those as empty --

_BOF, _EOF, _BOUNDSHEET, _FILEPASS = 0x0809, 0x000A, 0x0085, 0x002F
_CELL_RECORDS = {0x0203, 0x027E, 0x00FD, 0x0204, 0x0006, 0x0205, 0x00D6}  # number rk sst label formula boolerr rstring
_MULRK = 0x00BD
_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
           0x2A: "#N/A"}


def xls_sheets(stream: bytes) -> list[tuple[str, int, int, dict]]:
    """Every sheet of a BIFF8 workbook stream, in workbook order (calamine's order):
    (name, rows, columns, {(r, c): ('error', '#DIV/0!')}). Raises Unreadable('encrypted') for a
    FILEPASS record (an open password), as the records after it are ciphertext."""
    sheets = []
    pos, n = 0, len(stream)
    while pos + 4 <= n:  # the globals substream: sheet names and where each sheet starts
        typ, length = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4:pos + 4 + length]
        pos += 4 + length
        if typ == _FILEPASS:
            raise Unreadable("encrypted")
        if typ == _BOUNDSHEET and len(body) >= 8:
            start, = struct.unpack_from("<I", body, 0)
            cch, high = body[6], body[7] & 1
            raw = body[8:8 + cch * (2 if high else 1)]
            sheets.append((raw.decode("utf-16-le" if high else "latin-1", "replace"), start))
        elif typ == _EOF:
            break
    return [(name, *_xls_substream(stream, start)) for name, start in sheets]


def _xls_substream(stream: bytes, pos: int) -> tuple[int, int, dict]:
    rows = cols = 0
    states: dict = {}
    depth, n = 0, len(stream)
    while pos + 4 <= n:
        typ, length = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4:pos + 4 + length]
        pos += 4 + length
        if typ == _BOF:
            depth += 1  # a chart embedded in the sheet has its own BOF..EOF
        elif typ == _EOF:
            depth -= 1
            if depth <= 0:
                break
        elif depth == 1 and len(body) >= 4:
            r, c = struct.unpack_from("<HH", body, 0)
            last = c
            if typ == _MULRK and len(body) >= 6:
                last, = struct.unpack_from("<H", body, len(body) - 2)
            elif typ not in _CELL_RECORDS:
                continue
            rows, cols = max(rows, r + 1), max(cols, last + 1)
            if typ == 0x0205 and len(body) >= 8 and body[7] == 1:
                states[(r, c)] = ("error", _ERRORS.get(body[6], "#ERROR"))
            elif typ == 0x0006 and len(body) >= 14 and body[6] == 2 and body[12:14] == b"\xff\xff":
                states[(r, c)] = ("error", _ERRORS.get(body[8], "#ERROR"))
    return rows, cols, states
