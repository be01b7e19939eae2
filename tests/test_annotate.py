"""`check --annotate`: an annotated copy per input; the input's bytes never change."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
import pytest
from builders import build, consistent_values
from click.testing import CliRunner

from disclosure_cli.cli import cli
from disclosure_cli.formats.f2021 import FORMAT_2021
from disclosure_cli.pipeline import check
from disclosure_cli.render import copy as copy_mod
from disclosure_cli.render.annotate import ERROR_FILL, HEADER_ROW, RELATED_FILL, WARNING_FILL, plan
from disclosure_cli.render.layout import write_tables

TOTAL = ("applications", "received", "total")
BAD = ("applications", "disclosed", "commercial")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(*args):
    return CliRunner().invoke(cli, ["check", *map(str, args)])


def mistakes(path: Path, unit="测试局"):
    """A workbook with a value finding (E101 at BAD) and an arithmetic one (E201 at TOTAL)."""
    v = consistent_values(21)
    v[BAD] = "若干"
    v[TOTAL] += 1
    return build(path, v, unit=unit)


def findings_rows(ws):
    header = [c.value for c in ws[HEADER_ROW]]
    return [dict(zip(header, (c.value for c in row), strict=False)) | {"_row": row}
            for row in ws.iter_rows(min_row=HEADER_ROW + 1) if any(c.value is not None for c in row)]


def test_value_and_arithmetic_findings_are_marked(tmp_path):
    src = tmp_path / "2021.xlsx"
    cells = mistakes(src)
    before = digest(src)
    out = tmp_path / "out.xlsx"
    r = run(src, "--annotate", out, "--lang", "zh")
    assert r.exit_code == 1, r.output
    assert digest(src) == before
    wb = openpyxl.load_workbook(out)
    sheet, bad_ref = cells[BAD].split("!")
    _, total_ref = cells[TOTAL].split("!")
    ws = wb[sheet]
    # The value finding: red, commented with code and Chinese message.
    assert ws[bad_ref].fill.fgColor.rgb.endswith(ERROR_FILL)
    assert ws[bad_ref].comment.text.startswith("E101 错误：“若干”不是数字")
    # The arithmetic finding: the stated total red; the parts it was checked against blue.
    assert ws[total_ref].comment.text.startswith("E201 错误：总计")
    parts = [cells[("applications", "received", c)].split("!")[1] for c in
             ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org")]
    for ref in parts:
        assert ws[ref].fill.fgColor.rgb.endswith(RELATED_FILL)
        assert "E201" in ws[ref].comment.text and total_ref in ws[ref].comment.text
    # The values themselves are kept.
    assert ws[bad_ref].value == "若干"
    # The findings sheet lists both, with links to the cells, and is the sheet the workbook opens on.
    fs = wb["错误清单"]
    assert wb.active.title == "错误清单"
    rows = findings_rows(fs)
    by_code = {row["代码"]: row for row in rows}
    assert by_code["E101"]["单元格"] == bad_ref and by_code["E201"]["单元格"] == total_ref
    link = by_code["E201"]["_row"][6].hyperlink
    assert link.location == f"'{sheet}'!{total_ref}"
    assert by_code["E201"]["相关单元格"].count("!") == 6
    assert by_code["E101"]["级别"] == "错误"


def test_english_messages_and_warning_colour(tmp_path):
    src = tmp_path / "2021.xlsx"
    v = consistent_values(22)
    k = ("applications", "carried_in", "natural_person")
    v[k] = "-"  # W101: a placeholder read as 0 ... which also unbalances nothing when the value was 0
    cells = build(src, v)
    out = tmp_path / "en.xlsx"
    run(src, "--annotate", out, "--lang", "en")
    wb = openpyxl.load_workbook(out)
    sheet, ref = cells[k].split("!")
    assert wb[sheet][ref].comment.text.startswith("W101 warning: ")
    colour = wb[sheet][ref].fill.fgColor.rgb
    assert colour.endswith(WARNING_FILL) or colour.endswith(ERROR_FILL)  # E204 may also land here
    assert "Findings" in wb.sheetnames


def test_finding_without_a_cell_is_listed(tmp_path):
    """E001: a table missing. It has no cell, so it is only in the list (and has no link)."""
    src = tmp_path / "2021.xlsx"
    wb = openpyxl.Workbook()
    write_tables(wb.active, FORMAT_2021, consistent_values(23), tables=("active", "applications"))
    wb.save(src)
    out = tmp_path / "a.xlsx"
    assert run(src, "--annotate", out, "--lang", "en").exit_code == 1
    rows = findings_rows(openpyxl.load_workbook(out)["Findings"])
    (e001,) = [row for row in rows if row["Code"] == "E001"]
    assert e001["Cell"] is None and e001["_row"][6].hyperlink is None
    assert "四、政府信息公开行政复议、行政诉讼情况" in e001["Message"]


def test_unreadable_input_gets_a_list_only(tmp_path):
    src = tmp_path / "2021.xlsx"
    src.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)  # a zip cut short: nothing to copy
    before = digest(src)
    out = tmp_path / "a.xlsx"
    assert run(src, "--annotate", out, "--lang", "en").exit_code == 1
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Findings"]
    assert [row["Code"] for row in findings_rows(wb["Findings"]) if row["Code"]] == ["E003"]
    assert digest(src) == before


def test_grid_copy_when_openpyxl_cannot_load(tmp_path, monkeypatch):
    """.xls/.ods inputs (here: an xlsx treated as one) are copied as values and merges."""
    src = tmp_path / "2021.xlsx"
    cells = mistakes(src)
    monkeypatch.setattr(copy_mod, "_load", lambda data: None)
    out = tmp_path / "g.xlsx"
    run(src, "--annotate", out, "--lang", "zh")
    wb = openpyxl.load_workbook(out)
    sheet, ref = cells[BAD].split("!")
    assert wb[sheet][ref].value == "若干" and "E101" in wb[sheet][ref].comment.text
    assert wb[sheet].merged_cells.ranges
    text = [c.value for row in wb["错误清单"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("只保留了单元格的值" in t for t in text)


HOSTILE = ["../../逃逸局", "=HYPERLINK(\"http://x.invalid\",\"点我\")", "CON", "a\x07b"]


def test_annotate_folder_two_inputs_hostile_names(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    inputs = [tmp_path / "a" / "2021.xlsx", tmp_path / "b" / "2021.xlsx", tmp_path / "b" / "CON.xlsx"]
    for p, unit in zip(inputs, HOSTILE, strict=False):
        mistakes(p, unit=unit)
    before = [digest(p) for p in inputs]
    outdir = tmp_path / "out"
    r = run(*inputs, "--annotate", outdir, "--lang", "en")
    assert r.exit_code == 1, r.output
    made = sorted(p.name for p in outdir.iterdir())
    assert made == ["2021-annotated-2.xlsx", "2021-annotated.xlsx", "CON-annotated.xlsx"]
    assert [digest(p) for p in inputs] == before
    assert not list(tmp_path.glob("逃逸局*")) and not list(tmp_path.parent.glob("逃逸局*"))
    units = []
    for name in ("2021-annotated.xlsx", "2021-annotated-2.xlsx"):
        ws = openpyxl.load_workbook(outdir / name)["Findings"]
        cells = [row[3] for row in ws.iter_rows(min_row=HEADER_ROW + 1)]
        assert all(c.data_type == "s" for c in cells if c.value)
        units.append(next(c.value for c in cells if c.value))
    assert units == HOSTILE[:2]  # written literally: no formula, no path


def test_annotate_usage_errors(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    mistakes(a)
    mistakes(b)
    before = digest(a)
    assert run(a, b, "--annotate", tmp_path / "one.xlsx", "--lang", "en").exit_code == 2
    assert run(a, "--annotate", a, "--lang", "en").exit_code == 2
    assert run(a, "--annotate", tmp_path / "no" / "such" / "x", "--lang", "en").exit_code == 2
    assert digest(a) == before and not (tmp_path / "one.xlsx").exists()


def test_plan_keeps_names_inside_the_folder(tmp_path):
    pairs = plan([Path("x/..%2f.xlsx"), Path("y/.xlsx")], tmp_path / "d")
    for _, out in pairs:
        assert out.parent == (tmp_path / "d").resolve()


def test_clean_input_gets_no_copy_and_says_so(tmp_path, workbook):
    src, _ = workbook
    out = tmp_path / "clean-annotated.xlsx"
    r = run(src, "--annotate", out, "--lang", "zh")
    assert r.exit_code == 0 and not out.exists()
    assert f"{src} 未发现问题，未写入标注副本" in r.stderr


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_annotated_copy_is_deterministic(tmp_path, lang):
    src = tmp_path / "2021.xlsx"
    mistakes(src)
    run(src, "--annotate", tmp_path / "1.xlsx", "--lang", lang)
    run(src, "--annotate", tmp_path / "2.xlsx", "--lang", lang)
    assert digest(tmp_path / "1.xlsx") == digest(tmp_path / "2.xlsx")
    assert check([tmp_path / "1.xlsx"]).units  # the copy itself is a readable workbook


def test_annotate_refuses_without_defusedxml(tmp_path, monkeypatch):
    import openpyxl.xml
    from builders import build, consistent_values
    from click.testing import CliRunner

    from disclosure_cli.cli import cli

    path = tmp_path / "2021.xlsx"
    build(path, consistent_values(1))
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    r = CliRunner().invoke(cli, ["check", str(path), "--annotate", str(tmp_path / "out.xlsx")])
    assert r.exit_code == 2 and "defusedxml" in r.output  # a tool failure, like every ToolError
    assert not (tmp_path / "out.xlsx").exists()


def test_a_copy_that_would_be_written_onto_an_input_under_another_name_is_refused(tmp_path, monkeypatch):
    """A hard link named like the copy, to an input (a symbolic one points outside the folder: refused
    as such): the copy's path is the input's file. The plan compares every copy with every input by the file it is, one look at each file (it was a
    system call for every pair: quadratic for a folder of thousands)."""
    from disclosure_cli.inputs import paths
    from disclosure_cli.messages.errors import ToolError

    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    mistakes(a)
    mistakes(b)
    out = tmp_path / "copies"
    out.mkdir()
    (out / "a-annotated.xlsx").hardlink_to(b)
    looked: list[str] = []
    real = paths._identity
    monkeypatch.setattr(paths, "_identity", lambda p: looked.append(str(p)) or real(p))
    with pytest.raises(ToolError) as e:
        plan([a, b], out)
    assert e.value.reason == "output.is_input" and e.value.params["path"] == out / "a-annotated.xlsx"
    assert len(looked) <= 4  # the two inputs, then the copies until the one that is an input
    (out / "a-annotated.xlsx").unlink()
    assert [o.name for _, o in plan([a, b], out)] == ["a-annotated.xlsx", "b-annotated.xlsx"]
