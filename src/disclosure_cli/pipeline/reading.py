"""Reading every input of a run, in order, sequentially or in worker processes: the one place inputs are read.

Each input is read (stage 5) and checked by the rules within its reports (stage 6) where it is
read, in a worker when there are many: what comes back is finished units, one input at a time."""

from __future__ import annotations

import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from ..inputs.paths import NOT_REPORT, Files
from ..messages import part, reason
from ..model.findings import Finding
from ..model.unit import Unit, unreadable
from ..read import ReadCaches, ReadOptions, read_input
from ..rules import check_input

# Below this many inputs a process pool costs more than it saves.
PARALLEL_FROM = 8

# Values only (False), values and where they stood (True), or neither (None: Unit.light).
Keep = bool | None


def default_jobs(n_inputs: int) -> int:
    """The CPU count, or 1 for a handful of files."""
    if n_inputs < PARALLEL_FROM:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 1
    return max(1, cpus)


def read_checked(path: str | Path, options: ReadOptions = ReadOptions(), caches: ReadCaches | None = None,
                 data: bytes | None = None) -> list[Unit]:
    """One input's units, read and checked by the rules within each report and across its sheets.

    The boundary of one input: whatever goes wrong while it is read or checked — a Python exception
    (a bug the input provoked), a Rust panic in a parser (pyo3's PanicException is a BaseException),
    running out of memory — becomes that input's E003 finding, and the batch goes on. Only an
    interruption (Ctrl-C, SystemExit) ends the run."""
    try:
        return check_input(read_input(path, options, caches, data))
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except MemoryError:
        return [unreadable(str(path), reason("too_large"))]
    except BaseException as e:  # noqa: BLE001 - the batch goes on whatever one input does
        return [unreadable(str(path), reason("failed", detail=failure(e)))]


def failure(e: BaseException) -> str:
    """What went wrong, short enough for a finding: the exception's type and the start of its text."""
    try:
        text = " ".join(str(e).split())
    except Exception:  # noqa: BLE001 - an exception whose text cannot be made still has a type
        text = ""
    return type(e).__name__ + (": " + (text if len(text) <= 120 else text[:119] + "…") if text else "")


def _slim(units: list[Unit], keep: Keep) -> list[Unit]:
    """With keep False without their positions, with None without their values either (Unit.light):
    the caller needs no more, and less crosses back from a worker."""
    if keep is None:
        return [u.light() for u in units]
    if not keep:
        for u in units:  # what only the rules (run already) and cross-year findings read
            u.cells, u.derived, u.subtotal_groups = {}, {}, set()
    return units


# In a worker process, the caches of the run the worker serves (set by the pool's initializer: the
# pool, and so the process, lives for one run only).
_WORKER_CACHES: ReadCaches | None = None


def _init_worker() -> None:
    global _WORKER_CACHES
    _WORKER_CACHES = ReadCaches()


def _read_task(args: tuple[str | Path, ReadOptions, Keep]) -> list[Unit]:
    path, options, keep = args
    return _slim(read_checked(path, options, _WORKER_CACHES), keep)


def _pool_context():
    """fork starts workers in milliseconds and shares the imported modules, but forking a process
    that runs other threads can leave a child holding a lock forever (or crash it): then, and where
    fork does not exist (Windows) or is unsafe (macOS), start workers afresh."""
    import multiprocessing  # here: a run of one file never starts a pool, nor imports what starts one

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform != "darwin" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def iter_units(paths: Files, options: ReadOptions = ReadOptions(), jobs: int | None = None,
               keep: Keep = True, caches: ReadCaches | None = None) -> Iterator[Unit]:
    """Every unit of every input, in input order, read and checked. Callers (check, compile) consume
    units one at a time so memory need not grow with the input count. With jobs > 1 inputs are read
    in worker processes; the order and content are the same. `keep`: see Keep."""
    jobs = default_jobs(len(paths)) if jobs is None else max(1, jobs)
    jobs = min(jobs, len(paths)) if paths else 1
    if jobs == 1:
        caches = caches if caches is not None else ReadCaches()
        for path in paths:
            yield from _slim(read_checked(path, options, caches), keep)
        return
    for path, units in zip(paths, in_workers(_read_task, Tasks(paths, options, keep), jobs, _crashed), strict=True):
        source = os.fspath(path)  # a scan's string: the one every unit of the file has as its source
        for u in units:
            u.on_file(source)
        yield from units


class Tasks(Sequence):
    """(path, *args) for each path, made when asked for: a run of 50,000 files holds no tuple per file,
    only the chunks in flight."""

    def __init__(self, paths: Files, *args: object):
        self.paths, self.args = paths, args

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, i):  # an index or a slice, as a list's
        if isinstance(i, slice):
            return [(p, *self.args) for p in self.paths[i]]
        return (self.paths[i], *self.args)


def _run_chunk(fn: Callable, chunk: list) -> list:
    return [fn(task) for task in chunk]


def _in_order(pool, fn: Callable, tasks: Sequence, start: int, chunksize: int, window: int, tail: int = 4) -> Iterator:
    """fn(task) for tasks[start:], in chunks, results in task order; at most `window` chunks submitted
    and not yet taken (Executor.map submits every chunk at once: its work items would hold every task)."""
    pending: deque = deque()
    i = start
    while i < len(tasks):
        # Smaller chunks as the end nears (guided scheduling): the workers run out of work together,
        # rather than one reading a last chunk of 64 files while the other waits.
        size = max(1, min(chunksize, (len(tasks) - i) // tail))
        pending.append(pool.submit(_run_chunk, fn, tasks[i:i + size]))
        i += size
        if len(pending) > window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def in_workers(fn: Callable, tasks: Sequence, jobs: int, on_crash: Callable) -> Iterator:
    """fn(task) for every task in worker processes, results in task order as they complete.

    A task that takes its worker process down (a parser aborting on a crafted file), or whose result
    cannot come back (an exception that escaped fn, a result that cannot be pickled), must not take
    the batch with it: the pool is rebuilt, the first unfinished task is run again alone, and if it
    fails there too, on_crash(task, error) stands in for its result (error None for a dead process).
    The other tasks are read as usual."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    start = 0
    while start < len(tasks):
        done = start
        chunksize = max(1, min(64, (len(tasks) - start) // (jobs * 8)))
        try:
            with ProcessPoolExecutor(jobs, mp_context=_pool_context(), initializer=_init_worker) as pool:
                for result in _in_order(pool, fn, tasks, start, chunksize, window=jobs * 4, tail=jobs * 2):
                    done += 1
                    yield result
            return
        except Exception:  # noqa: BLE001 - BrokenProcessPool, or the task's own failure: run it alone
            try:
                with ProcessPoolExecutor(1, mp_context=_pool_context(), initializer=_init_worker) as alone:
                    result = alone.submit(fn, tasks[done]).result()
            except BrokenProcessPool:
                result = on_crash(tasks[done], None)
            except Exception as e:  # noqa: BLE001
                result = on_crash(tasks[done], e)
            yield result
            start = done + 1


def not_read(skipped: Iterable[tuple[Path, str]]) -> list[Finding]:
    """A notice (N001) for every file under an input folder that is not read, saying why."""
    out = []
    for path, why in skipped:
        detail = part("part." + why, suffix=path.suffix or path.name) if why == NOT_REPORT else part("part." + why)
        out.append(Finding("N001", str(path), params={"detail": detail}))
    return out


def _crashed(task: tuple[str | Path, ReadOptions, Keep], error: BaseException | None) -> list[Unit]:
    """The unit of an input whose reading crashed the process reading it, or failed in a way its
    worker could not report: E003, and the batch goes on."""
    why = reason("crashed") if error is None else reason("failed", detail=failure(error))
    return [unreadable(str(task[0]), why)]
