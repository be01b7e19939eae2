"""audit's outputs: check's report with a line per report for people; one row per report as .xlsx, .csv or
.json for an evaluator to sort and filter."""

from __future__ import annotations

import csv
import io

from ..base.jsonout import dumps
from ..messages import say
from ..summary.audit import ROW_FIELDS, Audited
from .files import neutralize_csv
from .plain import findings_grid
from .report import render_text
from .xlsx import COUNT, NUMBER, TEXT, WRAP, Grid, grid_sheet
from .xlsxbook import Book, footer_text

REPORTS_SHEET, FINDINGS_SHEET = "报告", "问题清单"


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)}%"


def report_lines(result: Audited, lang: str) -> list[str]:
    """One line per report: who, which year, its tables, its text, its sections, its likeness to last year."""
    lines = []
    for row in result.rows():
        text = (say("audit.text", lang, figures=row["text_figures"], mismatches=row["text_mismatches"])
                if row["kind"] else say("audit.no_text", lang))
        missing = "、".join(row["sections_missing"] or []) or say("audit.none", lang)
        lines.append(say("audit.line", lang, body=row["body"] or row["source"], year=row["year"] or "?",
                         tables=row["tables_found"], text=text,
                         missing=missing if row["kind"] else "—", similarity=_percent(row["similarity"])))
    return lines


def render_audit_text(result: Audited, lang: str, quiet: bool = False, strict: bool | None = None) -> str:
    """check's report of every report's findings, then a line per report (not when quiet)."""
    out = render_text(result, lang, quiet, strict)
    if quiet:
        return out
    return out + "\n" + say("audit.heading", lang) + "\n" + "".join(f"  {line}\n" for line in report_lines(result, lang))


def _cells(row: dict) -> list:
    return [row["source"], row["body"], row["year"], row["format"], row["kind"], row["tables_found"], row["errors"],
            row["warnings"], row["text_figures"], row["text_mismatches"],
            None if row["sections_missing"] is None else "、".join(row["sections_missing"]),
            None if row["similarity"] is None else round(row["similarity"] * 100)]


def render_audit_xlsx(result: Audited, lang: str) -> bytes:
    """报告: one row per report (filterable, sortable); 问题清单: every finding."""
    with Book(title=say("audit.title", lang), streaming=True) as book:
        headers = [say(f"audit.col.{k}", lang) for k in ROW_FIELDS]
        kinds = [WRAP, WRAP, COUNT, TEXT, TEXT, COUNT, COUNT, COUNT, COUNT, COUNT, TEXT, NUMBER]
        footer = footer_text(say("audit.title", lang), say("table.page_footer", lang))
        grid_sheet(book, Grid(REPORTS_SHEET, headers, [_cells(r) for r in result.rows()], kinds), footer)
        f_headers, f_rows = findings_grid(result, lang)
        grid_sheet(book, Grid(FINDINGS_SHEET, f_headers,
                              list(f_rows) or [["", "", "", "", "", say("ui.no_findings", lang)]],
                              [TEXT, TEXT, TEXT, WRAP, WRAP, WRAP], widths=[7, 7, 18, 30, 30, 60], freeze_cols=0),
                   footer)
        return book.bytes()


def render_audit_csv(result: Audited) -> bytes:
    """One row per report under ROW_FIELDS (UTF-8 with BOM, CRLF: what Excel and WPS open)."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(ROW_FIELDS)
    for row in result.rows():
        cells = _cells(row)
        cells[-1] = "" if row["similarity"] is None else row["similarity"]
        writer.writerow(["" if v is None else neutralize_csv(str(v)) for v in cells])
    return buf.getvalue().encode("utf-8-sig")


def render_audit(result: Audited, fmt: str, lang: str) -> bytes:
    """The bytes of an audit output file in `fmt` (xlsx, csv or json)."""
    if fmt == "xlsx":
        return render_audit_xlsx(result, lang)
    if fmt == "csv":
        return render_audit_csv(result)
    return (dumps(result.to_dict(lang)) + "\n").encode("utf-8")
