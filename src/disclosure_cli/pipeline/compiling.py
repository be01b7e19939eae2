"""`compile` as one library call: read, check and add up every input, write the summary, record history."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..history import WAIT_SECONDS, Batch, Recorded, Store, not_recorded, writable
from ..messages.errors import ToolError
from ..model.unit import Unit
from ..read import ReadCaches, ReadOptions
from ..render.files import atomic_write, check_name, refuse_inputs
from ..render.outputs import BY_SUFFIX, summary_pieces
from ..rules.years import compare_one
from ..summary import FAIL, Accumulator, Compilation, Result
from .previous import previous_source
from .reading import iter_units, not_read


@dataclass(frozen=True)
class CompileSettings:
    """What a compile is asked to do, as the command's options say it."""

    on_error: str = FAIL  # fail | exclude | include
    strict: bool = False
    name: str | None = None  # what the summary is called; default: the unit's, else the output's stem
    jobs: int | None = None
    output: Path | None = None  # None: the summary goes to `stdout` (or nowhere, for a library caller)
    format: str | None = None  # text xlsx md csv json; default: from the output's suffix, else text
    lang: str = "zh"
    previous: tuple[str, ...] = ()  # last year's reports (--previous)
    history: str | None = None  # a history store: compare with last year and record this year
    history_wait: float = WAIT_SECONDS  # how long to wait for a store another run is writing


@dataclass
class Compiled:
    """What compile did: its result, the format written, and what the history store recorded."""

    result: Result
    format: str
    written: bool  # the summary was written (False when an error blocked it)
    recorded: Recorded | None = None


def output_format(output: Path | None, fmt: str | None) -> str:
    """The summary's format: --format, else the output's suffix, else text. ToolError when neither fits."""
    if fmt is None:
        fmt = BY_SUFFIX.get(output.suffix.lower()) if output is not None else "text"
        if fmt is None:
            raise ToolError("ui.bad_suffix", path=output)
    if fmt == "xlsx" and output is None:
        raise ToolError("ui.xlsx_needs_output")
    return fmt


def _check_output(output: Path, paths: list[Path]) -> None:
    """Before anything is read: the output is not an input, and its folder exists."""
    check_name(output)  # first: a name too long fails every other system call on it
    refuse_inputs(output, paths)
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise ToolError("output.no_folder", path=output)
    if output.is_dir():
        raise ToolError("output.is_folder", path=output)


def compile_units(paths: list[Path], options: ReadOptions = ReadOptions(),
                  settings: CompileSettings = CompileSettings(), previous=None,
                  batch: Batch | None = None, progress: Callable[[Unit], None] | None = None,
                  caches: ReadCaches | None = None, skipped: Iterable[tuple[Path, str]] = ()) -> Compilation:
    """Read every input once and compile as the units stream by. `previous` adds the cross-year
    findings W301–W304 and the year-on-year columns; `batch` gathers each included unit to record."""
    acc = Accumulator(settings.on_error, settings.strict)
    # Cells (where each value stood) are needed only to place cross-year findings.
    for unit in iter_units(paths, options, settings.jobs, keep=previous is not None, caches=caches):
        if progress is not None:
            progress(unit)
        prev = compare_one(unit, previous, alone=len(paths) == 1) if previous is not None else None
        acc.add(unit, prev.values if prev is not None else None)
        if batch is not None and not unit.excluded and not acc.blocked:
            batch.add(unit)
    comp = acc.finish(settings.name, options.year)
    comp.extra_findings.extend(not_read(skipped))
    if previous is not None:
        comp.extra_findings.extend(getattr(previous, "problems", ()))
    if comp.name is None and settings.output is not None and len(comp.units) > 1:
        comp.name = settings.output.stem
    return comp


def compile_inputs(paths: list[Path], options: ReadOptions = ReadOptions(),
                   settings: CompileSettings = CompileSettings(), *, stdout: BinaryIO | None = None,
                   progress: Callable[[Unit], None] | None = None,
                   report: Callable[[Result], None] | None = None, caches: ReadCaches | None = None,
                   skipped: Iterable[tuple[Path, str]] = ()) -> Compiled:
    """The whole compile: check the output path (and the history store), read and compile, then —
    unless an error blocks it — write the summary (atomically, or to `stdout`) and record the history
    in one short transaction. `report(result)` is called once compiled, before anything is written
    (the CLI prints the findings there).

    The store is only read while inputs are read (no lock is held); a store another run is writing is
    waited for `settings.history_wait` seconds. A store that cannot be recorded into once the summary
    is written is a ToolError saying so (history.not_recorded): the summary stays."""
    fmt = output_format(settings.output, settings.format)
    if settings.output is not None:
        _check_output(settings.output, paths)
    db = settings.history
    if db:
        writable(Path(db))  # a read-only store is refused before any input is read
    source = previous_source(settings.previous, db, missing_ok=True, wait=settings.history_wait)
    batch = Batch() if db else None
    try:
        comp = compile_units(paths, options, settings, source, batch, progress, caches, skipped)
    finally:
        close = getattr(source, "close", None)
        if close is not None:
            close()
    result = Result.of(comp)
    if report is not None:
        report(result)
    if comp.blocked:
        return Compiled(result, fmt, written=False)
    _write(summary_pieces(result, fmt, settings.lang), settings.output, stdout)
    recorded = None
    if db and batch is not None:
        try:
            with Store.open(db, write=True, wait=settings.history_wait) as store:
                recorded = store.write(batch)
        except ToolError as e:
            raise not_recorded(e) from None
    return Compiled(result, fmt, written=True, recorded=recorded)


def _write(pieces: Iterable[bytes], output: Path | None, stdout: BinaryIO | None) -> None:
    if output is not None:
        def write(tmp: Path) -> None:
            with open(tmp, "wb") as fh:
                for piece in pieces:
                    fh.write(piece)

        atomic_write(output, write)
    elif stdout is not None:
        for piece in pieces:
            stdout.write(piece)
        stdout.flush()
