"""What an input's bytes are, whatever its name says: a zip, an OLE2 container, or something refused."""

from __future__ import annotations

import zipfile

from .book import Unreadable

XLSX, XLS, ODS, DOCX = "xlsx", "xls", "ods", "docx"


def sniff(head: bytes) -> str:
    """'zip' or 'ole' for the containers workbooks (and Word documents) come in, 'html' for a web page,
    'text' for plain text (a .txt or .csv table); Unreadable with the reason otherwise."""
    if not head:
        raise Unreadable("empty")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.lstrip(b"\x00\t\r\n\x0c \xef\xbb\xbf").startswith(b"%PDF-"):
        return "pdf"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<head", b"<body", b"<meta")):
        return "html"
    if text.startswith(b"<?xml"):
        if b"mso-application" in head or b"urn:schemas-microsoft-com:office:spreadsheet" in head:
            raise Unreadable("xml2003")
        if b"<html" in head:
            return "html"
        raise Unreadable("unknown")
    if text.startswith(b"mime-version") or b"multipart/related" in text[:400]:
        raise Unreadable("mhtml")
    if head.startswith(b"{\\rtf"):
        raise Unreadable("word")
    if _looks_like_text(head):
        return "text"
    raise Unreadable("unknown")


def _looks_like_text(head: bytes) -> bool:
    # Text files have no NUL bytes and few control characters (tabs and line breaks aside).
    if b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head[:1024]) > 4:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as e:
        if e.start > len(head) - 4:  # a multi-byte character cut by the sniff window
            return True
    try:
        head.decode("gb18030")
        return b"\x00" not in head
    except UnicodeDecodeError:
        return False


def zip_kind(zf: zipfile.ZipFile) -> str:
    """Which document a zip holds (xlsx, ods or docx); Unreadable for other zips (an ODT, an archive)."""
    names = set(zf.namelist())
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return XLSX
    if "mimetype" in names:
        mime = zf.read("mimetype")[:100]
        if b"opendocument.spreadsheet" in mime:
            return ODS
        if b"opendocument.text" in mime:
            raise Unreadable("word")
    if "word/document.xml" in names:
        return DOCX
    if "content.xml" in names:
        return ODS
    raise Unreadable("zip")


def ole_kind(streams: dict[str, bytes]) -> str:
    """An OLE2 container is an .xls (or WPS .et); an encrypted xlsx or a Word .doc is refused."""
    names = {n.lower() for n in streams}
    # An encrypted xlsx is an OLE2 container with these streams (MS-OFFCRYPTO).
    if "encryptioninfo" in names or "encryptedpackage" in names:
        raise Unreadable("encrypted")
    if "worddocument" in names:
        raise Unreadable("doc_old")
    return XLS
