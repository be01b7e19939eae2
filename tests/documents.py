"""Test reports as documents built in code: the official tables as grids, written as Word, web page or text."""

from __future__ import annotations

import html
import io

import openpyxl

from disclosure_cli.formats.f2021 import FORMAT_2021
from disclosure_cli.render.layout import Style, write_tables

Grid = list[list[str]]
Merges = list[tuple[tuple[int, int], tuple[int, int]]]


def _cell_text(v) -> str:
    if v is None:
        return ""
    return str(v)


def official_tables(values: dict, fmt=FORMAT_2021, tables: tuple[str, ...] | None = None,
                    style: Style = Style()) -> list[tuple[str, Grid, Merges]]:
    """Each table of the format as (title, grid, merges), laid out as the official Word tables are."""
    out = []
    for table in fmt.tables:
        if tables is not None and table.id not in tables:
            continue
        wb = openpyxl.Workbook()
        ws = wb.active
        write_tables(ws, fmt, values, origin=(1, 1), style=Style(label_cols=style.label_cols, merged=style.merged,
                                                                  titles=False, gap=0, decorate=False),
                     tables=(table.id,))
        rows = [[_cell_text(c.value) for c in row] for row in ws.iter_rows()]
        merges = [((r.min_row - 1, r.min_col - 1), (r.max_row - 1, r.max_col - 1)) for r in ws.merged_cells.ranges]
        out.append((table.title, rows, merges))
    return out


def docx_report(tables: list[tuple[str, Grid, Merges]], title: str = "", paragraphs: tuple[str, ...] = (),
                after: tuple[str, ...] = ()) -> bytes:
    """A Word document: the title, paragraphs, then each table under its heading, merges kept, then the
    paragraphs `after` (sections 五 and 六)."""
    import docx

    document = docx.Document()
    if title:
        document.add_heading(title, level=0)
    for p in paragraphs:
        document.add_paragraph(p)
    for heading, grid, merges in tables:
        document.add_paragraph(heading)
        rows, cols = len(grid), max(len(r) for r in grid)
        t = document.add_table(rows=rows, cols=cols)
        covered = set()
        for (r0, c0), (r1, c1) in merges:
            t.cell(r0, c0).merge(t.cell(r1, c1))
            covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
        for r, row in enumerate(grid):
            for c, text in enumerate(row):
                if text and (r, c) not in covered:
                    t.cell(r, c).text = text
    for p in after:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def html_report(tables: list[tuple[str, Grid, Merges]], title: str = "", paragraphs: tuple[str, ...] = (),
                encoding: str = "utf-8", lost_spans: bool = False, declare: bool = True,
                after: tuple[str, ...] = ()) -> bytes:
    """A web page: each table with rowspan/colspan, or (lost_spans) with the covered cells simply left
    out, so every label slides into the first free column, as a page pasted without its spans."""
    parts = ["<html><head>"]
    if declare:
        parts.append(f'<meta charset="{encoding}">')
    parts.append(f"<title>{html.escape(title)}</title></head><body>")
    if title:
        parts.append(f"<h1>{html.escape(title)}</h1>")
    parts += [f"<p>{html.escape(p)}</p>" for p in paragraphs]
    for heading, grid, merges in tables:
        parts.append(f"<p>{html.escape(heading)}</p><table border='1'>")
        spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for (r0, c0), (r1, c1) in merges}
        covered = {(r, c) for (r0, c0), (r1, c1) in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
                   if (r, c) != (r0, c0)}
        for r, row in enumerate(grid):
            parts.append("<tr>")
            for c, text in enumerate(row):
                if (r, c) in covered:
                    continue
                rs, cs = spans.get((r, c), (1, 1))
                attrs = "" if lost_spans else (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                parts.append(f"<td{attrs}>{html.escape(text)}</td>")
            parts.append("</tr>")
        parts.append("</table>")
    parts += [f"<p>{html.escape(p)}</p>" for p in after]
    parts.append("</body></html>")
    return "".join(parts).encode(encoding)


def text_report(tables: list[tuple[str, Grid, Merges]], title: str = "", paragraphs: tuple[str, ...] = (),
                encoding: str = "utf-8", after: tuple[str, ...] = ()) -> bytes:
    """A report scraped as text: prose lines, each table's rows as tab-separated lines."""
    lines = [title] if title else []
    lines += list(paragraphs)
    for heading, grid, _merges in tables:
        lines += ["", heading]
        lines += ["\t".join(row) for row in grid]
    lines += ["", *after] if after else []
    return ("\n".join(lines) + "\n").encode(encoding)


def pdf_report(tables: list[tuple[str, Grid, Merges]], title: str = "", paragraphs: tuple[str, ...] = (),
               headings: dict[int, str] | None = None, after: tuple[str, ...] = ()) -> bytes:
    """A PDF with a text layer, as Word prints one: the title, the paragraphs on portrait pages, then each
    table ruled on a landscape page of its own under its heading. `headings`: a paragraph printed before
    table i (else the table's own title)."""
    from pdfmaker import PdfMaker, wrap

    maker = PdfMaker(title=title or None)
    page, top = maker.page(), 72.0
    if title:
        page.text(72, top, title, 16)
        top += 40
    for text in paragraphs:
        if top > 740:
            page, top = maker.page(), 72.0
        top = page.paragraph(72, top, 451, text, 12) + 6
    for i, (heading, grid, merges) in enumerate(tables):
        page = maker.page(width=842, height=595)
        page.text(36, 30, (headings or {}).get(i, heading), 10)
        _pdf_table(page, grid, merges, wrap)
    page, top = maker.page(), 72.0
    for text in after:
        if top > 740:
            page, top = maker.page(), 72.0
        top = page.paragraph(72, top, 451, text, 12) + 6
    return maker.build()


def _pdf_table(page, grid: Grid, merges: Merges, wrap) -> None:
    """One table filling a landscape page's width: label columns wide, number columns narrow, each row as tall
    as its most wrapped cell."""
    size, cols = 6.5, max(len(r) for r in grid)
    numeric = [all(not row[c] or row[c].replace(".", "").isdigit() for row in grid[3:]) for c in range(cols)]
    weights = [1.0 if n else 2.5 for n in numeric]
    widths = [770 * w / sum(weights) for w in weights]
    spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for (r0, c0), (r1, c1) in merges}
    covered = {(r, c) for (r0, c0), (r1, c1) in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
               if (r, c) != (r0, c0)}
    rows = [[None if (r, c) in covered else (row[c] if c < len(row) else "") for c in range(cols)]
            for r, row in enumerate(grid)]
    heights = [max([len(wrap(t, widths[c] * spans.get((r, c), (1, 1))[1] - 6, size)) for c, t in enumerate(row)
                    if t and spans.get((r, c), (1, 1))[0] == 1] or [1]) * size * 1.2 + 4 for r, row in enumerate(rows)]
    page.table(36, 44, widths, heights, rows, spans, size=size)
