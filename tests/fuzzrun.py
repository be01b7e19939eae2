"""Fuzz runs: each case is a real `disclosure` command (check, compile, annotate, history, template)
over mutated inputs, run in a child process forked from a warm parent, under a wall-clock and an
address-space limit; every run must end with exit status 0, 1, 2 or 3, no traceback, within the limits.

Used by tests/test_fuzz_cli.py (a short, fixed run in CI) and benchmarks/fuzz.py (long runs)."""

from __future__ import annotations

import os
import random
import resource
import shutil
import signal
import sys
import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fuzzing import TEXTS, mutate, seeds

from disclosure_cli.messages import MESSAGES, REASONS

TIME_LIMIT = 20.0  # seconds of wall clock per run
MEMORY_LIMIT = 1 << 30  # bytes of address space per run (RLIMIT_AS; workers inherit it)
RSS_LIMIT = 512 << 20  # bytes of resident memory a run may reach (README: well under 512 MB)
_WORKBOOKS = ("report-2021.xlsx", "shared-2021.xlsx", "report-2021.xls", "report-2021.ods", "tables-2021.xlsx",
              "units-2021.xlsx", "template-2021.xlsx")
_EPOCHS = ["", "0", "-1", "99999999999999999999", "1e9", "abc", "4102444800", "-62135596801", " 1700000000 "]


@dataclass
class Case:
    number: int
    argv: list[str]
    files: dict[str, bytes]
    note: str
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    case: Case
    status: int | None  # exit status, or None when killed
    seconds: float
    rss: int  # peak resident bytes
    stderr: str
    problem: str | None  # why the run fails the harness, or None


def make_case(number: int, seed: str) -> Case:
    """Case `number` of the run `seed`: the same pair always gives the same case."""
    rnd = random.Random(f"{seed}:{number}")
    base = seeds()
    kind = rnd.random()
    env = {"SOURCE_DATE_EPOCH": rnd.choice(_EPOCHS)} if rnd.random() < 0.1 else {}
    if kind < 0.12:  # a batch in workers: the others must still be read
        names = [rnd.choice(_WORKBOOKS) for _ in range(rnd.randint(3, 9))]
        files = {f"in/m{i}-{n}": mutate(n, base[n], rnd) for i, n in enumerate(names)}
        files["in/good-report-2021.xlsx"] = base["report-2021.xlsx"]
        command = rnd.choice([["check", "in", "--jobs", "2", "--format", "json"],
                              ["compile", "in", "--jobs", "2", "--on-error", "exclude", "-o", "out.json"],
                              ["check", "in", "--jobs", "2", "--annotate", "annotated"]])
        return Case(number, command, files, f"batch of {len(names)}: " + ", ".join(names), env)
    if kind < 0.2:  # the history store
        store = mutate("history.db", base["history.db"], rnd)
        files = {"h.db": store, "2021.xlsx": base["report-2021.xlsx"]}
        command = rnd.choice([["history", "h.db"], ["history", "h.db", "--format", "json"],
                              ["check", "2021.xlsx", "--history", "h.db"],
                              ["compile", "2021.xlsx", "--history", "h.db", "-o", "o.json"]])
        return Case(number, command, files, "history store", env)
    if kind < 0.24:  # the template, with a hostile unit name
        unit = rnd.choice(TEXTS)[:300].replace("\x00", "")
        return Case(number, ["template", "-o", "t.xlsx", "--unit", unit, "--year", str(rnd.choice([2019, 2021]))],
                    {}, "template", env)
    name = rnd.choice([*_WORKBOOKS, *_WORKBOOKS, "summary-2021.json", "summary-2021.csv"])
    data = mutate(name, base[name], rnd)
    if rnd.random() < 0.2:
        data = mutate(name, data, rnd)  # two rounds
    target = "x-" + name
    lang = rnd.choice(["zh", "en"])
    command = rnd.choice([
        ["check", target, "--lang", lang], ["check", target, "--format", "json"], ["check", target, "--quiet"],
        ["compile", target, "--lang", lang], ["compile", target, "-o", "out.xlsx", "--on-error", "include"],
        ["compile", target, "-o", "out.md", "--on-error", "include"], ["compile", target, "-o", "out.csv"],
        ["compile", target, "--format", "json", "--on-error", "exclude"],
        ["check", target, "--annotate", "annotated.xlsx", "--lang", lang],
    ])
    return Case(number, command, {target: data}, name, env)


def cases(seed: str, numbers: Iterable[int]) -> Iterator[Case]:
    for n in numbers:
        yield make_case(n, seed)


def run_all(todo: Iterable[Case], workdir: Path, jobs: int = 2, time_limit: float = TIME_LIMIT,
            memory_limit: int = MEMORY_LIMIT, rss_limit: int = RSS_LIMIT) -> Iterator[Outcome]:
    """Run the cases, `jobs` at a time, each forked from this (warm) process; yield each outcome."""
    from disclosure_cli.cli import main  # noqa: F401 - imported before forking: every child starts warm

    _warm()
    pending = iter(todo)
    running: dict[int, tuple[Case, float, Path]] = {}
    while True:
        while len(running) < jobs:
            made = time.monotonic()
            case = next(pending, None)
            # Making a case (mutating its inputs) is the harness's time, not the runs' going on meanwhile:
            # a run that ended while it was made is not reaped later and counted as slow.
            making = time.monotonic() - made
            running = {pid: (c, started + making, f) for pid, (c, started, f) in running.items()}
            if case is None:
                break
            folder = workdir / f"case-{case.number}"
            _lay_out(folder, case)
            running[_fork(case, folder, memory_limit)] = (case, time.monotonic(), folder)
        if not running:
            return
        now = time.monotonic()
        for child, (_, started, _) in running.items():  # every turn: others finishing must not hide a hang
            if now - started > time_limit:
                with _quiet():
                    os.killpg(child, signal.SIGKILL)
        pid, status, usage = os.wait4(-1, os.WNOHANG)
        if pid == 0:
            time.sleep(0.002)
            continue
        if pid not in running:
            continue
        case, started, folder = running.pop(pid)
        seconds = time.monotonic() - started
        with _quiet():
            os.killpg(pid, signal.SIGKILL)  # workers a killed run left behind
        code = os.waitstatus_to_exitcode(status)
        stderr = (folder / "stderr").read_text("utf-8", "replace") if (folder / "stderr").exists() else ""
        stdout = (folder / "stdout").read_text("utf-8", "replace") if (folder / "stdout").exists() else ""
        rss = usage.ru_maxrss * 1024
        yield Outcome(case, code if code >= 0 else None, seconds, rss, stderr,
                      _problem(code, seconds, rss, stdout + stderr, time_limit, rss_limit))
        shutil.rmtree(folder, ignore_errors=True)


# The worker boundary turns an exception into E003 (reason failed) so that a batch goes on; for the
# harness that is still a bug the input provoked, reported like a traceback.
_FAILED = tuple(text.split("（")[0].split(" (")[0] for text in (*REASONS["failed"], *MESSAGES["ui.internal"]))


def _problem(code: int, seconds: float, rss: int, printed: str, time_limit: float, rss_limit: int) -> str | None:
    if seconds > time_limit:
        return f"over {time_limit:g} s"
    if code < 0:
        return f"killed by signal {-code}"
    if code not in (0, 1, 2, 3):  # 3: written, not clean (issue 13)
        return f"exit status {code}"
    if "Traceback" in printed or "panicked at" in printed:
        return "traceback: " + printed.strip().splitlines()[-1][:200]
    for text in _FAILED:
        if text in printed:
            at = printed.index(text)
            return "an exception, reported as E003: " + printed[at:at + 200].splitlines()[0]
    if rss > rss_limit:
        return f"resident memory {rss >> 20} MB"
    return None


def _lay_out(folder: Path, case: Case) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, data in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _fork(case: Case, folder: Path, memory_limit: int) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 98
    try:
        os.setpgid(0, 0)  # a group of its own: a run killed for its time takes its workers with it
        os.chdir(folder)
        for fd, name in ((1, "stdout"), (2, "stderr")):
            os.dup2(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
        sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
        os.environ.update(case.env)
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        sys.argv = ["disclosure", *case.argv]
        from disclosure_cli.cli import main

        try:
            main()
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:  # noqa: BLE001 - reported through stderr, which the harness reads
        traceback.print_exc()
        code = 99
    finally:
        with _quiet():
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _warm() -> None:
    """Import what every command loads, once, so each forked run measures the tool, not imports."""
    import openpyxl  # noqa: F401
    import python_calamine  # noqa: F401
    import tabulate  # noqa: F401

    from disclosure_cli.pipeline import checking, compiling, previous  # noqa: F401
    from disclosure_cli.render import annotate, outputs, template  # noqa: F401


class _quiet:
    """Ignore OSError (a process already gone)."""

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        return kind is not None and issubclass(kind, OSError)


def keep(outcome: Outcome, folder: Path) -> Path:
    """Write a failing case (its inputs, command and what it printed) where a person can rerun it."""
    target = folder / f"case-{outcome.case.number}"
    _lay_out(target, outcome.case)
    (target / "COMMAND").write_text(" ".join(["disclosure", *outcome.case.argv]) + "\n" +
                                    "".join(f"{k}={v!r}\n" for k, v in outcome.case.env.items()) +
                                    f"# {outcome.case.note}\n# {outcome.problem}\n", encoding="utf-8")
    (target / "stderr").write_text(outcome.stderr, encoding="utf-8")
    return target
