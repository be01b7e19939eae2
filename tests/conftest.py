"""Shared fixtures: the package under test is this checkout's src/, whatever is installed."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pytest  # noqa: E402
from builders import build, consistent_values  # noqa: E402


@pytest.fixture
def values():
    return consistent_values(7)


@pytest.fixture
def workbook(tmp_path, values):
    """A consistent report in the official layout: (path, cells)."""
    path = tmp_path / "2021.xlsx"
    cells = build(path, values)
    return path, cells
