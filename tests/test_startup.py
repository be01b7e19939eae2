"""Start-up: nothing heavy is imported on a path that does not use it — `import disclosure_cli`, every
`--help`, and a one-file check (text and JSON) load none of the writers, readers of other kinds, pandas or
the process pool (docs/performance.md: a one-file check is mostly start-up)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from builders import build, consistent_values

# Each is a library (or a part of the standard library) that costs milliseconds to import and that the
# one-file check does not need: the pool, tabulate (and the metadata lookups it makes), the workbook and
# document writers and readers, pandas and what it brings, the chart library, the HTML and PDF parsers.
HEAVY = ("multiprocessing", "concurrent.futures.process", "importlib.metadata", "tabulate", "openpyxl",
         "xlsxwriter", "pandas", "numpy", "docx", "lxml", "pdfplumber", "pdfminer", "bs4", "matplotlib",
         "PIL")

_PROBE = ("import runpy, sys\n"
          "if sys.argv[1:] == ['IMPORT']:\n"
          "    import disclosure_cli; disclosure_cli.check; disclosure_cli.Thresholds\n"
          "else:\n    sys.argv = ['disclosure', *sys.argv[1:]]\n"
          "    try:\n        runpy.run_module('disclosure_cli', run_name='__main__')\n"
          "    except SystemExit:\n        pass\n"
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
