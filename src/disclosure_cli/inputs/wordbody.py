"""A Word document's body as blocks: paragraphs (headings told by their styles) and merge-aware tables."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from lxml import etree

from .doclimits import MAX_TABLE_DEPTH, TableBudget, check_cols, check_rows
from .document import Block, Merge, Paragraph, TableBlock, Unreadable

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_VAL = qn("w:val")
_STYLE, _TYPE, _STYLE_ID, _DEFAULT = qn("w:style"), qn("w:type"), qn("w:styleId"), qn("w:default")
_NAME, _BASED_ON, _PPR, _PSTYLE = qn("w:name"), qn("w:basedOn"), qn("w:pPr"), qn("w:pStyle")
_OUTLINE_LVL, _BODY = qn("w:outlineLvl"), qn("w:body")
_TBL_GRID, _GRID_COL, _TR_PR, _TC_PR = qn("w:tblGrid"), qn("w:gridCol"), qn("w:trPr"), qn("w:tcPr")
_GRID_BEFORE, _GRID_AFTER = qn("w:gridBefore"), qn("w:gridAfter")
_GRID_SPAN, _VMERGE = qn("w:gridSpan"), qn("w:vMerge")
# Content controls and custom XML wrap paragraphs, tables, rows and cells at every level.
_BLOCK_WRAPPERS = frozenset({qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")})
# Inside a paragraph: elements whose children may hold runs. w:del and w:moveFrom are left
# out on purpose (deleted text), as are drawings, whose text boxes are separate stories.
_RUN_CONTAINERS = frozenset(
    qn(tag)
    for tag in ("w:r", "w:hyperlink", "w:ins", "w:moveTo", "w:smartTag", "w:fldSimple",
                "w:sdt", "w:sdtContent", "w:customXml", "w:bdo", "w:dir")
)  # fmt: skip
_RUN_TEXT = {qn("w:t"): None, qn("w:tab"): " ", qn("w:ptab"): " ", qn("w:br"): "\n",
             qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}  # fmt: skip
_HEADING_NAME = re.compile(r"(?:heading|标题)\s*([1-9])")
_TITLE_NAMES = frozenset({"title", "标题"})
_BODY_TEXT_OUTLINE = 9  # w:outlineLvl 9 means "body text", 0-8 are heading levels
_STYLE_CHAIN_LIMIT = 10

# --- styles -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    outline: int | None


def _int_attr(element: etree._Element | None, child: str, default: int) -> int:
    """The integer w:val of ``element``'s ``child``; ``default`` if absent or not a number."""
    if element is None:
        return default
    found = element.find(child)
    if found is None:
        return default
    try:
        return int(str(found.get(_VAL, "")))
    except ValueError:
        return default


def _attr(element: etree._Element | None, child: str) -> str | None:
    found = None if element is None else element.find(child)
    if found is None:
        return None
    value = found.get(_VAL)
    return None if value is None else str(value)


class _Styles:
    """Paragraph styles by id, read once, to tell headings apart."""

    def __init__(self, document: DocxDocument) -> None:
        self.by_id: dict[str, _Style] = {}
        self.default: str | None = None
        for style in document.styles.element.iterchildren(_STYLE):
            if style.get(_TYPE) != "paragraph":
                continue
            style_id = str(style.get(_STYLE_ID, ""))
            outline = _int_attr(style.find(_PPR), _OUTLINE_LVL, -1)
            self.by_id[style_id] = _Style(
                name=_attr(style, _NAME) or "",
                based_on=_attr(style, _BASED_ON),
                outline=outline if outline >= 0 else None,
            )
            if style.get(_DEFAULT) in ("1", "true", "on"):
                self.default = style_id

    def heading(self, paragraph: etree._Element) -> str | None:
        """'title', 'h1'..'h6' from the style name, else the outline level, else None.

        Levels 7-9 become 'h6': the block model stops at six, and a heading it still is.
        """
        ppr = paragraph.find(_PPR)
        style_id = _attr(ppr, _PSTYLE) or self.default
        chain = self._chain(style_id)
        if chain:
            name = chain[0].name.strip().lower()
            if name in _TITLE_NAMES:
                return "title"
            match = _HEADING_NAME.fullmatch(name)
            if match:
                return _level(int(match.group(1)) - 1)
        direct = _int_attr(ppr, _OUTLINE_LVL, -1)
        if direct >= 0:
            return _level(direct)
        for style in chain:
            if style.outline is not None:
                return _level(style.outline)
        return None

    def _chain(self, style_id: str | None) -> list[_Style]:
        """The style and those it is based on, nearest first; cycles and long chains cut."""
        chain: list[_Style] = []
        seen: set[str] = set()
        while style_id is not None and style_id not in seen and len(chain) < _STYLE_CHAIN_LIMIT:
            seen.add(style_id)
            style = self.by_id.get(style_id)
            if style is None:
                break
            chain.append(style)
            style_id = style.based_on
        return chain


def _level(outline: int) -> str | None:
    if outline < 0 or outline >= _BODY_TEXT_OUTLINE:
        return None
    return f"h{min(outline + 1, 6)}"


# --- body ---------------------------------------------------------------------------


def _children(element: etree._Element, wanted: frozenset[str]) -> Iterator[etree._Element]:
    """Children of ``element`` with a tag in ``wanted``, looking through wrapper elements."""
    stack = [iter(element)]
    while stack:
        for child in stack[-1]:
            if child.tag in wanted:
                yield child
            elif child.tag in _BLOCK_WRAPPERS:
                stack.append(iter(child))
                break
        else:
            stack.pop()


def _paragraph_text(paragraph: etree._Element) -> str:
    """Runs joined; w:br/w:cr as '\\n', tabs as ' '; deleted text and field codes left out."""
    parts: list[str] = []
    stack = [iter(paragraph)]
    while stack:
        for child in stack[-1]:
            tag = child.tag
            if tag in _RUN_TEXT:
                # Tabs typed into w:t by non-Word generators count as tabs too.
                parts.append(_RUN_TEXT[tag] or (child.text or "").replace("\t", " "))
            elif tag in _RUN_CONTAINERS:
                stack.append(iter(child))
                break
        else:
            stack.pop()
    return "".join(parts)


_CONTENT = frozenset({_P, _TBL})
_ROW = frozenset({_TR})
_CELL = frozenset({_TC})


@dataclass
class _Span:
    """A cell's rectangle on the grid; vMerge continuations grow it downwards."""

    r0: int
    c0: int
    r1: int
    c1: int


class _BodyReader:
    """Turns body content into blocks; each table comes before the tables nested in it."""

    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.blocks: list[Block] = []
        self.budget = TableBudget()
        self.tables = 0

    def read(self, body: etree._Element) -> list[Block]:
        for element in _children(body, _CONTENT):
            if element.tag == _P:
                text = _paragraph_text(element)
                if text.strip():
                    style = self.styles.heading(element)
                    self.blocks.append(Paragraph(index=len(self.blocks), text=text, style=style))
            else:
                self._table(element, depth=1)
        return self.blocks

    def _table(self, table: etree._Element, depth: int) -> None:
        if depth > MAX_TABLE_DEPTH:
            raise Unreadable("too_deep", detail=f"tables nested more than {MAX_TABLE_DEPTH} deep")
        grid, merges, nested = self._expand(table)
        if grid:
            self.tables += 1
            block = TableBlock(index=len(self.blocks), number=self.tables, grid=grid, merges=merges)
            self.blocks.append(block)
        for inner in nested:
            self._table(inner, depth + 1)

    def _expand(
        self, table: etree._Element
    ) -> tuple[list[list[str]], list[Merge], list[etree._Element]]:
        """Grid, merges and nested tables (in document order) of one w:tbl."""
        grid_element = table.find(_TBL_GRID)
        width = 0 if grid_element is None else len(grid_element.findall(_GRID_COL))
        check_cols(width)
        rows = list(_children(table, _ROW))
        check_rows(len(rows))
        # First pass: where each cell starts and how wide it is, so the grid width is known.
        layout: list[list[tuple[int, int, str | None, etree._Element]]] = []
        for row in rows:
            row_pr = row.find(_TR_PR)
            column = max(0, _int_attr(row_pr, _GRID_BEFORE, 0))
            cells = []
            for cell in _children(row, _CELL):
                cell_pr = cell.find(_TC_PR)
                span = max(1, _int_attr(cell_pr, _GRID_SPAN, 1))
                vmerge = None
                if cell_pr is not None and (found := cell_pr.find(_VMERGE)) is not None:
                    # <w:vMerge/> without w:val means "continue".
                    vmerge = str(found.get(_VAL, "continue"))
                cells.append((column, span, vmerge, cell))
                column += span
                check_cols(column)
            width = max(width, column + max(0, _int_attr(row_pr, _GRID_AFTER, 0)))
            check_cols(width)
            layout.append(cells)
        if not any(layout):  # no w:tc at all: nothing a reader would see as a table
            return [], [], []
        self.budget.add(len(rows), width)
        grid = [[""] * width for _ in rows]
        rectangles: list[_Span] = []
        nested: list[etree._Element] = []
        above: dict[int, tuple[int, _Span]] = {}  # start column -> (span, merge) in the row above
        for r, cells in enumerate(layout):
            here: dict[int, tuple[int, _Span]] = {}
            for column, span, vmerge, cell in cells:
                text, inner = _cell_content(cell)
                nested.extend(inner)
                continued = above.get(column) if vmerge == "continue" else None
                if continued is not None and continued[0] == span:
                    # Word shows only the first cell of a vertical merge; text in the
                    # continuation cells is not displayed, so it is not kept either.
                    merge = continued[1]
                    merge.r1 = r
                else:
                    merge = _Span(r, column, r, column + span - 1)
                    rectangles.append(merge)
                    grid[r][column] = text
                here[column] = (span, merge)
            above = here
        merges = [(((m.r0, m.c0), (m.r1, m.c1))) for m in rectangles if m.r1 > m.r0 or m.c1 > m.c0]
        return grid, merges, nested


def _cell_content(cell: etree._Element) -> tuple[str, list[etree._Element]]:
    """A cell's text (paragraphs joined by '\\n') and the tables nested in it."""
    lines: list[str] = []
    nested: list[etree._Element] = []
    for element in _children(cell, _CONTENT):
        if element.tag == _P:
            lines.append(_paragraph_text(element))
        else:
            nested.append(element)
    # Word ends every cell with a paragraph, an empty one after a nested table, so blank
    # edges are layout, not content.
    return "\n".join(lines).strip("\n"), nested



def read_body(document: DocxDocument) -> list[Block]:
    """The blocks of a document's w:body, in document order."""
    body = document.element.find(_BODY)
    return [] if body is None else _BodyReader(_Styles(document)).read(body)
