"""A zip held in memory whose parts are inflated straight from its bytes, and what a run learns of them."""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field

from ..base.ziprecords import UTF8, ZipRecords
from .preflight import part_start

SMALL_PART = 2048  # compressed bytes: workbook.xml, its rels, styles of a plain form


@dataclass
class PartsCache:
    """What one run learns of the zips it reads, owned by the run and passed down (docs/performance.md
    measures the gain): departments fill in copies of one form, whose small parts are the same bytes.

    `parts`: (compressed bytes, method, CRC, size) -> the inflated part, checked once.
    `sheet_parts`: (workbook.xml, its rels) -> sheet name -> part path, parsed once.
    `candidates`: root rels -> the workbook folders they name; (root rels, workbook rels…) -> the parts
    calamine could open as sheets; each found once.
    `names`: (workbook.xml, the sheets' names) -> its defined names that point at one cell, parsed once."""

    parts: dict[tuple, bytes] = field(default_factory=dict)
    candidates: dict[bytes | tuple, tuple] = field(default_factory=dict)
    sheet_parts: dict[tuple[bytes, bytes], dict[str, str]] = field(default_factory=dict)
    names: dict[tuple[bytes, tuple[str, ...]], dict[str, tuple[str, int, int]]] = field(default_factory=dict)
    limit: int = 256

    def remember(self, table: dict, key, value) -> None:
        if len(table) >= self.limit:
            table.clear()  # bounded: a batch holds a few forms, never thousands of distinct parts
        table[key] = value


class MemoryZip(zipfile.ZipFile):
    """zipfile's per-part file objects cost more than inflating a small sheet. CRC and size are
    checked as zipfile does; anything unusual (encryption, other methods) goes through zipfile."""

    def __init__(self, data: bytes, cache: PartsCache | None = None):
        super().__init__(io.BytesIO(data))
        self._data = data
        self.cache = cache
        # Every part inflated so far (and checked: CRC and size), by its entry: what repacked() stores.
        self.inflated: dict[zipfile.ZipInfo, bytes] = {}
        # Parts handed on otherwise than they were inflated (inputs.mergesfirst), by entry: stored so.
        self.rewritten: dict[zipfile.ZipInfo, bytes] = {}

    def read(self, name, pwd=None) -> bytes:
        info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return super().read(name, pwd)
        start = part_start(self._data, info)
        raw = self._data[start:start + info.compress_size]
        # The same compressed bytes, method, CRC and size are the same part, inflated and checked once.
        key = (raw, info.compress_type, info.CRC, info.file_size) \
            if self.cache is not None and len(raw) <= SMALL_PART else None
        body = self.cache.parts.get(key) if key and self.cache is not None else None
        if body is not None:
            self.inflated[info] = body
            return body
        body = raw
        if info.compress_type == zipfile.ZIP_DEFLATED:
            # Never more than the declared size (+1 to notice a lie): a part the caps did not cover
            # (mimetype) cannot inflate into a bomb here either.
            body = zlib.decompressobj(-15).decompress(raw, info.file_size + 1)
        if len(body) != info.file_size or zlib.crc32(body) != info.CRC:
            raise zipfile.BadZipFile(f"bad CRC or size in {info.filename}")
        if key and self.cache is not None:
            self.cache.remember(self.cache.parts, key, body)
        self.inflated[info] = body
        return body

    def repacked(self) -> bytes:
        """The same zip for the next parser, every part already inflated here stored as it was inflated
        (so it is never inflated twice, and the parser reads exactly the bytes the preflight checked),
        every other part its compressed bytes as they were. A part in `rewritten` (a sheet with its merged
        ranges copied ahead of its cells, inputs.mergesfirst: the checked bytes and a copy of some of them)
        is stored with its own CRC. Entries keep their order, names (a name given twice included), methods
        and CRCs; headers are written afresh from the central directory, as zipfile read it (a local header
        that disagrees with it is not passed on); the records are base.ziprecords' (zipfile cannot write a
        part's bytes as they are)."""
        out = ZipRecords()
        for info in self.infolist():
            flags = info.flag_bits & UTF8
            try:  # ASCII reads alike in both encodings, and encodes without cp437's charmap (1 us a name)
                name = info.orig_filename.encode("ascii")
            except UnicodeEncodeError:
                name = info.orig_filename.encode("utf-8" if flags else "cp437")
            rewritten = self.rewritten.get(info)
            if rewritten is not None:
                out.add(name, flags, zipfile.ZIP_STORED, rewritten, zlib.crc32(rewritten), len(rewritten))
                continue
            body = self.inflated.get(info)
            if body is None:
                start = part_start(self._data, info)
                body, method = self._data[start:start + info.compress_size], info.compress_type
            else:
                method = zipfile.ZIP_STORED
            out.add(name, flags, method, body, info.CRC, info.file_size)
        return out.bytes()
