"""Word documents through python-docx: fonts named for East Asian text too (w:eastAsia, which
python-docx's font.name does not set), with fallbacks declared in the font table; A4 pages with the
margins of GB/T 9704; the official tables built from the layout plan; fixed times."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..base.marker import custom_xml
from ..base.xlsxzip import deterministic, fixed_time
from ..formats.schema import BLOCKS, GRID, Format, Table
from ..model.values import show
from .layout import CAPTION, ROW, SUBROW, VALUE, Style, logical_width, plan_tables

LATIN = "Times New Roman"  # digits and Latin text in official documents
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
TABLE_FONT = "宋体"
# Where a font is missing, Word and WPS use the w:altName the font table gives; GB2312 charset (86).
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", SUBHEADING_FONT: "楷体", HEADING_FONT: "SimHei",
             TABLE_FONT: "SimSun"}
TITLE_PT, BODY_PT, TABLE_PT, GRID_PT = 22, 16, 10.5, 9  # 二号, 三号, 五号, 小五 (table 三's many columns)
TEXT_MM = 156  # GB/T 9704: the type area is 156 mm wide (A4, left 28 mm, right 26 mm)
_THEME = re.compile(r"^\{[^}]*\}(ascii|hAnsi|eastAsia|cs)Theme$")


@dataclass(frozen=True)
class Page:
    """Paper and margins in mm (GB/T 9704: A4, top 37, bottom 35, left 28, right 26)."""

    landscape: bool = False
    top: float = 37
    bottom: float = 35
    left: float = 28
    right: float = 26

    @property
    def text_mm(self) -> float:
        return (297 if self.landscape else 210) - self.left - self.right


def set_fonts(element, east: str, latin: str = LATIN, size: float | None = None, bold: bool | None = None) -> None:
    """Fonts of a run or style element (its rPr): the East Asian font and the Latin one, set directly
    (theme fonts removed, or they would win), with size and weight when given."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in list(fonts.attrib):
        if _THEME.match(attr):
            del fonts.attrib[attr]
    for name, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:cs", latin), ("w:eastAsia", east)):
        fonts.set(qn(name), value)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = rpr.makeelement(qn(tag), {})
                rpr.append(el)
            el.set(qn("w:val"), str(int(round(size * 2))))
    if bold is not None:
        el = rpr.find(qn("w:b"))
        if el is None:
            el = rpr.makeelement(qn("w:b"), {})
            rpr.append(el)
        el.set(qn("w:val"), "1" if bold else "0")


def new_document(title: str, page: Page = Page(), kind: str | None = None):
    """An empty document: A4, the body style 仿宋 三号 (Latin in Times New Roman), fixed properties, and
    the tool's mark when `kind` is given."""
    import docx
    from docx.shared import Pt, RGBColor

    doc = docx.Document()
    set_page(doc.sections[0], page)
    normal = doc.styles["Normal"]
    set_fonts(normal.element, BODY_FONT, size=BODY_PT)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    normal.paragraph_format.space_after = Pt(0)
    defaults = doc.styles.element.find(".//{*}rPrDefault/{*}rPr/{*}rFonts")
    if defaults is not None:
        for attr in list(defaults.attrib):
            if _THEME.match(attr):
                del defaults.attrib[attr]
    for name, east in (("Heading 1", HEADING_FONT), ("Heading 2", SUBHEADING_FONT)):
        style = doc.styles[name]
        set_fonts(style.element, east, size=BODY_PT, bold=False)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    props = doc.core_properties
    when = fixed_time().replace(tzinfo=None)
    props.title, props.author, props.last_modified_by = title, "disclosure-cli", "disclosure-cli"
    props.comments, props.revision, props.created, props.modified = "", 1, when, when
    if kind is not None:
        mark(doc, kind)
    return doc


def set_page(section, page: Page) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if page.landscape else (Mm(210), Mm(297))
    section.top_margin, section.bottom_margin = Mm(page.top), Mm(page.bottom)
    section.left_margin, section.right_margin = Mm(page.left), Mm(page.right)


def mark(doc, kind: str) -> None:
    """The tool's mark (base.marker) as a custom-properties part, added through python-docx's package
    layer (it has no custom-property API): a later run knows the document as one of its outputs."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = doc.part.package
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, custom_xml(kind), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def document_bytes(doc) -> bytes:
    """The document's bytes: fallbacks added to the font table, times fixed (xlsxzip.deterministic)."""
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/word/fontTable.xml":
            part._blob = _with_fallbacks(part.blob)
    buf = io.BytesIO()
    doc.save(buf)
    return deterministic(buf.getvalue())


def _with_fallbacks(xml: bytes) -> bytes:
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
        f'<w:family w:val="{"modern" if name != HEADING_FONT else "swiss"}"/><w:pitch w:val="fixed"/></w:font>'
        for name, alt in FALLBACKS.items() if f'w:name="{name}"'.encode() not in xml)
    return xml.replace(b"</w:fonts>", entries.encode() + b"</w:fonts>")


# -- paragraphs -----------------------------------------------------------------------------------------


def paragraph(doc, text: str = "", font: str = BODY_FONT, size: float = BODY_PT, bold: bool = False,
              align: str | None = None, indent: bool = True, style: str | None = None, shade: str | None = None):
    """A paragraph of one run; `indent`: the first line indented two characters (body text)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = doc.add_paragraph(style=style)
    if align:
        p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                       "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    if text:
        run(p, text, font, size, bold, shade)
    return p


def run(p, text: str, font: str = BODY_FONT, size: float = BODY_PT, bold: bool = False, shade: str | None = None):
    r = p.add_run(text)
    set_fonts(r._element, font, size=size, bold=bold)
    if shade:
        from docx.enum.text import WD_COLOR_INDEX

        r.font.highlight_color = getattr(WD_COLOR_INDEX, shade)
    return r


# -- the official tables ----------------------------------------------------------------------------------


def column_widths(table: Table, text_mm: float) -> list[float]:
    """mm per logical column of a table in the official Word layout, filling the type area."""
    n = logical_width(table)
    if table.shape == BLOCKS:
        label = text_mm * 0.34
        return [label] + [(text_mm - label) / (n - 1)] * (n - 1)
    if table.shape == GRID:
        fixed = [9.0, 17.0, 44.0]
        rest = (text_mm - sum(fixed)) / (n - 3)
        return fixed + [rest] * (n - 3)
    return [text_mm / n] * n


_LEFT = (ROW, SUBROW)  # row labels of tables 三 and 四 stand left; every other cell is centred


def official_table(doc, fmt: Format, table: Table, values: dict, text_mm: float = TEXT_MM,
                   size: float | None = None, holes: Sequence = ()):
    """One of the format's tables as a Word table in the official layout: merged headings and labels,
    every border, 宋体 for East Asian text, the header rows repeated on a new page, rows unbroken."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    size = size or (GRID_PT if table.shape == GRID else TABLE_PT)
    plan = plan_tables(fmt, values, style=Style(titles=False, gap=0), tables=(table.id,))
    rows, cols = plan.last_row, logical_width(table)
    t = doc.add_table(rows=rows, cols=cols)
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    widths = column_widths(table, text_mm)
    for i, col in enumerate(t.columns):  # the grid (LibreOffice lays out by it) and every cell (Word)
        col.width = Mm(widths[i])
    # The cells as they stand before any merge, one per grid position, listed once: Table.cell() lists
    # every cell of the table on each call (a 60-row table took 0.3 s). A merge removes only cells inside
    # its range, which the plan never visits again.
    grid = [list(row.cells) for row in t.rows]
    for row in grid:
        for i, c in enumerate(row):
            c.width = Mm(widths[i])
    _fixed_layout(t)
    header_rows = min(p.r for p in plan.cells if p.role == VALUE) - 1
    missing = set(holes)
    for p in plan.cells:
        cell = grid[p.r - 1][p.c - 1]
        if p.merged:
            cell = cell.merge(grid[p.r1 - 1][p.c1 - 1])
        value = p.value
        text = ("?" if p.key in missing else "" if value is None else show(value)) if p.role == VALUE else (
            "" if value is None else str(value))
        para = cell.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.LEFT if p.role in _LEFT and table.shape != BLOCKS else \
            WD_ALIGN_PARAGRAPH.CENTER
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        if text:
            run(para, text, TABLE_FONT, size, bold=p.role == CAPTION)
    for i, row in enumerate(t.rows):
        _row_rules(row, header=i < header_rows)
    return t


def _fixed_layout(t) -> None:
    from docx.oxml.ns import qn

    tblpr = t._tbl.tblPr
    layout = tblpr.makeelement(qn("w:tblLayout"), {qn("w:type"): "fixed"})
    tblpr.append(layout)


def _row_rules(row, header: bool) -> None:
    """A row never splits over two pages; header rows repeat at the top of each page; every paragraph
    keeps with the next, so a table that fits one page moves to the next page whole."""
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    trpr.append(trpr.makeelement(qn("w:cantSplit"), {}))
    if header:
        trpr.append(trpr.makeelement(qn("w:tblHeader"), {}))
    for cell in row.cells:
        for para in cell.paragraphs:
            para.paragraph_format.keep_with_next = True
            para.paragraph_format.first_line_indent = 0



def grid_table(doc, headers: Sequence[str], rows: Sequence[Sequence], widths_mm: Sequence[float],
               size: float = 9, numbers_from: int = 1):
    """A plain bordered table (per-unit figures, findings): the header row shaded and repeated on
    every page, columns from `numbers_from` on centred."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm

    t = doc.add_table(rows=1 + len(rows), cols=len(headers))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    _fixed_layout(t)
    for c, col in enumerate(t.columns):
        col.width = Mm(widths_mm[c])
    # The rows listed once: python-docx's Table.rows[i] lists every row of the table on each call, which
    # made the per-unit table of 2,000 units 13 s and of 10,000 units 272 s.
    table_rows = list(t.rows)
    for i, row in enumerate([list(headers), *rows]):
        cells = table_rows[i].cells
        for c, v in enumerate(row):
            cell = cells[c]
            cell.width = Mm(widths_mm[c])
            para = cell.paragraphs[0]
            para.paragraph_format.first_line_indent = 0
            if i == 0 or c >= numbers_from:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            text = "" if v is None else show(v) if not isinstance(v, str) else v
            if text:
                run(para, text, TABLE_FONT, size, bold=i == 0)
            if i == 0:
                shading = cell._tc.get_or_add_tcPr().makeelement(qn("w:shd"), {
                    qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): "D9D9D9"})
                cell._tc.get_or_add_tcPr().append(shading)
        trpr = table_rows[i]._tr.get_or_add_trPr()
        trpr.append(trpr.makeelement(qn("w:cantSplit"), {}))
        if i == 0:
            trpr.append(trpr.makeelement(qn("w:tblHeader"), {}))
    return t


def pt(points: float):
    from docx.shared import Pt

    return Pt(points)
