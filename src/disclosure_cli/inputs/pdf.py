"""Read a text-layer PDF into paragraphs and ruled tables with pdfplumber, within hard limits."""

from __future__ import annotations

import io
import itertools
import logging
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1
from pdfminer.utils import decode_text
from pdfplumber.page import Page
from pdfplumber.pdf import PDF
from pdfplumber.table import (
    Table,
    TableFinder,
    TableSettings,
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
)
from pdfplumber.utils.exceptions import PdfminerException

from .book import Unreadable
from .document import Document
from .pdftext import (
    FOLD,
    WS,
    BBox,
    Char,
    Line,
    TableItem,
    blocks,
    dedupe,
    group_lines,
    is_page_number,
    make_line,
    table_grid,
)


@dataclass(frozen=True)
class Limits:
    """Resource limits; every one is enforced, the defaults are the production values."""

    max_bytes: int = 64 * 1024 * 1024
    max_pages: int = 300
    max_seconds: float = 20.0  # wall time for the whole read, checked between pages
    max_tables: int = 500
    # pdfminer interprets a page's content in one go, with no way to stop it midway;
    # capping the decoded content of a page bounds that one uninterruptible step.
    max_page_content: int = 8 * 1024 * 1024
    # Decoded content streams stay cached by pdfminer until the read ends.
    max_total_content: int = 256 * 1024 * 1024
    # pdfplumber's table finder is quadratic in ruling edges and again in their
    # intersections; past either cap a page (a vector chart, say) is read as text only.
    max_edges_per_page: int = 3000
    max_intersections_per_page: int = 3000
    min_text_chars: int = 20  # fewer non-space chars over all pages: a scan


DEFAULT_LIMITS: Final = Limits()
# Every reason read_pdf gives (messages/reasons.py words each for E003).
REASONS: Final = frozenset({"empty", "too_large", "truncated", "encrypted", "scanned", "parse", "timeout"})

_HEADER_WINDOW: Final = 1024  # junk allowed before %PDF-, as Acrobat allows
_EOF_WINDOW: Final = 1024  # %%EOF must be in the last 1 KB, as Acrobat requires
_TABLE_SETTINGS: Final = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_DETAIL_MAX: Final = 200

def read_pdf(data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read PDF bytes into a Document, or raise Unreadable; never any other exception."""
    # pdfminer logs every oddity of a damaged file as a warning on stderr: the finding says it once.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    deadline = time.monotonic() + limits.max_seconds
    try:
        body = _check_bytes(data, limits)
        return _read(body, limits, deadline)
    except Unreadable:
        raise
    except PdfminerException as exc:
        # pdfplumber wraps pdfminer's errors; judge the original one.
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        raise _classify(cause) from exc
    except Exception as exc:  # includes MemoryError and RecursionError
        raise _classify(exc) from exc


def _classify(exc: BaseException) -> Unreadable:
    if isinstance(exc, PDFPasswordIncorrect):
        return Unreadable("encrypted", detail="password required")
    if isinstance(exc, PDFEncryptionError):
        return Unreadable("encrypted", detail=_detail(exc))
    if isinstance(exc, MemoryError):
        return Unreadable("too_large", detail="memory")
    if isinstance(exc, RecursionError):
        return Unreadable("parse", detail="objects nested too deeply")
    return Unreadable("parse", detail=_detail(exc))


def _detail(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return text[:_DETAIL_MAX]


def _check_bytes(data: bytes, limits: Limits) -> bytes:
    """Cheap checks before any parsing; return the bytes from the %PDF- header on."""
    if len(data) > limits.max_bytes:
        raise Unreadable("too_large", detail="bytes", limit=limits.max_bytes, actual=len(data))
    if not data.strip():
        raise Unreadable("empty")
    start = data.find(b"%PDF-", 0, _HEADER_WINDOW + 5)
    if start < 0:
        raise Unreadable("parse", detail="no %PDF- header in the first 1 KB")
    # A download cut short loses the trailer; pdfminer would then rebuild the xref
    # from whatever objects remain and silently return a partial document.
    if b"%%EOF" not in data.rstrip(b"\x00\t\n\r\f ")[-_EOF_WINDOW:]:
        raise Unreadable("truncated", detail="no %%EOF at the end")
    # Offsets in the file count from the header, so junk before it must go.
    return data[start:]


def _check_time(deadline: float, limits: Limits, page: int) -> None:
    if time.monotonic() > deadline:
        raise Unreadable("timeout", limit=limits.max_seconds, page=page)


@dataclass
class _Tally:
    tables: int = 0
    chars: int = 0
    content: int = 0
    items: list[Line | TableItem] = field(default_factory=list)


def _read(data: bytes, limits: Limits, deadline: float) -> Document:
    pdf = PDF(io.BytesIO(data))
    _check_time(deadline, limits, 0)
    # Walk the page tree lazily and stop one past the limit, so a huge page count
    # costs no more than max_pages + 1 page dictionaries.
    page_objs = list(itertools.islice(PDFPage.create_pages(pdf.doc), limits.max_pages + 1))
    if len(page_objs) > limits.max_pages:
        raise Unreadable("too_large", detail="pages", limit=limits.max_pages)
    if not page_objs:
        raise Unreadable("empty", detail="no pages")
    _check_time(deadline, limits, 0)
    tally = _Tally()
    doctop = 0.0
    for number, page_obj in enumerate(page_objs, start=1):
        _check_time(deadline, limits, number)
        _check_content_size(page_obj, limits, number, tally)
        # Built one at a time (not pdf.pages, which builds all) and closed after use.
        page = Page(pdf, page_obj, page_number=number, initial_doctop=doctop)
        doctop += float(page.height)
        _read_page(page, limits, tally)
        page.close()
    _check_time(deadline, limits, len(page_objs))
    if tally.chars < limits.min_text_chars:
        raise Unreadable("scanned", pages=len(page_objs), chars=tally.chars)
    return Document(kind="pdf", blocks=blocks(tally.items), title=_title(pdf))


def _check_content_size(page_obj: PDFPage, limits: Limits, number: int, tally: _Tally) -> None:
    total = 0
    for stream in page_obj.contents:
        get_data = getattr(stream, "get_data", None)
        if get_data is not None:  # decoding now costs nothing extra: pdfminer caches it
            total += len(get_data())
    if total > limits.max_page_content:
        raise Unreadable("too_large", detail="page_content", limit=limits.max_page_content, page=number)
    tally.content += total
    if tally.content > limits.max_total_content:
        raise Unreadable("too_large", detail="content", limit=limits.max_total_content, page=number)


def _title(pdf: PDF) -> str | None:
    raw: object = None
    for info in pdf.doc.info:  # a later (incremental update) Info wins, as in pdfplumber
        if isinstance(info, dict) and "Title" in info:
            raw = resolve1(info["Title"])
    if isinstance(raw, bytes):
        title = _decode_pdf_string(raw)
    elif isinstance(raw, str):
        title = raw
    else:
        return None
    title = WS.sub(" ", title.translate(FOLD)).strip()
    return title or None


def _decode_pdf_string(raw: bytes) -> str:
    """A text string: UTF-16 with BOM, UTF-8 with BOM (PDF 2.0), else PDFDocEncoding.

    Bare UTF-8 is not valid PDF, but some Chinese producers write the Title that way;
    pdfplumber's metadata would turn it into Latin mojibake.
    """
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    if raw.startswith(b"\xff\xfe"):
        return raw[2:].decode("utf-16-le", "replace")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return decode_text(raw)


def _usable(char: Char) -> bool:
    # Rotated glyphs are mostly diagonal watermarks; non-finite boxes come from broken files.
    return (
        bool(char.get("upright"))
        and isinstance(char.get("text"), str)
        and char["text"] != ""
        and all(
            isinstance(char.get(k), (int, float)) and math.isfinite(char[k])
            for k in ("x0", "x1", "top", "bottom", "size")
        )
    )


def _read_page(page: Page, limits: Limits, tally: _Tally) -> None:
    chars = dedupe([c for c in page.chars if _usable(c)])
    tally.chars += sum(1 for c in chars if not c["text"].isspace() and not c["text"].startswith("(cid:"))
    tables = _find_tables(page, limits)
    if tally.tables + len(tables) > limits.max_tables:
        raise Unreadable("too_large", detail="tables", limit=limits.max_tables)
    tally.tables += len(tables)
    boxes = [_bbox(t.bbox) for t in tables]
    in_table: list[list[Char]] = [[] for _ in tables]
    body: list[Char] = []
    for char in chars:
        cx, cy = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        for i, (x0, top, x1, bottom) in enumerate(boxes):
            if x0 <= cx < x1 and top <= cy < bottom:
                in_table[i].append(char)  # table text never reaches the paragraphs
                break
        else:
            body.append(char)
    number = page.page_number
    items: list[Line | TableItem] = []
    for table, box, table_chars in zip(tables, boxes, in_table, strict=True):
        grid, merges = table_grid([_bbox(c) for c in table.cells], table_chars)
        items.append(TableItem(number, box[1], grid, merges))
    width, height = float(page.width), float(page.height)
    for line_chars in group_lines(body):
        line = make_line(line_chars, number, width)
        # A page number would split every paragraph that runs over a page break.
        if line is not None and not is_page_number(line, height):
            items.append(line)
    items.sort(key=lambda item: item.top)
    tally.items.extend(items)


def _bbox(box: Sequence[float]) -> BBox:
    x0, top, x1, bottom = box
    return float(x0), float(top), float(x1), float(bottom)


class _BoundedTableFinder(TableFinder):
    """pdfplumber's TableFinder, stopping before the steps that would blow the limits.

    Same steps as TableFinder.__init__ (pdfplumber 0.11): merged edges, intersections,
    cells, tables; intersections_to_cells is quadratic in the intersections.
    """

    def __init__(self, page: Page, limits: Limits) -> None:
        self.page = page
        self.settings = TableSettings.resolve(_TABLE_SETTINGS)
        self.edges = self.get_edges()
        self.intersections = {}
        self.cells = []
        self.tables = []
        if len(self.edges) > limits.max_edges_per_page:
            return
        self.intersections = edges_to_intersections(
            self.edges, self.settings.intersection_x_tolerance, self.settings.intersection_y_tolerance
        )
        if len(self.intersections) > limits.max_intersections_per_page:
            return
        self.cells = intersections_to_cells(self.intersections)
        self.tables = [Table(self.page, group) for group in cells_to_tables(self.cells)]


def _find_tables(page: Page, limits: Limits) -> list[Table]:
    """Ruled tables on the page ('lines' strategy: drawn lines and rectangle edges)."""
    return _BoundedTableFinder(page, limits).tables


