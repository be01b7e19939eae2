"""What a script relies on: each exit status, `-o -`, a --format that contradicts the suffix, output paths
checked before any input is read, and --annotate's target."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from builders import build, consistent_values
from click.testing import CliRunner

from disclosure_cli.cli import cli


def run(*args):
    return CliRunner().invoke(cli, [*map(str, args), "--lang", "en"])


@pytest.fixture
def sub(tmp_path):
    d = tmp_path / "sub"
    d.mkdir()
    for i in (1, 2):
        build(d / f"局{i}.xlsx", consistent_values(i), unit=f"局{i}")
    return d


def _break(path, name):
    bad = dict(consistent_values(5))
    bad[("active", "penalty", "decisions")] = -1
    build(path, bad, unit=name)


def test_exit_0_written_and_clean(sub, tmp_path):
    r = run("compile", sub, "-o", tmp_path / "a.json")
    assert r.exit_code == 0 and (tmp_path / "a.json").exists()


def test_exit_1_errors_and_nothing_written(sub, tmp_path):
    _break(sub / "坏.xlsx", "坏局")
    r = run("compile", sub, "-o", tmp_path / "a.json")
    assert r.exit_code == 1 and not (tmp_path / "a.json").exists() and "nothing was written" in r.stderr
    assert run("check", sub).exit_code == 1


def test_exit_3_written_but_units_excluded_or_kept_with_errors(sub, tmp_path):
    _break(sub / "坏.xlsx", "坏局")
    # include: E102, and E401 for the total it leaves unknown
    for mode, failing, excluded, kept in (("exclude", 1, 1, 0), ("include", 2, 0, 1)):
        out = tmp_path / f"{mode}.json"
        r = run("compile", sub, "-o", out, "--on-error", mode)
        assert r.exit_code == 3 and out.exists(), r.output
        assert f"exit status 3): {failing} finding(s) fail the run, {excluded} unit(s) left out, {kept} unit(s) " \
               f"with errors kept" in r.stderr


def test_every_unit_left_out_is_no_summary_of_zeros(tmp_path):
    d = tmp_path / "bad"
    d.mkdir()
    for name in ("甲局", "乙局"):
        _break(d / f"{name}.xlsx", name)
    for command, out in (("compile", tmp_path / "a.xlsx"), ("report", tmp_path / "r.docx")):
        r = run(command, d, "-o", out, "--on-error", "exclude")
        assert r.exit_code == 1 and not out.exists(), r.output
        assert "all 2 unit(s) were left out for their errors" in r.output
    r = run("compile", d, "--on-error", "exclude", "--format", "json")
    found = json.loads(r.stdout)["findings"]
    assert r.exit_code == 1 and [(f["code"], f["severity"], f["source"]) for f in found if f["code"] == "E303"] \
        == [("E303", "error", "")]


def test_exit_2_wrong_command(sub, tmp_path):
    assert run("compile", sub, "--on-error", "skip").exit_code == 2
    assert run("compile", tmp_path / "nothing-here").exit_code == 2
    assert run("compile", sub, "-o", tmp_path / "no" / "such" / "x.json").exit_code == 2


def test_help_documents_every_exit_status():
    for command in ([], ["compile"]):
        text = CliRunner().invoke(cli, [*command, "--help", "--lang", "en"]).output
        for status in ("0 ", "1 ", "2 ", "3 "):
            assert f"  {status}" in text.split("Exit status")[1]
    zh = CliRunner().invoke(cli, ["compile", "--help", "--lang", "zh"]).output
    assert "退出状态" in zh and "3  仅 compile/report：已写入但不完整" in zh


def test_dash_writes_the_summary_to_stdout(sub):
    text = run("compile", sub, "-o", "-")
    assert text.exit_code == 0 and "二、主动公开政府信息情况" in text.stdout
    doc = json.loads(run("compile", sub, "-o", "-", "--format", "json").stdout)
    assert doc["summary"]["included"] == 2
    r = CliRunner().invoke(cli, ["compile", str(sub), "-o", "-", "--format", "xlsx", "--lang", "en"])
    assert r.exit_code == 0 and r.stdout_bytes.startswith(b"PK\x03\x04")
    wb = openpyxl.load_workbook(io.BytesIO(r.stdout_bytes))
    assert wb.sheetnames[:2] == ["统计表", "单位"]
    assert run("compile", sub, "--format", "xlsx").exit_code == 2  # without -o: nowhere to put it


def test_a_format_that_contradicts_the_suffix_is_exit_2_before_reading(sub, tmp_path):
    r = run("compile", sub, "--format", "json", "-o", tmp_path / "y.xlsx")
    assert r.exit_code == 2 and "--format json contradicts the output name" in r.output
    assert not (tmp_path / "y.xlsx").exists() and "局1" not in r.output
    # A suffix that names no format contradicts nothing: --format says what to write.
    assert run("compile", sub, "--format", "json", "-o", tmp_path / "y.out").exit_code == 0
    assert json.loads((tmp_path / "y.out").read_text("utf-8"))["summary"]["included"] == 2


def test_an_output_folder_that_cannot_be_written_is_found_before_reading(sub, tmp_path, monkeypatch):
    from disclosure_cli.render import targets

    def refuse(*a, **k):
        raise PermissionError("read-only share")

    monkeypatch.setattr(targets.tempfile, "mkstemp", refuse)
    r = run("compile", sub, "-o", tmp_path / "a.xlsx")
    assert r.exit_code == 2 and "cannot write" in r.output
    assert "局1" not in r.output  # nothing was read (and no findings printed)
    r = run("check", sub, "--annotate", tmp_path / "copies")
    assert r.exit_code == 2 and "cannot write" in r.output


def test_annotate_target_with_another_suffix_is_refused_not_made_a_folder(sub, tmp_path):
    one = sub / "局1.xlsx"
    r = run("check", one, "--annotate", tmp_path / "m.csv")
    assert r.exit_code == 2 and "annotated copies are .xlsx files" in r.output
    assert not (tmp_path / "m.csv").exists()
    flagged = dict(consistent_values(1))
    flagged[("active", "regulations", "issued")] = str(flagged[("active", "regulations", "issued")])  # W102
    build(one, flagged, unit="局1")
    r = run("check", one, "--annotate", str(tmp_path / "copies.v2") + "/")  # a trailing slash: a folder
    assert r.exit_code == 0 and (tmp_path / "copies.v2" / "局1-annotated.xlsx").exists()
