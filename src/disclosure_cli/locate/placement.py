"""Where one table stands in a sheet: the cell of every value it was found to have."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..formats.schema import Table
from ..inputs import Sheet


@dataclass
class Placement:
    """Where one table stands in a sheet: the cell of every value it was found to have."""

    table: Table
    sheet: Sheet | None  # None while kept in a layout cache entry (it must not hold a workbook's grid)
    cells: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    # Group subtotal rows (layouts that add them): (group id, column id) -> cell.
    subtotals: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    missing: list[tuple[str, str]] = field(default_factory=list)  # ("row"|"column", label)
    legacy: list[tuple[str, str, int, int]] = field(default_factory=list)  # (row id, text, r, c)
    # MONEY columns: the unit their header states (采购总金额（万元）), or None: (row id, col id) -> unit.
    units: dict[tuple[str, str], str | None] = field(default_factory=dict)
    anchor: tuple[int, int] = (0, 0)
    # Labels matched only approximately (部份公开 for 部分公开): (official label, text as written, r, c).
    approximate: list[tuple[str, str, int, int]] = field(default_factory=list)
    # Labels two cells could be, so neither was taken: (label, [(r, c), …]).
    ambiguous: list[tuple[str, list[tuple[int, int]]]] = field(default_factory=list)
    # Rows whose numbers do not stand under their column headers (a table pasted with its merged cells
    # lost): read in order after their label, as a person reads them. (row id, r, c of the label).
    shifted: list[tuple[str, int, int]] = field(default_factory=list)
    # How to read it, worked out once by the reader into this dict, which the copies a reused layout
    # makes share (on() copies the reference).
    plan: dict = field(default_factory=dict, compare=False, repr=False)

    def on(self, sheet: Sheet | None) -> Placement:
        """The same placement bound to another sheet (or to none): a shallow copy, as
        dataclasses.replace makes, without its call of __init__ (a reused layout binds thousands)."""
        bound = object.__new__(Placement)
        bound.__dict__.update(self.__dict__)
        bound.sheet = sheet
        return bound
