"""Stage 5: reading an input into units — where its tables are, what each cell holds, who and which year.

Reading says what the cells hold (E001–E005, E101–E104, W101–W105); it runs no arithmetic rule
(stage 6 does). `read_input` is the one entry, for every input kind."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..inputs import PartsCache, Unreadable, open_input
from ..inputs.paths import SUMMARY_SUFFIXES
from ..locate import LocateCache
from ..messages import REASONS, fields, reason
from ..model.unit import Unit, unreadable
from .origin import made_by
from .units import ReadOptions, units_of

if TYPE_CHECKING:
    from ..inputs.document import Document

__all__ = ["ReadCaches", "ReadOptions", "made_by_file", "read_input", "read_report"]


@dataclass
class ReadCaches:
    """What one run learns from the inputs it reads, owned by the run and passed down to every reader
    (docs/performance.md measures each): a form's zip parts, its layouts and the texts seen."""

    parts: PartsCache = field(default_factory=PartsCache)
    locate: LocateCache = field(default_factory=LocateCache)


def read_input(path: str | Path, options: ReadOptions = ReadOptions(), caches: ReadCaches | None = None,
               data: bytes | None = None) -> list[Unit]:
    """Every unit in one input: a workbook, a document, or a .json/.csv summary written by compile (read
    back as one unit: roll-ups). Never raises for bad input: an unreadable file is one unit with E003."""
    return read_report(path, options, caches, data)[1]


def read_report(path: str | Path, options: ReadOptions = ReadOptions(), caches: ReadCaches | None = None,
                data: bytes | None = None) -> tuple[Document | None, list[Unit]]:
    """read_input, and the document the input was read as (a Word file, web page, PDF or text; None for a
    workbook, a summary or a file that could not be read): audit reads its text."""
    source = os.fspath(path)
    suffix = os.path.splitext(source)[1].lower()
    if suffix in SUMMARY_SUFFIXES:
        from .summary import is_summary, read_summary  # csv and json: loaded only for a roll-up

        if suffix == ".json" or is_summary(Path(source)):
            return None, read_summary(Path(source), options)
    try:
        book, doc = open_input(source, data, caches.parts if caches is not None else None)
    except Unreadable as e:
        shown = {k: e.params.get(k, "") for k in fields(REASONS[e.reason][1])}
        sheet, ref = e.params.get("sheet"), e.params.get("ref")
        return None, [unreadable(source, reason(e.reason, **shown), sheet=sheet if isinstance(sheet, str) else None,
                                 cell=ref if isinstance(ref, str) else None)]
    except RecursionError:
        return None, [unreadable(source, reason("unknown"))]
    except MemoryError:
        return None, [unreadable(source, reason("too_large"))]
    units = units_of(book, options, caches.locate if caches is not None else None)
    origin = made_by(book)
    for u in units:
        u.made_by = origin
    return doc, units


def made_by_file(path: str | Path) -> str | None:
    """Which of the tool's outputs the file is (base.marker's SUMMARY, TEMPLATE, ANNOTATED), read as an
    input would be; None for anything else, an unreadable file included."""
    units = read_input(path)
    return units[0].made_by if units and all(u.made_by == units[0].made_by for u in units) else None
