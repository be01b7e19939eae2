"""The long fuzz run: `python benchmarks/fuzz.py [N]` runs N cases (default 10,000) — real `disclosure`
commands (check, compile to every format, check --annotate, batches in workers, history, template)
over inputs mutated at every level (bytes, zip entries, the XML of sheet, shared-string, style and
workbook parts, ODS content, BIFF records, summary JSON and CSV values, history stores) — and fails
if any run exits other than 0/1/2, prints a traceback, or goes over its time or memory limit.

Each run is forked from this warm process under the limits of tests/fuzzrun.py (20 s, 1 GiB of
address space, 512 MB resident; change them with --time/--memory/--rss). A case is reproduced by its
seed and number alone: `python benchmarks/fuzz.py --seed S --case K` reruns case K and keeps it (its
inputs, command and output) under --keep. docs/safety.md has the figures of the last long run."""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))


def main() -> int:
    from fuzzrun import MEMORY_LIMIT, RSS_LIMIT, TIME_LIMIT, cases, keep, run_all

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=10_000, help="cases to run (default 10,000)")
    parser.add_argument("--seed", default="long", help="the run's seed: the same seed gives the same cases")
    parser.add_argument("--start", type=int, default=0, help="the first case number")
    parser.add_argument("--case", type=int, default=None, help="run this one case only, and keep it")
    parser.add_argument("--jobs", type=int, default=2, help="runs at a time (default 2)")
    parser.add_argument("--time", type=float, default=TIME_LIMIT, help=f"seconds per run (default {TIME_LIMIT:g})")
    parser.add_argument("--memory", type=int, default=MEMORY_LIMIT >> 20, help="MiB of address space per run")
    parser.add_argument("--rss", type=int, default=RSS_LIMIT >> 20, help="MiB of resident memory per run")
    parser.add_argument("--keep", type=Path, default=ROOT / "benchmarks" / "_work" / "fuzz-failures",
                        help="where failing cases are written")
    args = parser.parse_args()
    numbers = [args.case] if args.case is not None else range(args.start, args.start + args.n)
    statuses: collections.Counter = collections.Counter()
    commands: collections.Counter = collections.Counter()
    failures = []
    slowest = biggest = 0.0
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="disclosure-fuzz-") as work:
        for i, outcome in enumerate(run_all(cases(args.seed, numbers), Path(work), jobs=args.jobs,
                                            time_limit=args.time, memory_limit=args.memory << 20,
                                            rss_limit=args.rss << 20), start=1):
            statuses[outcome.status] += 1
            argv = outcome.case.argv
            commands["annotate" if "--annotate" in argv else "batch" if "--jobs" in argv else argv[0]] += 1
            slowest, biggest = max(slowest, outcome.seconds), max(biggest, outcome.rss / (1 << 20))
            if outcome.problem or args.case is not None:
                where = keep(outcome, args.keep)
                if outcome.problem:
                    failures.append(outcome)
                    print(f"FAIL case {outcome.case.number}: {outcome.problem} ({outcome.case.note}) -> {where}",
                          flush=True)
            if i % 500 == 0:
                print(f"{i:,} cases, {len(failures)} failing, {time.monotonic() - t0:.0f} s", flush=True)
    total = sum(statuses.values())
    print(f"\n{total:,} cases (seed {args.seed!r}, from {numbers[0]}) in {time.monotonic() - t0:.0f} s, "
          f"{args.jobs} at a time; limits {args.time:g} s, {args.memory} MiB address space, {args.rss} MiB resident")
    print("commands: " + ", ".join(f"{k} {v:,}" for k, v in commands.most_common()))
    print("exit statuses: " + ", ".join(f"{k} {v:,}" for k, v in sorted(statuses.items(), key=str)))
    print(f"slowest run {slowest:.2f} s, largest {biggest:.0f} MB resident")
    print(f"failures: {len(failures)}" + (f" (kept under {args.keep})" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
