"""Annotated copies of checked workbooks: finding cells highlighted and commented, plus a findings sheet."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from ..base.xlsxzip import openpyxl_bytes
from ..messages import say, severity
from ..messages.errors import ToolError
from ..model.findings import Finding, sort_findings
from ..model.unit import Unit
from . import files
from .copy import FULL, GRID, LIST, copy_of
from .words import describe

ERROR_FILL = "FFC7CE"  # light red
WARNING_FILL = "FFEB9C"  # light orange
RELATED_FILL = "DDEBF7"  # light blue: a cell a rule read, not itself at fault
FORMULA_FILL = "D9D9D9"  # grey: a formula with no computed value, not copied
AUTHOR = "disclosure"
SUFFIX = "-annotated"


def text(name: str, lang: str, **params) -> str:
    return say("annotate." + name, lang, **params)


# -- where the copies go ----------------------------------------------------------------------


def plan(inputs: list[Path], target: Path) -> list[tuple[Path, Path]]:
    """(input, annotated copy) pairs. `target` ending in .xlsx (and not a folder) is the copy of the
    one input; otherwise it is a folder (created if missing) holding <input name>-annotated.xlsx per
    input, names made safe and unique, and never outside the folder nor onto an input."""
    target = Path(target)
    if target.suffix.lower() == ".xlsx" and not target.is_dir():
        if len(inputs) != 1:
            raise ToolError("annotate.needs_folder", path=target)
        pairs = [(inputs[0], target)]
    else:
        if target.exists() and not target.is_dir():
            raise ToolError("output.unwritable", path=target)
        try:
            target.mkdir(exist_ok=True)
        except OSError:
            raise ToolError("output.no_folder", path=target) from None
        used: set[str] = set()
        pairs = [(path, files.inside(target, files.unique_name(path.stem + SUFFIX, ".xlsx", used))) for path in inputs]
    for _, out in pairs:
        files.check_name(out)
        files.refuse_inputs(out, inputs)
    return pairs


def annotate_all(units: list[Unit], pairs: list[tuple[Path, Path]], lang: str,
                 extra: Iterable[Finding] = ()) -> list[Path]:
    """Write one annotated copy per (input, output) pair; return the outputs written."""
    by_source: dict[str, list[Unit]] = defaultdict(list)
    for u in units:
        by_source[u.source].append(u)
    written = []
    for source, out in pairs:
        own = by_source.get(str(source), [])
        findings = [f for u in own for f in u.findings] + [f for f in extra if f.source == str(source)]
        annotate(source, own, findings, out, lang)
        written.append(out)
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
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import quote_sheetname
    from openpyxl.worksheet.hyperlink import Hyperlink

    base = text("sheet", lang)
    title, n = base, 2
    while title in wb.sheetnames:
        title, n = f"{base} ({n})", n + 1
    ws = wb.create_sheet(title)
    ws.sheet_properties.tabColor = "C00000"
    formats = {u.name: u.format for u in units}
    header = text("header", lang).split("|")
    for c, head in enumerate(header, start=1):
        ws.cell(row=1, column=c, value=head).font = Font(bold=True)
    r = 1
    for i, f in enumerate(findings, start=1):
        r += 1
        where = describe(formats.get(f.unit or ""), f)
        sheet = sheet_map.get(f.sheet, f.sheet) if f.sheet else ""
        row = (i, f.code, severity(f.severity, lang), f.unit or "", f.source,
               sheet or "", f.cell or "", where, f.message(lang), text("joiner", lang).join(f.related))
        for c, v in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(v, str):
                files.xlsx_text(cell, v)  # unit names and values come from the input: never formulas
            else:
                cell.value = v
        colour = ERROR_FILL if f.is_error else WARNING_FILL
        ws.cell(row=r, column=3).fill = PatternFill("solid", start_color=colour, end_color=colour)
        if f.cell and f.sheet in sheet_map:
            link = ws.cell(row=r, column=7)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"{quote_sheetname(sheet)}!{f.cell}")
            link.style = "Hyperlink"
    if not findings:
        r += 1
        ws.cell(row=r, column=1, value=say("ui.no_findings", lang))
    if note:
        r += 2
        ws.cell(row=r, column=1, value=note).font = Font(italic=True)
    for col, width in zip("ABCDEFGHIJ", (6, 8, 8, 20, 24, 12, 9, 30, 70, 24), strict=False):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    if findings:
        ws.auto_filter.ref = f"A1:J{len(findings) + 1}"
    # Open on the list: select it alone (several selected tabs would group the sheets).
    for other in wb.worksheets:
        other.sheet_view.tabSelected = False
    ws.sheet_view.tabSelected = True
    wb.active = wb.worksheets.index(ws)
