"""A compilation as plain tables: CJK-aligned terminal text and Markdown (both via tabulate)."""

from __future__ import annotations

from ..formats.schema import BLOCKS, GRID, GROUPS, Format, Table
from ..messages import say, severity
from ..model.findings import errors_first
from ..model.values import show
from ..summary import Compilation, Result
from . import safe_text
from .indicators import text_rows
from .roster import roster_headers, roster_heading, roster_rows
from .words import describe, h, shown_sources, status_text, title

HOLE = "?"  # a total that could not be computed (E401): never shown as 0


def cell(v) -> str:
    return HOLE if v is None else show(v)


# -- the three tables as grids (caption, headers, rows), under the official headings ---------------

Grid = tuple[str | None, list[str], list[list[str]]]  # (a caption above it, headers, rows)


def _active(table: Table, values: dict) -> list[Grid]:
    """Table 二 as small grids, one per block (第二十条第（一）项 …), each under its own headings."""
    grids: list[Grid] = []
    for row in table.rows:
        labels = [c.label for c in row.columns]
        if not grids or grids[-1][0] != row.block:
            grids.append((row.block, [table.label_heading or "", *labels], []))
        grids[-1][2].append([row.label, *(cell(values.get((table.id, row.id, c.id))) for c in row.columns)])
    return grids


def _applications(table: Table, values: dict) -> Grid:
    cols = table.rows[0].columns
    headers = ["", *(c.label for c in cols)]
    rows: list[list[str]] = []
    group_seen: set[str] = set()
    blank = [""] * len(cols)
    first_result = table.results[0] if table.results else None
    for row in table.rows:
        if row.id == first_result and table.section:
            rows.append([table.section, *blank])
        if row.group and row.group not in group_seen:
            group_seen.add(row.group)
            rows.append([table.group(row.group).label, *blank])
        label = ("  " + row.label) if row.group else row.label
        rows.append([label, *(cell(values.get((table.id, row.id, c.id))) for c in cols)])
    return None, headers, rows


def _reviews(table: Table, values: dict) -> Grid:
    cols = table.rows[0].columns
    rows = []
    for row in table.rows:
        label = f"{table.group(row.group).label} › {row.label}" if row.group else row.label
        rows.append([label, *(cell(values.get((table.id, row.id, c.id))) for c in row.columns)])
    return None, ["", *(c.label for c in cols)], rows


def grids(fmt: Format, values: dict) -> list[tuple[str, list[Grid]]]:
    """[(table title, [(caption, headers, rows), ...]), ...] for the format's tables: the official
    labels and headings only, in whatever language the rest of the output speaks."""
    out = []
    for table in fmt.tables:
        if table.shape == BLOCKS:
            out.append((table.title, _active(table, values)))
        elif table.shape == GRID:
            out.append((table.title, [_applications(table, values)]))
        elif table.shape == GROUPS:
            out.append((table.title, [_reviews(table, values)]))
    return out


def breakdown_grid(comp: Compilation, lang: str, totals_row: bool = True) -> tuple[list[str], list[list[str]]]:
    keys = comp.breakdown_keys()
    headers = [h("unit", lang), h("status", lang), *(label for _, label in keys)]
    rows = []
    for unit, figures in zip(comp.units, comp.figures, strict=False):
        nums = ([cell(figures.get(k)) if k[0] != "yoy" or figures.get(k) is not None else "" for k, _ in keys]
                if figures is not None else [""] * len(keys))
        rows.append([unit.name, status_text(unit, comp, lang), *nums])
    if totals_row:
        total = comp.totals_figures()
        rows.append([h("total_row", lang), "", *(cell(total.get(k)) if k[0] != "yoy" else "" for k, _ in keys)])
    return headers, rows


def findings_grid(comp: Compilation | Result, lang: str) -> tuple[list[str], list[list[str]]]:
    """Every finding of a compilation or a run (audit's), errors first, its input shown relative
    (words.shown_sources)."""
    headers = [h("code", lang), h("severity", lang), h("unit", lang), h("where", lang), h("place", lang),
               h("message", lang)]
    findings = errors_first([f for u in comp.units for f in u.findings] + comp.extra_findings)
    named = {f.source for f in findings}  # the format of the files findings name, not of every unit read
    fmt_of = {u.source: u.format for u in comp.units if u.source in named}
    shown = shown_sources(sorted({f.source for f in findings if f.source}))
    rows = [[f.code, severity(f.severity, lang), f.unit or "",
             " › ".join(x for x in (shown.get(f.source, f.source), f.place(lang) if f.where else "") if x),
             describe(fmt_of.get(f.source) or getattr(comp, "format", None), f), f.message(lang)] for f in findings]
    return headers, rows


# -- terminal ---------------------------------------------------------------------------------------


def _align(headers, labels: int = 1) -> list[str]:
    """The label columns (the first `labels`) left; number columns right."""
    return ["left"] * labels + ["right"] * (len(headers) - labels)


def _tab(headers, rows, fmt: str, wrap: int | None = None, head_wrap: int | None = None, labels: int = 1) -> str:
    from tabulate import tabulate

    # Numbers are pre-formatted strings: align by column position, not by tabulate's guess.
    align = _align(headers, labels)
    headers = [safe_text.terminal(str(x)) for x in headers]
    rows = [[safe_text.terminal(str(x)) for x in row] for row in rows]
    widths = [wrap] + [None] * (len(headers) - 1) if wrap else None
    heads: list = [None] * labels + [head_wrap] * (len(headers) - labels) if head_wrap else []
    return tabulate(rows, headers=headers, tablefmt=fmt, colalign=align, disable_numparse=True,
                    maxcolwidths=widths, maxheadercolwidths=heads or None)


def _simple(headers: list[str], rows: list[list[str]], labels: int = 2) -> str:
    """_tab(headers, rows, "simple", labels=2) written directly, character for character the same
    (tested): tabulate measures and types every cell, which for a breakdown of thousands of units
    took longer than the rest of writing the summary. Cells it would treat specially (line breaks,
    escape or other control characters) go to tabulate itself."""
    from wcwidth import wcswidth

    def width(v: str) -> int:  # printable ASCII (every number) is one column a character
        return len(v) if v.isascii() and v.isprintable() else wcswidth(v)

    cells = [[safe_text.terminal(str(v)).strip() for v in row] for row in [headers, *rows]]
    sizes = [[width(v) for v in row] for row in cells]
    if any(w < 0 for row in sizes for w in row) or any("\n" in v for row in cells for v in row):
        return _tab(headers, rows, "simple", labels=labels)
    col = [max([sizes[0][i] + 2] + [row[i] for row in sizes[1:] if i < len(row)]) for i in range(len(cells[0]))]
    right = [a == "right" for a in _align(headers, labels)]

    def line(values: list[str], measured: list[int]) -> str:
        return "  ".join(" " * (col[i] - w) + v if right[i] else v + " " * (col[i] - w)
                         for i, (v, w) in enumerate(zip(values, measured, strict=False))).rstrip()

    body = [line(v, w) for v, w in zip(cells, sizes, strict=False)]
    return "\n".join([body[0], "  ".join("-" * w for w in col)] + body[1:])


def text_width(text: str) -> int:
    """The terminal columns of the widest line (CJK characters take two)."""
    from wcwidth import wcswidth

    return max((max(wcswidth(line), len(line)) if not line.isascii() else len(line)
                for line in text.split("\n")), default=0)


def fitted(headers: list[str], rows: list[list[str]], width: int | None, labels: int = 1) -> str:
    """A bordered table no wider than `width` columns: labels (then headings) wrapped inside their
    columns, narrower step by step; when even that is too wide, the table stacked (`stacked`)."""
    text = _tab(headers, rows, "simple_grid", wrap=30, labels=labels)
    if width is None or text_width(text) <= width:
        return text
    for wrap in range(28, 9, -2):
        text = _tab(headers, rows, "simple_grid", wrap=wrap, head_wrap=8, labels=labels)
        if text_width(text) <= width:
            return text
    return stacked(headers, rows, width, labels)


def stacked(headers: list[str], rows: list[list[str]], width: int, labels: int = 1) -> str:
    """Each row as its label, then heading–number pairs wrapped to `width`: a table too wide for
    the terminal, readable in any width."""
    out = []
    for row in rows:
        out += _wrap(" ".join(x.strip() for x in row[:labels] if x.strip()), width)
        line = "  "
        for head, value in zip(headers[labels:], row[labels:], strict=False):
            if value == "":
                continue
            piece = f"{head} {value}"
            if line.strip() and text_width(line + "  " + piece) > width:
                out.append(line.rstrip())
                line = "  "
            line += ("  " if line.strip() else "") + piece
        if line.strip():
            out.append(line.rstrip())
    return "\n".join(out)


def _wrap(text: str, width: int) -> list[str]:
    """A label cut into lines of at most `width` columns (CJK characters take two)."""
    from wcwidth import wcwidth

    lines, line, used = [], "", 0
    for ch in text:
        w = max(0, wcwidth(ch))
        if used + w > width and line:
            lines.append(line)
            line, used = "", 0
        line, used = line + ch, used + w
    return lines + [line] if line or not lines else lines


def render_terminal(comp: Compilation, lang: str, width: int | None = None) -> str:
    """The tables for the terminal, fitted to `width` columns when given; with several units also
    the breakdown (findings go to stderr)."""
    parts = [safe_text.terminal(title(comp, lang)), ""]
    for table_title, table_grids in grids(comp.format, comp.totals):
        parts += _wrap(table_title, width) if width else [table_title]
        for caption, headers, rows in table_grids:
            if caption:
                parts.append(caption)
            parts.append(fitted(headers, rows, width))
        parts.append("")
    headers, rows = text_rows(comp, lang)  # the summary's indicators (docs/indicators.md)
    parts += [say("insight.heading", lang), fitted(headers, rows, width), ""]
    if len(comp.units) > 1:
        parts.append(h("breakdown", lang) + "  (" + h("covered", lang, included=comp.included_count,
                                                         n=len(comp.units)) + ")")
        headers, rows = breakdown_grid(comp, lang)
        text = _simple(headers, rows)
        if width is not None and text_width(text.split("\n", 1)[0]) > width:
            text = stacked(headers, rows, width, labels=2)
        parts.append(text)
        parts.append("")
    if comp.roster is not None:
        from tabulate import tabulate

        rows = roster_rows(comp, lang)
        parts += [roster_heading(comp, lang),
                  *([tabulate(rows, headers=roster_headers(lang), disable_numparse=True)] if rows else []), ""]
    return "\n".join(parts)


# -- Markdown ---------------------------------------------------------------------------------------


def _md(headers, rows, numbers: bool = True, labels: int = 1) -> str:
    from tabulate import tabulate

    align = _align(headers, labels) if numbers else ["left"] * len(headers)
    return tabulate([[safe_text.markdown(str(x)) for x in r] for r in rows],
                    headers=[safe_text.markdown(x) for x in headers], tablefmt="pipe", colalign=align,
                    disable_numparse=True)


def render_markdown(comp: Compilation, lang: str) -> str:
    parts = [f"# {safe_text.markdown(title(comp, lang))}", ""]
    for table_title, table_grids in grids(comp.format, comp.totals):
        parts += [f"## {table_title}", ""]
        for caption, headers, rows in table_grids:
            if caption:
                parts += [f"**{safe_text.markdown(caption)}**", ""]
            parts += [_md(headers, rows), ""]
    headers, rows = text_rows(comp, lang)
    parts += [f"## {say('insight.heading', lang)}", "", _md(headers, rows), ""]
    parts += [f"## {h('units', lang)}", "", h("covered", lang, included=comp.included_count, n=len(comp.units)), ""]
    headers, rows = breakdown_grid(comp, lang, totals_row=len(comp.units) > 1)
    parts += [_md(headers, rows, labels=2), ""]
    if comp.roster is not None:
        parts += [f"## {safe_text.markdown(roster_heading(comp, lang))}", ""]
        if roster_rows(comp, lang):
            parts += [_md(roster_headers(lang), roster_rows(comp, lang), numbers=False), ""]
    headers, rows = findings_grid(comp, lang)
    if rows:
        parts += [f"## {h('findings', lang)}", "", _md(headers, rows, numbers=False), ""]
    return "\n".join(parts)
