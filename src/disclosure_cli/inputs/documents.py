"""A document (Word, web page, text) as a book: its tables stacked on one sheet, as a clerk pasting them
into a worksheet would, each cell still named by its table, row and column (or its line in a text file)."""

from __future__ import annotations

from .book import Book, Sheet
from .document import Document


def book_of(path: str, doc: Document) -> Book:
    """One sheet holding every table of the document, a blank row between two tables. The locators
    find the official tables on it by their labels, wherever each table stands."""
    grid: list[list] = []
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = []
    rows: list[tuple[int, int] | None] = []
    for table in doc.tables:
        if grid:
            grid.append([])
            rows.append(None)
        top = len(grid)
        for i, row in enumerate(table.grid):
            grid.append(list(row))
            # A text file's rows are named by their line; a document table's by its number and row.
            rows.append((0, table.lines[i]) if table.lines is not None and doc.kind == "text"
                        else (table.number, i + 1))
        merges += [((r0 + top, c0), (r1 + top, c1)) for (r0, c0), (r1, c1) in table.merges]
    width = max((len(row) for row in grid), default=0)
    for row in grid:  # rectangular, as a worksheet's grid is
        row.extend([""] * (width - len(row)))
    sheet = Sheet("", 0, grid, merges, rows=rows, texty=True)
    paragraphs = ([doc.title] if doc.title else []) + [p.text for p in doc.paragraphs]
    return Book(path, doc.kind, [sheet], paragraphs=paragraphs, made_by=doc.made_by)
