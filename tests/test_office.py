"""The office's loop: a folder of department workbooks, copies, the tool's own earlier outputs, reruns.

No unit is counted twice: the same unit-year twice is E302 on every copy; a summary or annotated copy
found in a folder beside unit reports is not added (N002, N003); this run's output is never an input."""

from __future__ import annotations

import json
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from builders import build, consistent_values, multi_unit
from click.testing import CliRunner

from disclosure_cli.base.marker import ANNOTATED, PROPERTY, SUMMARY, TEMPLATE, marked
from disclosure_cli.cli import cli
from disclosure_cli.formats.f2021 import FORMAT_2021
from disclosure_cli.history import entries
from disclosure_cli.inputs.paths import scan
from disclosure_cli.messages.errors import ToolError
from disclosure_cli.pipeline.checking import check
from disclosure_cli.pipeline.compiling import CompileSettings, compile_units

KEYS = FORMAT_2021.keys()
NAMES = ("交通运输局", "教育局", "财政局")


def run(*args):
    return CliRunner().invoke(cli, [*map(str, args), "--lang", "en"])


FLAGGED = ("active", "regulations", "issued")


def folder(tmp_path: Path, names=NAMES, flagged: bool = False) -> tuple[Path, dict[str, dict]]:
    """A folder of department workbooks, one per name: (folder, name -> values). `flagged`: each has one
    number written as text (W102, the same value), so that check --annotate writes a copy of each."""
    d = tmp_path / "sub"
    d.mkdir(parents=True)
    values = {}
    for i, name in enumerate(names, start=1):
        values[name] = consistent_values(i)
        written = {**values[name], FLAGGED: str(values[name][FLAGGED])} if flagged else values[name]
        build(d / f"{name}-2021.xlsx", written, unit=name)
    return d, values


def summed(values) -> dict:
    return {k: sum((v[k] for v in values), Decimal(0) if k == ("active", "fees", "amount") else 0) for k in KEYS}


def totals(path: Path) -> dict:
    doc = json.loads(path.read_text("utf-8"))
    return {(t["table"], t["row"], t["column"]): t["value"] for t in doc["tables"]}


def as_json(values: dict) -> dict:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}


# -- the same unit twice ---------------------------------------------------------------------------


def test_a_copy_of_a_department_is_e302_on_both_naming_both_and_identical(tmp_path):
    d, _ = folder(tmp_path)
    shutil.copy(d / "交通运输局-2021.xlsx", d / "交通运输局-2021(1).xlsx")
    out = tmp_path / "out.json"
    r = run("compile", d, "-o", out)
    assert r.exit_code == 1 and not out.exists()
    result = check(scan([str(d)]).paths)
    e302 = [f for f in result.findings if f.code == "E302"]
    assert sorted(Path(f.source).name for f in e302) == ["交通运输局-2021(1).xlsx", "交通运输局-2021.xlsx"]
    for f in e302:
        text = f.message("en")
        assert "appears 2 times" in text and "交通运输局-2021(1).xlsx" in text and "交通运输局-2021.xlsx" in text
        assert "byte for byte identical" in text
        assert "内容完全相同" in f.message("zh")


def test_exclude_leaves_every_copy_out_and_the_totals_hold_the_others(tmp_path):
    d, values = folder(tmp_path)
    shutil.copy(d / "教育局-2021.xlsx", d / "教育局-副本.xlsx")
    out = tmp_path / "out.json"
    r = run("compile", d, "-o", out, "--on-error", "exclude")
    assert r.exit_code == 3, r.output  # written, but units were left out
    doc = json.loads(out.read_text("utf-8"))
    status = {Path(u["source"]).name: u["status"] for u in doc["units"]}
    assert status == {"交通运输局-2021.xlsx": "ok", "教育局-2021.xlsx": "excluded", "教育局-副本.xlsx": "excluded",
                      "财政局-2021.xlsx": "ok"}
    assert totals(out) == as_json(summed([values["交通运输局"], values["财政局"]]))
    assert {b["unit"] for b in doc["breakdown"]} == {"交通运输局", "财政局"}
    assert "left out" in r.stderr
    xlsx = tmp_path / "out.xlsx"
    assert run("compile", d, "-o", xlsx, "--on-error", "exclude").exit_code == 3
    sheet = openpyxl.load_workbook(xlsx)["单位"]
    statuses = {Path(str(row[1])).name: row[3] for row in sheet.iter_rows(min_row=2, values_only=True) if row[1]}
    assert statuses["教育局-副本.xlsx"] == statuses["教育局-2021.xlsx"] == "reported twice (excluded)"


def test_include_keeps_the_copies_and_says_so(tmp_path):
    d, values = folder(tmp_path)
    shutil.copy(d / "教育局-2021.xlsx", d / "教育局-副本.xlsx")
    comp = compile_units(scan([str(d)]).paths, settings=CompileSettings(on_error="include"))
    assert not comp.blocked and comp.included_count == len(list(comp.included)) == 4
    assert comp.totals == summed([*values.values(), values["教育局"]])  # what include means, stated by E302
    assert sum(1 for u in comp.units for f in u.findings if f.code == "E302") == 2


def test_300_copies_of_one_workbook_are_not_300_units(tmp_path):
    d = tmp_path / "copies"
    d.mkdir()
    build(d / "a.xlsx", consistent_values(3), unit="某局")
    for i in range(299):
        shutil.copy(d / "a.xlsx", d / f"a ({i}).xlsx")
    r = run("compile", d, "-o", tmp_path / "out.json")
    assert r.exit_code == 1 and not (tmp_path / "out.json").exists()
    result = check(scan([str(d)]).paths, light=True)
    e302 = [f for f in result.findings if f.code == "E302"]
    assert len(e302) == 300
    assert "appears 300 times" in e302[0].message("en") and "and 290 more" in e302[0].message("en")


def test_names_that_differ_in_width_brackets_or_spaces_are_one_unit(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    build(d / "a.xlsx", consistent_values(1), unit="某县（本级）财政局")
    build(d / "b.xlsx", consistent_values(2), unit="某县[本级] 财政局")
    build(d / "c.xlsx", consistent_values(3), unit="ＡＢＣ局")
    build(d / "d.xlsx", consistent_values(4), unit="abc局")
    result = check(scan([str(d)]).paths)
    by_file = {Path(u.source).name: sorted(f.code for f in u.findings) for u in result.units}
    assert by_file == {"a.xlsx": ["E302"], "b.xlsx": ["E302"], "c.xlsx": ["E302"], "d.xlsx": ["E302"]}
    a = next(f for f in result.findings if f.source.endswith("a.xlsx"))
    assert "identical" not in a.message("en")  # different numbers: the message does not say they are copies


def test_one_unit_on_two_sheets_of_a_workbook_names_the_sheets(tmp_path):
    path = tmp_path / "two.xlsx"
    multi_unit(path, {"甲局": consistent_values(1), "甲局 ": consistent_values(2)})
    result = check([path])
    e302 = [f for f in result.findings if f.code == "E302"]
    assert len(e302) == 2
    assert f"{path} › 单位1" in e302[0].message("en") and f"{path} › 单位2" in e302[0].message("en")


def test_two_summaries_of_the_same_name_are_flagged(tmp_path):
    a, _ = folder(tmp_path / "a", names=("甲局",))
    b, _ = folder(tmp_path / "b", names=("乙局", "丙局"))
    for src in (a, b):
        assert run("compile", src, "-o", src.parent / "dep.json", "--name", "dep").exit_code == 0
    r = run("compile", tmp_path / "a" / "dep.json", tmp_path / "b" / "dep.json", "-o", tmp_path / "x.json")
    assert r.exit_code == 1 and "E302" in r.stderr


def test_a_unit_year_twice_is_not_recorded_and_an_earlier_record_survives(tmp_path):
    d, values = folder(tmp_path)
    db = tmp_path / "h.db"
    assert run("compile", d, "--history", db, "-o", tmp_path / "first.json").exit_code == 0
    before = {(e.unit, e.content_hash) for e in entries(db)}
    build(d / "教育局-改.xlsx", consistent_values(9), unit="教育局")  # a second, different report
    r = run("compile", d, "--history", db, "-o", tmp_path / "x.json", "--on-error", "exclude")
    assert r.exit_code == 3
    assert {(e.unit, e.content_hash) for e in entries(db)} == before  # 教育局's old record is untouched
    assert "recorded" in r.stderr


# -- the tool's own outputs --------------------------------------------------------------------------


def test_outputs_carry_the_mark(tmp_path):
    d, _ = folder(tmp_path, names=("甲局",), flagged=True)
    run("compile", d, "-o", tmp_path / "s.xlsx")
    run("template", "-o", tmp_path / "t.xlsx", "--year", "2021")
    run("check", d / "甲局-2021.xlsx", "--annotate", tmp_path / "a.xlsx")
    kinds = {}
    for name in ("s", "t", "a"):
        wb = openpyxl.load_workbook(tmp_path / f"{name}.xlsx")
        kinds[name] = [p.value for p in wb.custom_doc_props.props if p.name == PROPERTY]
    assert kinds == {"s": [SUMMARY], "t": [TEMPLATE], "a": [ANNOTATED]}
    xml = (b'<Properties><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="disclosure-cli">'
           b'<vt:lpwstr>summary</vt:lpwstr></property></Properties>')
    assert marked(xml) == SUMMARY and marked(xml.replace(b"summary", b"other")) is None
    with zipfile.ZipFile(tmp_path / "s.xlsx") as z:  # as openpyxl writes it: a namespace on lpwstr
        assert marked(z.read("docProps/custom.xml")) == SUMMARY


def test_rerunning_the_same_compile_into_the_same_folder_just_works(tmp_path):
    d, values = folder(tmp_path)
    clean = tmp_path / "clean.json"
    assert run("compile", d, "-o", clean).exit_code == 0
    for out in ("汇总.xlsx", "汇总.json", "汇总.csv"):
        first = run("compile", d, "-o", d / out)
        again = run("compile", d, "-o", d / out)
        assert first.exit_code == again.exit_code == 0, again.output
    check_json = d / "check.json"
    assert run("compile", d, "-o", check_json).exit_code == 0
    assert totals(check_json) == totals(clean) == as_json(summed(values.values()))
    doc = json.loads(check_json.read_text("utf-8"))
    notices = sorted((f["code"], Path(f["source"]).name) for f in doc["findings"])
    assert notices == [("N002", "汇总.csv"), ("N002", "汇总.json"), ("N002", "汇总.xlsx")]


@pytest.mark.parametrize("how", ["symlink", "hardlink", "spelling"])
def test_the_output_under_another_name_in_the_folder_is_not_read(tmp_path, how):
    """The summary a folder also holds as a link (or a hard link, another name of the same file), or
    that the command names in another spelling, is this run's output: skipped, not a unit."""
    d, values = folder(tmp_path)
    out = d / "汇总.xlsx"
    assert run("compile", d, "-o", out).exit_code == 0
    if how == "symlink":
        (d / "链接.xlsx").symlink_to(out)
    elif how == "hardlink":
        (d / "另名.xlsx").hardlink_to(out)
    target = d / ".." / d.name / out.name if how == "spelling" else out
    json_out = tmp_path / "check.json"
    r = run("compile", d, "-o", target)
    assert r.exit_code == 0, r.output
    assert r.stderr.count("this run's own output") == (1 if how == "spelling" else 2)
    assert run("compile", d, "-o", json_out).exit_code == 0  # the summary and its second name: N002 each
    assert totals(json_out) == as_json(summed(values.values()))


def test_an_output_that_does_not_exist_costs_no_look_at_any_input(tmp_path, monkeypatch):
    """Only an existing file can be an input under another name: a new output is compared by spelling
    alone, and an existing one costs one stat an input (not a pair for every input and every output)."""
    from disclosure_cli.inputs import paths

    found = scan([str(folder(tmp_path)[0])])
    looked: list[str] = []
    real = paths._identity
    monkeypatch.setattr(paths, "_identity", lambda p: looked.append(str(p)) or real(p))
    found.drop_outputs([tmp_path / "new.json", tmp_path / "other.json"], lambda p: True)
    assert len(found.paths) == 3 and len(looked) == 2  # the two outputs, no input
    existing = tmp_path / "old.json"
    existing.write_text("{}", "utf-8")
    looked.clear()
    found.drop_outputs([existing, tmp_path / "new.json"], lambda p: True)
    assert len(found.paths) == 3 and sorted(looked) == sorted([str(existing), str(tmp_path / "new.json"),
                                                                *found.paths])


def test_a_workbook_under_the_outputs_name_is_never_overwritten(tmp_path):
    d, _ = folder(tmp_path)
    target = d / "教育局-2021.xlsx"
    before = target.read_bytes()
    r = run("compile", d, "-o", target)
    assert r.exit_code == 2 and "was not written by disclosure" in r.output
    assert target.read_bytes() == before
    copy = d / "交通运输局-2021-annotated.xlsx"
    shutil.copy(d / "交通运输局-2021.xlsx", copy)  # a department's file that happens to bear a copy's name
    r = run("check", d, "--annotate", d)
    assert r.exit_code == 2 and "was not written by disclosure" in r.output


def test_a_summary_named_on_the_command_line_is_a_roll_up(tmp_path):
    d, values = folder(tmp_path)
    assert run("compile", d, "-o", d / "县.xlsx", "--name", "某县").exit_code == 0
    comp = compile_units([d / "县.xlsx"])
    assert comp.units[0].name == "某县" and comp.totals == summed(values.values())
    # The output named as an input is still refused; a glob that matches it just skips it.
    assert run("compile", d / "县.xlsx", "-o", d / "县.xlsx").exit_code == 2
    r = run("compile", str(d / "*.xlsx"), "-o", d / "县.xlsx")
    assert r.exit_code == 0 and "this run's own output" in r.stderr


def test_a_folder_of_nothing_but_summaries_is_a_roll_up(tmp_path):
    values = []
    counties = tmp_path / "counties"
    counties.mkdir()
    for county in ("甲县", "乙县"):
        d, v = folder(tmp_path / county, names=(f"{county}财政局", f"{county}教育局"))
        assert run("compile", d, "-o", counties / f"{county}.json", "--name", county).exit_code == 0
        values += list(v.values())
    out = tmp_path / "city.json"
    assert run("compile", counties, "-o", out).exit_code == 0
    assert totals(out) == as_json(summed(values))
    assert [u["unit"] for u in json.loads(out.read_text("utf-8"))["units"]] == ["乙县", "甲县"]  # file order


def test_annotated_copies_beside_units_are_not_read(tmp_path):
    d, values = folder(tmp_path, flagged=True)
    assert run("check", d, "--annotate", d).exit_code == 0
    assert len(list(d.glob("*-annotated.xlsx"))) == 3
    again = run("check", d, "--annotate", d)  # rerun: this run's copies are its outputs, never inputs
    assert again.exit_code == 0 and "3 unit(s)" in again.output
    assert not list(d.glob("*-annotated-annotated.xlsx"))
    out = tmp_path / "out.json"
    assert run("compile", d, "-o", out).exit_code == 0
    assert totals(out) == as_json(summed(values.values()))
    codes = [(f["code"], Path(f["source"]).name) for f in json.loads(out.read_text("utf-8"))["findings"]]
    assert sorted(c for c in codes if c[0] == "N003") == sorted(("N003", f"{n}-2021-annotated.xlsx") for n in NAMES)
    assert sorted(c for c in codes if c[0] != "N003") == sorted(("W102", f"{n}-2021.xlsx") for n in NAMES)
    # Named on the command line, an annotated copy is read (and checked) like any workbook.
    one = check([d / "教育局-2021-annotated.xlsx"])
    assert [u.name for u in one.units] == ["教育局"] and one.units[0].made_by == ANNOTATED


def test_annotated_copies_in_a_subfolder_are_not_read_either(tmp_path):
    d, values = folder(tmp_path, flagged=True)
    assert run("check", d, "--annotate", d / "标注" / "").exit_code == 0
    out = tmp_path / "out.json"
    assert run("compile", d, "-o", out).exit_code == 0
    assert totals(out) == as_json(summed(values.values()))


def test_a_summary_written_before_the_mark_is_known_by_its_hidden_sheet(tmp_path):
    d, values = folder(tmp_path)
    old = d / "旧汇总.xlsx"
    assert run("compile", d, "-o", old).exit_code == 0
    wb = openpyxl.load_workbook(old)
    wb.custom_doc_props.props = []  # as an earlier version wrote it
    wb.save(old)
    out = tmp_path / "out.json"
    assert run("compile", d, "-o", out).exit_code == 0
    assert totals(out) == as_json(summed(values.values()))
    assert ["N002"] == [f["code"] for f in json.loads(out.read_text("utf-8"))["findings"]]


def test_a_filled_in_template_is_read_as_a_unit(tmp_path):
    d, values = folder(tmp_path, names=("甲局",))
    t = d / "乙局-2021.xlsx"
    assert run("template", "-o", t, "--year", "2021", "--unit", "乙局").exit_code == 0
    result = check(scan([str(d)]).paths)
    assert sorted(u.name for u in result.units) == ["乙局", "甲局"]
    assert {u.name: u.made_by for u in result.units}["乙局"] == TEMPLATE


def test_a_unit_named_after_its_file_says_so(tmp_path):
    path = tmp_path / "dep-2021.xlsx"
    build(path, consistent_values(1), unit=None)
    result = check([path])
    [n004] = [f for f in result.findings if f.code == "N004"]
    assert n004.params["name"] == "dep-2021" and "file name" in n004.message("en")
    assert not result.failed(strict=True)  # a notice never fails a run


def test_a_copy_that_changed_while_the_run_read_it_stops_the_run(tmp_path, monkeypatch):
    from disclosure_cli.pipeline import compiling

    d, _ = folder(tmp_path)
    shutil.copy(d / "教育局-2021.xlsx", d / "教育局-副本.xlsx")
    real = compiling.read_checked

    def edited(path, options):
        units = real(path, options)
        for u in units:
            u.values[("applications", "received", "total")] += 1  # someone saved the file meanwhile
        return units

    monkeypatch.setattr(compiling, "read_checked", edited)
    with pytest.raises(ToolError) as e:
        compile_units(scan([str(d)]).paths, settings=CompileSettings(on_error="exclude"))
    assert e.value.reason == "input.changed"


def test_word_outputs_carry_the_mark_and_are_not_counted_again(tmp_path):
    """The docx summary and the annual report are the tool's own outputs too: marked, and rerunning either
    into the folder it read neither refuses (not ours) nor counts the document as a unit."""
    d, values = folder(tmp_path)
    for command, name in (("compile", "统计表.docx"), ("report", "年报.docx")):
        for _ in range(2):  # the rerun finds the first run's document in the folder
            r = run(command, d, "-o", d / name)
            assert r.exit_code == 0, r.output
        with zipfile.ZipFile(d / name) as z:
            assert marked(z.read("docProps/custom.xml")) == SUMMARY
    assert [u.made_by for u in check([d / "年报.docx"]).units] == [SUMMARY]
    out = tmp_path / "out.json"
    assert run("compile", d, "-o", out).exit_code == 0
    assert totals(out) == as_json(summed(values.values()))  # neither document added
    codes = sorted((f["code"], Path(f["source"]).name) for f in json.loads(out.read_text("utf-8"))["findings"])
    assert codes == [("N002", "年报.docx"), ("N002", "统计表.docx")]


@pytest.mark.parametrize("name", ["a.xlsx", "A.XLSX", ".hidden", "name.", "a.tar.gz", "plain", "..", "...x",
                                  "~$a.xlsx", ".a.b", "a..b", "报表.et", "x. y"])
def test_a_files_suffix_is_the_one_pathlib_gives(name):
    """scan() takes names and suffixes from the strings (pathlib interns what it parses): the same answer."""
    from pathlib import PurePosixPath

    from disclosure_cli.inputs.paths import suffix_of

    assert suffix_of(name) == PurePosixPath(name).suffix


def test_a_folder_scan_sorts_files_into_read_and_skipped_by_name(tmp_path):
    for name in ("a.xlsx", "b.XLSX", "~$a.xlsx", ".c.xlsx", "notes.txt", "d.pdf", "e", "f.", "g.zip"):
        (tmp_path / name).write_bytes(b"x")
    found = scan([str(tmp_path)])
    assert [Path(p).name for p in found.paths] == ["a.xlsx", "b.XLSX", "d.pdf", "notes.txt"]
    assert sorted((p.name, why) for p, why in found.skipped) == [
        (".c.xlsx", "hidden"), ("e", "not_report"), ("f.", "not_report"), ("g.zip", "not_report"),
        ("~$a.xlsx", "lock_file")]
