"""Zip-based documents (xlsx, docx) with the same bytes for the same content on every run."""

from __future__ import annotations

import datetime as _dt
import io
import os
import re
import shutil
import zipfile
from pathlib import Path

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
    every member's date (excel-pitfalls §4.6), members in the order written, one compression."""
    when = fixed_time()
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    date_time = when.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            member.create_system = 0  # the same bytes on every platform
            if info.filename == "docProps/core.xml":
                dst.writestr(member, _STAMP.sub(lambda m: m.group(1) + stamp + m.group(3), src.read(info)))
                continue
            # Copied in pieces: a summary's sheet of 50,000 rows is some 55 MB of XML once inflated.
            with src.open(info) as body, dst.open(member, "w") as copy:
                shutil.copyfileobj(body, copy, _PIECE)
    return out.getvalue()


_PIECE = 1 << 20


def save_openpyxl(wb, path: Path) -> None:
    """wb.save(path), then pin what openpyxl stamps with the current time."""
    path.write_bytes(openpyxl_bytes(wb))


def openpyxl_bytes(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return deterministic(buf.getvalue())
