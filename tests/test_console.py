"""Output to a console or file that cannot encode a character never raises: a GBK console (Chinese
Windows, `> 结果.txt` there, PYTHONIOENCODING=gbk) shows Chinese as it is and `›`/`✗` as look-alikes;
a non-UTF-8 locale gives readable text, never a traceback."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys

import pytest
from builders import build, consistent_values, edit

from disclosure_cli.cli.console import HANDLER

KEY = ("active", "penalty", "decisions")


@pytest.fixture
def faulty(tmp_path):
    """A workbook with an error (E102: ✗) and a warning (W103: !), named in Chinese."""
    values = consistent_values(2)
    path = tmp_path / "交通运输局-2021.xlsx"
    cells = build(path, values, unit="交通运输局")
    edit(path, {cells[KEY]: -3, cells[("reviews", "review", "total")]: None})
    return path


def disclosure(*args, **env) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LC_ALL", "LANG", "LANGUAGE")}
    full.update(env)
    return subprocess.run([sys.executable, "-m", "disclosure_cli", *map(str, args)], capture_output=True, env=full,
                          timeout=60)


def test_the_fallback_writes_look_alikes():
    assert "单位 › 表 ✗ “x” — ≥ ✓".encode("gbk", HANDLER).decode("gbk") == "单位 > 表 x “x” — ≥ v"
    assert "单位 ›".encode("ascii", HANDLER) == b"?? >"
    assert "a\udcff".encode("utf-8", HANDLER) == b"a?"  # an undecodable file name (surrogateescape)


def test_check_on_a_gbk_console(faulty):
    r = disclosure("check", faulty, "--lang", "zh", PYTHONIOENCODING="gbk")
    assert r.returncode == 1, r.stderr.decode("gbk", "replace")
    assert b"Traceback" not in r.stderr
    out = r.stdout.decode("gbk")  # strict: every byte is GBK
    assert f"交通运输局  ({faulty} > 年报附表, 2021年)" in out
    assert "  x E102 错误  年报附表!" in out and "  ! W103 警告" in out
    assert "是负数，此处只能填写大于等于 0 的数" in out


def test_compile_on_a_gbk_console(faulty):
    r = disclosure("compile", faulty, "--lang", "zh", "--on-error", "include", PYTHONIOENCODING="gbk")
    assert r.returncode == 3
    err = r.stderr.decode("gbk")
    assert "x E102 错误" in err and "\\u2717" not in err and "Traceback" not in err
    out = r.stdout.decode("gbk")
    assert "二、主动公开政府信息情况" in out and "┌" in out  # the tables: box drawing is in GBK


def test_json_into_a_pipe_is_utf8_whatever_the_console(faulty):
    import json

    r = disclosure("check", faulty, "--format", "json", "--lang", "zh", PYTHONIOENCODING="gbk")
    doc = json.loads(r.stdout.decode("utf-8"))
    assert doc["units"][0]["unit"] == "交通运输局"


@pytest.mark.parametrize("env", [
    {"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"},  # ASCII
    {"PYTHONIOENCODING": "latin-1", "LANG": "en_US.ISO-8859-1"},
])
def test_a_non_utf8_locale_never_raises(faulty, env):
    for args in (("check", faulty), ("compile", faulty, "--on-error", "include"), ("codes", "E302"),
                 ("check", "--help")):
        r = disclosure(*args, "--lang", "zh", **env)
        assert r.returncode in (0, 1, 3), (args, r.stderr)
        assert b"Traceback" not in r.stderr and b"UnicodeEncodeError" not in r.stderr
        assert r.stdout or r.stderr


def test_the_handler_is_registered_once():
    assert codecs.lookup_error(HANDLER) is not None


def test_a_text_report_written_in_pieces_is_the_text_it_was_held_whole():
    """check's report and compile's diagnostics are written piece by piece (a report of 50,000 units was
    40 MB held whole): joined, the pieces are what one text gave — line breaks at the very end dropped and
    one added, controls and separators made safe — for any lines and any size of piece."""
    import random

    from disclosure_cli.render.report import text_pieces
    from disclosure_cli.render.safe_text import terminal

    rnd = random.Random(18)
    parts = ["", "a", "\n", "甲局", "\x1b[31m", "\u2028", " ", "x\n", "\n\n", "\u202e"]
    for _ in range(3000):
        lines = ["".join(rnd.choice(parts) for _ in range(rnd.randint(0, 4))) for _ in range(rnd.randint(0, 8))]
        whole = terminal("\n".join(lines).rstrip("\n") + ("\n" if lines else ""))
        for size in (1, 5, 1 << 16):
            assert "".join(text_pieces(lines, size)) == whole
    assert list(text_pieces(["甲", "", ""])) == ["甲\n"] and list(text_pieces([])) == []
    assert len(list(text_pieces(["一行"] * 1000, 100))) > 10  # written as it comes, not at the end
