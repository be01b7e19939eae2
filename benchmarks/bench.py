"""Benchmark: `python benchmarks/bench.py [N]` — generate N department workbooks and time the tool
against the reference loops (unzip floor, python-calamine, openpyxl), side by side in one run.

`--copies` makes the N workbooks as renamed copies of the 2,000 generated ones (copy i is workbook
i % 2000 with its unit named 部门{i:05d}: every copy is a unit of its own, as in a real batch) — how the
10,000 and 50,000 runs are made. `--before SRC` measures every `disclosure` row a second time, in the
same round, with the package in SRC (another checkout's src/): before and after side by side. `--excel`
rewrites the workbooks as Excel and WPS write them (the generator writes its text inline, in character
references; they put it in a shared-string table, as UTF-8, declare their namespaces on every sheet, and open
every part with an XML declaration on a line of its own): the same tables and values, the same findings,
another path through the preflight. `--sheets N` also checks one workbook of N departments' sheets."""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

WORK = ROOT / "benchmarks" / "_work"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def _make(args):
    i, folder = args
    from builders import build, consistent_values

    from disclosure_cli.render.layout import Style

    rnd = random.Random(i)
    styles = [Style(), Style(label_cols=2), Style(label_cols=1, merged=False), Style(label_cols=3, merged=False),
              Style(label_cols=2, subtotals=False, repeat_group=True)]
    values = consistent_values(i)
    if rnd.random() < 0.1:  # one in ten has a mistake, as in real submissions
        values[("applications", "received", "total")] += 1
    path = Path(folder) / f"dept-{i:05d}-2021.xlsx"
    build(path, values, style=styles[i % len(styles)], unit=f"部门{i:05d}", origin=(1 + i % 3, 1 + i % 2),
          per_table_sheets=(i % 7 == 0))
    return path.stat().st_size


def _made_once(folder: Path, make) -> Path:
    """`folder`, filled by make(folder) (which returns what .complete records) unless a run finished it."""
    marker = folder / ".complete"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        marker.write_text(json.dumps(make(folder)))
    return folder


def generate(n: int) -> Path:
    def make(folder: Path) -> dict:
        with Pool() as pool:
            sizes = pool.map(_make, [(i, str(folder)) for i in range(n)], chunksize=16)
        return {"n": n, "mean_bytes": sum(sizes) / n}

    return _made_once(WORK / f"n{n}", make)


def many_sheets(n: int) -> Path:
    """One workbook of n departments' sheets (a county's office collecting them in one file): each sheet its
    unit's three tables, at three row and two column offsets (made once, like generate())."""
    def make(folder: Path) -> dict:
        from builders import department_sheets

        department_sheets(folder / "many.xlsx", n)
        return {"n": n, "mean_bytes": (folder / "many.xlsx").stat().st_size}

    return _made_once(WORK / f"sheets{n}", make) / "many.xlsx"


def _copy(args):
    i, base, folder = args
    src = WORK / f"n{base}" / f"dept-{i % base:05d}-2021.xlsx"
    # The unit's name as the generator wrote it (character references) and as it is renamed.
    old, new = f"&#37096;&#38376;{i % base:05d}".encode(), f"&#37096;&#38376;{i:05d}".encode()
    dest = Path(folder) / f"dept-{i:05d}-2021.xlsx"
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            out.writestr(info, z.read(info).replace(old, new))
    return dest.stat().st_size


def copies(n: int, base: int = 2000) -> Path:
    """N renamed copies of the `base` generated workbooks (made once, like generate())."""
    def make(folder: Path) -> dict:
        generate(base)
        with Pool() as pool:
            sizes = pool.map(_copy, [(i, base, str(folder)) for i in range(n)], chunksize=64)
        return {"n": n, "mean_bytes": sum(sizes) / n, "copies_of": base}

    return _made_once(WORK / f"n{n}c", make)


_INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>', re.S)
_SST_TYPE = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
             b'officedocument.spreadsheetml.sharedStrings+xml"/>')
_SST_REL = (b'<Relationship Id="rIdSharedStrings" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/sharedStrings" Target="sharedStrings.xml"/>')
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def _excel(args):
    from builders import excel_sheet

    """One workbook as Excel and WPS write it: its text moved to a shared-string table (raw UTF-8, each
    string once), Excel's namespaces on each sheet and its attributes on each row, every part opened by an
    XML declaration on a line of its own."""
    src, dest = map(Path, args)
    strings: dict[bytes, int] = {}

    def shared(m):
        text = html.escape(html.unescape(m.group(3).decode("utf-8")), quote=False).encode("utf-8")
        return b'<c %st="s"%s><v>%d</v></c>' % (m.group(1), m.group(2), strings.setdefault(text, len(strings)))

    with zipfile.ZipFile(src) as z:
        parts = {info.filename: z.read(info) for info in z.infolist()}
    for name, body in parts.items():
        if name.startswith("xl/worksheets/"):
            # Excel's namespaces meet the preflight's position pattern, which sent every such sheet to the
            # exact scan until 2026-12-02 (the set had none before: it is cached anew, as n2000-excel).
            parts[name] = excel_sheet(_INLINE.sub(shared, body))
    parts["xl/sharedStrings.xml"] = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                                     b'count="%d" uniqueCount="%d">' % (len(strings), len(strings))
                                     + b"".join(b"<si><t>" + t + b"</t></si>" for t in strings) + b"</sst>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", _SST_TYPE + b"</Types>")
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(b"</Relationships>", _SST_REL + b"</Relationships>")
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        for name, body in parts.items():
            out.writestr(name, body if body.startswith(b"<?xml") else _DECLARATION + body)
    return dest.stat().st_size


def excel_like(source: Path) -> Path:
    """The folder's workbooks as Excel writes them (made once, like generate())."""
    def make(folder: Path) -> dict:
        with Pool() as pool:
            sizes = pool.map(_excel, [(str(f), str(folder / f.name)) for f in sorted(source.glob("*.xlsx"))],
                             chunksize=64)
        return {"n": len(sizes), "mean_bytes": sum(sizes) / len(sizes), "excel_like": source.name}

    return _made_once(source.with_name(source.name + "-excel"), make)  # not "x": that set had no namespaces


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def unzip_all(files):
    for f in files:
        with zipfile.ZipFile(f) as z:
            for name in z.namelist():
                z.read(name)


def calamine_all(files):
    import python_calamine as pc

    for f in files:
        wb = pc.CalamineWorkbook.from_path(str(f))
        for i in range(len(wb.sheet_names)):
            wb.get_sheet_by_index(i).to_python()
        wb.close()


def openpyxl_all(files):
    import openpyxl

    for f in files:
        wb = openpyxl.load_workbook(f, data_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                for _ in row:
                    pass
        wb.close()


_WRAP = ("import resource, subprocess, sys, time; t = time.perf_counter(); p = subprocess.run(sys.argv[1:], "
         "stdout=subprocess.DEVNULL, stderr=subprocess.PIPE); t = time.perf_counter() - t; "
         "sys.stderr.buffer.write(p.stderr[-2000:]); "
         "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
         "print(t, u.ru_maxrss, u.ru_utime + u.ru_stime); sys.exit(p.returncode)")


def run_cli(args, env=ENV) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system) of one whole `disclosure` process, its
    workers included.

    A small wrapper process runs it, so the peak is this command's alone (RUSAGE_CHILDREN keeps the
    largest descendant; in the benchmark's own process it would carry over from earlier commands), and
    the CPU is this command's and its workers' (waited for by it, so counted in its children's)."""
    p = subprocess.run([sys.executable, "-c", _WRAP, sys.executable, "-m", "disclosure_cli", *args], env=env,
                       capture_output=True)
    if p.returncode not in (0, 1, 3):  # 3: compile --on-error include wrote a summary that is not clean
        raise SystemExit(f"disclosure {' '.join(args)} failed: {p.stderr.decode('utf-8', 'replace')[-2000:]}")
    wall, rss, cpu = p.stdout.split()[-3:]
    return float(wall), int(rss) / 1024, float(cpu)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("n", nargs="?", type=int, default=2000, help="number of workbooks (default 2000)")
    ap.add_argument("--skip-openpyxl", action="store_true", help="skip the slow openpyxl reference loop")
    ap.add_argument("--repeat", type=int, default=5,
                    help="rounds (default 5): each measures every row once; a shared VM's speed drifts, "
                         "so ratios are taken within a round; the openpyxl loop runs once")
    ap.add_argument("--copies", action="store_true", help="the N workbooks as renamed copies of the 2,000")
    ap.add_argument("--excel", action="store_true",
                    help="the workbooks as Excel and WPS write them: text in a shared-string table, Excel's "
                         "namespaces on every sheet and its attributes on every row, each part opened by an XML "
                         "declaration on its own line (the generator writes text inline, no namespaces)")
    ap.add_argument("--before", metavar="SRC", help="also measure every disclosure row with the package in SRC")
    ap.add_argument("--rows", help="only these disclosure rows (comma-separated: check, check1, stdout, json, "
                                   "xlsx, json1)")
    ap.add_argument("--sheets", type=int, default=400,
                    help="also check one workbook of this many departments' sheets, beside calamine reading it "
                         "(default 400; 0: not)")
    opts = ap.parse_args()
    # Byte-compile the package as an installation would (this environment may disable writing .pyc,
    # which would charge every process start with compiling the sources).
    import compileall

    for src in [ROOT / "src"] + ([Path(opts.before)] if opts.before else []):
        compileall.compile_dir(str(src), quiet=1)
    t = time.perf_counter()
    folder = copies(opts.n) if opts.copies else generate(opts.n)
    if opts.excel:
        folder = excel_like(folder)
    files = sorted(folder.glob("*.xlsx"))
    meta = json.loads((folder / ".complete").read_text())
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    print(f"{len(files)} workbooks, mean {meta['mean_bytes'] / 1024:.1f} KB (generated/cached in "
          f"{time.perf_counter() - t:.1f} s); {max(1, opts.repeat)} rounds\n")
    out = WORK / "out"
    out.mkdir(exist_ok=True)
    commands = [
        ("check", "disclosure check FOLDER (whole process)", ["check", str(folder), "--format", "json"]),
        ("check1", "disclosure check FOLDER --jobs 1", ["check", str(folder), "--format", "json", "--jobs", "1"]),
        ("stdout", "disclosure compile FOLDER (tables to stdout)", ["compile", str(folder), "--on-error", "include"]),
        ("json", "disclosure compile FOLDER -o out.json", ["compile", str(folder), "-o", str(out / "s.json"),
                                                           "--on-error", "include"]),
        ("xlsx", "disclosure compile FOLDER -o out.xlsx", ["compile", str(folder), "-o", str(out / "s.xlsx"),
                                                           "--on-error", "include"]),
        ("json1", "disclosure compile FOLDER --jobs 1 -o out.json", ["compile", str(folder), "-o",
                                                                     str(out / "s1.json"), "--on-error", "include",
                                                                     "--jobs", "1"]),
    ]
    wanted = set(opts.rows.split(",")) if opts.rows else {key for key, _, _ in commands}
    trees = [("", ENV)]
    if opts.before:
        trees.append(("before: ", {**os.environ, "PYTHONPATH": str(Path(opts.before).resolve())}))
    commands = [(prefix + label, args, env) for key, label, args in commands if key in wanted
                for prefix, env in trees]
    floor = "unzip every part (floor, in-process loop)"
    loops = [(floor, lambda: unzip_all(files)),
             ("python-calamine load + read (in-process loop)", lambda: calamine_all(files))]
    # Rounds, each measuring every row once. This VM's speed drifts by ±30 % over minutes, so every
    # row is measured right after a fresh measurement of the floor and its ratio is taken to that
    # one (the median over rounds), not to a floor measured minutes away.
    times: dict[str, list[float]] = {label: [] for label, *_ in loops + commands}
    paired: dict[str, list[float]] = {label: [] for label in times}  # the floor just before each run
    mem: dict[str, float] = {}
    # CPU seconds, best of the rounds: steadier than the wall on a shared VM (where another guest's load
    # slows a run of two workers more than the one-core floor), and what a change to the work itself moves.
    cpu: dict[str, float] = {}

    def measure(label, run):
        start = time.process_time()
        paired[label].append(timed(lambda: unzip_all(files)))
        cpu[floor] = min(cpu.get(floor, float("inf")), time.process_time() - start)
        times[floor].append(paired[label][-1])
        times[label].append(run())

    for _ in range(max(1, opts.repeat)):
        for label, fn in loops[1:]:
            def loop(label=label, fn=fn):
                start = time.process_time()
                wall = timed(fn)
                cpu[label] = min(cpu.get(label, float("inf")), time.process_time() - start)
                return wall
            measure(label, loop)
        for label, args, env in commands:
            def run(label=label, args=args, env=env):
                wall, rss, used = run_cli(args, env)
                mem[label] = max(mem.get(label, 0), rss)
                cpu[label] = min(cpu.get(label, float("inf")), used)
                return wall
            measure(label, run)
    if not opts.skip_openpyxl:
        label = "openpyxl load + read every cell (in-process loop)"
        times[label], paired[label] = [], []
        measure(label, lambda: timed(lambda: openpyxl_all(files)))
    paired[floor] = times[floor]
    rows = [(label, min(ts), statistics.median(t / f for t, f in zip(ts, paired[label], strict=False)))
            for label, ts in times.items()]
    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}}  {'best s':>7}  {'CPU s':>6}  {'ms/workbook':>11}  {'× unzip':>8}  {'peak RSS MB':>11}")
    for label, secs, ratio in rows:
        rss = f"{mem[label]:.0f}" if label in mem else ""
        used = f"{cpu[label]:.2f}" if label in cpu else ""
        print(f"{label:<{width}}  {secs:7.2f}  {used:>6}  {secs / len(files) * 1000:11.3f}  {ratio:8.1f}  {rss:>11}")
    print("\n× unzip: the median over rounds of the row's time over the floor measured just before it. CPU s: the "
          "fewest CPU seconds of a round (user + system, workers included).")
    one = files[0]
    for prefix, env in trees:
        help_t = min(run_cli(["--help"], env)[0] for _ in range(5))
        one_t = min(run_cli(["check", str(one)], env)[0] for _ in range(5))
        print(f"\n{prefix}`disclosure --help`: {help_t * 1000:.0f} ms; `disclosure check one.xlsx`: "
              f"{one_t * 1000:.0f} ms (best of 5, whole process)")
    if opts.sheets:
        many = many_sheets(opts.sheets)
        alone = min(timed(lambda: calamine_all([many])) for _ in range(3))
        for prefix, env in trees:
            t = min(run_cli(["check", str(many)], env)[0] for _ in range(3))
            print(f"\n{prefix}`disclosure check many.xlsx` (one workbook, {opts.sheets} sheets): {t:.2f} s; "
                  f"python-calamine loading and reading it alone: {alone:.2f} s ({t / alone:.1f}×; best of 3)")


if __name__ == "__main__":
    main()
