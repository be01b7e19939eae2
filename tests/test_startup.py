"""Start-up: nothing heavy is imported on a path that does not use it — `import disclosure_cli`, every
`--help`, and a one-file check (text and JSON) load none of the writers, readers of other kinds, pandas or
the process pool (docs/performance.md: a one-file check is mostly start-up)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from builders import build, consistent_values

# Each is a library (or a part of the standard library) that costs milliseconds to import and that the
# one-file check does not need: the pool, tabulate (and the metadata lookups it makes), the workbook and
# document writers and readers, pandas and what it brings, the chart library, the HTML and PDF parsers.
HEAVY = ("multiprocessing", "concurrent.futures.process", "importlib.metadata", "tabulate", "openpyxl",
         "xlsxwriter", "pandas", "numpy", "docx", "lxml", "pdfplumber", "pdfminer", "bs4", "matplotlib",
         "PIL")

# The package's own modules a one-file check of a workbook has no use for: the other commands, compiling
# and what only it reads, the document model and the .xls records, last year's comparison, the roster,
# the prose audit reads a report's text with.
NOT_FOR_A_CHECK = tuple(f"disclosure_cli.{m}" for m in (
    "cli.audit_cmd", "cli.compile_cmd", "cli.report_cmd", "cli.template_cmd", "cli.history_cmd", "cli.codes_cmd",
    "summary.compilation", "summary.indicators", "summary.breakdown", "model.tidy", "model.ratios",
    "inputs.document", "inputs.biff", "rules.years", "inputs.roster", "model.roster", "rules.roster",
    "formats.prose", "model.previous"))

_PROBE = ("import gc, runpy, sys\n"
          "if sys.argv[1:] == ['IMPORT']:\n"
          "    import disclosure_cli; disclosure_cli.check; disclosure_cli.Thresholds\n"
          "else:\n    sys.argv = ['disclosure', *sys.argv[1:]]\n"
          "    try:\n        runpy.run_module('disclosure_cli', run_name='__main__')\n"
          "    except SystemExit:\n        pass\n"
          "print(gc.get_freeze_count() > 0)\n"
          f"print(sorted(m for m in {NOT_FOR_A_CHECK!r} if m in sys.modules))\n"
          f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")


@pytest.mark.parametrize("argv", [
    ["IMPORT"], ["--help"], ["check", "--help"], ["compile", "--help"], ["report", "--help"],
    ["audit", "--help"], ["history", "--help"], ["template", "--help"], ["codes", "E204"],
    ["check", "ONE"], ["check", "ONE", "--format", "json"], ["check", "ONE", "--lang", "zh"],
])
def test_a_path_that_does_not_use_a_heavy_module_does_not_import_it(tmp_path, argv):
    path = tmp_path / "2021.xlsx"
    build(path, consistent_values(3))
    argv = [str(path) if a == "ONE" else a for a in argv]
    p = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=True)
    assert p.stdout.strip().splitlines()[-1] == "[]", p.stdout[-400:]


def test_the_probe_sees_a_heavy_import_when_one_happens(tmp_path):
    """The probe is not blind: a path that does use the writer (compile -o .xlsx) is seen loading it."""
    path = tmp_path / "2021.xlsx"
    build(path, consistent_values(3))
    argv = ["compile", str(path), "-o", str(tmp_path / "s.xlsx")]
    p = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=True)
    assert "xlsxwriter" in p.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("argv", [["check", "ONE"], ["check", "ONE", "--format", "json"],
                                  ["check", "ONE", "--lang", "zh"], ["check", "--help", "--lang", "zh"]])
def test_a_one_file_check_loads_only_what_it_uses_and_leaves_the_collector_nothing_at_exit(tmp_path, argv):
    """The check command alone of the seven, no compilation, no document model, no roster; and the
    command line ends with what it made frozen (cli.main), so the interpreter's shutdown does not walk
    it (docs/performance.md)."""
    path = tmp_path / "2021.xlsx"
    build(path, consistent_values(3))
    argv = [str(path) if a == "ONE" else a for a in argv]
    p = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=True)
    frozen, ours = p.stdout.strip().splitlines()[-3:-1]
    assert (frozen, ours) == ("True", "[]"), p.stdout[-600:]


def test_the_probe_sees_the_modules_of_a_compile(tmp_path):
    path = tmp_path / "2021.xlsx"
    build(path, consistent_values(3))
    argv = ["compile", str(path), "-o", str(tmp_path / "s.json")]
    p = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=True)
    ours = p.stdout.strip().splitlines()[-2]
    assert "disclosure_cli.summary.compilation" in ours and "disclosure_cli.cli.compile_cmd" in ours


_STORE = ("sqlite3", "hashlib", "pickle", "disclosure_cli.history.store", "disclosure_cli.history.batch")
_STORE_PROBE = ("import runpy, sys\nsys.argv = ['disclosure', *sys.argv[1:]]\n"
                "try:\n    runpy.run_module('disclosure_cli', run_name='__main__')\nexcept SystemExit:\n    pass\n"
                f"print(sorted(m for m in {_STORE!r} if m in sys.modules))")


@pytest.mark.parametrize("history", [False, True])
def test_a_compile_loads_the_history_store_only_with_history(tmp_path, history):
    """sqlite3, hashlib and pickle (10 ms of a compile's start-up) load for --history alone."""
    path = tmp_path / "2021.xlsx"
    build(path, consistent_values(3))
    argv = ["compile", str(path), "-o", str(tmp_path / "s.json")] + (["--history", str(tmp_path / "h.db")]
                                                                    if history else [])
    p = subprocess.run([sys.executable, "-c", _STORE_PROBE, *argv], capture_output=True, text=True, check=True)
    loaded = p.stdout.strip().splitlines()[-1]
    assert loaded == (repr(sorted(_STORE)) if history else "[]"), p.stdout[-400:] + p.stderr[-400:]
    assert (tmp_path / "h.db").exists() == history


def test_the_command_line_collects_at_its_own_pace_and_the_library_at_the_interpreters(tmp_path):
    """`python -m disclosure_cli` and the console script (pyproject) set the collector's pace before loading
    the command, so a one-file check's start-up makes next to no pass over what it loads (none with the
    modules byte-compiled, a few when they are compiled as they load); `cli.main`, as library callers and
    tests reach it, leaves the interpreter's pace, and makes many."""
    import tomllib

    from disclosure_cli.__main__ import PACE

    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["disclosure"] == "disclosure_cli.__main__:main"
    path = tmp_path / "2021.xlsx"
    build(path, consistent_values(3))
    probe = ("import gc, runpy, sys\npasses = []\nbefore = gc.get_threshold()[0]\n"
             "gc.callbacks.append(lambda phase, info: phase == 'stop' and passes.append(info['generation']))\n"
             "how, sys.argv = sys.argv[1], ['disclosure', 'check', sys.argv[2]]\n"
             "try:\n"
             "    if how == 'command':\n"
             "        runpy.run_module('disclosure_cli', run_name='__main__')\n"
             "    else:\n        from disclosure_cli.cli import main\n        main()\n"
             "except SystemExit:\n    pass\n"
             "print(before, gc.get_threshold()[0], len(passes))")
    runs = {}
    for how in ("command", "library"):
        p = subprocess.run([sys.executable, "-c", probe, how, str(path)], capture_output=True, text=True, check=True)
        runs[how] = [int(x) for x in p.stdout.splitlines()[-1].split()]
    (default, paced, few), (before, kept, many) = runs["command"], runs["library"]
    assert paced == PACE and kept == before == default != PACE
    assert few * 4 <= many, runs


# Patterns of paths a plain workbook's check does not take (another input kind, the exact extent scan, the
# shared strings' slow count, a template's defined names): compiled when first used (base.lazy.compiled).
LAZY = (("inputs.odsextent", "_ODS_TAG"), ("inputs.preflight", "_TAG"), ("inputs.preflight", "_C_PLACED"),
        ("inputs.budget", "_MERGE"), ("inputs.budget", "_USES"), ("model.names", "_SYNTAX"),
        ("render.safe_text", "_MD_SPECIAL"))
_LAZY_PROBE = ("import importlib, runpy, sys\n"
               "sys.argv = ['disclosure', *sys.argv[1:]]\n"
               "try:\n    runpy.run_module('disclosure_cli', run_name='__main__')\n"
               "except SystemExit:\n    pass\n"
               f"made = [(m, n) for m, n in {LAZY!r}\n"
               "        if getattr(importlib.import_module('disclosure_cli.' + m), n).cache_info().currsize]\n"
               "print(made)")


def test_a_one_file_check_compiles_no_pattern_of_a_path_it_does_not_take(tmp_path):
    path = tmp_path / "2021.xlsx"
    build(path, consistent_values(3))
    p = subprocess.run([sys.executable, "-c", _LAZY_PROBE, "check", str(path)], capture_output=True, text=True,
                       check=True)
    assert p.stdout.strip().splitlines()[-1] == "[]", p.stdout[-400:]


def test_a_lazy_pattern_is_compiled_once_when_first_asked_for_and_matches_as_compiled():
    import re

    from disclosure_cli.base.lazy import compiled

    pattern = compiled(rb"<c r=\"([A-Z]+)")
    assert pattern.cache_info().currsize == 0
    assert pattern() is pattern() and pattern().flags == re.compile(rb"x").flags
    assert pattern().findall(b'<c r="AB3"/><c r="C4"/>') == [b"AB", b"C"]
    assert compiled("a.b", re.S)().fullmatch("a\nb") and not compiled("a.b")().fullmatch("a\nb")
