"""The public calls, taking INPUT arguments as the command does (files, folders, globs)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .inputs.paths import scan
from .pipeline.checking import check as _check
from .pipeline.compiling import Compiled, CompileSettings
from .pipeline.compiling import compile_inputs as _compile
from .read import ReadOptions
from .summary import Result


def check(inputs: Iterable[str | Path], options: ReadOptions = ReadOptions(), jobs: int | None = None,
          previous=None, light: bool = False, roster: str | Path | None = None) -> Result:
    """Read and validate every input; nothing is written. `previous`: previous_source(...). `roster`:
    a file of the units expected (W501 for each missing, W502 for each not listed). As the command does,
    the tool's own outputs found in a folder beside unit reports are not read (N002, N003)."""
    found = scan([str(p) for p in inputs])
    return _check(found.paths, options, jobs, previous, light, found=found, roster=roster)


def compile_inputs(inputs: Iterable[str | Path], options: ReadOptions = ReadOptions(),
                   settings: CompileSettings = CompileSettings(), roster: str | Path | None = None) -> Compiled:
    """Read, check and add up every input (workbooks or summaries); write the summary to
    settings.output when given and no error blocks it; record the history store when asked. This
    run's own output found among the inputs is not read; `roster` as for check()."""
    found = scan([str(p) for p in inputs])
    return _compile(found.paths, options, settings, found=found, roster=roster)
