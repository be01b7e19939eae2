"""A zip written record by record, each part's bytes as they are given (compressed or stored): what zipfile cannot do.

zipfile writes a part only by compressing it itself. Two places need the bytes of a part passed on as
they are: the workbook handed to calamine (memzip: parts already inflated and checked, stored) and
the documents the tool writes (xlsxzip: parts XlsxWriter, openpyxl and python-docx compressed, dated
afresh without inflating and compressing them again). The records are APPNOTE 4.3.7 (local header),
4.3.12 (central directory) and 4.3.16 (end of central directory), laid out as zipfile lays them out;
sizes fit 32 bits (the caps of what the tool reads and writes)."""

from __future__ import annotations

import struct
import zipfile

UTF8 = 0x800  # general purpose flag 11: the name is UTF-8
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_LOCAL_SIG, _CENTRAL_SIG, _END_SIG = 0x04034B50, 0x02014B50, 0x06054B50
_VERSION = 20  # made by and needed: 2.0 (deflate), system 0 (MS-DOS), as zipfile writes them


def dos_time(date_time: tuple[int, ...]) -> tuple[int, int]:
    """(time, date) of a zip record, as zipfile computes them from (year, month, day, h, m, s)."""
    y, mo, d, h, mi, s = date_time[:6]
    return h << 11 | mi << 5 | s // 2, (y - 1980) << 9 | mo << 5 | d


def part_offset(data: bytes, info: zipfile.ZipInfo) -> int | None:
    """Where a part's bytes begin in the zip's bytes (after its local header); None when the header is
    not where the central directory says (a truncated or lying archive)."""
    off = info.header_offset
    head = data[off:off + 30] if off >= 0 else b""
    if len(head) < 30 or head[:4] != b"PK\x03\x04":
        return None
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    return off + 30 + name_len + extra_len


def encoded_name(name: str) -> tuple[bytes, int]:
    """A part's name as zipfile writes it: ASCII as it is, anything else UTF-8 with flag 11 set."""
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), UTF8


class ZipRecords:
    """An archive built part by part: add() each part's bytes as they are, then bytes()."""

    def __init__(self, date_time: tuple[int, ...] = (1980, 1, 1, 0, 0, 0), external_attr: int = 0):
        self._time, self._date = dos_time(date_time)
        self._external = external_attr
        self._local: list[bytes | memoryview] = []
        self._central: list[bytes] = []
        self._offset = 0

    def add(self, name: bytes, flags: int, method: int, body: bytes | memoryview, crc: int, size: int) -> None:
        """One part: its encoded name and flags, method (stored or deflated), its bytes as they are,
        the CRC and size of what they inflate to."""
        fixed = (_VERSION, flags, method, self._time, self._date, crc, len(body), size, len(name))
        self._local += (_LOCAL.pack(_LOCAL_SIG, *fixed, 0), name, body)
        self._central += (_CENTRAL.pack(_CENTRAL_SIG, _VERSION, *fixed, 0, 0, 0, 0, self._external, self._offset),
                          name)
        self._offset += _LOCAL.size + len(name) + len(body)

    def bytes(self) -> bytes:
        directory = b"".join(self._central)
        count = len(self._central) // 2
        end = _END.pack(_END_SIG, 0, 0, count, count, len(directory), self._offset, 0)
        return b"".join([*self._local, directory, end])
