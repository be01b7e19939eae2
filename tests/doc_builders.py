"""Build test inputs in code: .docx files from python-docx or raw body XML, and zip surgery."""

from __future__ import annotations

import io
import struct
import zipfile
from xml.sax.saxutils import escape

import docx
from docx.document import Document as DocxDocument

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def save(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_BASE: bytes | None = None


def base_docx() -> bytes:
    """A valid empty .docx from python-docx's default template (built once)."""
    global _BASE
    if _BASE is None:
        _BASE = save(docx.Document())
    return _BASE


def replace_parts(
    zip_bytes: bytes,
    parts: dict[str, bytes],
    drop: frozenset[str] = frozenset(),
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """Copy a zip, replacing (or adding) ``parts`` and leaving out ``drop``."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(zip_bytes)) as source,
        zipfile.ZipFile(out, "w", compression) as target,
    ):
        for info in source.infolist():
            if info.filename not in parts and info.filename not in drop:
                target.writestr(info.filename, source.read(info.filename))
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def document_xml(body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    ).encode()


def docx_with_body(body: str) -> bytes:
    """A .docx whose body is the given WordprocessingML fragment (prefix w:)."""
    return replace_parts(base_docx(), {"word/document.xml": document_xml(body)})


def p(text: str = "", style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    run = f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""
    return f"<w:p>{ppr}{run}</w:p>"


def tc(content: str = "", span: int | None = None, vmerge: str | None = None) -> str:
    """A cell; ``content`` is text (made a paragraph) unless it already is XML."""
    props = ""
    if span is not None:
        props += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "continue":
        props += "<w:vMerge/>"
    elif vmerge is not None:
        props += f'<w:vMerge w:val="{vmerge}"/>'
    body = content if content.startswith("<w:") else p(content)
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{body or p()}</w:tc>"


def tr(*cells: str, before: int = 0, after: int = 0) -> str:
    props = ""
    if before:
        props += f'<w:gridBefore w:val="{before}"/>'
    if after:
        props += f'<w:gridAfter w:val="{after}"/>'
    return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>"


def tbl(*rows: str, cols: int) -> str:
    grid = "".join('<w:gridCol w:w="1000"/>' for _ in range(cols))
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def _central_entries(zip_bytes: bytes) -> dict[str, int]:
    """Offsets of central-directory records by file name."""
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archive:
        names = {info.filename for info in archive.infolist()}
    found: dict[str, int] = {}
    position = zip_bytes.find(b"PK\x01\x02")
    while position != -1:
        name_length = struct.unpack_from("<H", zip_bytes, position + 28)[0]
        name = zip_bytes[position + 46 : position + 46 + name_length].decode()
        if name in names:
            found[name] = position
        position = zip_bytes.find(b"PK\x01\x02", position + 4)
    return found


def patch_entry(
    zip_bytes: bytes, name: str, *, file_size: int | None = None, flag_bits: int | None = None
) -> bytes:
    """Lie about an entry in both its local header and its central-directory record."""
    data = bytearray(zip_bytes)
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archive:
        local = archive.getinfo(name).header_offset
    central = _central_entries(zip_bytes)[name]
    if file_size is not None:
        struct.pack_into("<I", data, local + 22, file_size)
        struct.pack_into("<I", data, central + 24, file_size)
    if flag_bits is not None:
        struct.pack_into("<H", data, local + 6, flag_bits)
        struct.pack_into("<H", data, central + 8, flag_bits)
    return bytes(data)


def zip_of(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()
