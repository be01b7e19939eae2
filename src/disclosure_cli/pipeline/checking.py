"""`check` as a library call: read and validate every input, return the result (nothing is written)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..inputs.paths import Files, Scan
from ..model.kept import Kept
from ..model.unit import Unit
from ..read import ReadCaches, ReadOptions
from ..summary.result import Result
from .reading import iter_units, not_read
from .run import RunWatch

if TYPE_CHECKING:
    from ..model.roster import Roster


def check(paths: Files, options: ReadOptions = ReadOptions(), jobs: int | None = None,
          previous=None, light: bool = False, caches: ReadCaches | None = None,
          skipped: Iterable[tuple[Path, str]] = (), found: Scan | None = None,
          roster: Roster | str | Path | None = None) -> Result:
    """Read and validate every input. With `previous` (a source from previous.previous_source), each
    unit is also compared with its previous-year report (W301–W304). With `light`, units keep their
    findings but not their values (Unit.light): memory stays flat over thousands of inputs. `skipped`:
    the files found in the input folders and not read; `found` (inputs.paths.scan) says also which files
    were found in a folder, whose own summaries and annotated copies are then held back (pipeline.screen).
    `roster`: the units expected (a file, read by inputs.roster): W501 for each missing, W502 for each
    unit not listed. The same unit-year twice is E302 on each."""
    found = found if found is not None else Scan.of(paths, skipped)
    if previous is not None:  # here: a check without last year's reports never loads the comparison
        from ..rules.years import compare_all, compare_one
    watch = RunWatch(found, roster)
    units: list[Unit] | Kept
    if not light:
        units = [u for u, _ in watch.units(iter_units(found.paths, options, jobs, caches=caches))]
        if previous is not None:
            compare_all(units, previous)
    else:
        units = Kept(files=found.paths)  # their light parts as columns, the sources by place (model.kept)
        # Values and where they stood are needed only to compare with the previous year.
        stream = iter_units(found.paths, options, jobs, keep=True if previous is not None else None, caches=caches)
        for unit, _ in watch.units(stream):
            if previous is not None:
                compare_one(unit, previous, alone=len(found.paths) == 1)
            units.append(unit)
    extra, roster_check = watch.finish(units)
    extra = not_read(found.skipped) + extra + (list(previous.problems) if previous is not None else [])
    return Result(units, extra_findings=extra, roster=roster_check)
