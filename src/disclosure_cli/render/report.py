"""Findings for people, as text: check's report (one block per unit) and compile's diagnostics (stderr),
with what came from the inputs made safe for a terminal (safe_text.terminal)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..formats.schema import Format
from ..messages import say, severity
from ..model.findings import Finding, sort_findings
from ..summary.result import Result
from .safe_text import terminal
from .words import describe, h, title, unit_heading

if TYPE_CHECKING:  # a check renders no compilation: it is not loaded for one
    pass


def finding_lines(f: Finding, fmt: Format | None, lang: str, with_source: bool = False) -> list[str]:
    """'  ✗ E201 错误  年报附表!J25  （一）予以公开 / 总计' and the message under it; `with_source` for a
    finding listed under no unit's heading (a file not read, the roster): its file too."""
    place = describe(fmt, f)
    where = (f"{f.source} › {f.place(lang)}" if f.where else f.source) if with_source and f.source \
        else f.place(lang)
    head = f"  {f.mark} {f.code} {severity(f.severity, lang)}  {where}" + (f"  {place}" if place else "")
    return [head.rstrip(), f"      {f.message(lang)}"]


def _summary_line(result: Result, lang: str) -> str:
    bad = sum(1 for u in result.units if u.errors)
    return say("ui.summary", lang, units=len(result.units), bad=bad, errors=result.errors,
               warnings=result.warnings)


def _failing(f: Finding, strict: bool) -> bool:
    """What --quiet still shows: what makes the run fail (errors, and warnings under --strict)."""
    return f.is_error or (strict and f.is_warning)


def roster_lines(result: Result, lang: str) -> list[str]:
    """The run against its roster (--roster): the counts, who sent nothing, who is not listed."""
    r = result.roster
    if r is None:
        return []
    sep = say("part.list_sep", lang)
    lines = [say("ui.roster", lang, path=r.source, expected=r.expected, reported=r.reported,
                 missing=len(r.missing), unexpected=len(r.unexpected))]
    if r.missing:
        lines.append("  " + say("ui.roster_missing", lang, names=sep.join(e.name for e in r.missing)))
    if r.unexpected:
        lines.append("  " + say("ui.roster_unexpected", lang, names=sep.join(n for n, _ in r.unexpected)))
    return lines


def render_text(result: Result, lang: str, quiet: bool = False, strict: bool | None = None) -> str:
    """check's report: every unit (with 未发现问题 when clean), its findings, and the totals line. Quiet:
    only what fails the run (errors; with --strict warnings too), nothing when all is well."""
    strict = result.strict if strict is None else strict
    lines: list[str] = []
    for u in result.units:
        shown = [f for f in sort_findings(u.findings) if not quiet or _failing(f, strict)]
        if quiet and not shown:
            continue
        lines.append(unit_heading(u, lang))
        if not shown:
            lines.append("  " + say("ui.no_findings", lang))
        for f in shown:
            lines += finding_lines(f, u.format, lang)
        lines.append("")
    for f in sort_findings(result.extra_findings):
        if not quiet or _failing(f, strict):
            lines.append(f"{f.code} {f.source}: {f.message(lang)}")
    if not quiet:
        lines += roster_lines(result, lang)
        lines.append(_summary_line(result, lang))
    return terminal("\n".join(lines).rstrip("\n") + ("\n" if lines else ""))


def findings_text(result: Result, lang: str, quiet: bool = False) -> str:
    """compile's diagnostics: each unit with findings (errors only when quiet), then findings about
    the summary itself, then the totals line."""
    comp = result.compilation
    assert comp is not None
    lines: list[str] = []
    for u in comp.units:
        shown = [f for f in sort_findings(u.findings) if not quiet or _failing(f, result.strict)]
        if not shown:
            continue
        lines.append(unit_heading(u, lang) + ("  — " + h("excluded", lang) if u.excluded else ""))
        for f in shown:
            lines += finding_lines(f, u.format, lang)
        lines.append("")
    extra = [f for f in sort_findings(comp.extra_findings) if not quiet or _failing(f, result.strict)]
    if extra:
        lines.append(h("findings", lang) + " — " + title(comp, lang))
        for f in extra:
            lines += finding_lines(f, comp.format, lang, with_source=True)
        lines.append("")
    if not quiet and (lines or len(comp.units) > 1 or result.roster is not None):
        lines += roster_lines(result, lang)
        lines.append(_summary_line(result, lang))
    return terminal("\n".join(lines).rstrip("\n") + ("\n" if lines else ""))
