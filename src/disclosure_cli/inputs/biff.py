"""OLE2 containers and BIFF8 (.xls) records read on the raw bytes before calamine sees them: streams,
each sheet's extent, error cells, merged ranges and the text its shared strings make."""

from __future__ import annotations

import struct
from bisect import bisect_right
from dataclasses import dataclass, field

from .book import Unreadable

# -- OLE2 (compound file): the container of .xls, WPS .et and encrypted xlsx --

_FREE_SECT = 0xFFFFFFFF
_END_CHAIN = 0xFFFFFFFE
_DIF_SECT = 0xFFFFFFFC
_RESERVED = 0xFFFFFFFA
WORKBOOK_STREAMS = ("workbook", "book")  # the BIFF stream of an .xls (Book: BIFF5)


def ole_streams(data: bytes) -> dict[str, bytes]:
    """Every stream of an OLE2 file by name, with the body only of the workbook stream (the others
    are only ever looked up by name); Unreadable('truncated') when the structure is broken. No sector
    is read twice, so a looping, shared or out-of-range chain cannot hang or blow up."""
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
    cutoff, minifat_start, n_minifat, difat_start, _n_difat = struct.unpack_from("<IIIII", data, 0x38)

    def sector(i: int) -> bytes:
        if i >= n_sectors:
            raise ValueError("sector out of range")
        return data[(i + 1) * size:(i + 2) * size]

    # calamine follows the DIFAT chain until a reserved id, whatever the header's count says, and
    # would loop forever (growing) on a chain that comes back: refuse one here.
    fat_sectors = [i for i in struct.unpack_from("<109I", data, 0x4C) if i < _DIF_SECT]
    seen = set()
    nxt = difat_start
    while nxt < _RESERVED:
        if nxt in seen:
            raise ValueError("the DIFAT chain loops")
        seen.add(nxt)
        ids = struct.unpack(f"<{size // 4}I", sector(nxt))
        fat_sectors += [i for i in ids[:-1] if i < _DIF_SECT]
        nxt = ids[-1]
    fat = b"".join(sector(i) for i in fat_sectors[:n_sectors])
    fat_ids = struct.unpack(f"<{len(fat) // 4}I", fat)
    # Streams never share sectors: one set over every chain bounds the whole read by the file's size.
    used: set[int] = set()
    used_mini: set[int] = set()

    def chain(start: int, table, read, taken: set[int]) -> bytes:
        out: list[bytes] = []
        while start not in (_END_CHAIN, _FREE_SECT):
            if start in taken or start >= len(table):
                raise ValueError("bad chain")
            taken.add(start)
            out.append(read(start))
            start = table[start]
        return b"".join(out)

    directory = chain(dir_start, fat_ids, sector, used)
    if len(directory) % 128:
        raise ValueError("a directory cut short")  # calamine panics on it
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
    if n_minifat:  # calamine reads the mini stream whenever there is one: prove its chains first
        mini_stream = chain(root[2], fat_ids, sector, used)
        minifat = chain(minifat_start, fat_ids, sector, used)
        mini_ids = struct.unpack(f"<{len(minifat) // 4}I", minifat)
    streams: dict[str, bytes] = {}
    for name, kind, start, length in entries:
        if kind != 2:  # 2 = stream
            continue
        if name.lower() not in WORKBOOK_STREAMS or name in streams:
            streams.setdefault(name, b"")
            continue
        if length < cutoff:
            if mini_stream is None:
                mini_stream = chain(root[2], fat_ids, sector, used)
                minifat = chain(minifat_start, fat_ids, sector, used)
                mini_ids = struct.unpack(f"<{len(minifat) // 4}I", minifat)
            assert mini_ids is not None and mini_stream is not None
            body = chain(start, mini_ids, lambda i, ms=mini_stream: ms[i * 64:(i + 1) * 64], used_mini)
        else:
            body = chain(start, fat_ids, sector, used)
        streams[name] = body[:length]
    return streams


# -- xls (BIFF8): each sheet's extent, error cells, merges and shared-string uses --

_BOF, _EOF, _BOUNDSHEET, _FILEPASS = 0x0809, 0x000A, 0x0085, 0x002F
_SST, _CONTINUE, _LABELSST, _MERGEDCELLS, _DIMENSIONS = 0x00FC, 0x003C, 0x00FD, 0x00E5, 0x0200
_CELL_RECORDS = {0x0203, 0x027E, 0x00FD, 0x0204, 0x0006, 0x0205, 0x00D6}  # number rk sst label formula boolerr rstring
_MULRK = 0x00BD
_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
           0x2A: "#N/A"}


@dataclass
class XlsSheet:
    """One sheet's substream as calamine will read it: extent, error cells (read as empty by
    calamine), the area its merged ranges cover and the characters its shared-string cells make."""

    name: str
    rows: int = 0
    cols: int = 0
    states: dict = field(default_factory=dict)  # (r, c) -> ('error', '#DIV/0!')
    merged: int = 0
    text: int = 0
    declared: tuple[int, int] = (0, 0)  # rows, columns calamine reserves from a DIMENSIONS record


def xls_sheets(stream: bytes, max_sheets: int) -> list[XlsSheet]:
    """Every sheet of a BIFF8 workbook stream, in workbook order (calamine's order). Raises
    Unreadable('encrypted') for a FILEPASS record (an open password), as the records after it are
    ciphertext, and Unreadable('too_many_sheets') over `max_sheets`."""
    sheets = []
    sst: list[bytes] = []
    in_sst = False
    pos, n = 0, len(stream)
    while pos + 4 <= n:  # the globals substream: sheet names, where each sheet starts, shared strings
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
        if typ == _SST:
            sst, in_sst = [body], True
        elif typ == _CONTINUE and in_sst:
            sst.append(body)
        else:
            in_sst = False  # later CONTINUE records belong to other records
    if len(sheets) > max_sheets:
        raise Unreadable("too_many_sheets", count=f"{len(sheets):,}", limit=f"{max_sheets:,}")
    lengths = sst_lengths(sst)
    # Each sheet's records run from its start to its EOF, before the next sheet starts: scanning no
    # further keeps this linear in the stream, however the offsets are crafted.
    ends = sorted({start for _, start in sheets} | {len(stream)})
    return [_xls_substream(stream, start, ends[min(bisect_right(ends, start), len(ends) - 1)], XlsSheet(name),
                           lengths) for name, start in sheets]


def _xls_substream(stream: bytes, pos: int, end: int, sheet: XlsSheet, lengths: list[int]) -> XlsSheet:
    depth, n = 0, min(len(stream), end)
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
        elif depth == 1 and typ == _MERGEDCELLS:
            sheet.merged += merged_area(body)
        elif depth == 1 and typ == _DIMENSIONS:
            sheet.declared = max(sheet.declared, declared_cells(body), key=lambda rc: rc[0] * rc[1])
        elif depth == 1 and len(body) >= 4:
            r, c = struct.unpack_from("<HH", body, 0)
            last = c
            if typ == _MULRK and len(body) >= 6:
                last, = struct.unpack_from("<H", body, len(body) - 2)
            elif typ not in _CELL_RECORDS:
                continue
            sheet.rows, sheet.cols = max(sheet.rows, r + 1), max(sheet.cols, last + 1)
            if typ == _LABELSST and len(body) >= 10:
                isst, = struct.unpack_from("<I", body, 6)
                sheet.text += lengths[isst] if isst < len(lengths) else 0
            elif typ == 0x0205 and len(body) >= 8 and body[7] == 1:
                sheet.states[(r, c)] = ("error", _ERRORS.get(body[6], "#ERROR"))
            elif typ == 0x0006 and len(body) >= 14 and body[6] == 2 and body[12:14] == b"\xff\xff":
                sheet.states[(r, c)] = ("error", _ERRORS.get(body[8], "#ERROR"))
    return sheet


def declared_cells(body: bytes) -> tuple[int, int]:
    """(rows, columns) calamine reserves room for from a DIMENSIONS record, computed as it does (a last
    row before the first wraps around in its unsigned arithmetic: the reservation that aborted it)."""
    if len(body) == 14:
        rf, rl, cf, cl = struct.unpack_from("<IIHH", body)
    elif len(body) == 10:
        rf, rl, cf, cl = struct.unpack_from("<HHHH", body)
    else:
        return 0, 0
    if cf > 0xFF or cl < cf:
        cf = 0
    end_r, end_c = (rl - 1, cl - 1) if rl >= 1 and cl >= 1 else (rf, cf)
    return (end_r - rf + 1) % (1 << 32), (end_c - cf + 1) % (1 << 32)


def merged_area(body: bytes) -> int:
    """Cells a MERGEDCELLS record's ranges cover (rwFirst, rwLast, colFirst, colLast each)."""
    if len(body) < 2:
        return 0
    count = min(struct.unpack_from("<H", body, 0)[0], (len(body) - 2) // 8)
    area = 0
    for i in range(count):
        r0, r1, c0, c1 = struct.unpack_from("<HHHH", body, 2 + 8 * i)
        area += (abs(r1 - r0) + 1) * (abs(c1 - c0) + 1)  # written end first, it covers as many cells
    return area


def sst_lengths(chunks: list[bytes]) -> list[int]:
    """The length in characters of each string of a BIFF8 shared-string table (SST and its CONTINUE
    records), read as calamine reads them: until the bytes run out, whatever the count in the header
    says. A string the bytes cannot finish ends the list."""
    if not chunks or len(chunks[0]) < 8:
        return []
    reader = _Chunks(chunks, 8)
    out: list[int] = []
    try:
        while reader.more():
            cch = reader.number(2)
            flags = reader.number(1)
            runs = reader.number(2) if flags & 0x8 else 0
            ext = reader.number(4) if flags & 0x4 else 0
            reader.chars(cch, flags & 0x1)
            reader.skip(4 * runs + ext)
            out.append(cch)
    except IndexError:
        pass
    return out


class _Chunks:
    """Bytes spread over an SST record and its CONTINUE records. Character data split over two
    records restarts with a flags byte (its width may change); other fields continue plainly."""

    def __init__(self, chunks: list[bytes], pos: int):
        self.chunks, self.i, self.pos = chunks, 0, pos

    def _here(self) -> bytes:
        while self.pos >= len(self.chunks[self.i]):
            self.pos -= len(self.chunks[self.i])
            self.i += 1
            if self.i >= len(self.chunks):
                raise IndexError("end of the shared strings")
        return self.chunks[self.i]

    def number(self, size: int) -> int:
        value = 0
        for shift in range(size):
            value |= self._here()[self.pos] << (8 * shift)
            self.pos += 1
        return value

    def more(self) -> bool:
        try:
            self._here()
        except IndexError:
            return False
        return True

    def skip(self, size: int) -> None:
        self.pos += size  # past the end of this record: the next read moves on (or finds the end)

    def chars(self, count: int, high: int) -> None:
        while True:
            chunk = self.chunks[self.i]
            width = 2 if high else 1
            fit = min(count, max(0, len(chunk) - self.pos) // width)
            count -= fit
            self.pos += fit * width
            if not count:
                return
            # Continued in the next record, which starts with the flags of the rest (its width).
            self.i += 1
            if self.i >= len(self.chunks) or not self.chunks[self.i]:
                raise IndexError("end of the shared strings")
            high, self.pos = self.chunks[self.i][0] & 0x1, 1
