"""New workbooks through XlsxWriter: one Format object per look (reused, never one per cell), the
table plan written with its merges, column widths and row heights that fit the wrapped labels, and
A4 print setup; the same bytes for the same content (fixed times)."""

from __future__ import annotations

import contextlib
import io
import math
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from decimal import Decimal

from ..base.marker import KINDS, PROPERTY
from ..base.xlsxzip import deterministic, fixed_time
from ..formats.schema import AMOUNT, BLOCKS, MONEY, Format
from .layout import CAPTION, GROUP, HEADER, NOTE, ROW, SECTION, SUBROW, TITLE, VALUE, Placed, Plan, display_width

# One CJK family throughout, as the official tables are set. Declared with the GB2312 character set
# and the "modern" family, the hints Excel, WPS and LibreOffice use to pick a Chinese substitute
# where 宋体 is not installed (an xlsx can name one font per cell, never a list).
FONT = "宋体"
SIZE = 10.5  # 五号
CHARSET = 134  # GB2312_CHARSET
FAMILY = 3
LINE = 13.5  # points one line of 五号 text takes in a row
PAD = 3.0  # points of air above and below a row's text
GRID_WIDTH = 9  # width of one print-grid column, in characters of the default font
MAX_AMOUNT_PLACES = 4  # 万元 to 4 places is one yuan

_BASE = {"font_name": FONT, "font_size": SIZE, "font_charset": CHARSET, "font_family": FAMILY}
_BOX = {"border": 1, "valign": "vcenter", "text_wrap": True}
LOOKS: dict[str, dict] = {
    TITLE: {"bold": True, "font_size": 12, "valign": "vcenter"},
    CAPTION: {**_BOX, "align": "center", "bold": True},
    HEADER: {**_BOX, "align": "center"},
    NOTE: {**_BOX, "align": "center"},
    SECTION: {**_BOX, "align": "center"},
    ROW: {**_BOX, "align": "left"},
    GROUP: {**_BOX, "align": "center"},
    SUBROW: {**_BOX, "align": "left"},
    VALUE: {"border": 1, "valign": "vcenter", "align": "center"},
}
BLOCK_ROW = {**_BOX, "align": "center"}  # table 二's row labels (规章 …) stand centred


class Book:
    """An XlsxWriter workbook, with its Format objects made once per look. `streaming`: a book with
    streamed sheets (streamed_sheet), whose parts are assembled in temporary files, not in memory (a
    sheet of 50,000 rows is some 55 MB of XML text); the other books are made in memory."""

    def __init__(self, title: str = "", subject: str = "", kind: str | None = None, streaming: bool = False):
        import xlsxwriter

        self.buffer = io.BytesIO()
        self.streaming = streaming
        # A streaming book's temporary files (the sheets' rows, the parts XlsxWriter assembles) in one
        # folder of its own, removed however the book ends; one a killed run left is swept later.
        self._tmp = _own_folder() if streaming else None
        self.wb = xlsxwriter.Workbook(self.buffer, {
            "in_memory": not streaming, "tmpdir": self._tmp,
            # Text from inputs (unit names, messages) stays text: never a formula, number or link.
            "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
            "default_format_properties": dict(_BASE),
        })
        self.wb.set_properties({"title": title, "subject": subject, "author": "disclosure-cli",
                                "created": fixed_time()})
        if kind is not None:  # a later run knows the tool's own workbooks (base.marker)
            assert kind in KINDS
            self.wb.set_custom_property(PROPERTY, kind)
        self._formats: dict[tuple, object] = {}
        self._streamed: list = []  # the streamed sheets, whose row files are closed however the book ends

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc) -> None:
        self.discard()

    def format(self, **props):
        """The one Format object with these properties (font and size added)."""
        key = tuple(sorted(props.items()))
        got = self._formats.get(key)
        if got is None:
            got = self._formats[key] = self.wb.add_format({**_BASE, **props})
        return got

    def sheet(self, name: str):
        return self.wb.add_worksheet(name)

    def streamed_sheet(self, name: str):
        """A sheet whose rows go to a temporary file as they are written, not into memory: a summary of
        50,000 units held every cell of its data sheets (535 MB). It is XlsxWriter's constant_memory
        mode for this sheet alone (the official tables' merges need the other sheets in memory): rows
        must be written in order, a row's height set before its cells, no merges; text is written in
        the cell (inline), not in the shared strings, which every spreadsheet reads alike."""
        if not self.streaming:
            raise ValueError("a streamed sheet needs Book(streaming=True)")
        ws = self.wb.add_worksheet(name)
        if not all(hasattr(ws, a) for a in ("constant_memory", "row_data_fh", "_write_single_row", "_opt_reopen")):
            return ws  # an XlsxWriter without the mode's machinery: the sheet is written in memory, whole
        fd, spool = tempfile.mkstemp(suffix=".xml", dir=self._tmp)
        os.close(fd)
        self._streamed.append(ws)
        # What Worksheet._initialize does when the workbook is in constant_memory mode; the packager
        # then flushes the last row and copies the file in (it reads each sheet's own flag).
        ws.row_data_filename = spool
        ws.row_data_fh = ws.fh = open(spool, "w+", encoding="utf-8")  # noqa: SIM115 - closed by the packager
        ws.constant_memory = True
        return ws

    def bytes(self) -> bytes:
        """The workbook, every part dated fixed_time() (XlsxWriter dates parts it assembled in files
        31 January 1980, in memory 1 January: either way not what SOURCE_DATE_EPOCH asks)."""
        try:
            self.wb.close()
        finally:
            self.discard()
        return deterministic(self.buffer.getvalue())

    def discard(self) -> None:
        """Remove what the book left on disk (after bytes(), or when writing failed)."""
        for ws in self._streamed:
            with contextlib.suppress(OSError):
                ws.row_data_fh.close()  # closed already when the book was written
        self._streamed.clear()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)


_TMP_PREFIX = "disclosure-xlsx-"
_STALE_TMP = 6 * 3600  # seconds: a folder this old belongs to no live run (a summary of 50,000 units takes 40 s)


def _own_folder() -> str:
    """A new temporary folder for one book, after removing the stale ones of runs that were killed."""
    base = tempfile.gettempdir()
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(base):
            if entry.name.startswith(_TMP_PREFIX) and entry.is_dir(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    if now - entry.stat(follow_symlinks=False).st_mtime > _STALE_TMP:
                        shutil.rmtree(entry.path, ignore_errors=True)
    return tempfile.mkdtemp(prefix=_TMP_PREFIX)


def places(value) -> int:
    """Decimal places a number is written with (12.30 -> 1, 12 -> 0), at most MAX_AMOUNT_PLACES."""
    if isinstance(value, Decimal):
        exp = value.normalize().as_tuple().exponent
        return min(MAX_AMOUNT_PLACES, max(0, -exp)) if isinstance(exp, int) else 0
    return 0


def number_format(kind: str, value=None) -> str:
    """Counts as whole numbers; 万元 amounts with the places they have (up to 4), or 0.00## when
    the cell is empty (a template)."""
    if kind not in (AMOUNT, MONEY):
        return "0"
    if value is None:
        return "0.00##"
    n = places(value)
    return "0" if n == 0 else "0." + "0" * n


def write_number(ws, r: int, c: int, value, fmt) -> None:
    """An exact int or Decimal as a number cell (0-based r, c)."""
    ws.write_number(r, c, float(value) if isinstance(value, Decimal) else value, fmt)


# -- the tables plan ----------------------------------------------------------------------------------


def label_format(book: Book, fmt: Format, p: Placed):
    if p.role == ROW and fmt.has_table(p.table) and fmt.table(p.table).shape == BLOCKS:
        return book.format(**BLOCK_ROW)
    return book.format(**LOOKS[p.role])


def write_plan(book: Book, ws, plan: Plan, fmt: Format,
               value: Callable[[Placed], tuple[object, object]] | None = None) -> None:
    """Every placed cell, merged as planned. `value(p)` gives a value cell's (content, Format):
    by default its number in the look of its kind, blank when unknown; content "=…" is a formula."""
    for p in plan.cells:
        if p.role == VALUE:
            content, look = value(p) if value is not None else default_value(book, fmt, p)
        else:
            content, look = p.value, label_format(book, fmt, p)
        _put(ws, p, content, look)


def default_value(book: Book, fmt: Format, p: Placed):
    kind = fmt.kind(*p.key) if p.key is not None else "count"
    return p.value, book.format(**LOOKS[VALUE], num_format=number_format(kind, p.value))


def _put(ws, p: Placed, content, look) -> None:
    r, c, r1, c1 = p.r - 1, p.c - 1, p.r1 - 1, p.c1 - 1
    if p.merged:
        ws.merge_range(r, c, r1, c1, "", look)
    if isinstance(content, str) and content.startswith("=") and p.role == VALUE:
        # No cached result: the spreadsheet computes it on opening, and a reader sees "not computed"
        # (W103), never a 0 the formula did not produce.
        ws.write_formula(r, c, content, look, "")
    elif isinstance(content, str):
        ws.write_string(r, c, content, look)
    elif isinstance(content, (int, Decimal)) and not isinstance(content, bool):
        write_number(ws, r, c, content, look)
    elif not p.merged:
        ws.write_blank(r, c, None, look)


# -- widths and heights ---------------------------------------------------------------------------------


def lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a cell `width` characters wide (CJK characters count 2)."""
    room = max(1.0, width - 1.0)
    return sum(max(1, math.ceil(display_width(part) / room)) for part in str(text).split("\n"))


def fit_heights(ws, cells: Sequence[tuple[int, int, int, int, object]], widths: Sequence[float],
                minimum: float = LINE + PAD, scale: float = 1.0) -> dict[int, float]:
    """Set row heights (points) that fit every wrapped text; `cells` are (r, c, r1, c1, text), 1-based
    and inclusive, `widths` the column widths from column 1. A text merged over several rows gets
    the height it lacks added to those rows evenly. Returns the heights set."""
    heights: dict[int, float] = {}
    tall = []
    for r, c, r1, c1, text in cells:
        if text is None or text == "":
            continue
        need = lines(str(text), sum(widths[c - 1:c1])) * LINE * scale + PAD
        if r1 > r:
            tall.append((r, r1, need))
        else:
            heights[r] = max(heights.get(r, minimum), need)
    for r, r1, need in tall:
        rows = range(r, r1 + 1)
        have = sum(heights.get(x, minimum) for x in rows)
        if have < need:
            extra = (need - have) / len(rows)
            for x in rows:
                heights[x] = heights.get(x, minimum) + extra
    for r, h in sorted(heights.items()):
        ws.set_row(r - 1, round(h, 1))
    return heights


def plan_heights(ws, plan: Plan, widths: Sequence[float]) -> dict[int, float]:
    return fit_heights(ws, [(p.r, p.c, p.r1, p.c1, p.value) for p in plan.cells if isinstance(p.value, str)],
                       widths)


def set_widths(ws, widths: Sequence[float]) -> None:
    for i, w in enumerate(widths):
        ws.set_column(i, i, w)


def text_widths(headers: Sequence[str], rows: Sequence[Sequence], minimum: int = 6,
                maximum: Sequence[int] | int = 40, sample: int = 500) -> list[int]:
    """Column widths that fit the header and the body (the first `sample` rows), within bounds."""
    caps = list(maximum) if not isinstance(maximum, int) else [maximum] * len(headers)
    out = []
    body = rows[:sample]  # once: rows may be made as they are asked for (render.xlsx.UnitRows)
    for i, head in enumerate(headers):
        widest = max([display_width(str(head))] + [display_width(_shown(row[i])) for row in body
                                                    if i < len(row) and row[i] is not None])
        out.append(max(minimum, min(caps[i], widest + 2)))
    return out


def _shown(v) -> str:
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


# -- print setup ---------------------------------------------------------------------------------------


def footer_text(unit: str | None, page: str) -> str:
    """'&L<unit>&R<page>': the unit on the left (its & doubled, as headers and footers need), the page
    words on the right; within the 255 characters Excel allows."""
    left = (unit or "").replace("&", "&&")[:120]
    return f"&L&9{left}&R&9{page}"


def print_setup(ws, footer: str, repeat: tuple[int, int] | None = None, landscape: bool = True,
                breaks: Sequence[int] = ()) -> None:
    """A4, landscape (or portrait), one page wide, margins, the footer; `repeat`: the header rows
    (1-based, inclusive) printed on every page; `breaks`: rows (1-based) a new page starts at."""
    ws.set_paper(9)  # A4
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.45, bottom=0.6)
    ws.center_horizontally()
    ws.set_footer(footer, {"margin": 0.25})
    if repeat is not None:
        ws.repeat_rows(repeat[0] - 1, repeat[1] - 1)
    if breaks:
        ws.set_h_pagebreaks([b - 1 for b in breaks])
