"""`check` as a library call: read every input and return the result (nothing is written)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .read import ReadOptions, read_workbook
from .result import Result
from .unit import Unit


def iter_units(paths: list[Path], options: ReadOptions = ReadOptions(), jobs: int = 1) -> Iterator[Unit]:
    """Every unit of every input, in input order. The single place inputs are read: callers
    (check, compile) consume units one at a time so memory need not grow with the input count."""
    for path in paths:
        yield from read_workbook(path, options)


def check(paths: list[Path], options: ReadOptions = ReadOptions(), jobs: int = 1, previous=None) -> Result:
    """Read and validate every input. With `previous` (years.WorkbookPrevious or years.HistoryPrevious),
    each unit is also compared with its previous-year report (W301–W304)."""
    units = list(iter_units(paths, options, jobs))
    if previous is None:
        return Result(units)
    from .years import compare_all

    compare_all(units, previous)
    return Result(units, extra_findings=list(previous.problems))
