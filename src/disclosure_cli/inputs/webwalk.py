"""Walking a parsed web page: text as paragraphs in reading order, tables with rowspan/colspan expanded."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PageElement, PreformattedString, Tag

from .doclimits import (
    MAX_COLS,
    MAX_ROWS,
    TableBudget,
    check_cols,
    check_rows,
)
from .document import Block, Merge, Paragraph, TableBlock

# Subtrees whose text is not part of the page as a reader sees it.
_SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "iframe", "object",
     "embed", "select", "textarea"}
)  # fmt: skip
_HEADINGS = {f"h{level}": f"h{level}" for level in range(1, 7)}
# Elements that start and end a line of text (CSS display: block and kin).
_BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
     "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
     "footer", "form", "header", "hgroup", "hr", "html", "legend", "li", "listing", "main",
     "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
     "th", "thead", "tr", "ul", "xmp", *_HEADINGS}
)  # fmt: skip
_SECTIONS = {"thead": 0, "tbody": 1, "tfoot": 2}
# HTML collapses only these; no-break (U+00A0) and full-width (U+3000) spaces are kept.
_COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")
_SPAN_VALUE = re.compile(r"[ \t\n\r\f]*\+?([0-9]{1,6})")
# Layout room for over-long colspans; columns where no cell starts are dropped afterwards.
_LAYOUT_COLS = 10 * MAX_COLS


def collapse(text: str) -> str:
    return _COLLAPSIBLE.sub(" ", text).strip(" ")


def _hidden(tag: Tag) -> bool:
    """True for the hidden attribute or an inline display:none."""
    if "hidden" in tag.attrs:
        return True
    style = tag.attrs.get("style")
    if not style:
        return False
    for declaration in str(style).split(";"):
        prop, _, value = declaration.partition(":")
        if prop.strip().lower() == "display":
            if value.replace("!important", "").strip().lower() == "none":
                return True
    return False


def _span(tag: Tag, name: str) -> int | None:
    """The HTML "non-negative integer" in a span attribute; None when absent or invalid.

    Like browsers, leading digits count ("2px" is 2); the digit count is capped so absurd
    values stay cheap and clamp later.
    """
    value = tag.attrs.get(name)
    if value is None:
        return None
    digits = _SPAN_VALUE.match(str(value))
    return int(digits.group(1)) if digits else None


# --- walking --------------------------------------------------------------------------


class _Lines:
    """Text gathered into lines; whitespace collapses inside a line as a browser shows it."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []

    def add(self, text: str) -> None:
        self.current.append(text)

    def soft_break(self) -> None:
        """End the line if it holds anything visible (a block boundary)."""
        line = collapse("".join(self.current))
        if line:
            self.lines.append(line)
        self.current.clear()

    def hard_break(self) -> None:
        """End the line even if empty (<br>, or a newline inside <pre>)."""
        self.lines.append(collapse("".join(self.current)))
        self.current.clear()

    def take(self) -> str:
        """The text so far, without leading or trailing empty lines; then start afresh."""
        self.soft_break()
        text = "\n".join(self.lines).strip("\n")
        self.lines.clear()
        return text


@dataclass
class _Flow:
    """Text outside any table: each block boundary ends a paragraph."""

    lines: _Lines = field(default_factory=_Lines)
    headings: list[str] = field(default_factory=list)
    start: int | None = None  # walk position of the paragraph's first text


@dataclass
class _Cell:
    lines: _Lines
    rowspan: int | None
    colspan: int | None


@dataclass
class _Table:
    key: int  # walk position of <table>
    section: int = 1
    rows: list[tuple[int, list[_Cell]]] = field(default_factory=list)  # (section, cells)
    in_row: bool = False
    # Captions and stray text inside <table> but outside cells; browsers show the latter
    # before the table ("foster parenting").
    loose: _Lines = field(default_factory=_Lines)


_Context = _Flow | _Table | _Cell


@dataclass
class _PendingParagraph:
    text: str
    style: str | None


@dataclass
class _PendingTable:
    grid: list[list[str]]
    merges: list[Merge]


# Blocks wait for their final index under a sort key: (walk position, 0 before 1), so a
# table's caption and stray text come just before it.
_Pending = tuple[tuple[int, int], _PendingParagraph | _PendingTable]


class Walker:
    """One iterative pass over the tree, routing text to paragraphs or table cells."""

    def __init__(self) -> None:
        self.flow = _Flow()
        self.contexts: list[_Context] = [self.flow]
        self.pending: list[_Pending] = []
        self.position = 0
        self.pre_depth = 0
        self.budget = TableBudget()

    def run(self, soup: BeautifulSoup) -> list[Block]:
        # Explicit stack: a callable entry is the "leave" action of an element entered earlier.
        stack: list[PageElement | Callable[[], None]] = [soup]
        while stack:
            item = stack.pop()
            self.position += 1
            if isinstance(item, Tag):
                if item is not soup and (item.name in _SKIPPED or _hidden(item)):
                    continue
                stack.append(self._enter(item))
                stack.extend(reversed(item.contents))
            elif isinstance(item, NavigableString):
                # Comments, doctypes, CDATA and processing instructions are all PreformattedString.
                if not isinstance(item, PreformattedString):
                    self._text(str(item))
            elif callable(item):  # after the Tag test: Tag objects are callable too (find_all)
                item()
        self._end_paragraph()
        return self._blocks()

    # Each _enter returns what to do when the element is left.

    def _enter(self, tag: Tag) -> Callable[[], None]:
        name = tag.name
        context = self.contexts[-1]
        if isinstance(context, _Table):
            if name == "table":
                # A table directly inside a table (outside any cell) is still its own table.
                return self._enter_table()
            if name in _SECTIONS:
                context.section = _SECTIONS[name]
                return lambda: setattr(context, "section", 1)
            if name == "tr":
                context.rows.append((context.section, []))
                context.in_row = True
                return lambda: setattr(context, "in_row", False)
            if name in ("td", "th"):
                if not context.in_row:  # a cell outside <tr> opens a row of its own
                    context.rows.append((context.section, []))
                    context.in_row = True
                cell = _Cell(_Lines(), _span(tag, "rowspan"), _span(tag, "colspan"))
                context.rows[-1][1].append(cell)
                self.contexts.append(cell)
                return self._pop_context
        if name == "table":
            self._boundary()
            return self._enter_table()
        if name == "br":
            self._lines().hard_break()
            return _nothing
        if name == "pre":
            self._boundary()
            self.pre_depth += 1
            return self._leave_pre
        if name in _HEADINGS and context is self.flow:
            self._end_paragraph()
            self.flow.headings.append(_HEADINGS[name])
            return self._leave_heading
        if name in _BLOCKS:
            self._boundary()
            return self._boundary
        return _nothing

    def _enter_table(self) -> Callable[[], None]:
        table = _Table(key=self.position)
        self.contexts.append(table)
        return self._leave_table

    def _leave_table(self) -> None:
        table = self.contexts.pop()
        assert isinstance(table, _Table)
        laid_out = _layout(table, self.budget)
        if laid_out is not None:
            self.pending.append(((table.key, 1), laid_out))
        loose = table.loose.take()
        if loose:
            outer = self.contexts[-1]
            if isinstance(outer, _Flow):
                self.pending.append(((table.key, 0), _PendingParagraph(loose, None)))
            else:
                # Inside an outer table the text belongs to the outer cell (or table).
                self._lines().soft_break()
                self._lines().add(loose)
                self._lines().soft_break()

    def _leave_pre(self) -> None:
        self.pre_depth -= 1
        self._boundary()

    def _leave_heading(self) -> None:
        self._end_paragraph()
        self.flow.headings.pop()

    def _pop_context(self) -> None:
        self.contexts.pop()

    def _lines(self) -> _Lines:
        context = self.contexts[-1]
        return context.loose if isinstance(context, _Table) else context.lines

    def _boundary(self) -> None:
        if self.contexts[-1] is self.flow:
            self._end_paragraph()
        else:
            self._lines().soft_break()

    def _text(self, text: str) -> None:
        if self.contexts[-1] is self.flow and self.flow.start is None and text.strip(" \t\n\r\f"):
            self.flow.start = self.position
        lines = self._lines()
        if self.pre_depth:
            # Inside <pre> source newlines are line breaks; spaces still collapse per line.
            first, *rest = text.split("\n")
            lines.add(first)
            for piece in rest:
                lines.hard_break()
                lines.add(piece)
        else:
            lines.add(text)

    def _end_paragraph(self) -> None:
        text = self.flow.lines.take()
        if text and self.flow.start is not None:
            style = self.flow.headings[-1] if self.flow.headings else None
            self.pending.append(((self.flow.start, 0), _PendingParagraph(text, style)))
        self.flow.start = None

    def _blocks(self) -> list[Block]:
        blocks: list[Block] = []
        tables = 0
        for _, payload in sorted(self.pending, key=lambda item: item[0]):
            if isinstance(payload, _PendingParagraph):
                blocks.append(Paragraph(index=len(blocks), text=payload.text, style=payload.style))
            else:
                tables += 1
                blocks.append(
                    TableBlock(
                        index=len(blocks), number=tables, grid=payload.grid, merges=payload.merges
                    )
                )
        return blocks


def _nothing() -> None:
    """Leave action for elements that need none."""


def _layout(table: _Table, budget: TableBudget) -> _PendingTable | None:
    """Place cells on a grid the way the HTML table model does; None for a table with no cells.

    Rows come in rendering order: header rows, body rows, footer rows. A rowspan never
    reaches past the table's last row (rowspan=0 runs to it), a colspan is clamped to
    MAX_COLS, and a span stops short of slots already taken, so merges never overlap.
    Columns in which no cell starts exist only because of over-long colspans (a title row
    with colspan="100" over a 7-column table); like a browser, which gives them no width,
    they are dropped, so only the remaining columns count against MAX_COLS.
    """
    rows = [cells for _, cells in sorted(table.rows, key=lambda row: row[0])]
    count = len(rows)
    check_rows(count)
    taken = [bytearray(_LAYOUT_COLS) for _ in range(count)]
    origins: list[tuple[int, int, int, int, str]] = []
    for r, cells in enumerate(rows):
        c = 0
        for cell in cells:
            while c < _LAYOUT_COLS and taken[r][c]:
                c += 1
            if c >= _LAYOUT_COLS:
                check_cols(_LAYOUT_COLS + 1)
            want_cols = min(max(cell.colspan or 1, 1), MAX_COLS, _LAYOUT_COLS - c)
            c1 = c
            while c1 + 1 < c + want_cols and not taken[r][c1 + 1]:
                c1 += 1
            rowspan = 1 if cell.rowspan is None else min(cell.rowspan, MAX_ROWS)
            last = count - 1 if rowspan == 0 else min(r + rowspan - 1, count - 1)
            r1 = r
            while r1 < last and not any(taken[r1 + 1][c : c1 + 1]):
                r1 += 1
            for row in range(r, r1 + 1):
                taken[row][c : c1 + 1] = b"\x01" * (c1 - c + 1)
            origins.append((r, c, r1, c1, cell.lines.take()))
            c = c1 + 1
    if not origins:
        return None
    used = sorted({c0 for _, c0, _, _, _ in origins})
    budget.add(count, len(used))
    new_column = {old: new for new, old in enumerate(used)}
    grid = [[""] * len(used) for _ in range(count)]
    merges: list[Merge] = []
    for r0, c0, r1, c1, text in origins:
        left, right = new_column[c0], bisect.bisect_right(used, c1) - 1
        grid[r0][left] = text
        if r1 > r0 or right > left:
            merges.append(((r0, left), (r1, right)))
    return _PendingTable(grid, merges)
