"""Finding a GROUPS table (四、政府信息公开行政复议、行政诉讼情况): group headings over outcome columns."""

from __future__ import annotations

import re

from ..base.labels import key
from ..formats.schema import Table
from .placement import Placement
from .text import HEADER_DEPTH, SheetText, is_blank_value, pick_columns, text_key_at

_NUMBER_LIKE = re.compile(r"[\s+\-−.,0-9０-９〇零]*")


def _group_anchors(text: SheetText, label_key: str) -> list[tuple[int, int]]:
    """Cells naming a group of table 四 (“行政复议”, “行政复议（件）”), not sentences mentioning it."""
    return [(r, c) for r, c in text.find(label_key) if len(text_key_at(text, r, c)) <= len(label_key) + 4]


def locate_groups(text: SheetText, table: Table) -> list[Placement]:
    """Every placement of the table: one per cell naming its first group (行政复议) as a heading."""
    placements = []
    review, direct, after = table.rows
    for r0, c0 in _group_anchors(text, key(review.label)):
        transposed = _reviews_transposed(text, table, r0, c0)
        if transposed is not None:
            placements.append(transposed)
            continue
        window = range(r0, r0 + HEADER_DEPTH)
        starts = {review.id: (r0, c0)}
        for row in (direct, after):
            hits = sorted((c, r) for r, c, k, _ in text.in_rows(window, range(c0 + 1, c0 + 60))
                          if _names(k, key(row.label)))
            if hits:
                starts[row.id] = (hits[0][1], hits[0][0])
        p = Placement(table, text.sheet, anchor=(r0, c0))
        ordered = [row for row in table.rows if row.id in starts]
        for row in table.rows:
            if row.id not in starts:
                p.missing.append(("row", row.label))
        header_cells = {}
        for i, row in enumerate(ordered):
            r, c = starts[row.id]
            stop = starts[ordered[i + 1].id][1] if i + 1 < len(ordered) else c + 12
            stop = max(stop, text.span(r, c)[1] + 1) if i + 1 == len(ordered) else stop
            cols = pick_columns(text, row.columns, range(r + 1, r + HEADER_DEPTH + 1), range(c, stop))
            for col in row.columns:
                if col.id in cols:
                    header_cells[(row.id, col.id)] = cols[col.id]
                else:
                    p.missing.append(("column", f"{row.label} › {col.label}"))
        if p.missing:
            # The headings did not stand over their columns: the table may have lost its merged
            # cells; read it in order if its labels still read in the official order.
            in_order = _in_order(text, table, r0, c0)
            if in_order is not None:
                placements.append(in_order)
                continue
        if not header_cells:
            continue
        header_bottom = max(r for r, _ in header_cells.values())
        value_cols = sorted({c for _, c in header_cells.values()})
        data_row = header_bottom + 1
        for r in range(header_bottom + 1, header_bottom + 4):
            if any(not is_blank_value(text, r, c) for c in value_cols):
                data_row = r
                break
        for (row_id, col_id), (_, c) in header_cells.items():
            p.cells[(row_id, col_id)] = (data_row, c)
        placements.append(p)
    return placements


def _names(k: str, label_key: str) -> bool:
    """A heading cell naming a group: its label, maybe with a few characters before or after it
    (行政诉讼（未经复议直接起诉）, 复议后起诉（件）)."""
    return k == label_key or ((k.startswith(label_key) or k.endswith(label_key)) and len(k) <= len(label_key) + 6)


def _in_order(text: SheetText, table: Table, r0: int, c0: int) -> Placement | None:
    """Table 四 pasted without its merged cells: every label slid into the first free column, so the
    headings read, row by row, 行政复议 … 未经复议直接起诉 … 复议后起诉 with the outcome labels in three
    runs, and its numbers stand in one row, in order. Read so, with a warning (W109); None when the
    labels do not read in that order or the row does not hold exactly the table's numbers."""
    review = table.rows[0]
    outcome_keys = [key(col.label) for col in review.columns]
    n = sum(len(row.columns) for row in table.rows)
    grid = text.sheet.grid
    data_row = next((r for r in range(r0 + 1, min(len(grid), r0 + 5))
                     if sum(1 for c in range(c0, c0 + n) if not is_blank_value(text, r, c)) == n), None)
    if data_row is None:
        return None
    text.unsignatured = True  # decided by the numbers' row, not the layout alone
    tokens = [k for r in range(r0, data_row) for c, k, _ in sorted(text.labels.get(r, ())) if c >= c0]
    runs = sum(1 for i in range(len(tokens)) if [t[:len(o)] for t, o in zip(tokens[i:i + 5], outcome_keys,
                                                                            strict=False)] == outcome_keys)
    groups = [i for row in table.rows for i, t in enumerate(tokens) if _names(t, key(row.label))][:len(table.rows)]
    if runs != len(table.rows) or len(groups) != len(table.rows) or groups != sorted(groups):
        return None
    row_values = [text.sheet.value(data_row, c) for c in range(c0, c0 + n)]
    if any(isinstance(v, str) and not _NUMBER_LIKE.fullmatch(v) for v in row_values):
        return None
    p = Placement(table, text.sheet, anchor=(r0, c0))
    c = c0
    for row in table.rows:
        for col in row.columns:
            p.cells[(row.id, col.id)] = (data_row, c)
            c += 1
        p.shifted.append((row.id, data_row, c0))
    return p


def _reviews_transposed(text: SheetText, table: Table, r0: int, c0: int) -> Placement | None:
    """Table 四 written with its groups as rows (a home-made layout):

        |            | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
        | 行政复议    |    …     |
        | 未经复议直接起诉 (or 行政诉讼 › …) | … |
        | 复议后起诉  |    …     |

    Recognised when both litigation groups stand below 行政复议 in the label columns and the
    outcome labels stand to the right on a row above; None otherwise."""
    review, direct, after = table.rows
    starts = {review.id: r0}
    for row in (direct, after):
        k = key(row.label)
        hits = [r for r in range(r0 + 1, r0 + 6) for c, ck, _ in text.labels.get(r, ())
                if abs(c - c0) <= 2 and (ck.startswith(k) or ck.endswith(k)) and len(ck) <= len(k) + 6]
        if not hits:
            return None
        starts[row.id] = hits[0]
    header = None
    for hr in range(r0 - 1, max(-1, r0 - 4), -1):
        cols = pick_columns(text, review.columns, range(hr, hr + 1), range(c0 + 1, c0 + 40))
        if len(cols) == len(review.columns):
            header = cols
            break
    if header is None:
        return None
    p = Placement(table, text.sheet, anchor=(r0, c0))
    for row in table.rows:
        for col in row.columns:
            p.cells[(row.id, col.id)] = (starts[row.id], header[col.id][1])
    return p
