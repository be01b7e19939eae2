"""`check` as a library call: read every input and return the result (nothing is written)."""

from __future__ import annotations

from pathlib import Path

from .read import ReadOptions, read_workbook
from .result import Result


def check(paths: list[Path], options: ReadOptions = ReadOptions()) -> Result:
    units = []
    for path in paths:
        units.extend(read_workbook(path, options))
    return Result(units)
