"""Finding a BLOCKS table (二、主动公开政府信息情况): each row by its label, its columns in the header above."""

from __future__ import annotations

from ..base.labels import clean, key
from ..formats.schema import AMOUNT, MONEY, Table
from ..model.values import WANYUAN, YUAN
from .placement import Placement
from .text import SheetText, is_blank_value, pick_columns, row_keys, text_key_at


def locate_blocks(text: SheetText, table: Table) -> list[Placement]:
    """The table's one placement: each row where its label stands nearest below its columns' header.
    (Long because a row's three spellings — label, aliases, the earlier format's — are tried in one loop.)"""
    found: dict[str, tuple] = {}
    legacy: list[tuple[str, str, int, int]] = []
    column_trouble: dict[str, list[str]] = {}
    for row in table.rows:
        spellings = [(rk, None) for rk in row_keys(row)] + [(key(lg), lg) for lg in row.legacy]
        for rk, legacy_label in spellings:
            for r, c in _label_cells(text, rk, exact_first=True):
                cols = pick_columns(text, row.columns, range(max(0, r - 6), r), range(c + 1, c + 30),
                                     nearest_below=True)
                if len(cols) < len(row.columns):
                    column_trouble.setdefault(row.id, [col.label for col in row.columns if col.id not in cols])
                    continue
                # The nearest header above wins, then the leftmost label.
                depth = r - max(hr for hr, _ in cols.values())
                cand = (depth, r, c, cols, legacy_label)
                if row.id not in found or cand[:3] < found[row.id][:3]:
                    found[row.id] = cand
            if row.id in found:
                break
    if not found:
        return []
    p = Placement(table, text.sheet)
    for row in table.rows:
        if row.id not in found:
            if row.id in column_trouble:
                for label in column_trouble[row.id]:
                    p.missing.append(("column", f"{row.label} › {label}"))
            else:
                p.missing.append(("row", row.label))
            continue
        _, r, c, cols, legacy_label = found[row.id]
        if legacy_label:
            legacy.append((row.id, legacy_label, r, c))
        for col in row.columns:
            hr, hc = cols[col.id]
            p.cells[(row.id, col.id)] = (r, _value_col(text, r, hr, hc))
            if col.kind in (MONEY, AMOUNT):
                p.units[(row.id, col.id)] = header_unit(text.sheet.value(hr, hc))
    p.legacy = legacy
    p.anchor = min((r, c) for _, r, c, _, _ in found.values())
    return [p]


def header_unit(header) -> str | None:
    """The money unit a header states: 采购总金额（万元） -> 万元, 采购总金额(元) -> 元, else None."""
    text = clean(str(header or ""))
    label_end = text.find("金额")
    tail = text[label_end + 2:] if label_end >= 0 else text
    return WANYUAN if WANYUAN in tail else YUAN if YUAN in tail else None


def _label_cells(text: SheetText, label_key: str, exact_first: bool):
    exact = list(text.find(label_key, exact=True))
    if exact:
        return exact
    # A label with a note appended (规章（设区的市…）): a prefix match of a short cell.
    return [(r, c) for r, c in text.find(label_key) if len(text_key_at(text, r, c)) <= len(label_key) + 30]


def _value_col(text: SheetText, r: int, header_r: int, header_c: int) -> int:
    """A value under a header merged across columns may stand in any cell of the span."""
    _, last = text.span(header_r, header_c)
    if last == header_c or not is_blank_value(text, r, header_c):
        return header_c
    for c in range(header_c + 1, last + 1):
        if not is_blank_value(text, r, c):
            return c
    return header_c
