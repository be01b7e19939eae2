"""--roster: the units expected. Every unit missing (W501, 未报送) and every unit not on the roster (W502)
is reported in every output: the text report, the diagnostics, JSON, the 单位 sheet, Markdown, CSV."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from builders import build, consistent_values
from click.testing import CliRunner

from disclosure_cli.cli import cli
from disclosure_cli.inputs.roster import read_roster
from disclosure_cli.messages.errors import ToolError
from disclosure_cli.pipeline.checking import check


def run(*args, lang="en"):
    return CliRunner().invoke(cli, [*map(str, args), "--lang", lang])


@pytest.fixture
def office(tmp_path):
    """Three departments reported; the roster expects 交通运输局, 教育局（本级） spelt otherwise, and 公安局."""
    d = tmp_path / "sub"
    d.mkdir()
    for i, name in enumerate(("交通运输局", "教育局(本级)", "财政局"), start=1):
        build(d / f"{i}.xlsx", consistent_values(i), unit=name)
    roster = tmp_path / "名单.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["2021 年应报送单位"])
    ws.append(["序号", "单位名称", "联系人"])
    for i, name in enumerate(("交通运输局", "教育局【本级】", "公安局"), start=1):
        ws.append([i, name, "某某"])
    wb.save(roster)
    return d, roster


def test_missing_and_unexpected_units_in_the_check_report_and_json(office):
    d, roster = office
    r = run("check", d, "--roster", roster)
    assert r.exit_code == 0, r.output  # warnings only
    assert "W502" in r.output and "“财政局” is not on the roster 名单.xlsx" in r.output
    assert "W501" in r.output and "“公安局” is on the roster (roster 名单!B5) but sent no report" in r.output
    assert "roster " + str(roster) + ": 3 unit(s) expected, 2 reported, 1 missing, 1 not on the roster" in r.output
    assert "not reported: 公安局" in r.output and "not on the roster: 财政局" in r.output
    doc = json.loads(run("check", d, "--roster", roster, "--format", "json").output)
    assert doc["roster"] == {"file": str(roster), "expected": 3, "reported": 2, "missing": ["公安局"],
                             "unexpected": [{"unit": "财政局", "source": str(d / "3.xlsx")}]}
    w501 = next(f for f in doc["findings"] if f["code"] == "W501")
    assert (w501["unit"], w501["source"], w501["sheet"], w501["cell"]) == ("公安局", str(roster), "名单", "B5")
    assert run("check", d, "--roster", roster, "--strict").exit_code == 1  # strict: a missing unit fails


def test_strict_quiet_prints_the_warnings_that_made_it_fail(office):
    d, roster = office
    r = run("check", d, "--roster", roster, "--strict", "-q")
    assert r.exit_code == 1
    assert "W501" in r.output and "W502" in r.output
    assert run("check", d, "-q").output == ""  # nothing fails: nothing printed


def test_missing_and_unexpected_units_in_every_compile_output(office, tmp_path):
    d, roster = office
    r = run("compile", d, "--roster", roster, "-o", tmp_path / "s.xlsx", lang="zh")
    assert r.exit_code == 0
    assert "未报送：公安局" in r.stderr and "不在名单中：财政局" in r.stderr
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx")["单位"]
    rows = [[c for c in row[:4]] for row in ws.iter_rows(values_only=True)]
    assert ["公安局", "名单 名单!B5", None, "未报送"] in rows
    assert ["财政局", str(d / "3.xlsx"), None, "不在名单中"] in rows
    assert any(row[0] and str(row[0]).startswith("名单 ") and "未报送 1 个" in row[0] for row in rows)
    md = run("compile", d, "--roster", roster, "--format", "md").stdout
    assert "| 公安局" in md and "not reported" in md and "not on the roster" in md
    text = run("compile", d, "--roster", roster).stdout
    assert "Roster" in text and "公安局" in text and "not reported" in text
    assert run("compile", d, "--roster", roster, "-o", tmp_path / "s.csv").exit_code == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "s.csv").read_text("utf-8-sig"))))
    assert ["roster", "missing", "", "", "公安局", str(roster)] in rows
    assert ["roster", "unexpected", "", "", "财政局", str(d / "3.xlsx")] in rows
    doc = json.loads(run("compile", d, "--roster", roster, "--format", "json").stdout)
    assert doc["roster"]["missing"] == ["公安局"] and doc["summary"]["warnings"] == 2
    # A CSV summary with roster rows still reads back as one roll-up unit.
    back = check([tmp_path / "s.csv"])
    assert [u.name for u in back.units] == ["s"] and not back.failed()


def test_with_strict_a_missing_unit_blocks_and_an_unexpected_one_is_left_out(office, tmp_path):
    d, roster = office
    r = run("compile", d, "--roster", roster, "--strict", "-o", tmp_path / "x.json")
    assert r.exit_code == 1 and not (tmp_path / "x.json").exists()
    r = run("compile", d, "--roster", roster, "--strict", "--on-error", "exclude", "-o", tmp_path / "x.json")
    assert r.exit_code == 3
    doc = json.loads((tmp_path / "x.json").read_text("utf-8"))
    assert [(u["unit"], u["status"]) for u in doc["units"]] == [
        ("交通运输局", "ok"), ("教育局(本级)", "ok"), ("财政局", "excluded")]


def test_roster_files(tmp_path):
    txt = tmp_path / "r.txt"
    txt.write_bytes("# 2021 年\n甲局\n\n乙局 \n".encode("gb18030"))  # as Notepad on Chinese Windows saves it
    assert [e.name for e in read_roster(txt).entries] == ["甲局", "乙局"]
    assert read_roster(txt).entries[1].place.en == "r.txt line 4"
    one = tmp_path / "one.csv"
    one.write_text("甲局\n乙局\n", encoding="utf-8-sig")
    assert [e.name for e in read_roster(one).entries] == ["甲局", "乙局"]
    headed = tmp_path / "h.csv"
    headed.write_text("序号,name,phone\n1,甲局,123\n2,乙局,456\n", encoding="utf-8")
    assert [e.name for e in read_roster(headed).entries] == ["甲局", "乙局"]
    wide = tmp_path / "w.csv"
    wide.write_text("甲局,张三\n乙局,李四\n", encoding="utf-8")
    for bad, reason in ((wide, "roster.no_column"), (tmp_path / "none.txt", "roster.unreadable"),
                        (tmp_path / "r.docx", "roster.suffix")):
        with pytest.raises(ToolError) as e:
            read_roster(bad)
        assert e.value.reason == reason
    empty = tmp_path / "empty.txt"
    empty.write_text("\n# nobody\n", encoding="utf-8")
    with pytest.raises(ToolError) as e:
        read_roster(empty)
    assert e.value.reason == "roster.empty"


def test_an_unusable_roster_is_exit_2_before_anything_is_read(office, tmp_path):
    d, _ = office
    r = run("check", d, "--roster", tmp_path / "nope.txt")
    assert r.exit_code == 2 and "cannot read the roster" in r.output and "交通运输局" not in r.output
    r = run("compile", d, "--roster", tmp_path / "nope.txt", lang="zh")
    assert r.exit_code == 2 and "无法读取名单" in r.output


def test_a_name_listed_twice_is_a_notice(tmp_path):
    path = tmp_path / "a.xlsx"
    build(path, consistent_values(1), unit="甲局")
    roster = tmp_path / "r.txt"
    roster.write_text("甲局\n乙局\n甲 局\n", encoding="utf-8")
    result = check([path], roster=roster)
    codes = sorted(f.code for f in result.findings)
    assert codes == ["N005", "W501"]
    n005 = next(f for f in result.findings if f.code == "N005")
    assert "listed 2 times" in n005.message("en") and "r.txt line 1, r.txt line 3" in n005.message("en")
    assert result.roster is not None and result.roster.expected == 2


def test_a_roster_kept_in_the_folder_of_reports_is_not_read_as_one(office):
    d, roster = office
    inside = d / "名单.xlsx"
    inside.write_bytes(roster.read_bytes())
    r = run("check", d, "--roster", inside, "--format", "json")
    doc = json.loads(r.stdout)
    assert r.exit_code == 0 and len(doc["units"]) == 3
    n001 = [f for f in doc["findings"] if f["code"] == "N001"]
    assert [(f["source"], "roster" in f["message"]) for f in n001] == [(str(inside), True)]
