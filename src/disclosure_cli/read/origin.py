"""Whether a book is one of the tool's own outputs: its mark, or (written before the mark) its telltale sheets."""

from __future__ import annotations

from ..base.marker import ANNOTATED, SUMMARY
from ..inputs import Book
from ..messages import MESSAGES

# The hidden sheet summaries carried before the mark existed, and what its first row said.
_META_SHEET, _META_MARK = "_disclosure", "disclosure-cli summary"
# The findings sheet of an annotated copy and its header row, in either language.
_FINDINGS_SHEETS = set(MESSAGES["annotate.sheet"])
_FINDINGS_HEADERS = {tuple(h.split("|")) for h in MESSAGES["annotate.header"]}


def made_by(book: Book) -> str | None:
    """base.marker's SUMMARY, TEMPLATE or ANNOTATED for the tool's own workbooks, else None."""
    if book.made_by is not None:
        return book.made_by
    for sheet in book.sheets:
        if sheet.name == _META_SHEET and sheet.value(0, 0) == "generator" and sheet.value(0, 1) == _META_MARK:
            return SUMMARY
        base = sheet.name.split(" (")[0]  # a second findings sheet is named 错误清单 (2)
        if base in _FINDINGS_SHEETS and sheet.grid:
            head = tuple(str(v) for v in sheet.grid[0][:len(next(iter(_FINDINGS_HEADERS)))])
            if head in _FINDINGS_HEADERS:
                return ANNOTATED
    return None
