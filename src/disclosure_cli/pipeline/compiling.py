"""`compile` as one library call: read, check and add up every input, write the summary, record history."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .. import formats
from ..base.marker import SUMMARY
from ..history import WAIT_SECONDS
from ..inputs.paths import Files, Scan
from ..messages.errors import ToolError
from ..model.ratios import Thresholds
from ..model.roster import Roster
from ..model.unit import Unit
from ..read import ReadCaches, ReadOptions, made_by_file
from ..render.files import atomic_write, check_name
from ..render.outputs import BY_SUFFIX, made_ahead, summary_pieces
from ..render.targets import check_target
from ..rules.years import compare_one
from ..summary import EXCLUDE, FAIL, Accumulator, Compilation, Result, unit_figures
from ..summary.indicators import anomalies
from ..summary.trend import compilation_trend
from .previous import HistoryPrevious, opened_source
from .reading import iter_units, not_read, read_checked
from .run import RunWatch, as_roster

if TYPE_CHECKING:  # the store's modules load only with --history (start-up of every other compile)
    from ..history import Batch, Recorded


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
    thresholds: Thresholds = Thresholds()  # --threshold: ratios not applicable, anomalies (docs/indicators.md)
    anomalies: bool = True  # A001–A003 (--no-anomalies turns them off)
    history_wait: float = WAIT_SECONDS  # how long to wait for a store another run is writing


@dataclass
class Compiled:
    """What compile did: its result, the format written, and what the history store recorded."""

    result: Result
    format: str
    written: bool  # the summary was written (False when an error blocked it)
    recorded: Recorded | None = None


def output_format(output: Path | None, fmt: str | None, stdout: bool = False) -> str:
    """The summary's format: --format, else the output's suffix, else text. ToolError when neither fits,
    when --format contradicts the output's suffix (json into y.xlsx), or xlsx has nowhere to go
    (`stdout`: the summary is asked for on stdout, `-o -`, where an xlsx can be piped)."""
    by_suffix = BY_SUFFIX.get(output.suffix.lower()) if output is not None else None
    if fmt is None:
        fmt = by_suffix if output is not None else "text"
        if fmt is None:
            raise ToolError("ui.bad_suffix", path=output)
    elif by_suffix is not None and by_suffix != fmt:
        raise ToolError("ui.format_suffix", path=output, format=fmt, suffix_format=by_suffix)
    if fmt in ("xlsx", "docx") and output is None and not stdout:
        raise ToolError("ui.xlsx_needs_output")
    return fmt




def compile_units(paths: Files, options: ReadOptions = ReadOptions(),
                  settings: CompileSettings = CompileSettings(), previous=None,
                  batch: Batch | None = None, progress: Callable[[Unit], None] | None = None,
                  caches: ReadCaches | None = None, skipped: Iterable[tuple[Path, str]] = (),
                  found: Scan | None = None, roster: Roster | str | Path | None = None,
                  last_year: Callable[[Unit, dict | None], None] | None = None,
                  all_read: Callable[[Compilation], None] | None = None) -> Compilation:
    """Read every input once and compile as the units stream by. `previous` adds the cross-year
    findings W301–W304 and the year-on-year columns; `batch` gathers each included unit to record. `found`,
    `roster`: as for check() — the run's own outputs held back, the units expected; a unit-year read
    twice is E302 on each copy (never recorded in `batch`; under exclude, every copy is left out).
    `last_year(unit, its previous-year values or None)` is called for each unit once it is added;
    `all_read(compilation)` once every unit is added, with the compilation as it stands before the run's
    own findings (anomalies, E401…) are made: what rests on the units' figures alone may start there."""
    found = found if found is not None else Scan.of(paths, skipped)
    watch = RunWatch(found, roster)
    acc = Accumulator(settings.on_error, settings.strict, settings.thresholds, files=found.paths)
    # Cells (where each value stood) are needed only to place cross-year findings.
    stream = iter_units(found.paths, options, settings.jobs, keep=previous is not None, caches=caches)
    for unit, repeat in watch.units(stream):
        if progress is not None:
            progress(unit)
        prev = compare_one(unit, previous, alone=len(found.paths) == 1) if previous is not None else None
        acc.add(unit, prev.values if prev is not None else None, repeat,
                formats.FORMATS.get(prev.format_id or "") if prev is not None else None)
        if last_year is not None:
            last_year(unit, prev.values if prev is not None else None)
        if batch is not None and not unit.excluded and not acc.blocked:
            batch.add(unit)
    extra, roster_check = watch.finish(acc.units)
    _take_back(acc, watch.involved, settings, options, batch)
    if all_read is not None:
        all_read(acc.finish(settings.name, options.year))
    extra = not_read(found.skipped) + extra + list(getattr(previous, "problems", ()))
    if settings.anomalies:
        extra += anomalies(acc)
    comp = acc.finish(settings.name, options.year, extra, roster_check)
    if comp.name is None and settings.output is not None and len(comp.units) > 1:
        comp.name = settings.output.stem
    return comp


def _take_back(acc: Accumulator, involved: list[tuple[Unit, int]], settings: CompileSettings,
               options: ReadOptions, batch: Batch | None) -> None:
    """The copies of a repeated unit-year (E302) are known only once the later ones arrived: a unit-year
    read twice is not recorded in the history store, and under --on-error exclude the copies added
    before are taken out of the sums again (read again for their values, which were not kept)."""
    for unit, _ in involved:
        if batch is not None and unit.year is not None:
            batch.remove(unit.name, unit.year)
    if settings.on_error != EXCLUDE:
        return
    for unit, position in involved:
        added = acc.figures[position]
        if added is None:
            continue  # a later copy: left out as it arrived
        again = next((u for u in read_checked(Path(unit.source), options)
                      if u.sheet_index == unit.sheet_index and u.name == unit.name), None)
        if again is None or again.format is None or any(
                added.get(k) != v for k, v in unit_figures(again.format, again.values).items()):
            raise ToolError("input.changed", path=unit.source)  # edited while the run read it
        acc.remove(position, again)


def compile_inputs(paths: Files, options: ReadOptions = ReadOptions(),
                   settings: CompileSettings = CompileSettings(), *, stdout: BinaryIO | None = None,
                   progress: Callable[[Unit], None] | None = None,
                   report: Callable[[Result], None] | None = None, caches: ReadCaches | None = None,
                   skipped: Iterable[tuple[Path, str]] = (), found: Scan | None = None,
                   roster: Roster | str | Path | None = None, stdout_asked: bool = False) -> Compiled:
    """The whole compile: check the output paths (and the history store), read and compile, then — unless
    an error blocks it — write the summary (atomically, or to `stdout`) and record the history in one short
    transaction. `report(result)` is called once compiled, before anything is written (the CLI prints the
    findings there). This run's output found in an input folder (or by a glob) is not read, so rerunning
    the same command just works. `stdout_asked`: the summary was asked for on stdout (`-o -`), where even
    an xlsx may go.

    The store is only read while inputs are read (no lock is held); a store another run is writing is
    waited for `settings.history_wait` seconds. A store that cannot be recorded into once the summary is
    written is a ToolError saying so (history.not_recorded): the summary stays. Long because the order of
    these steps is the contract."""
    fmt = output_format(settings.output, settings.format, stdout_asked)
    found = found if found is not None else Scan.of(paths, skipped)
    roster = as_roster(roster, found)
    if settings.output is not None:
        check_name(settings.output)  # first: a name too long fails every other system call on it
        found.drop_outputs([settings.output], lambda p: made_by_file(p) == SUMMARY)
        check_target(settings.output)
    db = settings.history
    if db:
        from ..history import writable

        writable(Path(db))  # a read-only store is refused before any input is read
    batch = None
    if db:
        from ..history import Batch

        batch = Batch()
    spool = settings.output.parent if settings.output is not None else None
    ahead: list[object] = []  # what the output starts making once every unit is read (render.ahead)
    with opened_source(settings.previous, db, missing_ok=True, wait=settings.history_wait) as source:
        comp = compile_units(found.paths, options, settings, source, batch, progress, caches, found=found,
                             roster=roster, all_read=lambda c: ahead.append(made_ahead(c, fmt, spool)))
        if isinstance(source, HistoryPrevious) and not comp.blocked:
            comp.trend = compilation_trend(source.store, comp)
    result = Result.of(comp)
    pieces = None if comp.blocked else summary_pieces(result, fmt, settings.lang, settings.width, spool,
                                                      ahead[0] if ahead else None)
    if report is not None:
        report(result)
    if pieces is None:
        return Compiled(result, fmt, written=False)
    _write(pieces, settings.output, stdout)
    recorded = None
    if db and batch is not None:
        from ..history import Store, not_recorded

        try:
            with Store.open(db, write=True, wait=settings.history_wait) as store:
                recorded = store.write(batch)
        except ToolError as e:
            raise not_recorded(e) from None
    return Compiled(result, fmt, written=True, recorded=recorded)


_BUFFER = 1 << 20  # bytes written to the file at a time (the default 8 KiB made a system call per 8 KiB)


def _write(pieces: Iterable[bytes], output: Path | None, stdout: BinaryIO | None) -> None:
    if output is not None:
        def write(tmp: Path) -> None:
            with open(tmp, "wb", buffering=_BUFFER) as fh:  # a summary of 2,000 units is 14 MB of JSON
                for piece in pieces:
                    fh.write(piece)

        atomic_write(output, write)
    elif stdout is not None:
        for piece in pieces:
            stdout.write(piece)
        stdout.flush()
