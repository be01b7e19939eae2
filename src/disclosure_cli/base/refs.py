"""Cell references: zero-based (row, column) to and from A1 ('J25'), written once for every stage."""

from __future__ import annotations

import re
from functools import lru_cache

from .lazy import compiled

_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


def column_letters(c: int) -> str:
    """1-based column number -> letters (1 -> 'A', 28 -> 'AB')."""
    letters = ""
    while c:
        c, rem = divmod(c - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@lru_cache(maxsize=65536)
def cell_ref(r: int, c: int) -> str:
    """(24, 9) -> 'J25': zero-based row and column to an A1 reference."""
    return f"{column_letters(c + 1)}{r + 1}"


def letters_index(letters: str) -> int:
    """'J' -> 10, 'AB' -> 28: column letters to a 1-based column number."""
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col


def split_ref(ref: str) -> tuple[int, int] | None:
    """'J25' (or '$J$25') -> (24, 9), zero-based; None for anything else."""
    m = _REF.fullmatch(ref.replace("$", ""))
    if not m:
        return None
    return int(m.group(2)) - 1, letters_index(m.group(1)) - 1


def row_col(ref: str) -> tuple[int, int]:
    """'J25' -> (25, 10): 1-based row and column, as openpyxl counts; ValueError for anything else."""
    pos = split_ref(ref)
    if pos is None:
        raise ValueError(ref)
    return pos[0] + 1, pos[1] + 1


# A cell of a document's table ('R5C3': row 5, column 3) or of a text file ('L83C3': line 83, column 3).
_RC = compiled(r"[RL]([0-9]{1,9})C([0-9]{1,6})")


def sort_key(ref: str | None) -> tuple[int, int]:
    """Row-major order of a reference ('J25' -> (25, 10), 'R5C3' -> (5, 3), '¶12' -> (12, 0)); no reference
    sorts first."""
    if not ref:
        return (0, 0)
    pos = split_ref(ref)
    if pos:
        return (pos[0] + 1, pos[1] + 1)
    m = _RC().fullmatch(ref)
    if m:
        return (int(m.group(1)), int(m.group(2)))
    parts = paragraph_parts(ref)
    return (parts[0], 0) if parts else (0, 0)


def document_ref(row: int, col: int, line: bool = False) -> str:
    """A document table's cell 'R5C3' (1-based), or a text file's 'L83C3' (its line number)."""
    return f"{'L' if line else 'R'}{row}C{col}"


def document_cell(ref: str | None) -> tuple[str, int, int] | None:
    """A document reference read back: ('R', 5, 3) for 'R5C3', ('L', 83, 3) for 'L83C3', else None."""
    m = _RC().fullmatch(ref or "")
    return (ref[0], int(m.group(1)), int(m.group(2))) if m and ref else None


def paragraph_ref(number: int, line: int | None = None) -> str:
    """A document's paragraph '¶12' (1-based, in reading order), '¶12L30' in a text file (its line): the place
    of a finding about a report's text."""
    return f"¶{number}" + (f"L{line}" if line else "")


_PARAGRAPH = compiled(r"¶(\d+)(?:L(\d+))?")


def paragraph_parts(ref: str | None) -> tuple[int, int | None] | None:
    """(12, None) for '¶12', (12, 30) for '¶12L30', else None."""
    m = _PARAGRAPH().fullmatch(ref or "")
    return (int(m.group(1)), int(m.group(2)) if m.group(2) else None) if m else None


def paragraph_number(ref: str | None) -> int | None:
    """12 for '¶12' or '¶12L30', else None."""
    parts = paragraph_parts(ref)
    return parts[0] if parts else None
