"""Byte-order marks and strict decoding shared by the HTML and text readers."""

from __future__ import annotations

import codecs

from .document import Unreadable

# UTF-8 first: its BOM is not a prefix of the UTF-16 ones, so order only matters for clarity.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def try_decode(data: bytes, encoding: str) -> str | None:
    """Decode strictly, or return None when the bytes are not valid in ``encoding``."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode_bom(data: bytes) -> tuple[str, str] | None:
    """Decode by byte-order mark: (text, encoding), None without a BOM.

    A BOM is authoritative, so bytes that are invalid after it are an ``encoding`` error
    rather than a reason to guess another encoding.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            # utf-8-sig strips its BOM itself; the UTF-16 codecs with explicit byte order don't.
            body = data if encoding == "utf-8-sig" else data[len(bom) :]
            text = try_decode(body, encoding)
            if text is None:
                raise Unreadable("encoding", detail=f"invalid {encoding} after its byte-order mark")
            return text, encoding
    return None
