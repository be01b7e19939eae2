"""Size and nesting limits shared by the readers, and the budget that enforces table limits."""

from __future__ import annotations

from .document import Unreadable

MIB = 1024 * 1024

# .docx container checks, applied before python-docx sees the bytes.
MAX_DOCX_BYTES = 64 * MIB
MAX_ZIP_ENTRIES = 10_000
MAX_PART_DECLARED = 128 * MIB
MAX_TOTAL_DECLARED = 384 * MIB
MAX_XML_INFLATED = 32 * MIB
MAX_TABLE_DEPTH = 10

# .html and .txt/.csv inputs.
MAX_HTML_BYTES = 32 * MIB
MAX_HTML_DEPTH = 200
MAX_TEXT_BYTES = 32 * MIB
MAX_TEXT_LINES = 200_000

# Tables, for every reader.
MAX_TABLES = 500
MAX_ROWS = 2_000
MAX_COLS = 100
MAX_CELLS = 200_000


def too_large(detail: str) -> Unreadable:
    """Build the ``too_large`` error with a consistent shape."""
    return Unreadable("too_large", detail=detail)


def check_rows(rows: int) -> None:
    """Reject a table with too many rows before its grid is built."""
    if rows > MAX_ROWS:
        raise too_large(f"a table has {rows:,} rows (limit {MAX_ROWS:,})")


def check_cols(cols: int) -> None:
    """Reject a table with too many grid columns before its grid is built."""
    if cols > MAX_COLS:
        raise too_large(f"a table has {cols:,} columns (limit {MAX_COLS:,})")


class TableBudget:
    """Counts tables and cells across one document so limits apply to the whole of it."""

    def __init__(self) -> None:
        self.tables = 0
        self.cells = 0

    def add(self, rows: int, cols: int) -> None:
        """Account for one more table of ``rows`` x ``cols``; raise once a limit is passed."""
        check_rows(rows)
        check_cols(cols)
        self.tables += 1
        self.cells += rows * cols
        if self.tables > MAX_TABLES:
            raise too_large(f"more than {MAX_TABLES:,} tables")
        if self.cells > MAX_CELLS:
            raise too_large(f"more than {MAX_CELLS:,} table cells in all")
