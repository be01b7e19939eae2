"""Stage 3: inputs — finding the files, proving them safe, and reading each kind into sheets of cells.

`open_book` is the one entry: it sniffs the bytes (never trusting the name) and hands them to the
reader for their kind — python-calamine for every workbook kind (calamine), python-docx for Word
(word), BeautifulSoup for web pages (web), pdfplumber for PDFs with a text layer (pdf), the csv module for
text (text); documents become books
(documents). The stages above see only Books of Sheets."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..base.lazy import lazy_names
from .book import Book, Sheet, Unreadable
from .calamine import IsDocument, read_workbook
from .memzip import PartsCache
from .preflight import MAX_FILE_BYTES
from .sniff import sniff

if TYPE_CHECKING:  # the document model is loaded with the first document read (start-up of a workbook check)
    from .document import Document

__all__ = ["Book", "Document", "PartsCache", "Sheet", "Unreadable", "open_book", "open_input", "read_bytes"]
__getattr__ = lazy_names(__name__, {"Document": "document"})


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes, opened read-only (inputs are never modified); Unreadable when missing or too large.
    Read with the system calls themselves: a file object and its buffer cost more than reading a form's
    9 KB (28 against 15 µs a file in a run)."""
    try:
        fd = os.open(path, os.O_RDONLY | _O_BINARY)
    except (OSError, ValueError):  # ValueError: a NUL in the name
        raise Unreadable("missing") from None
    try:
        size = os.fstat(fd).st_size
        if size > MAX_FILE_BYTES:
            raise Unreadable("too_large")
        # Its size and a byte more, then on to the end (a read may return less than asked; a file that grew
        # since, or has no size, a pipe, is read on to the limit and no further).
        pieces, got = [], 0
        want = size + 1
        while got <= MAX_FILE_BYTES:
            piece = os.read(fd, min(want, MAX_FILE_BYTES + 1 - got))
            if not piece:
                break
            pieces.append(piece)
            got += len(piece)
            want = max(want - len(piece), 1 << 16)
    except OSError:
        raise Unreadable("missing") from None
    finally:
        os.close(fd)
    if got > MAX_FILE_BYTES:  # grown since the size was looked at
        raise Unreadable("too_large")
    return b"".join(pieces)  # one piece: that bytes object itself, not a copy


_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


def open_book(path: str | Path, data: bytes | None = None, cache: PartsCache | None = None) -> Book:
    """Every sheet of one input as a grid; Unreadable with the E003 reason for anything else. The
    document readers (python-docx, BeautifulSoup, pdfplumber) are imported only when a document is read."""
    return open_input(path, data, cache)[0]


def open_input(path: str | Path, data: bytes | None = None, cache: PartsCache | None = None
               ) -> tuple[Book, Document | None]:
    """open_book, and the document a Word file, web page, PDF or text was read as (None for a workbook):
    audit reads its paragraphs."""
    if data is None:
        data = read_bytes(path)
    source = os.fspath(path)
    kind = sniff(data[:4096])
    if kind in ("zip", "ole"):
        try:
            return read_workbook(source, data, kind, cache), None
        except IsDocument:
            kind = "docx"
    from .documents import book_of

    doc = read_document(kind, data, source)
    return book_of(source, doc), doc


def read_document(kind: str, data: bytes, source: str) -> Document:
    """The document reader for the kind sniff() found."""
    if kind == "docx":
        from .word import read_docx

        return read_docx(data)
    if kind == "html":
        from .web import read_html

        return read_html(data)
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(data)
    from .text import read_text

    return read_text(data, name=source)
