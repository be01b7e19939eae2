"""Findings for people: one block per unit, each finding with its cell and its row/column in words."""

from __future__ import annotations

from .findings import Finding
from .i18n import severity, ui
from .result import Result
from .schema import Format
from .unit import Unit


def describe(fmt: Format | None, f: Finding) -> str:
    """'三 › （一）予以公开 / 总计': the finding's place in the table, in the table's own words."""
    if fmt is None or not f.table:
        return ""
    try:
        table = fmt.table(f.table)
    except (KeyError, StopIteration):
        return ""
    row_label = col_label = ""
    if f.row:
        if any(g.id == f.row for g in table.groups):
            row_label = table.group(f.row).label + "（小计）"
        else:
            try:
                row = table.row(f.row)
            except KeyError:
                row = None
            if row is not None:
                group = table.group(row.group).label if row.group and table.id == "applications" else ""
                row_label = f"{group} {row.label}".strip() if group else row.label
                if f.column:
                    col_label = next((c.label for c in row.columns if c.id == f.column), f.column)
    return " / ".join(x for x in (row_label, col_label) if x)


def unit_heading(u: Unit, lang: str) -> str:
    where = u.source + (f" › {u.sheet}" if u.sheet else "")
    year = ui("year", lang, year=u.year) if u.year else "?"
    return f"{u.name}  ({where}, {year})"


def render_text(result: Result, lang: str, quiet: bool = False) -> str:
    lines: list[str] = []
    for u in result.units:
        shown = [f for f in sorted(u.findings, key=Finding.sort_key) if not quiet or f.is_error]
        if quiet and not shown:
            continue
        lines.append(unit_heading(u, lang))
        if not shown:
            lines.append("  " + ui("no_findings", lang))
        for f in shown:
            mark = "✗" if f.is_error else "!"
            sev = severity(f.is_error, lang)
            place = describe(u.format, f)
            head = f"  {mark} {f.code} {sev}  {f.where}" + (f"  {place}" if place else "")
            lines.append(head.rstrip())
            lines.append(f"      {f.message(lang)}")
        lines.append("")
    for f in result.extra_findings:
        lines.append(f"{f.code} {f.source}: {f.message(lang)}")
    if not quiet:
        bad = sum(1 for u in result.units if u.errors)
        lines.append(ui("summary", lang, units=len(result.units), bad=bad,
                        errors=result.errors, warnings=result.warnings))
    return "\n".join(lines).rstrip("\n") + ("\n" if lines else "")
