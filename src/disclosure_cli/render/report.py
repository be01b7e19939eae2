"""Findings for people, as text: check's report (one block per unit) and compile's diagnostics (stderr),
with what came from the inputs made safe for a terminal (safe_text.terminal)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..formats.schema import Format
from ..messages import say, severity
from ..model.findings import Finding, sort_findings
from ..summary.result import Result
from .safe_text import terminal
from .words import describe, h, title, unit_heading


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
    """check's report (check_lines) as one text."""
    return "".join(text_pieces(check_lines(result, lang, quiet, strict)))


def check_lines(result: Result, lang: str, quiet: bool = False, strict: bool | None = None) -> Iterator[str]:
    """check's report: every unit (with 未发现问题 when clean), its findings, and the totals line. Quiet:
    only what fails the run (errors; with --strict warnings too), nothing when all is well."""
    strict = result.strict if strict is None else strict
    for u in result.units:
        shown = [f for f in sort_findings(u.findings) if not quiet or _failing(f, strict)]
        if quiet and not shown:
            continue
        yield unit_heading(u, lang)
        if not shown:
            yield "  " + say("ui.no_findings", lang)
        for f in shown:
            yield from finding_lines(f, u.format, lang)
        yield ""
    for f in sort_findings(result.extra_findings):
        if not quiet or _failing(f, strict):
            yield f"{f.code} {f.source}: {f.message(lang)}"
    if not quiet:
        yield from roster_lines(result, lang)
        yield _summary_line(result, lang)


def diagnostic_lines(result: Result, lang: str, quiet: bool = False) -> Iterator[str]:
    """compile's diagnostics: each unit with findings (errors only when quiet), then findings about
    the summary itself, then the totals line."""
    comp = result.compilation
    assert comp is not None
    said = False
    for u in comp.units:
        shown = [f for f in sort_findings(u.findings) if not quiet or _failing(f, result.strict)]
        if not shown:
            continue
        said = True
        yield unit_heading(u, lang) + ("  — " + h("excluded", lang) if u.excluded else "")
        for f in shown:
            yield from finding_lines(f, u.format, lang)
        yield ""
    extra = [f for f in sort_findings(comp.extra_findings) if not quiet or _failing(f, result.strict)]
    if extra:
        said = True
        yield h("findings", lang) + " — " + title(comp, lang)
        for f in extra:
            yield from finding_lines(f, comp.format, lang, with_source=True)
        yield ""
    if not quiet and (said or len(comp.units) > 1 or result.roster is not None):
        yield from roster_lines(result, lang)
        yield _summary_line(result, lang)


PIECE = 1 << 16  # characters a piece of a text report holds before it is written


def text_pieces(lines: Iterable[str], size: int = PIECE) -> Iterator[str]:
    """The lines as one text for a terminal, in pieces written as they come (a report of 50,000 units was
    some 40 MB held whole): the lines joined by line breaks, those at the very end dropped, then one
    (nothing for no lines), made safe (safe_text.terminal). Joined, the pieces are that text exactly."""
    held: list[str] = []
    length = 0
    trailing = ""  # line breaks at the end so far: written only if more text follows
    first = True
    for line in lines:
        text = line if first else "\n" + line
        first = False
        body = text.rstrip("\n")
        if not body:
            trailing += text
            continue
        held.append(terminal(trailing + body))
        length += len(body)
        trailing = text[len(body):]
        if length >= size:
            yield "".join(held)
            held, length = [], 0
    if not first:
        held.append("\n")
    if held:
        yield "".join(held)
