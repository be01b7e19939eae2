"""Read Word .docx files into paragraphs and merge-aware tables, after checking the zip is safe."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import NAMESPACE as NS
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import PartFactory
from docx.opc.parts.coreprops import CorePropertiesPart
from lxml import etree

from ..base.marker import marked
from .doclimits import (
    MAX_DOCX_BYTES,
    MAX_PART_DECLARED,
    MAX_TOTAL_DECLARED,
    MAX_XML_INFLATED,
    MAX_ZIP_ENTRIES,
    too_large,
)
from .document import Document, Unreadable, shielded
from .wordbody import read_body

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# OLE2 directory entries name their streams in UTF-16LE; an encrypted OOXML file is an
# OLE2 container holding these two streams.
_OLE2_ENCRYPTION_NAMES = tuple(
    name.encode("utf-16-le") for name in ("EncryptedPackage", "EncryptionInfo")
)
_ZIP_LOCAL_HEADER = b"PK\x03\x04"
_MAIN_PART = "word/document.xml"
_CONTENT_TYPES = "[Content_Types].xml"
# OOXML forbids DTDs (ECMA-376 Part 2), so any of these markers in any encoding lxml could
# detect is hostile or broken. Byte search is cheap and needs no parser.
_DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)

# For [Content_Types].xml, already checked free of DTDs; no network, no entity expansion.
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)



@shielded
def read_docx(data: bytes) -> Document:
    """Read a .docx; the zip is vetted before python-docx parses anything.

    Raises Unreadable: ``empty``, ``too_large``, ``truncated``, ``encrypted``,
    ``unsafe_xml``, ``bomb``, ``too_deep``, ``not_docx`` or ``parse``.
    """
    if not data:
        raise Unreadable("empty", detail="no bytes")
    if len(data) > MAX_DOCX_BYTES:
        raise too_large(f"{len(data):,} bytes (limit {MAX_DOCX_BYTES:,})")
    if data.startswith(_OLE2_MAGIC):
        if any(name in data for name in _OLE2_ENCRYPTION_NAMES):
            raise Unreadable("encrypted", detail="password-protected Word document")
        raise Unreadable("doc_old")
    _vet_zip(data)
    document = _open(data)
    blocks = read_body(document)
    return Document(kind="docx", blocks=blocks, title=_title(document), made_by=_made_by(document))


# --- the zip ------------------------------------------------------------------------


def _vet_zip(data: bytes) -> None:
    """Reject what python-docx should never see: non-zips, encryption, bombs, DTDs."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        # zipfile finds the central directory from the end; a file that starts like a zip
        # but has none was cut short.
        if data.startswith(_ZIP_LOCAL_HEADER):
            raise Unreadable("truncated", detail="the zip's central directory is missing") from exc
        raise Unreadable("parse", detail="not a zip file, so not a .docx", short="not_zip") from exc
    with archive:
        infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise too_large(f"{len(infos):,} zip entries (limit {MAX_ZIP_ENTRIES:,})")
    if any(info.flag_bits & 0x1 for info in infos):
        raise Unreadable("encrypted", detail="the zip has encrypted entries")
    declared = 0
    for info in infos:
        declared += info.file_size
        if info.file_size > MAX_PART_DECLARED:
            detail = f"{info.filename} declares {info.file_size:,} bytes"
            raise Unreadable("bomb", detail=f"{detail} (limit {MAX_PART_DECLARED:,} a part)")
        if declared > MAX_TOTAL_DECLARED:
            detail = f"the entries declare more than {MAX_TOTAL_DECLARED:,} bytes in all"
            raise Unreadable("bomb", detail=detail)
    # Later duplicates win, as in zipfile (and so in python-docx).
    by_name = {info.filename: info for info in infos}
    for required in (_MAIN_PART, _CONTENT_TYPES):
        if required not in by_name:
            raise Unreadable("not_docx", detail=f"the zip has no {required}: not a Word document")
    content_types = by_name[_CONTENT_TYPES]
    types_xml = _vet_xml(data, content_types, MAX_XML_INFLATED)
    budget = MAX_XML_INFLATED - len(types_xml)
    overrides, extensions = _xml_part_names(types_xml)
    for info in infos:
        name = info.filename.lower()
        if info is not content_types and (
            name.endswith((".xml", ".rels"))
            or name in overrides
            or name.rpartition(".")[2] in extensions
        ):
            budget -= len(_vet_xml(data, info, budget))


def _vet_xml(data: bytes, info: zipfile.ZipInfo, budget: int) -> bytes:
    """Inflate an XML entry within ``budget`` and refuse DTDs in it."""
    xml = _inflate(data, info, budget)
    if any(marker in xml for marker in _DTD_MARKERS):
        raise Unreadable("unsafe_xml", detail=f"{info.filename} declares a DOCTYPE or ENTITY")
    return xml


def _xml_part_names(content_types: bytes) -> tuple[set[str], set[str]]:
    """Lower-cased part names and extensions that python-docx will parse as XML.

    Parts are typed by [Content_Types].xml, not by name, so "word/styles.bin" can be the
    styles part: the DTD check and the inflation budget must follow the types too.
    """
    try:
        root = etree.fromstring(content_types, _SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        raise Unreadable("parse", detail=f"{_CONTENT_TYPES}: {exc}", short="bad_xml") from exc
    parsed = PartFactory.part_type_for.keys()  # the content types python-docx parses
    overrides = {
        str(item.get("PartName", "")).lstrip("/").lower()
        for item in root.iter(f"{{{NS.OPC_CONTENT_TYPES}}}Override")
        if item.get("ContentType") in parsed
    }
    extensions = {
        str(item.get("Extension", "")).lower()
        for item in root.iter(f"{{{NS.OPC_CONTENT_TYPES}}}Default")
        if item.get("ContentType") in parsed
    }
    return overrides, extensions


def _inflate(data: bytes, info: zipfile.ZipInfo, budget: int) -> bytes:
    """Inflate one entry ourselves, never producing more than the smaller of its declared
    size and ``budget`` (+1 byte to detect the overrun): declared sizes are not trusted."""
    offset = info.header_offset
    if data[offset : offset + 4] != _ZIP_LOCAL_HEADER:
        raise _corrupt(f"{info.filename}: bad local header")
    try:
        name_length, extra_length = struct.unpack_from("<HH", data, offset + 26)
    except struct.error as exc:
        raise Unreadable("truncated", detail=f"{info.filename}: the zip ends early") from exc
    start = offset + 30 + name_length + extra_length
    raw = data[start : start + info.compress_size]
    if len(raw) < info.compress_size:
        raise Unreadable("truncated", detail=f"{info.filename}: the zip ends early")
    cap = min(info.file_size, budget)
    if info.compress_type == zipfile.ZIP_STORED:
        out, complete = raw[: cap + 1], True
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            out = inflater.decompress(raw, cap + 1)
        except zlib.error as exc:
            raise _corrupt(f"{info.filename}: {exc}") from exc
        complete = inflater.eof
    else:
        raise _corrupt(
            f"{info.filename}: compression method {info.compress_type} is not used by Word"
        )
    if len(out) > info.file_size:
        raise Unreadable(
            "bomb", detail=f"{info.filename} inflates beyond its declared {info.file_size:,} bytes"
        )
    if len(out) > budget:
        raise too_large(f"the XML parts inflate to more than {MAX_XML_INFLATED:,} bytes")
    if not complete:
        raise Unreadable("truncated", detail=f"{info.filename}: the compressed data ends early")
    if len(out) != info.file_size:
        raise _corrupt(
            f"{info.filename}: inflates to {len(out):,} bytes, declares {info.file_size:,}"
        )
    return out


def _corrupt(detail: str) -> Unreadable:
    return Unreadable("parse", detail=detail, short="zip_corrupt")


def _open(data: bytes) -> DocxDocument:
    """python-docx's Document, its failures mapped to reasons."""
    try:
        return docx.Document(io.BytesIO(data))
    except etree.XMLSyntaxError as exc:
        message = str(exc)
        if "depth" in message:  # libxml2: "Excessive depth in document: 256 ..."
            raise Unreadable("too_deep", detail=message) from exc
        if "amplification" in message:  # libxml2's own entity-expansion guard
            raise Unreadable("unsafe_xml", detail=message) from exc
        raise Unreadable("parse", detail=f"malformed XML: {message}", short="bad_xml") from exc
    except ValueError as exc:
        # python-docx checks the main part's content type: "file ... is not a Word file".
        if "not a Word file" in str(exc):
            raise Unreadable("not_docx", detail=str(exc)) from exc
        raise Unreadable("parse", detail=str(exc), short="bad_package") from exc
    except (KeyError, PackageNotFoundError) as exc:
        raise Unreadable("parse", detail=f"broken package: {exc}", short="bad_package") from exc
    except zipfile.BadZipFile as exc:
        raise _corrupt(str(exc)) from exc


def _made_by(document: DocxDocument) -> str | None:
    """The tool's mark (base.marker) in the custom-properties part; None when unmarked."""
    try:
        part = document.part.package.part_related_by(RT.CUSTOM_PROPERTIES)
    except KeyError:
        return None
    return marked(part.blob)


def _title(document: DocxDocument) -> str | None:
    # Not document.core_properties: without a core-properties part python-docx invents one
    # whose title is "Word Document".
    try:
        part = document.part.package.part_related_by(RT.CORE_PROPERTIES)
    except KeyError:
        return None
    if not isinstance(part, CorePropertiesPart):
        return None
    return part.core_properties.title.strip() or None


