"""The reader finds the tables wherever and however they are laid out, and reads them exactly."""

import itertools
import re

import pytest
from builders import build, consistent_values, multi_unit, ref, transform_labels, with_subtotals

from disclosure_cli.pipeline import check
from disclosure_cli.render.layout import Style

STYLES = [Style(label_cols=lc, merged=m, repeat_group=rep)
          for lc, m, rep in itertools.product((1, 2, 3), (True, False), (False, True)) if not (lc == 1 and rep)]


def read_one(path):
    result = check([path])
    assert len(result.units) == 1
    return result.units[0], result.findings


@pytest.mark.parametrize("style", STYLES, ids=lambda s: f"cols{s.label_cols}-{'merged' if s.merged else 'flat'}"
                         f"{'-repeat' if s.repeat_group else ''}")
@pytest.mark.parametrize("origin", [(1, 1), (6, 4)])
def test_every_layout_reads_clean_and_exact(tmp_path, values, style, origin):
    path = tmp_path / "r.xlsx"
    cells = build(path, values, style=style, origin=origin)
    unit, findings = read_one(path)
    assert findings == []
    for k, v in values.items():
        assert unit.values[k] == v, k
        assert unit.cells[k][1] == ref(cells[k]), k


def test_subtotal_rows_are_accepted_and_checked(tmp_path, values):
    path = tmp_path / "r.xlsx"
    vals = with_subtotals(values)
    cells = build(path, vals, style=Style(label_cols=2, subtotals=True))
    unit, findings = read_one(path)
    assert findings == []
    assert unit.subtotal_groups == {"withheld", "unavailable", "not_processed", "other_handling"}
    assert unit.values[("applications", "withheld", "total")] == vals[("applications", "withheld", "total")]
    assert ("applications", "withheld", "natural_person") in unit.cells
    assert unit.cells[("applications", "unavailable", "research")][1] == ref(cells[("applications", "unavailable", "research")])


def test_one_table_per_sheet_with_offsets(tmp_path, values):
    path = tmp_path / "r.xlsx"
    cells = build(path, values, per_table_sheets=True, origin=(4, 3))
    unit, findings = read_one(path)
    assert findings == []
    k = ("reviews", "litigation_after_review", "pending")
    assert f"{unit.cells[k][0]}!{unit.cells[k][1]}" == cells[k]
    assert unit.cells[k][0] != unit.cells[("active", "fees", "amount")][0]


def retype(text: str) -> str:
    """A clerk retyping the labels: half-width brackets and colons, stray spaces and line breaks."""
    text = text.replace("（", "(").replace("）", ")").replace("：", ":").replace("“", '"').replace("”", '"')
    text = re.sub(r"^(\d)\.", r"\1．", text)
    if len(text) > 4 and not text.startswith("第"):
        text = text[:2] + " " + text[2:4] + "\n" + text[4:] + "  "
    return text


@pytest.mark.parametrize("merged", [True, False])
def test_retyped_labels(tmp_path, values, merged):
    path = tmp_path / "r.xlsx"
    build(path, values, style=Style(merged=merged))
    transform_labels(path, retype)
    unit, findings = read_one(path)
    assert findings == []
    assert all(unit.values[k] == v for k, v in values.items())


def test_notes_appended_to_labels(tmp_path, values):
    path = tmp_path / "r.xlsx"
    build(path, values)
    transform_labels(path, lambda t: t + "（注：含网上申请）" if t.startswith(("一、本年新收", "规章")) else t)
    unit, findings = read_one(path)
    assert findings == []


def test_several_units_in_one_workbook(tmp_path):
    units = {"甲局": consistent_values(1), "乙局": consistent_values(2), "丙局": consistent_values(3)}
    path = tmp_path / "2021汇总.xlsx"
    cells = multi_unit(path, units, style=Style(label_cols=2))
    result = check([path])
    assert [u.name for u in result.units] == ["甲局", "乙局", "丙局"]
    assert result.findings == []
    for u in result.units:
        assert u.year == 2021
        for k, v in units[u.name].items():
            assert u.values[k] == v
            assert f"{u.cells[k][0]}!{u.cells[k][1]}" == cells[u.name][k]


def test_unit_and_year_from_title_and_file_name(tmp_path, values):
    path = tmp_path / "某区财政局-2022.xlsx"
    build(path, values, unit=None, year=None)
    unit, findings = read_one(path)
    assert (unit.name, unit.year) == ("某区财政局-2022", 2022)
    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb.active["A1"] = "济宁市工业和信息化局 2021 年政府信息公开工作年度报告"
    wb.save(path)
    unit, _ = read_one(path)
    assert (unit.name, unit.year) == ("济宁市工业和信息化局", 2021)


def test_year_option_and_e004(tmp_path, values):
    path = tmp_path / "report.xlsx"
    build(path, values, year=None)
    result = check([path])
    assert [(f.code, f.cell) for f in result.findings] == [("E004", None)]
    from disclosure_cli.read import ReadOptions

    result = check([path], ReadOptions(year=2021))
    assert result.findings == [] and result.units[0].year == 2021
    result = check([path], ReadOptions(year=2015))
    assert [f.code for f in result.findings] == ["E004"]
    assert "2015" in result.findings[0].message("en")


def test_legacy_label_w104(tmp_path, values):
    path = tmp_path / "r.xlsx"
    cells = build(path, values)
    transform_labels(path, lambda t: "规范性文件" if t == "行政规范性文件" else t)
    unit, findings = read_one(path)
    assert [f.code for f in findings] == ["W104"]
    assert unit.values[("active", "normative_documents", "in_force")] == values[("active", "normative_documents", "in_force")]
    sheet, value_ref = cells[("active", "normative_documents", "issued")].split("!")
    assert findings[0].cell == "A" + value_ref[1:]


def test_missing_table_e001_and_missing_row_e002(tmp_path, values):
    path = tmp_path / "r.xlsx"
    build(path, values, per_table_sheets=True)
    import openpyxl

    wb = openpyxl.load_workbook(path)
    del wb["表4"]  # the reviews table
    ws = wb["表3"]
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "2.重复申请":
                cell.value = None
    wb.save(path)
    unit, findings = read_one(path)
    codes = [(f.code, f.table) for f in findings]
    assert ("E001", "reviews") in codes
    e002 = [f for f in findings if f.code == "E002"]
    assert len(e002) == 1 and "2.重复申请" in e002[0].message("zh")
    # Rules that need the missing row are not run on a hole: E203 does not fire.
    assert not any(f.code == "E203" for f in findings)


def test_group_and_sub_label_in_one_cell(tmp_path, values):
    path = tmp_path / "r.xlsx"
    build(path, values, style=Style(label_cols=1))
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.active
    group = None
    for row in ws.iter_rows():
        cell = row[0]
        if isinstance(cell.value, str) and cell.value.startswith("（") and cell.value[1] in "三四五六":
            group = cell.value
            cell.value = None  # the heading row goes away …
        elif group and isinstance(cell.value, str) and cell.value[:1].isdigit():
            cell.value = f"{group} {cell.value}"  # … and every sub-row names its group
        elif isinstance(cell.value, str) and cell.value.startswith("（七）"):
            group = None
    wb.save(path)
    unit, findings = read_one(path)
    assert findings == []
    assert unit.values[("applications", "other_handling.other", "total")] == values[("applications", "other_handling.other", "total")]


def test_blank_unit_name_is_not_the_next_label(tmp_path, values):
    import openpyxl

    path = tmp_path / "区文旅局.xlsx"
    build(path, values, unit=None, year=None)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws["A1"], ws["B1"], ws["E1"], ws["F1"] = "单位名称", None, "年度", 2021
    wb.save(path)
    unit, findings = read_one(path)
    assert (unit.name, unit.year) == ("区文旅局", 2021)
    assert [(f.code, f.params["name"]) for f in findings] == [("N004", "区文旅局")]  # named after its file


def test_reviews_written_with_groups_as_rows(tmp_path, values):
    """A home-made table 四: the three groups as rows, the five outcomes as columns."""
    import openpyxl

    path = tmp_path / "r.xlsx"
    build(path, values, per_table_sheets=True)
    wb = openpyxl.load_workbook(path)
    del wb["表4"]
    ws = wb.create_sheet("复议诉讼")
    ws["A1"] = "四、政府信息公开行政复议、行政诉讼情况"
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    ids = ["upheld", "corrected", "other", "pending", "total"]
    for j, label in enumerate(outcomes):
        ws.cell(row=3, column=3 + j, value=label)
    groups = [("行政复议", "review"), ("行政诉讼—未经复议直接起诉", "litigation_direct"),
              ("行政诉讼—复议后起诉", "litigation_after_review")]
    for i, (label, gid) in enumerate(groups):
        ws.cell(row=4 + i, column=2, value=label)
        for j, col in enumerate(ids):
            ws.cell(row=4 + i, column=3 + j, value=values[("reviews", gid, col)])
    wb.save(path)
    unit, findings = read_one(path)
    assert findings == []
    assert unit.cells[("reviews", "litigation_after_review", "pending")][:2] == ("复议诉讼", "F6")
    for gid in ("review", "litigation_direct", "litigation_after_review"):
        for col in ids:
            assert unit.values[("reviews", gid, col)] == values[("reviews", gid, col)]


def test_unit_cell_with_more_on_the_line(tmp_path, values):
    import openpyxl

    path = tmp_path / "report.xlsx"
    build(path, values, unit=None, year=None)
    wb = openpyxl.load_workbook(path)
    wb.active["A1"] = "填报单位（盖章）：某县自然资源局        填报日期：2022年1月10日"
    wb.active["A2"] = "报告年度：2021年度"
    wb.save(path)
    unit, findings = read_one(path)
    assert (unit.name, unit.year) == ("某县自然资源局", 2021)


@pytest.mark.parametrize("written", ["2021", "2021年", "2021年度", "２０２１年", "二〇二一年度", 2021, 2021.0])
def test_year_cell_spellings(tmp_path, values, written):
    import openpyxl

    path = tmp_path / "report.xlsx"
    build(path, values, year=None)
    wb = openpyxl.load_workbook(path)
    wb.active["D1"], wb.active["E1"] = "年度", written
    wb.save(path)
    unit, findings = read_one(path)
    assert unit.year == 2021 and findings == []


def test_header_labels_broken_over_two_rows(tmp_path, values):
    """Pasting the Word tables into Excel can split a header cell's two lines into two rows
    (“结果” / “维持”, “社会公益” / “组织”): the stacked halves still name the column."""
    import openpyxl

    path = tmp_path / "r.xlsx"
    build(path, values, per_table_sheets=True, style=Style(merged=False))
    wb = openpyxl.load_workbook(path)
    for title, splits in (("表3", {"社会公益组织": ("社会公益", "组织"), "法律服务机构": ("法律服务", "机构")}),
                          ("表4", {"结果维持": ("结果", "维持"), "尚未审结": ("尚未", "审结")})):
        ws = wb[title]
        header = next(r for r in range(1, ws.max_row + 1)
                      if any(ws.cell(row=r, column=c).value in splits for c in range(1, ws.max_column + 1)))
        ws.insert_rows(header + 1)
        for c in range(1, ws.max_column + 1):
            v = ws.cell(row=header, column=c).value
            if v in splits:
                ws.cell(row=header, column=c).value, ws.cell(row=header + 1, column=c).value = splits[v]
    wb.save(path)
    unit, findings = read_one(path)
    assert findings == []
    assert all(unit.values[k] == v for k, v in values.items())


def test_a_summary_sheet_beside_unit_sheets_is_checked_not_counted(tmp_path):
    """各部门 + 汇总 in one workbook: the 汇总 sheet is the workbook's own total; compiling adds up the
    departments only, and a 汇总 that differs from their sum is said (W106) where it differs."""
    from builders import edit

    from disclosure_cli.pipeline.compiling import compile_units as compile_paths

    a, b = consistent_values(1), consistent_values(2)
    total = {k: a[k] + b[k] for k in a}
    path = tmp_path / "2021.xlsx"
    cells = multi_unit(path, {"甲局": a, "乙局": b, "全县汇总": total})
    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb["单位3"].title = "汇总"
    wb.save(path)
    result = check([path])
    assert [(u.name, u.status) for u in result.units] == [("甲局", "ok"), ("乙局", "ok"), ("全县汇总", "summary")]
    assert result.findings == []
    comp = compile_paths([path])
    assert not comp.blocked and comp.totals == total
    k = ("applications", "received", "natural_person")
    edit(path, {"汇总!" + cells["全县汇总"][k].split("!")[1]: total[k] + 5})
    result = check([path])
    (f,) = [f for f in result.findings if f.code == "W106"]
    assert (f.sheet, f.cell) == ("汇总", cells["全县汇总"][k].split("!")[1])
    assert f.params["expected"] == str(total[k])
    # The edited 汇总 no longer adds up inside itself either; the departments are untouched.
    assert {g.code for g in result.findings} == {"W106", "E201", "E204"}
    assert all(g.unit == "全县汇总" for g in result.findings)
