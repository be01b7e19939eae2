"""Annotated copies of checked workbooks: finding cells highlighted and commented, plus a findings sheet."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from ..base.marker import ANNOTATED, mark_openpyxl
from ..base.xlsxzip import openpyxl_bytes
from ..inputs.paths import Files, Scan
from ..messages import say, severity
from ..messages.errors import ToolError
from ..model.findings import Finding, errors_first, sort_findings
from ..model.unit import Unit
from ..read import made_by_file
from . import files
from .copy import FULL, GRID, LIST, copy_of
from .targets import check_target
from .words import describe

# Three colours told apart at a glance, and from the template's yellow input cells (FFF2CC) and grey
# totals (E7E6E6): red, orange, blue, each with its word in the legend on the findings sheet.
ERROR_FILL = "FF7C80"  # red
WARNING_FILL = "F4B183"  # orange
RELATED_FILL = "9DC3E6"  # blue: a cell a rule read, not itself at fault
FORMULA_FILL = "BFBFBF"  # grey: a formula with no computed value, not copied (values only travel)
HEADER_ROW = 4  # the findings sheet: title, legend, a blank row, then the list
AUTHOR = "disclosure"
SUFFIX = "-annotated"

def text(name: str, lang: str, **params) -> str:
    return say("annotate." + name, lang, **params)


# -- where the copies go ----------------------------------------------------------------------


def plan(inputs: Files, target: str | Path) -> list[tuple[Path, Path]]:
    """(input, annotated copy) pairs. `target` ending in .xlsx (and not a folder) is the copy of the
    one input; otherwise it is a folder (created if missing) holding <input name>-annotated.xlsx per
    input, names made safe and unique, and never outside the folder nor onto an input. A target with
    another suffix (m.csv) is refused rather than made a folder, unless it ends with a slash."""
    paths = [Path(p) for p in inputs]
    pairs = _pairs(paths, target)
    for _, out in pairs:
        files.check_name(out)
    files.refuse_inputs([out for _, out in pairs], paths)
    return pairs


def plan_run(found: Scan, target: str | Path) -> list[tuple[Path, Path]]:
    """plan() for a run's inputs: the copies this run writes are never among its inputs (found in a
    folder or by a glob, they are skipped: rerunning `check . --annotate .` just works)."""
    for _ in range(3):  # dropping an input can rename another's copy (name-2): settle
        pairs = _pairs(found.paths, target)
        before = len(found.paths)
        found.drop_outputs([out for _, out in pairs], lambda p: made_by_file(p) == ANNOTATED)
        if len(found.paths) == before:
            break
    return plan(found.paths, target)


def _pairs(given: Files, target: str | Path) -> list[tuple[Path, Path]]:
    inputs = [Path(p) for p in given]
    as_folder = str(target).endswith(("/", os.sep))
    target = Path(target)
    if target.suffix.lower() == ".xlsx" and not target.is_dir() and not as_folder:
        if len(inputs) != 1:
            raise ToolError("annotate.needs_folder", path=target)
        check_target(target)
        return [(inputs[0], target)]
    if target.exists() and not target.is_dir():
        raise ToolError("output.unwritable", path=target)
    if not target.exists() and target.suffix and not as_folder:
        raise ToolError("annotate.suffix", path=target)
    try:
        target.mkdir(exist_ok=True)
    except OSError:
        raise ToolError("output.no_folder", path=target) from None
    used: set[str] = set()
    pairs = [(path, files.inside(target, files.unique_name(path.stem + SUFFIX, ".xlsx", used))) for path in inputs]
    if pairs:
        check_target(pairs[0][1])
    return pairs


def annotate_all(units: list[Unit], pairs: list[tuple[Path, Path]], lang: str,
                 extra: Iterable[Finding] = ()) -> list[tuple[Path, Path | None]]:
    """Write one annotated copy per (input, output) pair that has findings; return (input, the copy
    written, or None when nothing was found and no copy was made)."""
    by_source: dict[str, list[Unit]] = defaultdict(list)
    for u in units:
        by_source[u.source].append(u)
    written: list[tuple[Path, Path | None]] = []
    for source, out in pairs:
        own = by_source.get(str(source), [])
        findings = [f for u in own for f in u.findings] + [f for f in extra if f.source == str(source)]
        if not findings:
            written.append((source, None))
            continue
        annotate(source, own, findings, out, lang)
        written.append((source, out))
    return written


# -- one copy -----------------------------------------------------------------------------------


def annotate(source: Path, units: list[Unit], findings: list[Finding], out: Path, lang: str) -> None:
    """Write `out`: a copy of `source` with its findings marked. `source` is only ever read.

    An input openpyxl loads but cannot save again (a sheet or name holding characters XML forbids)
    gets a copy of its values instead, and if even that fails, the list of findings alone."""
    unreadable = any(f.code == "E003" for f in findings)
    findings = sort_findings(findings)
    for keeps in (FULL, GRID, LIST):
        wb, sheet_map, note, dropped = copy_of(Path(source), unreadable, lang, keeps)
        _mark(wb, sheet_map, findings, lang, dropped)
        _findings_sheet(wb, sheet_map, findings, units, lang, note)
        mark_openpyxl(wb, ANNOTATED)  # a later run over the folder does not count the copy as a unit
        try:
            data = openpyxl_bytes(wb)
            break
        except Exception:  # noqa: BLE001 - openpyxl refuses what it loaded: fall back to less of it
            if keeps == LIST:
                raise

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    files.atomic_write(Path(out), write)


def _split(where: str) -> tuple[str, str]:
    sheet, _, ref = where.rpartition("!")
    return sheet, ref


def _anchor(ws, ref: str):
    """The cell that can hold a comment: the top-left cell of a merged range covering `ref`."""
    cell = ws[ref]
    if type(cell).__name__ == "MergedCell":
        for rng in ws.merged_cells.ranges:
            if cell.coordinate in rng:
                return ws.cell(row=rng.min_row, column=rng.min_col)
    return cell


def _mark(wb, sheet_map: dict, findings: list[Finding], lang: str,
          dropped: Iterable[tuple[str, str]] = ()) -> None:
    """(Long because a cell's own findings, the findings that read it, and a formula the copy could
    not carry each make its note, merged into one comment.)"""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    def fill(colour):
        return PatternFill("solid", start_color=colour, end_color=colour)

    own: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    read_by: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.sheet in sheet_map and f.cell:
            own[(sheet_map[f.sheet], f.cell)].append(f)
        for rel in f.related:
            sheet, ref = _split(rel)
            if sheet in sheet_map and ref:
                read_by[(sheet_map[sheet], ref)].append(f)
    notes: dict[tuple[str, str], tuple[str, str]] = {}
    for (sheet, ref), fs in own.items():
        lines = [text("line", lang, code=f.code, severity=severity(f.severity, lang),
                      message=f.message(lang)) for f in fs]
        colour = ERROR_FILL if any(f.is_error for f in fs) else WARNING_FILL
        notes[(sheet, ref)] = (colour, "\n".join(lines))
    for (sheet, ref), fs in read_by.items():
        if (sheet, ref) in notes:
            continue
        items = text("joiner", lang).join(dict.fromkeys(text("item", lang, code=f.code, cell=f.cell) for f in fs))
        notes[(sheet, ref)] = (RELATED_FILL, text("related", lang, items=items))
    for sheet, ref in dropped:
        colour, body = notes.get((sheet, ref), (FORMULA_FILL, ""))
        notes[(sheet, ref)] = (colour, (body + "\n" if body else "") + text("formula_dropped", lang))
    for (sheet, ref), (colour, body) in notes.items():
        try:
            cell = _anchor(wb[sheet], ref)
        except (KeyError, ValueError):
            continue
        cell.fill = fill(colour)
        previous = cell.comment.text if cell.comment is not None else ""
        body = files.clean_text(f"{previous}\n—\n{body}" if previous else body)
        comment = Comment(body, AUTHOR)
        comment.width = 360
        comment.height = min(400, 40 + 18 * (body.count("\n") + 1 + len(body) // 30))
        cell.comment = comment


def _findings_sheet(wb, sheet_map: dict, findings: list[Finding], units: list[Unit], lang: str,
                    note: str | None) -> None:
    """The list a clerk works down: errors first, bordered, a legend of the colours above it, printable
    on A4 landscape (the header row repeated); the workbook opens on it."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import quote_sheetname
    from openpyxl.worksheet.hyperlink import Hyperlink

    base = text("sheet", lang)
    title, n = base, 2
    while title in wb.sheetnames:
        title, n = f"{base} ({n})", n + 1
    ws = wb.create_sheet(title)
    ws.sheet_properties.tabColor = "C00000"
    findings = errors_first(findings)
    _legend(ws, findings, lang)
    formats = {u.name: u.format for u in units}
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    for c, head in enumerate(text("header", lang).split("|"), start=1):
        cell = ws.cell(row=HEADER_ROW, column=c, value=head)
        cell.font, cell.border, cell.fill = Font(bold=True), box, PatternFill("solid", start_color="D9D9D9")
    r = HEADER_ROW
    for i, f in enumerate(findings, start=1):
        r += 1
        sheet = sheet_map.get(f.sheet, f.sheet) if f.sheet else ""
        row = (i, f.code, severity(f.severity, lang), f.unit or "", f.source, sheet or "", f.cell or "",
               describe(formats.get(f.unit or ""), f), f.message(lang), text("joiner", lang).join(f.related))
        for c, v in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(v, str):
                files.xlsx_text(cell, v)  # unit names and values come from the input: never formulas
            else:
                cell.value = v
            cell.border, cell.alignment = box, wrap
        colour = ERROR_FILL if f.is_error else WARNING_FILL
        ws.cell(row=r, column=3).fill = PatternFill("solid", start_color=colour, end_color=colour)
        if f.cell and f.sheet in sheet_map:
            link = ws.cell(row=r, column=7)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"{quote_sheetname(sheet)}!{f.cell}")
            link.style, link.border, link.alignment = "Hyperlink", box, wrap
        ws.row_dimensions[r].height = 15 * (1 + max(len(row[8]) // 34, len(row[7]) // 16, len(row[9]) // 12))
    if not findings:  # annotate() called directly on a clean input (annotate_all writes no copy then)
        r += 1
        ws.cell(row=r, column=1, value=say("ui.no_findings", lang))
    if note:
        r += 2
        ws.cell(row=r, column=1, value=note).font = Font(italic=True)
    for col, width in zip("ABCDEFGHIJ", (6, 8, 8, 20, 24, 12, 9, 30, 70, 24), strict=False):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    if findings:
        ws.auto_filter.ref = f"A{HEADER_ROW}:J{HEADER_ROW + len(findings)}"
    _printable(ws, findings[0].unit if findings else None, lang)
    # Open on the list: select it alone (several selected tabs would group the sheets).
    for other in wb.worksheets:
        other.sheet_view.tabSelected = False
    ws.sheet_view.tabSelected = True
    wb.active = wb.worksheets.index(ws)


def _legend(ws, findings: list[Finding], lang: str) -> None:
    """Row 1: how many errors and warnings; row 2: what each colour marks."""
    from openpyxl.styles import Font, PatternFill

    errors = sum(1 for f in findings if f.is_error)
    ws.cell(row=1, column=1, value=text("count", lang, errors=errors, warnings=len(findings) - errors)).font = \
        Font(bold=True, size=12)
    ws.cell(row=2, column=1, value=text("legend", lang))
    for col, (colour, key) in zip((3, 5, 8), ((ERROR_FILL, "legend_error"), (WARNING_FILL, "legend_warning"),
                                             (RELATED_FILL, "legend_related")), strict=True):
        cell = ws.cell(row=2, column=col, value=text(key, lang))
        cell.fill = PatternFill("solid", start_color=colour, end_color=colour)


def _printable(ws, unit: str | None, lang: str) -> None:
    """A4 landscape, one page wide, the header row on every page, the unit and page in the footer."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top, ws.page_margins.bottom = 0.5, 0.6
    ws.oddFooter.left.text = files.clean_text((unit or "").replace("&", "&&"))[:120]
    ws.oddFooter.right.text = say("table.page_footer", lang)
