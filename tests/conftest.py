"""Shared fixtures. The package under test is the installed one (pip install -e ".[test]"); the test
helpers (builders, hostile) are found through pytest's `pythonpath` setting."""

from __future__ import annotations

import subprocess

import pytest
from builders import build, consistent_values
from stress import tiny_disk


@pytest.fixture
def values():
    return consistent_values(7)


@pytest.fixture
def workbook(tmp_path, values):
    """A consistent report in the official layout: (path, cells)."""
    path = tmp_path / "2021.xlsx"
    cells = build(path, values)
    return path, cells


@pytest.fixture(scope="session")
def report():
    """The sample PDF report (pdfsamples) read once per test session, for the PDF reader's tests."""
    import pdfsamples

    from disclosure_cli.inputs.pdf import read_pdf

    return read_pdf(pdfsamples.report())
@pytest.fixture
def tiny(tmp_path):
    """A file system of 96 KB (a tmpfs, as root; the test is skipped otherwise), unmounted after."""
    folder = tiny_disk(tmp_path)
    yield folder
    subprocess.run(["umount", str(folder)], capture_output=True)
