"""Benchmark the document paths: `python benchmarks/documents.py [N]` — N published reports of each kind
(Word, web page, PDF, text) built in code, each command timed beside the library it rests on, in one run:

- check on N .docx beside python-docx loading them alone; on N .html beside BeautifulSoup (lxml) parsing
  them alone; on N .pdf beside pdfplumber reading their characters alone; on N .txt beside the tool's start-up
  (`disclosure --help`);
- audit on the 4×N reports beside check on them (what the text audit adds);
- report on N workbooks (a roll-up to .docx) and compile -o .docx beside compile -o .json on them.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

WORK = ROOT / "benchmarks" / "_work"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
KINDS = ("docx", "html", "pdf", "txt")


def generate(n: int) -> Path:
    """N reports of each kind and N workbooks, made once (a .complete marker)."""
    folder = WORK / f"docs{n}"
    if (folder / ".complete").exists():
        return folder
    from builders import build, consistent_values
    from reports import report_bytes

    shutil.rmtree(folder, ignore_errors=True)
    for kind in KINDS:
        (folder / kind).mkdir(parents=True)
        for i in range(n):
            data = report_bytes(kind, consistent_values(i), name=f"某市第{i:03d}局")
            (folder / kind / f"r{i:03d}.{kind}").write_bytes(data)
    (folder / "xlsx").mkdir()
    for i in range(n):
        build(folder / "xlsx" / f"d{i:03d}-2021.xlsx", consistent_values(i), unit=f"部门{i:03d}")
    (folder / ".complete").write_text("ok")
    return folder


def best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def command(*args: str) -> float:
    """Seconds for one run of the tool (a fresh process, as a user runs it)."""
    def run():
        subprocess.run([sys.executable, "-m", "disclosure_cli", *args, "--lang", "en"], env=ENV,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return best(run)


def references(folder: Path) -> dict[str, float]:
    """What each reader rests on, alone, over the same files (in this process, warm)."""
    import docx
    import pdfplumber
    from bs4 import BeautifulSoup

    def files(kind):
        return [p.read_bytes() for p in sorted((folder / kind).iterdir())]

    data = {k: files(k) for k in KINDS}

    def pdf_chars():
        for b in data["pdf"]:
            with pdfplumber.open(io.BytesIO(b)) as pdf:
                for page in pdf.pages:
                    _ = page.chars
    return {
        "docx": best(lambda: [docx.Document(io.BytesIO(b)) for b in data["docx"]]),
        "html": best(lambda: [BeautifulSoup(b, "lxml") for b in data["html"]]),
        "pdf": best(pdf_chars, repeat=1),
        # Reading a text file is free beside starting a process: a whole `disclosure --help` is its reference.
        "txt": command("--help"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int, nargs="?", default=100)
    n = parser.parse_args().n
    folder = generate(n)
    refs = references(folder)
    rows = []
    for kind in KINDS:
        rows.append((f"check {n} .{kind}", command("check", str(folder / kind), "-q"), refs[kind],
                     {"docx": "python-docx load", "html": "BeautifulSoup(lxml)", "pdf": "pdfplumber chars",
                      "txt": "disclosure --help (start-up)"}[kind]))
    everything = [str(folder / k) for k in KINDS]
    check_all = command("check", *everything, "-q")
    rows.append((f"audit {4 * n} reports", command("audit", *everything, "-q"), check_all, "check on them"))
    out = WORK / "out"
    out.mkdir(exist_ok=True)
    json_time = command("compile", str(folder / "xlsx"), "-o", str(out / "s.json"), "-q")
    rows.append((f"compile {n} -o .docx", command("compile", str(folder / "xlsx"), "-o", str(out / "s.docx"), "-q"),
                 json_time, "compile -o .json"))
    rows.append((f"report {n} -o .docx", command("report", str(folder / "xlsx"), "-o", str(out / "r.docx"), "-q"),
                 json_time, "compile -o .json"))
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPU(s), Python {platform.python_version()}")
    print(f"{'path':28} {'tool s':>8} {'reference s':>12}  ratio  reference")
    for name, tool, ref, what in rows:
        print(f"{name:28} {tool:8.2f} {ref:12.2f} {tool / ref if ref else 0:6.1f}×  {what}")
    (WORK / f"documents-{n}.json").write_text(json.dumps(
        [{"path": a, "tool": b, "reference": c, "what": d} for a, b, c, d in rows], ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
