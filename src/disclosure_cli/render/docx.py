"""A compilation as a Word document: the three tables in the official layout (to paste into the
annual report unchanged); a roll-up adds the per-unit figures and the findings on landscape pages."""

from __future__ import annotations

from ..base.marker import SUMMARY
from ..messages import say
from ..summary import Compilation
from . import docxkit as kit
from .plain import breakdown_grid, findings_grid
from .words import h, title
from .xlsx import summary_title

LANDSCAPE = kit.Page(landscape=True, top=25, bottom=25, left=25, right=25)


def render_docx(comp: Compilation, lang: str) -> bytes:
    doc = kit.new_document(summary_title(comp), kind=SUMMARY)
    name = comp.name or title(comp, lang)
    kit.paragraph(doc, summary_title(comp) if comp.name else name, kit.TITLE_FONT, kit.TITLE_PT - 4,
                  align="center", indent=False)
    line = f"单位名称：{name}" + (f"　　年度：{comp.year}" if comp.year else "")
    kit.paragraph(doc, line, kit.BODY_FONT, 14, align="center", indent=False)
    if len(comp.units) > 1:
        kit.paragraph(doc, h("covered", lang, included=comp.included_count, n=len(comp.units)), kit.BODY_FONT, 12,
                      align="center", indent=False)
    tables_part(doc, comp)
    if len(comp.units) > 1:
        rollup_part(doc, comp, lang)
    return kit.document_bytes(doc)


def tables_part(doc, comp: Compilation, page_breaks: bool = True) -> None:
    """The format's tables, each under its title; from the second on, each starts a page."""
    values = {k: v for k, v in comp.totals.items() if v is not None}
    for i, table in enumerate(comp.format.tables):
        head = kit.paragraph(doc, table.title, kit.HEADING_FONT, kit.BODY_PT, indent=False)
        if page_breaks and i:
            head.paragraph_format.page_break_before = True
        head.paragraph_format.keep_with_next = True
        kit.official_table(doc, comp.format, table, values, holes=comp.holes)


def rollup_part(doc, comp: Compilation, lang: str) -> None:
    """The per-unit key figures and the findings, on landscape pages."""
    from docx.enum.section import WD_SECTION

    kit.set_page(doc.add_section(WD_SECTION.NEW_PAGE), LANDSCAPE)
    width = LANDSCAPE.text_mm
    kit.paragraph(doc, h("breakdown", lang), kit.HEADING_FONT, 14, indent=False)
    headers, rows = breakdown_grid(comp, lang)
    figures = len(headers) - 2
    kit.grid_table(doc, headers, rows, [38.0, 18.0] + [(width - 56) / figures] * figures, numbers_from=2)
    kit.paragraph(doc, "", indent=False)
    kit.paragraph(doc, h("findings", lang), kit.HEADING_FONT, 14, indent=False)
    headers, rows = findings_grid(comp, lang)
    if not rows:
        kit.paragraph(doc, say("ui.no_findings", lang), kit.BODY_FONT, 12, indent=False)
        return
    widths = [14.0, 12.0, 30.0, 52.0, 45.0]
    kit.grid_table(doc, headers, rows, widths + [width - sum(widths)], numbers_from=99)
