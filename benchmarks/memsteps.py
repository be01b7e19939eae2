"""Where compile's memory is reached: `python benchmarks/memsteps.py 10000 50000` runs `compile FOLDER -o
out.json` on the benchmark's copies and prints the parent's resident memory after each of its last steps,
and the run's peak (Linux: /proc/self/status). docs/performance.md, "the seventh pass", has its figures.

The parent is the run's largest process (its workers and the forked indicator writer stay below it), so its
peak is the bench's "peak RSS" row; the steps say which one reaches it, and how much is the reading itself."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench import ENV, WORK, copies  # noqa: E402

# Runs in the measured process: wraps the steps of pipeline.compiling and prints each as "step MB".
_PROBE = r"""
import resource, sys
import disclosure_cli.pipeline.compiling as C

def rss():
    with open("/proc/self/status") as fh:
        return next(int(l.split()[1]) / 1024 for l in fh if l.startswith("VmRSS"))

marks = []
def around(name, label):
    real = getattr(C, name)
    def step(*a, **k):
        if not marks:
            marks.append(("every unit read", rss()))
        out = real(*a, **k)
        marks.append((label, rss()))
        return out
    setattr(C, name, step)

around("anomalies", "anomalies (A001-A003) done")
around("_write", "the JSON written")
sys.argv = ["disclosure", *sys.argv[1:]]
try:
    from disclosure_cli.__main__ import main  # as the console script runs it (its collector's pace)
    main()
except SystemExit:
    pass
marks.append(("peak of the run", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
print("\n".join(f"{label}\t{mb:.1f}" for label, mb in marks))
"""


def measure(n: int) -> list[tuple[str, float]]:
    folder = copies(n)
    out = WORK / "out"
    out.mkdir(exist_ok=True)
    p = subprocess.run([sys.executable, "-c", _PROBE, "compile", str(folder), "-o", str(out / "m.json"),
                        "--on-error", "include"], env=ENV, capture_output=True, text=True)
    rows = [line.split("\t") for line in p.stdout.splitlines() if "\t" in line]
    if not rows:
        raise SystemExit(f"compile of {n} failed: {p.stderr[-2000:]}")
    return [(label, float(mb)) for label, mb in rows]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[10000, 50000], help="how many copies (default 10000 50000)")
    sizes = ap.parse_args().sizes
    runs = {n: measure(n) for n in sizes}
    labels = [label for label, _ in runs[sizes[0]]]
    print("| compile -o .json, parent RSS MB | " + " | ".join(f"{n:,}" for n in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for i, label in enumerate(labels):
        print(f"| {label} | " + " | ".join(f"{runs[n][i][1]:.1f}" for n in sizes) + " |")
    if len(sizes) >= 2:
        a, b = sizes[0], sizes[-1]
        for i, label in ((0, "the reading"), (len(labels) - 1, "the peak")):
            slope = (runs[b][i][1] - runs[a][i][1]) * 1024 / (b - a)
            print(f"per unit, {a:,} -> {b:,}, {label}: {slope:.2f} KB")


if __name__ == "__main__":
    main()
