"""Findings for people, as text: check's report (one block per unit) and compile's diagnostics (stderr),
with what came from the inputs made safe for a terminal (safe_text.terminal)."""

from __future__ import annotations

from ..formats.schema import Format
from ..messages import say, severity
from ..model.findings import Finding, sort_findings
from ..summary import Compilation, Result
from .safe_text import terminal
from .words import describe, h, title, unit_heading


def finding_lines(f: Finding, fmt: Format | None, lang: str) -> list[str]:
    """'  ✗ E201 错误  年报附表!J25  （一）予以公开 / 总计' and the message under it."""
    place = describe(fmt, f)
    head = f"  {f.mark} {f.code} {severity(f.severity, lang)}  {f.where}" + (f"  {place}" if place else "")
    return [head.rstrip(), f"      {f.message(lang)}"]


def _summary_line(result: Result, lang: str) -> str:
    bad = sum(1 for u in result.units if u.errors)
    return say("ui.summary", lang, units=len(result.units), bad=bad, errors=result.errors,
               warnings=result.warnings)


def render_text(result: Result, lang: str, quiet: bool = False) -> str:
    """check's report: every unit (with 未发现问题 when clean), its findings, and the totals line."""
    lines: list[str] = []
    for u in result.units:
        shown = [f for f in sort_findings(u.findings) if not quiet or f.is_error]
        if quiet and not shown:
            continue
        lines.append(unit_heading(u, lang))
        if not shown:
            lines.append("  " + say("ui.no_findings", lang))
        for f in shown:
            lines += finding_lines(f, u.format, lang)
        lines.append("")
    for f in result.extra_findings:
        lines.append(f"{f.code} {f.source}: {f.message(lang)}")
    if not quiet:
        lines.append(_summary_line(result, lang))
    return terminal("\n".join(lines).rstrip("\n") + ("\n" if lines else ""))


def findings_text(result: Result, lang: str, quiet: bool = False) -> str:
    """compile's diagnostics: each unit with findings (errors only when quiet), then findings about
    the summary itself, then the totals line."""
    comp = result.compilation
    assert isinstance(comp, Compilation)
    lines: list[str] = []
    for u in comp.units:
        shown = [f for f in sort_findings(u.findings) if not quiet or f.is_error]
        if not shown:
            continue
        lines.append(unit_heading(u, lang) + ("  — " + h("excluded", lang) if u.excluded else ""))
        for f in shown:
            lines += finding_lines(f, u.format, lang)
        lines.append("")
    extra = [f for f in comp.extra_findings if not quiet or f.is_error]
    if extra:
        lines.append(h("findings", lang) + " — " + title(comp, lang))
        for f in extra:
            lines += finding_lines(f, comp.format, lang)
        lines.append("")
    if not quiet and (lines or len(comp.units) > 1):
        lines.append(_summary_line(result, lang))
    return terminal("\n".join(lines).rstrip("\n") + ("\n" if lines else ""))
