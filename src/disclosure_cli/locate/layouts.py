"""Layouts seen: a sheet laid out like one located before gets its placements again, moved, unsearched."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..formats.schema import BLOCKS, GRID, GROUPS, Format
from ..inputs import Sheet
from .blocks import locate_blocks
from .grid import locate_grid
from .groups import locate_groups
from .placement import Placement
from .text import SheetText, is_blank, is_empty

LOCATORS = {BLOCKS: locate_blocks, GRID: locate_grid, GROUPS: locate_groups}


def locate(sheet: Sheet, fmt: Format, text: SheetText | None = None,
           cache: LocateCache | None = None) -> dict[str, list[Placement]]:
    """Every placement of every table of the format in one sheet.

    Departments fill in the same distributed form: with a run's cache, a sheet laid out like one
    seen before — even moved down or right, by a title row added above it — gets the placements
    found then, moved and bound to this sheet, without searching again (see below)."""
    text = text or SheetText(sheet, cache.texts if cache is not None else None)
    if cache is None:
        return {t.id: LOCATORS[t.shape](text, t) for t in fmt.tables}
    layouts = cache.layouts
    rel = text.relevant
    r0 = rel[0][0] if rel else 0
    c0 = min([c for _, c, _, _ in rel]) if rel else 0
    # Each merge as four numbers, not three pairs: the same order and equality, half the time (10.5 -> 4.9 us).
    signature = (fmt.id, tuple([(r - r0, c - c0, k, v) for r, c, k, v in rel]),
                 tuple(sorted([(a - r0, b - c0, x - r0, y - c0) for (a, b), (x, y) in text.merges.items()])))
    for entry in layouts.get(signature, ()):
        if all((is_empty if grid_only else is_blank)(sheet, r + r0, c + c0) is blank
               for r, c, blank, grid_only in entry.probes):
            found = entry.at(r0, c0)
            if found is not None:
                layouts.hits += 1
                return {tid: [p.on(sheet) for p in ps] for tid, ps in found.items()}
    text.probes = []
    try:
        found = {t.id: LOCATORS[t.shape](text, t) for t in fmt.tables}
    finally:
        probes, text.probes = tuple((r - r0, c - c0, blank, g) for r, c, blank, g in text.probes), None
    if not text.unsignatured:  # what it found depends on more than the signature: not reused
        layouts.put(signature, _Layout(probes, (r0, c0), found))
    return found


# -- layouts seen ---------------------------------------------------------------------------
#
# The locators observe a sheet through SheetText only: the key and raw text of its label-like
# cells (`labels`, `flat`, `exact`), the merges, and whether given cells are blank (is_blank_value,
# which records each answer while locating). They look at positions only relative to the labels
# they find (a header some rows above a label, values to the right of it), and where a window is
# cut at the sheet's top edge or bottom, nothing stands beyond it anyway. So two sheets alike in
# all of that, up to a shift, get the same placements up to the same shift: the placements are
# kept under (format, text and merges relative to the first label-like cell) with the blank
# answers they relied on, and reused, moved, when every one of those cells is blank, or not, again.
#
# Text cells that cannot spell any part of a label are inert (text.py) and kept out of the locators'
# sight altogether, which is what lets a hundred departments' copies of one form share one entry.
# (The one difference it makes: a note under a header that spells its label whole, 采购总金额 over
# “（单位：千元）”, no longer stands in for the header's lower half; the header row is the label's own.)


class _Layout:
    """One layout seen: the blank answers its search relied on (relative to its first label-like
    cell), and its placements where they were found, plus moved copies for a few other positions."""

    MOVED = 8  # copies kept for other positions (each holds its own reading plan)

    def __init__(self, probes: tuple, home: tuple[int, int], found: dict[str, list[Placement]]):
        self.probes = probes
        # Kept without the sheet: an entry must not hold on to a workbook's grid and XML.
        self.by_origin = {home: {tid: [p.on(None) for p in ps] for tid, ps in found.items()}}
        self.home = home

    def at(self, r0: int, c0: int) -> dict[str, list[Placement]] | None:
        """The placements for a sheet whose first label-like cell stands at (r0, c0); None if moving
        them would leave the sheet."""
        found = self.by_origin.get((r0, c0))
        if found is None:
            dr, dc = r0 - self.home[0], c0 - self.home[1]
            moved = {tid: [_moved(p, dr, dc) for p in ps] for tid, ps in self.by_origin[self.home].items()}
            if any(p is None for ps in moved.values() for p in ps):
                return None
            found = {tid: [p for p in ps if p is not None] for tid, ps in moved.items()}
            if len(self.by_origin) > self.MOVED:
                del self.by_origin[next(k for k in self.by_origin if k != self.home)]
            self.by_origin[(r0, c0)] = found
        return found


def _moved(p: Placement, dr: int, dc: int) -> Placement | None:
    """p moved by (dr, dc), with a reading plan of its own; None if it would leave the sheet."""
    cells = {k: (r + dr, c + dc) for k, (r, c) in p.cells.items()}
    subtotals = {k: (r + dr, c + dc) for k, (r, c) in p.subtotals.items()}
    legacy = [(row_id, written, r + dr, c + dc) for row_id, written, r, c in p.legacy]
    anchor = (p.anchor[0] + dr, p.anchor[1] + dc)
    if min((rc for v in (cells, subtotals) for pos in v.values() for rc in pos), default=0) < 0 or min(anchor) < 0:
        return None
    return replace(p, cells=cells, subtotals=subtotals, legacy=legacy, anchor=anchor, plan={})


class _LayoutCache(dict):
    """signature -> [_Layout], bounded: a batch holds a few forms, not thousands. At the bounds
    (64 forms, 2 blank patterns each, 9 positions) an entry set holds ~70 MB; a real batch a few MB."""

    LIMIT = 64

    def __init__(self):
        super().__init__()
        self.hits = 0

    def put(self, signature, layout: _Layout) -> None:
        if signature not in self and len(self) >= self.LIMIT:
            del self[next(iter(self))]  # the oldest form seen
        entries = self.setdefault(signature, [])
        if len(entries) < 2:  # the same form with blanks in other places: a variant or two, no more
            entries.append(layout)


@dataclass
class LocateCache:
    """What one run learns while locating, owned by the run and passed down: the layouts seen, and
    the keys (and inertness) of the texts seen. docs/performance.md measures what each saves."""

    layouts: _LayoutCache = field(default_factory=lambda: _LayoutCache())
    texts: dict[str, tuple[str, bool]] = field(default_factory=dict)


