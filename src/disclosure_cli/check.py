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
        yield from read_input(path, options)


def read_input(path: Path, options: ReadOptions = ReadOptions()) -> list[Unit]:
    """A workbook, or a .json/.csv summary written by compile (read back as one unit: roll-ups)."""
    from .inputs import SUMMARY_SUFFIXES

    if Path(path).suffix.lower() in SUMMARY_SUFFIXES:
        from .summary_input import read_summary

        return read_summary(path, options)
    return read_workbook(path, options)


def check(paths: list[Path], options: ReadOptions = ReadOptions(), jobs: int = 1) -> Result:
    return Result(list(iter_units(paths, options, jobs)))
