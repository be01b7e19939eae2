"""Zip-based documents (xlsx, docx) with the same bytes for the same content on every run."""

from __future__ import annotations

import datetime as _dt
import io
import os
import re
import zipfile
import zlib
from pathlib import Path

from .ziprecords import ZipRecords, encoded_name, part_offset

_EARLIEST = _dt.datetime(1980, 1, 1, tzinfo=_dt.UTC)  # the earliest time a zip can hold
_LATEST = _dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=_dt.UTC)  # and the latest
_STAMP = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def fixed_time() -> _dt.datetime:
    """SOURCE_DATE_EPOCH (reproducible-builds.org) when set and usable, else 1980-01-01 UTC: never the
    time of the run. A value a zip cannot date is clamped to what it can."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        t = _dt.datetime.fromtimestamp(int(raw), _dt.UTC)
    except (ValueError, OverflowError, OSError):
        return _EARLIEST
    return min(max(t, _EARLIEST), _LATEST)


def deterministic(data: bytes) -> bytes:
    """Re-zip a document with fixed times: the created/modified properties in docProps/core.xml and
    every member's date (excel-pitfalls §4.6), members in the order written, each deflated once.

    A member the writer deflated is passed on as its bytes are (ziprecords): inflating and deflating it
    again gave the same bytes (zlib's default level, as zipfile's), after half a second's work for a
    summary of 50,000 units. core.xml, whose dates change, and a member stored are deflated here."""
    when = fixed_time()
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = ZipRecords(when.timetuple()[:6], external_attr=0o600 << 16)  # made on system 0: the same bytes everywhere
    view = memoryview(data)  # parts passed on without a copy each (a summary of 50,000 units is 15 MB zipped)
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        for info in src.infolist():
            name, flags = encoded_name(info.filename)
            start = part_offset(data, info)
            if info.filename == "docProps/core.xml" or info.compress_type != zipfile.ZIP_DEFLATED or start is None:
                body = src.read(info)
                if info.filename == "docProps/core.xml":
                    body = _STAMP.sub(lambda m: m.group(1) + stamp + m.group(3), body)
                out.add(name, flags, zipfile.ZIP_DEFLATED, _deflated(body), zlib.crc32(body), len(body))
            else:
                out.add(name, flags, zipfile.ZIP_DEFLATED, view[start:start + info.compress_size], info.CRC,
                        info.file_size)
    return out.bytes()


def _deflated(body: bytes) -> bytes:
    """A member's bytes deflated as zipfile deflates them (its compressor, its default level)."""
    deflate = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return deflate.compress(body) + deflate.flush()


def save_openpyxl(wb, path: Path) -> None:
    """wb.save(path), then pin what openpyxl stamps with the current time."""
    path.write_bytes(openpyxl_bytes(wb))


def openpyxl_bytes(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return deterministic(buf.getvalue())
