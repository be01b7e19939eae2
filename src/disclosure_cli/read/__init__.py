"""Stage 5: reading an input into units — where its tables are, what each cell holds, who and which year.

Reading says what the cells hold (E001–E005, E101–E104, W101–W105); it runs no arithmetic rule
(stage 6 does). `read_input` is the one entry, for every input kind."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..inputs import PartsCache, Unreadable, open_book
from ..inputs.paths import SUMMARY_SUFFIXES
from ..locate import LocateCache
from ..messages import REASONS, fields, reason
from ..model.unit import Unit, unreadable
from .units import ReadOptions, units_of

__all__ = ["ReadCaches", "ReadOptions", "read_input"]


@dataclass
class ReadCaches:
    """What one run learns from the inputs it reads, owned by the run and passed down to every reader
    (docs/performance.md measures each): a form's zip parts, its layouts and the texts seen."""

    parts: PartsCache = field(default_factory=PartsCache)
    locate: LocateCache = field(default_factory=LocateCache)


def read_input(path: str | Path, options: ReadOptions = ReadOptions(), caches: ReadCaches | None = None,
               data: bytes | None = None) -> list[Unit]:
    """Every unit in one input: a workbook, or a .json/.csv summary written by compile (read back as one
    unit: roll-ups). Never raises for bad input: an unreadable file is one unit with E003."""
    source = os.fspath(path)
    if os.path.splitext(source)[1].lower() in SUMMARY_SUFFIXES:
        from .summary import read_summary  # csv and json: loaded only for a roll-up

        return read_summary(Path(source), options)
    try:
        book = open_book(source, data, caches.parts if caches is not None else None)
    except Unreadable as e:
        shown = {k: e.params.get(k, "") for k in fields(REASONS[e.reason][1])}
        sheet, ref = e.params.get("sheet"), e.params.get("ref")
        return [unreadable(source, reason(e.reason, **shown), sheet=sheet if isinstance(sheet, str) else None,
                           cell=ref if isinstance(ref, str) else None)]
    except RecursionError:
        return [unreadable(source, reason("unknown"))]
    except MemoryError:
        return [unreadable(source, reason("too_large"))]
    return units_of(book, options, caches.locate if caches is not None else None)
