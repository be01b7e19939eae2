"""`check` as a library call: read every input and return the result (nothing is written)."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from .read import ReadOptions, read_workbook
from .result import Result
from .unit import Unit

# Below this many inputs a process pool costs more than it saves.
PARALLEL_FROM = 8


def default_jobs(n_inputs: int) -> int:
    """The CPU count, or 1 for a handful of files."""
    if n_inputs < PARALLEL_FROM:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 1
    return max(1, cpus)


def _read(args: tuple[Path, ReadOptions, bool | None]) -> list[Unit]:
    """One input's units; with cells False without their positions, with None without their values
    either (Unit.light): the caller needs no more, and less crosses back from a worker."""
    path, options, cells = args
    units = read_input(path, options)
    if cells is None:
        return [u.light() for u in units]
    if not cells:
        for u in units:
            u.cells = {}
    return units


def _pool_context():
    """fork starts workers in milliseconds and shares the imported modules, but forking a process
    that runs other threads can leave a child holding a lock forever (or crash it): then, and where
    fork does not exist (Windows) or is unsafe (macOS), start workers afresh."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform != "darwin" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def iter_units(paths: list[Path], options: ReadOptions = ReadOptions(), jobs: int | None = None,
               cells: bool | None = True) -> Iterator[Unit]:
    """Every unit of every input, in input order. The single place inputs are read: callers
    (check, compile) consume units one at a time so memory need not grow with the input count.
    With jobs > 1 workbooks are read in worker processes; the order and content are the same.
    cells: True keeps where each value stood, False drops that, None drops the values too."""
    jobs = default_jobs(len(paths)) if jobs is None else max(1, jobs)
    jobs = min(jobs, len(paths)) if paths else 1
    if jobs == 1:
        for path in paths:
            yield from _read((path, options, cells))
        return
    for units in in_workers(_read, [(p, options, cells) for p in paths], jobs, _crashed):
        yield from units


def in_workers(fn, tasks: list, jobs: int, on_crash) -> Iterator:
    """fn(task) for every task in worker processes, results in task order as they complete.

    A task that takes its worker process down (a parser aborting on a crafted file) must not take
    the batch with it: the pool is rebuilt, the first unfinished task is run again alone, and if it
    crashes there too, on_crash(task) stands in for its result. The other tasks are read as usual."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    start = 0
    while start < len(tasks):
        done = start
        rest = tasks[start:]
        chunksize = max(1, min(64, len(rest) // (jobs * 8)))
        try:
            with ProcessPoolExecutor(jobs, mp_context=_pool_context()) as pool:
                for result in pool.map(fn, rest, chunksize=chunksize):
                    done += 1
                    yield result
            return
        except BrokenProcessPool:
            try:
                with ProcessPoolExecutor(1, mp_context=_pool_context()) as alone:
                    result = alone.submit(fn, tasks[done]).result()
            except BrokenProcessPool:
                result = on_crash(tasks[done])
            yield result
            start = done + 1


def _crashed(task: tuple[Path, ReadOptions, bool]) -> list[Unit]:
    """The unit of an input whose reading crashed the process reading it: E003, and the batch goes on."""
    from .codes import reason
    from .findings import Finding

    path = Path(task[0])
    unit = Unit(name=path.stem, source=str(path), format=None)
    unit.findings.append(Finding("E003", str(path), unit=unit.name, params={"reason": reason("crashed")}))
    return [unit]


def read_input(path: Path, options: ReadOptions = ReadOptions()) -> list[Unit]:
    """A workbook, or a .json/.csv summary written by compile (read back as one unit: roll-ups)."""
    from .inputs import SUMMARY_SUFFIXES

    if os.path.splitext(path)[1].lower() in SUMMARY_SUFFIXES:
        from .summary_input import read_summary

        return read_summary(path, options)
    return read_workbook(path, options)


def check(paths: list[Path], options: ReadOptions = ReadOptions(), jobs: int | None = None,
          previous=None, light: bool = False) -> Result:
    """Read and validate every input. With `previous` (years.WorkbookPrevious or years.HistoryPrevious),
    each unit is also compared with its previous-year report (W301–W304). With `light`, units keep
    their findings but not their values (Unit.light): memory stays flat over thousands of inputs."""
    from .years import compare_all, compare_one

    if not light:
        units = list(iter_units(paths, options, jobs))
        if previous is not None:
            compare_all(units, previous)
    else:
        units = []
        # Values and where they stood are needed only to compare with the previous year.
        for unit in iter_units(paths, options, jobs, cells=True if previous is not None else None):
            if previous is not None:
                compare_one(unit, previous, alone=len(paths) == 1)
            units.append(unit.light())
    return Result(units, extra_findings=list(previous.problems) if previous is not None else [])
