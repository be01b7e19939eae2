"""`disclosure check` as a user and a script see it: output, JSON shape, exit status."""

import json
import os
import subprocess
import sys
from pathlib import Path

import click
from builders import build, edit, ref
from click.testing import CliRunner

from disclosure_cli.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_clean_workbook_exit_0(workbook):
    path, _ = workbook
    r = invoke("check", str(path), "--lang", "en")
    assert r.exit_code == 0
    assert "no findings" in r.output
    assert "1 unit(s), 0 with errors; 0 error(s), 0 warning(s)" in r.output


def test_error_exit_1_with_cell_row_and_column_in_words(workbook, values):
    path, cells = workbook
    k = ("applications", "carried_out", "total")
    edit(path, {cells[k]: values[k] + 1})
    r = invoke("check", str(path), "--lang", "zh")
    assert r.exit_code == 1
    assert f"E204 错误  年报附表!{ref(cells[k])}  四、结转下年度继续办理 / 总计" in r.output
    assert f"结转下年度应为 {values[k]}" in r.output


def test_warning_exit_0_unless_strict(workbook):
    path, cells = workbook
    edit(path, {cells[("reviews", "review", "total")]: None})
    assert invoke("check", str(path)).exit_code == 0
    assert invoke("check", str(path), "--strict").exit_code == 1


def test_quiet_prints_only_errors(workbook, values):
    path, cells = workbook
    edit(path, {cells[("reviews", "review", "total")]: None})
    r = invoke("check", str(path), "--quiet")
    assert (r.exit_code, r.output) == (0, "")
    edit(path, {cells[("active", "penalty", "decisions")]: -1})
    r = invoke("check", str(path), "--quiet", "--lang", "en")
    assert r.exit_code == 1 and "E102" in r.output and "W103" not in r.output


def test_json_shape(workbook, values):
    path, cells = workbook
    k = ("reviews", "review", "total")
    edit(path, {cells[k]: values[k] + 1, cells[("active", "licensing", "decisions")]: "12"})
    r = invoke("check", str(path), "--format", "json", "--lang", "en")
    assert r.exit_code == 1
    doc = json.loads(r.output)
    assert set(doc) == {"format", "units", "findings", "tables", "summary"}
    assert doc["format"] == "2021"
    assert doc["units"] == [{"unit": "测试局", "year": 2021, "source": str(path), "sheet": "年报附表",
                             "format": "2021", "status": "error", "errors": 1, "warnings": 1}]
    e205 = next(f for f in doc["findings"] if f["code"] == "E205")
    assert {k: e205[k] for k in ("severity", "unit", "sheet", "cell", "table", "row", "column")} == {
        "severity": "error", "unit": "测试局", "sheet": "年报附表", "cell": ref(cells[k]),
        "table": "reviews", "row": "review", "column": "total"}
    assert e205["expected"] == str(values[k]) and e205["actual"] == str(values[k] + 1)
    assert e205["message"].startswith("total")
    assert doc["summary"] == {"units": 1, "included": 1, "errors": 1, "warnings": 1, "notices": 0}


def test_usage_errors_exit_2(tmp_path):
    assert invoke("check").exit_code == 2
    assert invoke("check", str(tmp_path / "nope.xlsx")).exit_code == 2
    assert invoke("check", str(tmp_path)).exit_code == 2  # an empty folder: nothing to check
    assert invoke("check", "--format", "yaml", "x.xlsx").exit_code == 2


def test_folder_and_glob(tmp_path, values):
    (tmp_path / "in").mkdir()
    build(tmp_path / "in" / "a.xlsx", values, unit="甲")
    build(tmp_path / "in" / "b.xlsx", values, unit="乙")
    (tmp_path / "in" / "~$a.xlsx").write_bytes(b"lock")  # Excel's lock file is not an input
    doc = json.loads(invoke("check", str(tmp_path / "in"), "--format", "json").output)
    assert [u["unit"] for u in doc["units"]] == ["甲", "乙"]
    doc = json.loads(invoke("check", str(tmp_path / "in" / "*.xlsx"), "--format", "json").output)
    assert [u["unit"] for u in doc["units"]] == ["甲", "乙"]


def test_unreadable_file_is_e003_not_a_traceback(tmp_path):
    bad = tmp_path / "2021.xls"
    bad.write_bytes(b"\x00\x01\x02\x03garbage" * 10)
    r = invoke("check", str(bad), "--format", "json", "--lang", "en")
    doc = json.loads(r.output)
    assert r.exit_code == 1
    assert [(f["code"], f["source"]) for f in doc["findings"]] == [("E003", str(bad))]
    assert "not recognised" in doc["findings"][0]["message"]


def test_console_script_and_lang_from_locale(workbook):
    path, cells = workbook
    edit(path, {cells[("reviews", "review", "total")]: None})
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "LANG": "zh_CN.UTF-8"}
    env.pop("LC_ALL", None)
    env.pop("DISCLOSURE_LANG", None)
    p = subprocess.run([sys.executable, "-m", "disclosure_cli", "check", str(path)], capture_output=True, text=True,
                       env=env)
    assert p.returncode == 0 and "合计单元格为空" in p.stdout and p.stderr == ""
    env["LANG"] = "en_US.UTF-8"
    p = subprocess.run([sys.executable, "-m", "disclosure_cli", "check", str(path)], capture_output=True, text=True,
                       env=env)
    assert "the total cell is blank" in p.stdout


def test_every_command_has_help_with_examples():
    for name in cli.list_commands(click.Context(cli)):
        r = invoke(name, "--help")
        assert r.exit_code == 0 and "Example" in r.output, name


def test_codes_doc_is_generated_from_the_registry():
    from disclosure_cli.render import codes_doc as codes

    assert (ROOT / "docs" / "codes.md").read_text(encoding="utf-8") == codes.markdown()


def test_a_folder_never_hides_a_file(tmp_path, values):
    """Every file under an input folder is read or named by a notice (N001), which fails nothing."""
    folder = tmp_path / "in"
    folder.mkdir()
    build(folder / "a-2021.xlsx", values)
    (folder / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "~$a-2021.xlsx").write_bytes(b"lock")
    (folder / ".hidden").write_text("x")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref")  # a hidden folder is not searched
    r = invoke("check", str(folder), "--format", "json", "--lang", "en", "--strict")
    doc = json.loads(r.stdout)
    assert r.exit_code == 0, r.output
    notices = {Path(f["source"]).name: f["message"] for f in doc["findings"] if f["severity"] == "notice"}
    assert notices == {"scan.png": "not read: not a kind of report this tool reads (.png)",
                       "~$a-2021.xlsx": "not read: the lock file Excel/WPS leave beside an open workbook",
                       ".hidden": "not read: a hidden file"}
    assert doc["summary"]["notices"] == 3 and doc["summary"]["warnings"] == 0
    assert [u["source"] for u in doc["units"]] == [str(folder / "a-2021.xlsx")]
