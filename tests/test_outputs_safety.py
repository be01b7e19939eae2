"""Outputs under stress: write failures are exit status 2 with a clear message, killed runs leave no
litter the next run keeps, derived names are unique and terminate, and text from the inputs cannot
drive a terminal or a Markdown renderer."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from builders import build, consistent_values
from click.testing import CliRunner
from hostile import replace_in_part
from stress import fill, read_only

from disclosure_cli.cli import cli
from disclosure_cli.messages.errors import ToolError
from disclosure_cli.render import files
from disclosure_cli.render.annotate import plan
from disclosure_cli.render.safe_text import markdown, terminal


def invoke(*args):
    return CliRunner().invoke(cli, [*map(str, args), "--lang", "en"])


@pytest.fixture
def report(tmp_path) -> Path:
    path = tmp_path / "2021.xlsx"
    build(path, consistent_values(41))
    return path


def _no_litter(folder: Path) -> None:
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("suffix", [".xlsx", ".json", ".md", ".csv"])
def test_a_full_disk_is_exit_2_and_leaves_nothing(tmp_path, report, tiny, suffix):
    out = tiny / f"out{suffix}"
    fill(tiny)
    r = invoke("compile", report, "-o", out)
    assert r.exit_code == 2 and "cannot write" in r.output and "No space left" in r.output
    assert "Traceback" not in r.output and not out.exists()
    _no_litter(tiny)


def test_a_full_disk_keeps_the_previous_output(tmp_path, report, tiny):
    out = tiny / "out.json"
    assert invoke("compile", report, "-o", out).exit_code == 0
    before = out.read_bytes()
    fill(tiny)
    r = invoke("compile", report, "-o", out, "--name", "x" * 100)
    assert r.exit_code == 2 and out.read_bytes() == before
    _no_litter(tiny)


def test_an_unwritable_folder_is_exit_2(tmp_path, report):
    folder = tmp_path / "ro"
    folder.mkdir()
    undo = read_only(folder)
    try:
        for args in (("compile", report, "-o", folder / "o.xlsx"), ("check", report, "--annotate", folder / "a.xlsx"),
                     ("template", "-o", folder / "t.xlsx")):
            r = invoke(*args)
            assert r.exit_code == 2 and "cannot write" in r.output and "Traceback" not in r.output, args
    finally:
        undo()
    assert list(folder.iterdir()) == []


def test_a_name_too_long_is_refused_before_any_work(tmp_path, report):
    r = invoke("compile", report, "-o", tmp_path / ("长" * 90 + ".json"))  # 270 bytes of UTF-8
    assert r.exit_code == 2 and "too long" in r.output
    _no_litter(tmp_path)


def test_any_os_error_while_writing_is_a_tool_error(tmp_path):
    target = tmp_path / "x.json"
    target.write_text("old")

    def disk_full(tmp: Path) -> None:
        tmp.write_text("partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(ToolError) as err:
        files.atomic_write(target, disk_full)
    assert err.value.reason == "output.write_failed" and "No space left" in err.value.message("en")
    assert target.read_text() == "old"
    _no_litter(tmp_path)


def test_the_temporary_name_fits_whatever_the_target_is_called(tmp_path):
    target = tmp_path / ("a" * 250 + ".xlsx")  # 255 bytes: the longest name a file may have
    files.atomic_write(target, lambda tmp: tmp.write_bytes(b"x"))
    assert target.read_bytes() == b"x"


_KILLED = """
import os, sys, time
from pathlib import Path
from disclosure_cli.render.files import atomic_write

def write(tmp):
    tmp.write_bytes(b"half")
    print(tmp, flush=True)
    time.sleep(60)

atomic_write(Path(sys.argv[1]), write)
"""


def test_temporary_files_of_a_killed_run_are_removed_by_the_next_run(tmp_path, report):
    out = tmp_path / "summary.json"
    child = subprocess.Popen([sys.executable, "-c", _KILLED, str(out)], stdout=subprocess.PIPE, text=True)
    left = Path(child.stdout.readline().strip())
    child.kill()  # kill -9 in the middle of writing
    child.wait()
    assert left.exists() and ".disclosure-" in left.name
    # Another run still writing (it holds its file's lock) and a file only just left: both are kept.
    live = subprocess.Popen([sys.executable, "-c", _KILLED, str(tmp_path / "other.json")], stdout=subprocess.PIPE,
                            text=True)
    live_tmp = Path(live.stdout.readline().strip())
    try:
        old = time.time() - 3600
        for p in (left, live_tmp):
            os.utime(p, (old, old))
        young = tmp_path / ".young.json.disclosure-abcdefgh.tmp"
        young.write_bytes(b"")
        legacy = tmp_path / ".summary.json.k2j4_9xq.tmp"  # as versions before this one named theirs
        legacy.write_bytes(b"half")
        os.utime(legacy, (old, old))
        other = tmp_path / ".notes.txt.abcdefgh.tmp"  # someone else's: never touched
        other.write_bytes(b"x")
        os.utime(other, (old, old))
        assert invoke("compile", report, "-o", out).exit_code == 0
        assert not left.exists() and not legacy.exists()
        assert live_tmp.exists() and young.exists() and other.exists()
        assert out.exists()
    finally:
        live.kill()
        live.wait()


def test_derived_names_are_unique_and_end_whatever_their_length(tmp_path):
    """Long input names that collide once cut used to loop for ever (the -N suffix was cut off)."""
    inputs = []
    for i in range(6):
        path = tmp_path / f"{'某某市某某区某某局' * 8}{i}-2021.xlsx"  # equal for their first 200 bytes
        path.write_bytes(b"")
        inputs.append(path)
    pairs = plan(inputs, tmp_path / "annotated")
    names = [out.name for _, out in pairs]
    assert len({n.casefold() for n in names}) == 6
    assert all(len(n.encode()) <= 200 and n.endswith(".xlsx") for n in names)


def test_derived_names_lose_control_bidi_and_zero_width_characters():
    name = files.safe_filename("报表\u202egpj.exe\x1b[31m\u200b\u2066x\u2069\n", ".xlsx")
    assert name == "报表gpj.exe[31mx.xlsx"
    assert files.safe_filename("\u202e", ".xlsx") == "unit.xlsx"
    assert files.safe_filename("x" * 10_000_000, ".xlsx").endswith("x.xlsx")  # one cut, not ten million


def test_terminal_output_carries_no_escape_sequence(tmp_path):
    path = tmp_path / "2021.xlsx"
    build(path, consistent_values(42), unit="某局")
    # openpyxl refuses to write control characters; a hostile file simply holds them.
    path.write_bytes(replace_in_part(path.read_bytes(), "xl/worksheets/sheet1.xml", "某局".encode(),
                                     "\x1b]0;pwned\x07某\u202e局\u009b2J".encode()))
    for args in (("check", path), ("compile", path), ("compile", path, "-o", tmp_path / "o.md")):
        r = CliRunner().invoke(cli, [*map(str, args), "--lang", "en"])
        assert r.exit_code in (0, 1), r.output
        for bad in ("\x1b", "\x07", "\u202e", "\x9b"):
            assert bad not in r.output, (args, bad)
    md = (tmp_path / "o.md").read_text(encoding="utf-8")
    assert "\x1b" not in md and "\u202e" not in md and "某局" in md.replace("]0;pwned", "")


def test_markdown_escapes_html_and_links():
    text = markdown('<script>alert(1)</script> [x](javascript:alert(1)) <javascript:x> a|b & \\')
    assert "<" not in text and ">" not in text
    assert "\\[x\\](javascript" in text and "\\|" in text and "&amp;" in text
    assert terminal("a\x1b[2Jb\tc\nd\u2066e") == "a[2Jb\tc\nde"


def test_markdown_summary_of_a_hostile_unit_name(tmp_path):
    path = tmp_path / "2021.xlsx"
    build(path, consistent_values(43), unit='<img src=x onerror=alert(1)>[a](javascript:b)')
    out = tmp_path / "o.md"
    assert invoke("compile", path, "-o", out).exit_code == 0
    md = out.read_text(encoding="utf-8")
    assert "<img" not in md and "&lt;img" in md
    assert "\\[a\\](javascript" in md and "[a](javascript" not in md  # shown as text, never a link


@pytest.mark.parametrize("epoch", ["", "0", "-1", "99999999999999999999", "1e9", "abc", "4102444800",
                                   "-62135596801", " 1700000000 ", "1" * 5000])
def test_any_source_date_epoch_writes_a_file(tmp_path, report, monkeypatch, epoch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    out = tmp_path / "o.xlsx"
    r = invoke("compile", report, "-o", out)
    assert r.exit_code == 0, r.output
    r = invoke("template", "-o", tmp_path / "t.xlsx")
    assert r.exit_code == 0, r.output
