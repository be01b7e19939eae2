"""A PDF page's characters as lines, paragraphs and table grids (the layout half of the PDF reader, pdf)."""

from __future__ import annotations

import math
import re
import statistics
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from pdfplumber.utils import cluster_objects

from .document import Paragraph, TableBlock

Char = dict[str, Any]  # a pdfplumber char object
BBox = tuple[float, float, float, float]  # x0, top, x1, bottom (top-down, points)

_LINE_Y_TOLERANCE: Final = 3.0  # pdfplumber's own default for grouping chars into lines
_WORD_GAP: Final = 0.25  # em; a larger gap between two non-CJK chars is a word space
_DEDUPE_TOLERANCE: Final = 1.0  # pt; pdfplumber's default for overprinted duplicate chars
_MIN_COLUMN: Final = 10  # em; narrower text columns never merge lines

WS = re.compile(r"\s+")


def _fold_table() -> dict[int, str | None]:
    # Some producers' ToUnicode maps ideographs to the look-alike Kangxi radicals
    # (⼀ U+2F00 for 一) or compatibility ideographs, which defeats any text match;
    # their NFKC/NFC forms are the ordinary ideographs. Full-width punctuation is
    # left alone (NFKC would turn ， into ,). Control characters (from unmapped
    # glyph codes) are dropped.
    table: dict[int, str | None] = {code: None for code in (*range(0x20), 0x7F) if not chr(code).isspace()}
    blocks: tuple[tuple[int, int, Literal["NFC", "NFKC"]], ...] = ((0x2E80, 0x2FDF, "NFKC"), (0xF900, 0xFAFF, "NFC"))
    for start, end, form in blocks:
        for code in range(start, end + 1):
            folded = unicodedata.normalize(form, chr(code))
            if len(folded) == 1 and folded != chr(code):
                table[code] = folded
    return table


FOLD: Final = _fold_table()
_CLOSERS: Final = "”’）)」』】》〉\"'"
_TERMINATORS: Final = "。！？；：.!?;:"
# A line that starts like a heading or list item starts a new paragraph: 一、 （一） (1) 1. 1、
# Page numbers: "- 3 -", "— 3 —", "3", "第3页", "第3页 共5页", "3/5".
_PAGE_NUMBER = re.compile(
    r"[-—–－\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[-—–－\s]*"
)
_MARGIN_BAND: Final = 0.12  # of the page height: where headers and footers sit
_HEADING = re.compile(r"(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百\d]+[)）]|\d+[.、．](?!\d))")


@dataclass
class Line:
    """One visual line of body text."""

    text: str
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    page_width: float


@dataclass
class TableItem:
    page: int
    top: float
    grid: list[list[str]]
    merges: list[tuple[tuple[int, int], tuple[int, int]]]


def dedupe(chars: list[Char]) -> list[Char]:
    """Drop overprinted copies of a glyph (same text within 1 pt), as 'fake bold' produces.

    pdfplumber's dedupe_chars does the same but is quadratic (it re-sorts with list.index);
    buckets of the tolerance's size keep this linear.
    """
    tol = _DEDUPE_TOLERANCE
    seen: dict[tuple[str, int, int], list[Char]] = {}
    kept: list[Char] = []
    for char in chars:
        gx, gy = int(char["x0"] // tol), int(char["top"] // tol)
        text = char["text"]
        duplicate = any(
            abs(other["x0"] - char["x0"]) <= tol and abs(other["top"] - char["top"]) <= tol
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for other in seen.get((text, gx + dx, gy + dy), ())
        )
        if not duplicate:
            kept.append(char)
            seen.setdefault((text, gx, gy), []).append(char)
    return kept


def group_lines(chars: list[Char]) -> list[list[Char]]:
    """Chars grouped into visual lines (by top), top to bottom, each sorted left to right."""
    if not chars:
        return []
    lines = cluster_objects(chars, "top", _LINE_Y_TOLERANCE)
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def is_cjk(ch: str) -> bool:
    """True for CJK ideographs, kana, CJK and full-width punctuation: scripts without word spaces."""
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF  # radicals, CJK symbols/punctuation, kana, bopomofo, Ext A, URO
        or 0xF900 <= o <= 0xFAFF  # compatibility ideographs
        or 0xFE30 <= o <= 0xFE4F  # compatibility forms
        or 0xFF00 <= o <= 0xFFEF  # half- and full-width forms (，：（）１ …)
        or 0x20000 <= o <= 0x3FFFF  # Ext B and beyond
        or ch in "“”‘’—…"  # set full-width in Chinese text
    )


def _line_text(chars: Sequence[Char]) -> str:
    """Text of one line: a space only where the PDF has one, or between non-CJK words.

    Chinese producers place glyphs one by one and justify lines with extra spacing, so
    a gap between two CJK glyphs (or a CJK glyph and a digit, Word's autospace) is
    layout, not a space; pdfplumber's extract_text would insert ' ' at every such gap.
    """
    out: list[str] = []
    prev: Char | None = None
    for char in chars:
        text = char["text"]
        if prev is not None and not text.isspace() and not prev["text"].isspace():
            gap = char["x0"] - prev["x1"]
            if gap > _WORD_GAP * prev["size"] and not (is_cjk(prev["text"][-1]) or is_cjk(text[0])):
                out.append(" ")
        out.append(text)
        prev = char
    return WS.sub(" ", "".join(out)).strip().translate(FOLD)


def make_line(chars: Sequence[Char], page: int, page_width: float) -> Line | None:
    text = _line_text(chars)
    ink = [c for c in chars if not c["text"].isspace()]  # indentation may be made of spaces
    if not text or not ink:
        return None
    return Line(
        text=text,
        page=page,
        top=min(c["top"] for c in chars),
        bottom=max(c["bottom"] for c in chars),
        x0=min(c["x0"] for c in ink),
        x1=max(c["x1"] for c in ink),
        size=float(statistics.median(c["size"] for c in ink)),
        page_width=page_width,
    )


def is_page_number(line: Line, page_height: float) -> bool:
    in_band = line.bottom < _MARGIN_BAND * page_height or line.top > (1 - _MARGIN_BAND) * page_height
    return in_band and _PAGE_NUMBER.fullmatch(line.text) is not None


def join_text(left: str, right: str) -> str:
    """Join two pieces of one paragraph or cell: no space where either side is CJK (or both digits)."""
    if not left or not right:
        return left + right
    a, b = left[-1], right[0]
    if is_cjk(a) or is_cjk(b) or (a.isdigit() and b.isdigit()):
        return left + right
    return f"{left} {right}"


def _nearest(bounds: list[float], value: float) -> int:
    i = bisect_right(bounds, value)
    if i == 0:
        return 0
    if i == len(bounds) or value - bounds[i - 1] <= bounds[i] - value:
        return i - 1
    return i


def _bounds(values: Iterable[float], tolerance: float = 0.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def table_grid(
    cells: list[BBox], chars: list[Char]
) -> tuple[list[list[str]], list[tuple[tuple[int, int], tuple[int, int]]]]:
    """Grid and merges of one table from pdfplumber's cell rectangles.

    Rule: the grid's column (row) boundaries are all distinct cell x0/x1 (top/bottom)
    values; a cell spanning k boundaries spans k+1 columns (rows). This is what the
    None cells of Table.extract() encode (a None right of a cell extends it to the
    right, one below it extends it down), but read from the rectangles themselves, so
    a 2x2 merge or a hole in the ruling cannot be misread. The text goes to the
    top-left position, '' to the covered ones; positions no cell covers are '' and
    unmerged. Chars are assigned by their centre; several lines in a cell are joined
    like wrapped paragraph lines (a PDF cannot tell a wrap from a line break).
    """
    xs = _bounds(v for c in cells for v in (c[0], c[2]))
    ys = _bounds(v for c in cells for v in (c[1], c[3]))
    n_rows, n_cols = max(len(ys) - 1, 1), max(len(xs) - 1, 1)
    owner: list[list[int | None]] = [[None] * n_cols for _ in range(n_rows)]
    spans: list[tuple[int, int, int, int]] = []
    for x0, top, x1, bottom in sorted(cells, key=lambda c: (c[1], c[0])):
        r0, c0 = _nearest(ys, top), _nearest(xs, x0)
        r1, c1 = _nearest(ys, bottom) - 1, _nearest(xs, x1) - 1
        if r1 < r0 or c1 < c0:
            continue  # degenerate rectangle
        area = [(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]
        if any(owner[r][c] is not None for r, c in area):
            continue  # overlaps an earlier cell; the earlier one keeps the positions
        for r, c in area:
            owner[r][c] = len(spans)
        spans.append((r0, c0, r1, c1))
    cell_chars: list[list[Char]] = [[] for _ in spans]
    for char in chars:
        cx, cy = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        r, c = bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1
        if 0 <= r < n_rows and 0 <= c < n_cols and (cell := owner[r][c]) is not None:
            cell_chars[cell].append(char)
    grid = [[""] * n_cols for _ in range(n_rows)]
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for (r0, c0, r1, c1), own in zip(spans, cell_chars, strict=True):
        text = ""
        for line in group_lines(own):
            text = join_text(text, _line_text(line))
        grid[r0][c0] = text
        if (r0, c0) != (r1, c1):
            merges.append(((r0, c0), (r1, c1)))
    return grid, merges


def _margins(lines: list[Line]) -> dict[int, tuple[float, float]]:
    """Left and right text edge per page width (portrait and landscape pages differ)."""
    edges: dict[int, tuple[float, float]] = {}
    for line in lines:
        key = round(line.page_width)
        left, right = edges.get(key, (math.inf, -math.inf))
        edges[key] = (min(left, line.x0), max(right, line.x1))
    return edges


def _continues(prev: Line, nxt: Line, margins: dict[int, tuple[float, float]]) -> bool:
    """Whether nxt is the wrapped continuation of prev (see _blocks for the rule)."""
    size = max(prev.size, nxt.size)
    if abs(prev.size - nxt.size) > 0.5:
        return False
    if nxt.page == prev.page:
        if nxt.top <= prev.top or nxt.top - prev.bottom > 2 * size:
            return False
    elif nxt.page != prev.page + 1:
        return False
    left = margins[round(nxt.page_width)][0]
    right = margins[round(prev.page_width)][1]
    if right - left < _MIN_COLUMN * size:
        return False  # only short lines: "reaching the right edge" would mean nothing
    if prev.x1 < right - 2 * size or nxt.x0 > left + 0.5 * size:
        return False
    tail = prev.text.rstrip(_CLOSERS)[-1:]
    if tail and tail in _TERMINATORS:
        return False
    return _HEADING.match(nxt.text) is None


def blocks(items: list[Line | TableItem]) -> list[Paragraph | TableBlock]:
    """Turn page items into numbered blocks, merging wrapped lines into paragraphs.

    A line continues the paragraph before it when the previous line runs to the right
    text edge (within 2 em), this one starts at the left edge (within 0.5 em: no
    first-line indent), both have the same font size, the previous one does not end
    a sentence (。！？；：.!?; and :, closing quotes ignored) and this one does not
    start like a heading (一、 （一） 1.). The edges are the extremes of all lines on
    pages of the same width, at least 10 em apart. The two lines follow each other
    on a page (at most 2 em apart), or are the last and first lines of consecutive
    pages; a table between them always ends the paragraph. The leading lines of the
    document in its largest font (when larger than the body's median) are joined
    into one paragraph with style 'title'.
    """
    lines = [item for item in items if isinstance(item, Line)]
    margins = _margins(lines)
    title: list[Line] = []
    if lines:
        biggest = max(line.size for line in lines)
        if biggest >= statistics.median(line.size for line in lines) + 1:
            for item in items:
                if not isinstance(item, Line) or item.page != 1 or item.size < biggest - 0.5:
                    break
                title.append(item)
    blocks: list[Paragraph | TableBlock] = []
    tables = 0
    if title:
        text = ""
        for line in title:
            text = join_text(text, line.text)
        blocks.append(Paragraph(index=0, text=text, style="title", page=1))
    current: Line | None = None  # last line of the open paragraph
    pending: list[str] = []
    start_page = 0

    def flush() -> None:
        nonlocal current, pending
        if pending:
            text = ""
            for part in pending:
                text = join_text(text, part)
            blocks.append(Paragraph(index=len(blocks), text=text, page=start_page))
        current, pending = None, []

    for item in items[len(title) :]:
        if isinstance(item, TableItem):
            flush()
            tables += 1
            blocks.append(TableBlock(len(blocks), tables, item.grid, item.merges, page=item.page))
        elif current is not None and _continues(current, item, margins):
            pending.append(item.text)
            current = item
        else:
            flush()
            current, pending, start_page = item, [item.text], item.page
    flush()
    return blocks
