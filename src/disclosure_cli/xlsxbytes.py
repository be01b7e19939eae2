"""Saving an openpyxl workbook so that the same content gives the same bytes on every run."""

from __future__ import annotations

import datetime as _dt
import io
import os
import re
import zipfile
from pathlib import Path

_EPOCH_DEFAULT = _dt.datetime(1980, 1, 1, tzinfo=_dt.timezone.utc)  # the earliest time a zip can hold
_STAMP = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def fixed_time() -> _dt.datetime:
    """SOURCE_DATE_EPOCH (reproducible-builds.org) when set, else 1980-01-01 UTC."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "")
    try:
        t = _dt.datetime.fromtimestamp(int(raw), _dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        return _EPOCH_DEFAULT
    return max(t, _EPOCH_DEFAULT)


def save(wb, path: Path) -> None:
    """wb.save(path), then pin what openpyxl stamps with the current time: the created/modified
    properties in docProps/core.xml and every zip member's date (excel-pitfalls §4.6)."""
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(deterministic(buf.getvalue()))


def deterministic(data: bytes) -> bytes:
    when = fixed_time()
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    date_time = when.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _STAMP.sub(lambda m: m.group(1) + stamp + m.group(3), body)
            member = zipfile.ZipInfo(info.filename, date_time=date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            dst.writestr(member, body)
    return out.getvalue()
