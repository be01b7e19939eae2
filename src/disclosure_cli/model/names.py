"""Workbook-level defined names of the template's cells (`<table>.<row>.<column>`, `unit`, `year`)."""

from __future__ import annotations

import re

from ..base.lazy import compiled

UNIT = "unit"
YEAR = "year"

# ECMA-376 Part 1 §18.17.5 / Excel's own rules: a letter, _ or \ first, then letters, digits, _ and .;
# at most 255 characters; not TRUE/FALSE; not a cell reference; C, R (R1C1 shortcuts) are reserved.
_SYNTAX = compiled(r"[A-Za-z_\\][A-Za-z0-9_.]{0,254}")
# Something Excel could read as a reference: A1 style (columns up to XFD, so 1-3 letters then digits)
# or R1C1 style (R, C, R2, C3, R2C3, RC). Checked on the whole name and, conservatively, on the part
# before the first dot, since Excel's parser is not documented for such prefixes ("A1.x").
_A1 = compiled(r"\$?[A-Za-z]{1,3}\$?[0-9]+", re.I)
_R1C1 = compiled(r"(?:R[0-9]*C?[0-9]*|C[0-9]*)", re.I)
_RESERVED = {"true", "false"}


def value_name(table: str, row: str, column: str) -> str:
    """The defined name of a value cell: applications.withheld.state_secret.natural_person."""
    return f"{table}.{row}.{column}"


def is_valid_name(name: str) -> bool:
    """Whether Excel (and WPS, LibreOffice) accept `name` as a workbook-level defined name."""
    if not _SYNTAX().fullmatch(name) or name.lower() in _RESERVED or name.lower().startswith("_xlnm."):
        return False
    head = name.split(".", 1)[0]
    return not any(p.fullmatch(part) for p in (_A1(), _R1C1()) for part in (name, head))
