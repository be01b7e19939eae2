"""Outputs get the permissions an ordinary new file gets (0666 less the umask), an overwritten file keeps its
mode, and writing stays atomic. The history store is created the same way."""

from __future__ import annotations

import os
import stat
import sys

import pytest
from builders import build, consistent_values
from click.testing import CliRunner

from disclosure_cli.cli import cli
from disclosure_cli.render.files import atomic_write_text

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def run(*args):
    return CliRunner().invoke(cli, [*map(str, args), "--lang", "en"])


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def umask():
    before = os.umask(0o022)
    os.umask(before)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    yield set_mask
    os.umask(before)


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_outputs_follow_the_umask(tmp_path, umask, mask, expected):
    src = tmp_path / "局.xlsx"
    build(src, consistent_values(1), unit="局")
    umask(mask)
    for out in ("s.xlsx", "s.json", "s.csv", "s.md", "s.docx"):
        assert run("compile", src, "-o", tmp_path / out).exit_code == 0
        assert mode(tmp_path / out) == expected, out
    assert run("report", src, "-o", tmp_path / "r.docx").exit_code == 0
    assert run("template", "-o", tmp_path / "t.xlsx").exit_code == 0
    flagged = dict(consistent_values(1))
    flagged[("active", "regulations", "issued")] = str(flagged[("active", "regulations", "issued")])  # W102
    build(tmp_path / "警告.xlsx", flagged, unit="局")  # a copy is written only of a file with findings
    assert run("check", tmp_path / "警告.xlsx", "--annotate", tmp_path / "a.xlsx").exit_code == 0
    assert run("compile", src, "--history", tmp_path / "h.db").exit_code == 0
    for out in ("r.docx", "t.xlsx", "a.xlsx", "h.db"):
        assert mode(tmp_path / out) == expected, out
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]  # still written via a temporary file


def test_an_overwritten_file_keeps_its_mode(tmp_path, umask):
    umask(0o022)
    target = tmp_path / "shared.json"
    target.write_text("{}")
    os.chmod(target, 0o640)
    atomic_write_text(target, '{"a": 1}')
    assert mode(target) == 0o640 and target.read_text() == '{"a": 1}'
    os.chmod(target, 0o664)
    src = tmp_path / "局.xlsx"
    build(src, consistent_values(1), unit="局")
    assert run("compile", src, "-o", target).exit_code == 0
    assert mode(target) == 0o664
