"""Stage 4: finding the official tables in a sheet by their labels, wherever they stand.

One locator per table shape (blocks, grid, groups), the text index they share (text), the layouts a
run has seen (layouts), and who a report is from and for which year (identity)."""

from .blocks import header_unit
from .identity import UNIT_LABELS, YEAR_LABELS, blank_label, labelled_value, title_of, title_unit_year, year_of
from .layouts import LocateCache, locate
from .placement import Placement
from .text import SheetText

__all__ = ["UNIT_LABELS", "YEAR_LABELS", "LocateCache", "blank_label", "Placement", "SheetText", "header_unit",
           "labelled_value", "locate", "title_of", "title_unit_year", "year_of"]
