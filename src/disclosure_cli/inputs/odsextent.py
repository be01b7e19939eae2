"""Proving an ODS spreadsheet safe to parse: its tables' extents and text once repeated rows and cells multiply."""

from __future__ import annotations

from ..base.lazy import compiled
from .budget import Budget

# Repeated rows and cells multiply, so a few bytes can claim a whole sheet.
_ODS_TAG = compiled(rb"<(/?)(?:\w+:)?(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^<>]*?)(/?)>")
_ODS_NAME = compiled(rb"""\bname\s*=\s*["']([^"'<>]*)""")
# calamine parses these as Rust integers, which take a '+' and leading zeros.
_ROWS_REP = compiled(rb"""number-rows-repeated\s*=\s*["']\+?0*(\d{1,20})["']""")
_COLS_REP = compiled(rb"""number-columns-repeated\s*=\s*["']\+?0*(\d{1,20})["']""")
_SPACES = compiled(rb"""<text:s\b[^<>]*?\btext:c\s*=\s*["']\+?0*(\d{1,20})["']""")
_REPEAT_CAP = 1 << 24  # beyond any sheet (calamine caps rows and columns at Excel's own limits)


def ods_tables(xml: bytes) -> tuple[list[tuple[str, int, int]], int]:
    """Every table as (name, rows, columns) that hold every cell with a value or text, and the
    characters its cells hold once repeats are expanded (a cell's bytes count, and <text:s c="N"/>
    counts N: calamine writes out every repeated cell and every space).

    (Long because rows, cells, their repeats and the text between tags are followed in one pass.)"""
    tables: list[tuple[str, int, int]] = []
    spaces = [(m.start(), _cap(m.group(1))) for m in _SPACES().finditer(xml)] if b"text:c" in xml else []
    si = 0
    name, started = "", False
    row = max_r = max_c = col = text = row_text = 0
    row_rep = 1
    row_has_value = False
    cell_end = -1  # where the open cell's content starts, and how often it repeats
    cell_rep = 0
    ods_name, rows_rep, cols_rep = _ODS_NAME().search, _ROWS_REP().search, _COLS_REP().search
    for m in _ODS_TAG().finditer(xml):
        if cell_end >= 0:  # the content of the cell before this tag, with its spaces
            chars = m.start() - cell_end
            while si < len(spaces) and spaces[si][0] < m.start():
                chars += spaces[si][1] if spaces[si][0] >= cell_end else 0
                si += 1
            row_text += chars * cell_rep
            cell_end = -1
        closing, tag, attrs, empty = m.groups()
        if tag == b"table":
            if closing:
                tables.append((name, max_r, max_c))
                started = False
            else:
                found = ods_name(attrs)
                name = found.group(1).decode("utf-8", "replace") if found else ""
                row = max_r = max_c = 0
                started = True
        elif tag == b"table-row":
            if closing:
                if row_has_value:
                    max_r = max(max_r, row + row_rep)
                row += row_rep
                text += row_text * row_rep
            else:
                rep = rows_rep(attrs)
                row_rep = _cap(rep.group(1)) if rep else 1
                col, row_has_value, row_text = 0, False, 0
                if empty:
                    row += row_rep
        elif not closing:
            rep = cols_rep(attrs)
            n = _cap(rep.group(1)) if rep else 1
            if not empty or b"value-type" in attrs:
                row_has_value = True
                max_c = max(max_c, col + n)
            col += n
            row_text += len(attrs) * n  # office:string-value holds its text in the tag
            if not empty:
                cell_end, cell_rep = m.end(), n
    if started and (max_r or max_c):
        tables.append((name, max_r, max_c))
    return tables, text + row_text


def _cap(digits: bytes) -> int:
    return min(int(digits), _REPEAT_CAP)


def ods_preflight(xml: bytes, budget: Budget) -> None:
    """The budgets of an ODS content.xml: sheets, cells and the text its repeats expand to."""
    tables, text = ods_tables(xml)
    Budget.sheets(len(tables))
    for name, rows, cols in tables:
        budget.sheet(name, rows, cols)
    budget.add_text(text)
