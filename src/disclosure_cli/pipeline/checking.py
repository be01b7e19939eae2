"""`check` as a library call: read and validate every input, return the result (nothing is written)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..read import ReadCaches, ReadOptions
from ..rules.years import compare_all, compare_one
from ..summary import Result
from .reading import iter_units, not_read


def check(paths: list[Path], options: ReadOptions = ReadOptions(), jobs: int | None = None,
          previous=None, light: bool = False, caches: ReadCaches | None = None,
          skipped: Iterable[tuple[Path, str]] = ()) -> Result:
    """Read and validate every input. With `previous` (a source from previous.previous_source), each
    unit is also compared with its previous-year report (W301–W304). With `light`, units keep their
    findings but not their values (Unit.light): memory stays flat over thousands of inputs. `skipped`:
    the files found in the input folders and not read (inputs.paths.scan), each named by a notice."""
    if not light:
        units = list(iter_units(paths, options, jobs, caches=caches))
        if previous is not None:
            compare_all(units, previous)
    else:
        units = []
        # Values and where they stood are needed only to compare with the previous year.
        for unit in iter_units(paths, options, jobs, keep=True if previous is not None else None, caches=caches):
            if previous is not None:
                compare_one(unit, previous, alone=len(paths) == 1)
            units.append(unit.light())
    extra = not_read(skipped) + (list(previous.problems) if previous is not None else [])
    return Result(units, extra_findings=extra)
