"""`compile` as one library call: read, check and add up every input, write the summary, record history."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..history import Recorded, Store
from ..messages.errors import ToolError
from ..model.unit import Unit
from ..read import ReadCaches, ReadOptions
from ..render.files import atomic_write, refuse_inputs
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
    width: int | None = None  # the terminal's columns the text tables fit in (None: as wide as they are)


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
    if fmt in ("xlsx", "docx") and output is None:
        raise ToolError("ui.xlsx_needs_output")
    return fmt


def _check_output(output: Path, paths: list[Path]) -> None:
    """Before anything is read: the output is not an input, and its folder exists."""
    refuse_inputs(output, paths)
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise ToolError("output.no_folder", path=output)
    if output.is_dir():
        raise ToolError("output.is_folder", path=output)


@contextlib.contextmanager
def recording(db: str | None) -> Iterator[Store | None]:
    """The history transaction of a compile: the store opened for writing (None without --history);
    what was put is committed only by an explicit commit, and rolled back otherwise."""
    if not db:
        yield None
        return
    store = Store.open(db, write=True)
    try:
        yield store
    finally:
        store.rollback()  # after a commit, nothing is pending: a no-op
        store.close()


def compile_units(paths: list[Path], options: ReadOptions = ReadOptions(),
                  settings: CompileSettings = CompileSettings(), previous=None,
                  store: Store | None = None, progress: Callable[[Unit], None] | None = None,
                  caches: ReadCaches | None = None, skipped: Iterable[tuple[Path, str]] = (),
                  last_year: Callable[[Unit, dict | None], None] | None = None) -> Compilation:
    """Read every input once and compile as the units stream by. `previous` adds the cross-year
    findings W301–W304 and the year-on-year columns; `store` is handed each included unit;
    `last_year(unit, its previous-year values or None)` is called for each unit once it is added."""
    acc = Accumulator(settings.on_error, settings.strict)
    # Cells (where each value stood) are needed only to place cross-year findings.
    for unit in iter_units(paths, options, settings.jobs, keep=previous is not None, caches=caches):
        if progress is not None:
            progress(unit)
        prev = compare_one(unit, previous, alone=len(paths) == 1) if previous is not None else None
        acc.add(unit, prev.values if prev is not None else None)
        if last_year is not None:
            last_year(unit, prev.values if prev is not None else None)
        if store is not None and not unit.excluded and not acc.blocked:
            store.put(unit)
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
    """The whole compile: check the output path, read and compile, then — unless an error blocks it —
    write the summary (atomically, or to `stdout`) and commit the history store. `report(result)` is
    called once compiled, before anything is written (the CLI prints the findings there)."""
    fmt = output_format(settings.output, settings.format)
    if settings.output is not None:
        _check_output(settings.output, paths)
    with recording(settings.history) as store:
        source = previous_source(settings.previous, settings.history, store)
        comp = compile_units(paths, options, settings, source, store, progress, caches, skipped)
        result = Result.of(comp)
        if report is not None:
            report(result)
        if comp.blocked:
            return Compiled(result, fmt, written=False)
        _write(summary_pieces(result, fmt, settings.lang, settings.width), settings.output, stdout)
        recorded = store.commit() if store is not None else None
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
