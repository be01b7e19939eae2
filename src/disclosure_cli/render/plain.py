"""A compilation as plain tables: CJK-aligned terminal text and Markdown (both via tabulate)."""

from __future__ import annotations

from ..formats.schema import BLOCKS, GRID, GROUPS, Format, Table
from ..messages import MESSAGES, severity
from ..model.findings import sort_findings
from ..model.values import show
from ..summary import Compilation
from . import safe_text
from .words import describe, h, status_text, title

HOLE = "?"  # a total that could not be computed (E401): never shown as 0


def cell(v) -> str:
    return HOLE if v is None else show(v)


# -- the three tables as grids (title, headers, rows) ---------------------------------------------


def _active(table: Table, values: dict, lang: str) -> list[tuple[list[str], list[list[str]]]]:
    """Table 二 as small grids, one per column layout (件数 / 处理决定数量 / 收费金额)."""
    grids: list[tuple[list[str], list[list[str]]]] = []
    for row in table.rows:
        labels = [c.label for c in row.columns]
        if not grids or grids[-1][0][2:] != labels:
            grids.append(([h("basis", lang), h("content", lang), *labels], []))
        grids[-1][1].append([row.block or "", row.label,
                             *(cell(values.get((table.id, row.id, c.id))) for c in row.columns)])
    return grids


def _applications(table: Table, values: dict) -> tuple[list[str], list[list[str]]]:
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
    return headers, rows


def _reviews(table: Table, values: dict) -> tuple[list[str], list[list[str]]]:
    cols = table.rows[0].columns
    rows = []
    for row in table.rows:
        label = f"{table.group(row.group).label} › {row.label}" if row.group else row.label
        rows.append([label, *(cell(values.get((table.id, row.id, c.id))) for c in row.columns)])
    return ["", *(c.label for c in cols)], rows


def grids(fmt: Format, values: dict, lang: str) -> list[tuple[str, list[tuple[list[str], list[list[str]]]]]]:
    """[(table title, [(headers, rows), ...]), ...] for the format's tables."""
    out = []
    for table in fmt.tables:
        if table.shape == BLOCKS:
            out.append((table.title, _active(table, values, lang)))
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


def findings_grid(comp: Compilation, lang: str) -> tuple[list[str], list[list[str]]]:
    headers = [h("code", lang), h("severity", lang), h("unit", lang), h("where", lang), h("place", lang),
               h("message", lang)]
    rows = []
    fmt_of = {u.source: u.format for u in comp.units}
    for f in sort_findings([f for u in comp.units for f in u.findings] + comp.extra_findings):
        rows.append([f.code, severity(f.severity, lang), f.unit or "",
                     (f"{f.source} › {f.where}" if f.where else f.source),
                     describe(fmt_of.get(f.source) or comp.format, f), f.message(lang)])
    return headers, rows


# -- terminal ---------------------------------------------------------------------------------------


_LABEL_HEADERS = {MESSAGES["table." + k][i] for k in ("basis", "content", "unit", "status") for i in (0, 1)}


def _align(headers) -> list[str]:
    """Label columns (the first, and label headings right after it) left; number columns right."""
    n = 1
    while n < len(headers) and headers[n] in _LABEL_HEADERS:
        n += 1
    return ["left"] * n + ["right"] * (len(headers) - n)


def _tab(headers, rows, fmt: str, wrap: int | None = None) -> str:
    from tabulate import tabulate

    # Numbers are pre-formatted strings: align by column position, not by tabulate's guess.
    align = _align(headers)
    headers = [safe_text.terminal(str(x)) for x in headers]
    rows = [[safe_text.terminal(str(x)) for x in row] for row in rows]
    widths = [wrap] + [None] * (len(headers) - 1) if wrap else None
    return tabulate(rows, headers=headers, tablefmt=fmt, colalign=align, disable_numparse=True,
                    maxcolwidths=widths)


def _simple(headers: list[str], rows: list[list[str]]) -> str:
    """_tab(headers, rows, "simple") written directly, character for character the same (tested):
    tabulate measures and types every cell, which for a breakdown of thousands of units took longer
    than the rest of writing the summary. Cells it would treat specially (line breaks, escape or
    other control characters) go to tabulate itself."""
    from wcwidth import wcswidth

    def width(v: str) -> int:  # printable ASCII (every number) is one column a character
        return len(v) if v.isascii() and v.isprintable() else wcswidth(v)

    cells = [[safe_text.terminal(str(v)).strip() for v in row] for row in [headers, *rows]]
    sizes = [[width(v) for v in row] for row in cells]
    if any(w < 0 for row in sizes for w in row) or any("\n" in v for row in cells for v in row):
        return _tab(headers, rows, "simple")
    col = [max([sizes[0][i] + 2] + [row[i] for row in sizes[1:] if i < len(row)]) for i in range(len(cells[0]))]
    right = [a == "right" for a in _align(headers)]

    def line(values: list[str], measured: list[int]) -> str:
        return "  ".join(" " * (col[i] - w) + v if right[i] else v + " " * (col[i] - w)
                         for i, (v, w) in enumerate(zip(values, measured, strict=False))).rstrip()

    body = [line(v, w) for v, w in zip(cells, sizes, strict=False)]
    return "\n".join([body[0], "  ".join("-" * w for w in col)] + body[1:])


def render_terminal(comp: Compilation, lang: str) -> str:
    """The tables for the terminal; with several units also the breakdown (findings go to stderr)."""
    parts = [safe_text.terminal(title(comp, lang)), ""]
    for table_title, table_grids in grids(comp.format, comp.totals, lang):
        parts.append(table_title)
        for headers, rows in table_grids:
            parts.append(_tab(headers, rows, "simple_grid", wrap=30))
        parts.append("")
    if len(comp.units) > 1:
        parts.append(h("breakdown", lang) + "  (" + h("covered", lang, included=len(comp.included),
                                                         n=len(comp.units)) + ")")
        headers, rows = breakdown_grid(comp, lang)
        parts.append(_simple(headers, rows))
        parts.append("")
    return "\n".join(parts)


# -- Markdown ---------------------------------------------------------------------------------------


def _md(headers, rows, numbers: bool = True) -> str:
    from tabulate import tabulate

    align = _align(headers) if numbers else ["left"] * len(headers)
    return tabulate([[safe_text.markdown(str(x)) for x in r] for r in rows],
                    headers=[safe_text.markdown(x) for x in headers],
                    tablefmt="pipe", colalign=align, disable_numparse=True)


def render_markdown(comp: Compilation, lang: str) -> str:
    parts = [f"# {safe_text.markdown(title(comp, lang))}", ""]
    for table_title, table_grids in grids(comp.format, comp.totals, lang):
        parts += [f"## {table_title}", ""]
        for headers, rows in table_grids:
            parts += [_md(headers, rows), ""]
    parts += [f"## {h('units', lang)}", "", h("covered", lang, included=len(comp.included), n=len(comp.units)), ""]
    headers, rows = breakdown_grid(comp, lang, totals_row=len(comp.units) > 1)
    parts += [_md(headers, rows), ""]
    headers, rows = findings_grid(comp, lang)
    if rows:
        parts += [f"## {h('findings', lang)}", "", _md(headers, rows, numbers=False), ""]
    return "\n".join(parts)
