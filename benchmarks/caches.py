"""What each cache a run owns saves: `python benchmarks/caches.py [N]` reads the benchmark's N workbooks
in one process (jobs 1) with every cache, then with each one off, and prints the CPU time of each."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench import generate  # noqa: E402

from disclosure_cli.inputs import PartsCache  # noqa: E402
from disclosure_cli.locate import LocateCache  # noqa: E402
from disclosure_cli.pipeline import iter_units  # noqa: E402
from disclosure_cli.read import ReadCaches, ReadOptions  # noqa: E402


class _NoParts(PartsCache):
    def remember(self, table, key, value) -> None:  # nothing is kept
        return None


class _NoLayouts(dict):
    hits = 0

    def put(self, signature, layout) -> None:
        return None


class _NoTexts(dict):
    def __setitem__(self, key, value) -> None:
        return None


CONFIGS = {
    "every cache": lambda: ReadCaches(),
    "no zip-parts cache": lambda: ReadCaches(parts=_NoParts()),
    "no layouts cache": lambda: ReadCaches(locate=LocateCache(layouts=_NoLayouts())),  # type: ignore[arg-type]
    "no texts memo": lambda: ReadCaches(locate=LocateCache(texts=_NoTexts())),
    "no cache at all": lambda: ReadCaches(parts=_NoParts(), locate=LocateCache(layouts=_NoLayouts(),  # type: ignore[arg-type]
                                                                               texts=_NoTexts())),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("n", type=int, nargs="?", default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    opts = ap.parse_args()
    files = sorted(generate(opts.n).glob("*.xlsx"))
    times: dict[str, list[float]] = {name: [] for name in CONFIGS}
    for _ in range(opts.repeat):
        for name, make in CONFIGS.items():
            caches = make()
            t = time.process_time()
            for _unit in iter_units(files, ReadOptions(), jobs=1, keep=None, caches=caches):
                pass
            times[name].append(time.process_time() - t)
    base = statistics.median(times["every cache"])
    print(f"{len(files)} workbooks, jobs 1, CPU seconds (median of {opts.repeat}):")
    for name, ts in times.items():
        m = statistics.median(ts)
        print(f"| {name} | {m:.2f} | {m / len(files) * 1000:.3f} ms/workbook | {m / base - 1:+.0%} |")


if __name__ == "__main__":
    main()
