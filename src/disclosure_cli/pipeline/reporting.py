"""`report` as one library call: read, check and add up every input as compile does, then write the
annual report (.docx) with the standard statements, and last year's totals when they are known."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.marker import SUMMARY
from ..formats.schema import Key
from ..inputs.paths import Files, Scan
from ..messages.errors import ToolError
from ..model.roster import Roster
from ..model.unit import Unit
from ..read import ReadOptions, made_by_file
from ..render.files import atomic_write
from ..render.targets import check_target
from ..summary import Result
from .compiling import CompileSettings, compile_units
from .previous import opened_source
from .run import as_roster


@dataclass
class Reported:
    """What report did: the run's result, whether the report was written, last year's totals used."""

    result: Result
    written: bool
    last_year: dict[Key, object] | None = None


class LastYear:
    """Last year's totals over the units added: known only when every added unit had its report."""

    def __init__(self) -> None:
        self.sums: dict[Key, Any] = {}
        self.complete = True
        self.seen = 0

    def add(self, unit: Unit, values: dict | None) -> None:
        if unit.excluded:
            return
        self.seen += 1
        if values is None:
            self.complete = False
            return
        for k, v in values.items():
            have = self.sums.get(k, 0)
            self.sums[k] = None if v is None or have is None else have + v

    def totals(self) -> dict[Key, object] | None:
        return self.sums if self.complete and self.seen else None


def write_report(paths: Files, options: ReadOptions = ReadOptions(),
                 settings: CompileSettings = CompileSettings(), charts: bool = False,
                 report: Callable[[Result], None] | None = None,
                 skipped: Iterable[tuple[Path, str]] = (), found: Scan | None = None,
                 roster: Roster | str | Path | None = None) -> Reported:
    """Compile the inputs (as `compile`, --on-error and --strict alike), then — unless an error
    blocks it — write the annual report to settings.output. --previous/--history give last year's
    figures (read only: a report records nothing)."""
    output = settings.output
    if output is None or output.suffix.lower() != ".docx":
        raise ToolError("report.suffix", path=output)
    found = found if found is not None else Scan.of(paths, skipped)
    roster = as_roster(roster, found)
    # Rerunning the same command over a folder that holds last run's report reads it as no input.
    found.drop_outputs([output], lambda p: made_by_file(p) == SUMMARY)
    check_target(output)
    last = LastYear()
    with opened_source(settings.previous, settings.history) as source:
        comp = compile_units(found.paths, options, settings, source, found=found, roster=roster,
                             last_year=last.add)
    result = Result.of(comp)
    if report is not None:
        report(result)
    if comp.blocked:
        return Reported(result, written=False)
    from ..render.annual import render_report

    totals = last.totals() if source is not None else None
    data = render_report(comp, settings.lang, totals, charts)

    def save(tmp: Path) -> None:
        tmp.write_bytes(data)

    atomic_write(output, save)
    return Reported(result, written=True, last_year=totals)
