"""The annual report (年度报告) as a Word document in the structure of 国办公开办函〔2021〕30号: title,
opening, the six sections, the tables in 二–四, the standard statements in 一 and 三 generated from
the numbers, and clearly marked places for the prose; fonts and page after GB/T 9704."""

from __future__ import annotations

import io

from ..base.marker import SUMMARY
from ..formats.schema import GRID, GROUPS
from ..messages import say
from ..summary import Compilation
from . import docxkit as kit
from . import statements
from .docx import LANDSCAPE
from .plain import breakdown_grid
from .words import title

FILL_SHADE = "YELLOW"  # places to write are highlighted: none can be missed before publishing


def render_report(comp: Compilation, lang: str, last: dict | None = None, charts: bool = False) -> bytes:
    """The report's bytes. `last`: last year's totals (for the change on last year), or None."""
    name = comp.name or title(comp, lang)
    heading = say("report.title", lang, name=name, year=comp.year or "")
    doc = kit.new_document(heading, kind=SUMMARY)
    _footer(doc)
    values = {k: v for k, v in comp.totals.items() if v is not None}
    p = kit.paragraph(doc, heading, kit.TITLE_FONT, kit.TITLE_PT, align="center", indent=False)
    p.paragraph_format.space_after = kit.pt(kit.BODY_PT)
    body(doc, say("report.opening", lang, name=name, format=comp.format.title, year=comp.year or ""))
    fill(doc, say("report.opening_where", lang))
    _section1(doc, comp, values, lang, last)
    tables = {t.shape: t for t in comp.format.tables}  # statements follow the tables they state
    for table in comp.format.tables:
        head = h1(doc, table.title)
        grid = table is tables.get(GRID)
        # Table 三 fills most of a page: it starts one, under its heading, and is never split.
        head.paragraph_format.page_break_before = grid
        head.paragraph_format.keep_with_next = True
        kit.official_table(doc, comp.format, table, values, holes=comp.holes)
        text = (statements.applications(comp.format, values, lang, last) if grid else
                statements.reviews(comp.format, values, lang) if table is tables.get(GROUPS) else None)
        if text:
            body(doc, text)
        if charts and grid:
            _charts(doc, comp, values, lang, last)
    h1(doc, say("report.section5", lang))
    fill(doc, say("report.fill", lang, what=say("report.fill_problems", lang)))
    h1(doc, say("report.section6", lang))
    fill(doc, say("report.fill", lang, what=say("report.fill_other", lang)))
    if len(comp.units) > 1:
        _annex(doc, comp, lang)
    return kit.document_bytes(doc)


def _section1(doc, comp: Compilation, values: dict, lang: str, last: dict | None) -> None:
    h1(doc, say("report.section1", lang))
    if len(comp.units) > 1:
        body(doc, say("report.rollup", lang, n=comp.included_count))
    fill(doc, say("report.fill", lang, what=say("report.fill_overview", lang)))
    h2(doc, say("report.sub_active", lang))
    if text := statements.active(comp.format, values, lang):
        body(doc, text)
    fill(doc, say("report.fill", lang, what=say("report.fill_active", lang)))
    h2(doc, say("report.sub_applications", lang))
    if text := statements.applications(comp.format, values, lang, last):
        body(doc, text)
    fill(doc, say("report.fill", lang, what=say("report.fill_applications", lang)))
    for sub, what in (("management", "fill_management"), ("platforms", "fill_platforms"),
                      ("supervision", "fill_supervision")):
        h2(doc, say(f"report.sub_{sub}", lang))
        fill(doc, say("report.fill", lang, what=say(f"report.{what}", lang)))


def _charts(doc, comp: Compilation, values: dict, lang: str, last: dict | None) -> None:
    from docx.shared import Mm

    from .charts import results_chart, yoy_chart

    images = [results_chart(comp.format, values, lang)]
    if last is not None:
        images.append(yoy_chart(comp.format, values, last, comp.year, lang))
    for png in images:
        doc.add_picture(io.BytesIO(png), width=Mm(140))
        doc.paragraphs[-1].alignment = 1  # centred


def _annex(doc, comp: Compilation, lang: str) -> None:
    from docx.enum.section import WD_SECTION

    kit.set_page(doc.add_section(WD_SECTION.NEW_PAGE), LANDSCAPE)
    h1(doc, say("report.annex", lang))
    headers, rows = breakdown_grid(comp, lang)
    figures = len(headers) - 2
    kit.grid_table(doc, headers, rows, [38.0, 18.0] + [(LANDSCAPE.text_mm - 56) / figures] * figures, numbers_from=2)


def _footer(doc) -> None:
    """The page number at the foot, centred: — 1 — (宋体 四号)."""
    from docx.oxml.ns import qn

    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = 1
    kit.run(p, "— ", kit.TABLE_FONT, 14)
    field = p._p.makeelement(qn("w:fldSimple"), {qn("w:instr"): "PAGE"})
    r = kit.run(p, "1", kit.TABLE_FONT, 14)
    p._p.remove(r._element)
    field.append(r._element)
    p._p.append(field)
    kit.run(p, " —", kit.TABLE_FONT, 14)


def h1(doc, text: str):
    return kit.paragraph(doc, text, kit.HEADING_FONT, kit.BODY_PT, style="Heading 1")


def h2(doc, text: str):
    return kit.paragraph(doc, text, kit.SUBHEADING_FONT, kit.BODY_PT, style="Heading 2")


def body(doc, text: str):
    p = kit.paragraph(doc, text, align="justify")
    p.paragraph_format.line_spacing = kit.pt(28)
    return p


def fill(doc, text: str):
    """A place to write, highlighted."""
    p = kit.paragraph(doc, text, shade=FILL_SHADE, align="justify")
    p.paragraph_format.line_spacing = kit.pt(28)
    return p

