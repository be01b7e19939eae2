"""Finding a GRID table (三、收到和处理政府信息公开申请情况): rows by their labels, under the columns' header."""

from __future__ import annotations

import re
from functools import cache

from ..base.labels import key
from ..formats.schema import Table
from .placement import Placement
from .text import HEADER_DEPTH, ROW_WINDOW, SheetText, is_blank_value, pick_columns, row_keys


def locate_grid(text: SheetText, table: Table) -> list[Placement]:
    """Every placement of the table: one per cell spelling its first column label with a header around it."""
    placements = []
    first_col = table.columns[0]
    for r0, c0 in text.find(key(first_col.label)):
        header_rows = range(max(0, r0 - 1), r0 + HEADER_DEPTH)
        cols = pick_columns(text, table.columns, header_rows, range(c0, c0 + 40))
        if first_col.id not in cols:
            continue
        p = Placement(table, text.sheet, anchor=(r0, c0))
        for col in table.columns:
            if col.id not in cols:
                p.missing.append(("column", col.label))
        header_bottom = max(r for r, _ in cols.values())
        first_value_col = min(c for _, c in cols.values())
        _applications_rows(text, table, p, cols, header_bottom, first_value_col)
        placements.append(p)
    return placements


@cache
def _label_index(table: Table):
    """The table's label keys -> what they name (groups first), and the key lengths, longest first."""
    index: dict[str, list] = {}
    for g in table.groups:
        index.setdefault(key(g.label), []).append(("group", g.id, None))
    for row in table.rows:
        for rk in row_keys(row):
            index.setdefault(rk, []).append(("row", row.id, row))
    return index, sorted({len(k) for k in index}, reverse=True)


def _match_label(k: str, table: Table, found_rows, context):
    """The longest label a cell's key starts with: ('group', id), ('row', Row) or None."""
    index, lengths = _label_index(table)
    n = len(k)
    for length in lengths:
        if length > n:
            continue
        for kind, ident, row in index.get(k[:length], ()):
            if kind == "group":
                return kind, ident
            # A short sub-label (“3.其他”) only counts inside its own group; longer ones are
            # unique, so a missing group heading does not lose them.
            if ident not in found_rows and (row.group is None or row.group == context or length > 2):
                return kind, row
    return None


def _applications_rows(text, table, p, cols, header_bottom, first_value_col):
    """The rows below the header, each matched by its label, up to the table's last row; a group
    heading with numbers on its row (or a 小计/合计 row inside a group) is that group's subtotal.
    (Long because a row's label cells are matched in one pass, in reading order.)"""
    sheet = text.sheet
    groups = {g.id: key(g.label) for g in table.groups}
    found_rows: dict[str, int] = {}
    current_group = None
    end = min(len(sheet.grid), header_bottom + 1 + ROW_WINDOW)
    for r in range(header_bottom + 1, end):
        label_cells = [k for c, k, _ in text.labels.get(r, ()) if c < first_value_col]
        if not label_cells:
            continue
        matched_row = None
        group_here = None
        subtotal_word = False
        for k in label_cells:
            hit = _match_label(k, table, found_rows, group_here or current_group)
            if hit is None:
                if k in ("小计", "合计") and current_group:
                    subtotal_word = True
                continue
            kind, what = hit
            if kind == "row":
                matched_row = what
                continue
            group_here = current_group = what
            # “（三）不予公开 1.属于国家秘密” in one cell: the sub-label follows the group's.
            rest = re.sub(r"^[0-9]+", "", k[len(groups[what]):])
            if rest:
                inner = _match_label(rest, table, found_rows, what)
                if inner and inner[0] == "row" and inner[1].group == what:
                    matched_row = inner[1]
        if matched_row is not None:
            found_rows[matched_row.id] = r
            current_group = matched_row.group
            for col_id, (_, c) in cols.items():
                p.cells[(matched_row.id, col_id)] = (r, c)
            if matched_row is table.rows[-1]:
                break
        elif group_here or subtotal_word:
            gid = group_here or current_group
            has_values = any(not is_blank_value(text, r, c) for _, c in cols.values())
            if has_values and not any(k[0] == gid for k in p.subtotals):
                for col_id, (_, c) in cols.items():
                    p.subtotals[(gid, col_id)] = (r, c)
    for row in table.rows:
        if row.id not in found_rows:
            p.missing.append(("row", row.label))
