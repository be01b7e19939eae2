"""What a clerk's real files do (issue 12): each habit read as a person reads it, or named by a finding.

Every test builds its report in code and asserts the numbers read and the findings, at their cells."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
from builders import build, consistent_values, relabel
from documents import docx_report, html_report, official_tables, text_report

from disclosure_cli.formats.f2019 import FORMAT_2019
from disclosure_cli.formats.f2021 import FORMAT_2021
from disclosure_cli.pipeline import check
from disclosure_cli.render.layout import write_tables

APP = FORMAT_2021.table("applications")
COLS = [c.id for c in APP.columns]


def read(path):
    result = check([path])
    (unit,) = result.units
    return unit, [(f.code, f.cell) for f in result.findings]


def codes(findings) -> list[str]:
    return sorted(code for code, _ in findings)


def assert_values(unit, values, keys=None):
    for k in keys or values:
        assert unit.values.get(k) == values[k], k


def _applications_sheet(ws, values: dict, order: list[str], rows: list[tuple[tuple[str, ...], str | None]],
                        top: int = 1) -> dict:
    """Table 三 written cell by cell: a header with the columns in `order`, then each row as (label cells,
    row id or None for a row without numbers); returns key -> A1 of every value written."""
    cols = [next(c for c in APP.columns if c.id == cid) for cid in order]
    ws.cell(row=top, column=1, value="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    ws.cell(row=top, column=4, value="申请人情况")
    for i, col in enumerate(cols):
        ws.cell(row=top + 1, column=4 + i, value=col.label)
    cells = {}
    for n, (labels, row_id) in enumerate(rows, start=top + 2):
        for i, label in enumerate(labels):
            if label:
                ws.cell(row=n, column=1 + i, value=label)
        if row_id:
            for i, col in enumerate(cols):
                ws.cell(row=n, column=4 + i, value=values[("applications", row_id, col.id)])
                cells[("applications", row_id, col.id)] = ws.cell(row=n, column=4 + i).coordinate
    return cells


def _official_rows(table=APP) -> list[tuple[tuple[str, ...], str | None]]:
    rows: list[tuple[tuple[str, ...], str | None]] = []
    for row in table.rows:
        group = table.group(row.group).label if row.group else ""
        rows.append(((group, row.label) if group else (row.label,), row.id))
    return rows


def _with_other_tables(path, values, write_app, year=2021):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表三"
    cells = write_app(ws)
    other = wb.create_sheet("表二表四")
    other["A1"], other["B1"], other["D1"], other["E1"] = "单位名称", "测试局", "年度", year
    write_tables(other, FORMAT_2021, values, origin=(3, 1), tables=("active", "reviews"))
    wb.save(path)
    return cells


# -- columns in any order ---------------------------------------------------------------------


@pytest.mark.parametrize("order", [
    ["total", *COLS[:-1]],  # 总计 first
    ["natural_person", "commercial", "legal_service", "research", "public_interest", "other_org", "total"],
])
def test_applicant_columns_in_another_order(tmp_path, order):
    values = consistent_values(21)
    path = tmp_path / "2021.xlsx"
    cells = _with_other_tables(path, values, lambda ws: _applications_sheet(ws, values, order, _official_rows()))
    unit, findings = read(path)
    assert findings == []
    assert_values(unit, values)
    assert unit.cells[("applications", "received", "total")][1] == cells[("applications", "received", "total")]


def test_unrelated_columns_and_rows_are_ignored_and_named_in_no_finding(tmp_path):
    values = consistent_values(22)
    rows = _official_rows()
    rows.insert(1, (("其中：网上申请",), None))
    rows.insert(5, (("行政确认",), None))

    def write(ws):
        cells = _applications_sheet(ws, values, COLS, rows)
        ws.cell(row=2, column=11, value="备注")
        for r in range(3, 30):
            ws.cell(row=r, column=11, value="见说明")
        return cells

    path = tmp_path / "2021.xlsx"
    _with_other_tables(path, values, write)
    unit, findings = read(path)
    assert findings == []
    assert_values(unit, values)


# -- labels as clerks write them ----------------------------------------------------------------


def test_misspelt_labels_are_read_with_a_warning_naming_the_official_label(tmp_path):
    values = consistent_values(23)
    path = tmp_path / "2021.xlsx"
    cells = build(path, values)
    relabel(path, {"（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "（二）部份公开（区分处理的，只计这一情形，不计其他情形）",
                   "5.属于三类内部事务信息": "5.属于三类内部事物信息",
                   "1.本机关不掌握相关政府信息": "1.本机关不掌握相关的政府信息"})
    result = check([path])
    (unit,) = result.units
    assert_values(unit, values)
    approx = [f for f in result.findings if f.code == "W107"]
    assert sorted(f.params["written"] for f in approx) == ["1.本机关不掌握相关的政府信息", "5.属于三类内部事物信息",
                                                         "（二）部份公开（区分处理的，只计这一情形，不计其他情形）"]
    assert {f.params["label"] for f in approx} == {"（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                                                   "5.属于三类内部事务信息", "1.本机关不掌握相关政府信息"}
    assert [f.code for f in result.findings if f.code != "W107"] == []
    assert cells[("applications", "partly_disclosed", "total")].endswith(str(unit.cells[
        ("applications", "partly_disclosed", "total")][1][1:]))


def test_a_label_far_from_every_official_one_is_not_guessed(tmp_path):
    values = consistent_values(24)
    path = tmp_path / "2021.xlsx"
    build(path, values)
    relabel(path, {"2.重复申请": "2.同一事项多次"})
    unit, findings = read(path)
    assert ("E002", "A39") in findings or any(code == "E002" for code, _ in findings)
    assert ("applications", "not_processed.repeated", "total") not in unit.cells


def test_a_row_label_written_twice_is_an_error_not_a_guess(tmp_path):
    values = consistent_values(25)
    rows = _official_rows()
    rows.insert(3, ((rows[2][0][0],), "disclosed"))  # （一）予以公开 twice
    path = tmp_path / "2021.xlsx"
    _with_other_tables(path, values, lambda ws: _applications_sheet(ws, values, COLS, rows))
    unit, findings = read(path)
    assert "E006" in codes(findings)
    assert ("applications", "disclosed", "total") not in unit.cells


@pytest.mark.parametrize("relabelling", [
    {"未经复议直接起诉": "行政诉讼（未经复议直接起诉）", "复议后起诉": "行政诉讼（复议后起诉）"},
    {"行政复议": "行政复议（件）", "未经复议直接起诉": "未经复议直接起诉（件）", "复议后起诉": "复议后起诉（件）",
     "结果维持": "结果维持（件）", "总计": "总计（件）"},
])
def test_table_four_with_its_groups_written_otherwise(tmp_path, relabelling):
    values = consistent_values(26)
    path = tmp_path / "2021.xlsx"
    build(path, values)
    relabel(path, relabelling)
    unit, findings = read(path)
    assert findings == []
    assert_values(unit, values)


# -- money in its unit --------------------------------------------------------------------------


def _fee(tmp_path, header: str | None, cell):
    values = consistent_values(27)
    values[("active", "fees", "amount")] = cell
    path = tmp_path / "2021.xlsx"
    cells = build(path, values)
    if header:
        relabel(path, {"本年收费金额（单位：万元）": header})
    return path, cells


@pytest.mark.parametrize("header, cell, expected, code", [
    ("本年收费金额（单位：元）", 188710, Decimal("18.871"), "W108"),
    ("本年收费金额（元）", 188710, Decimal("18.871"), "W108"),
    (None, "188710元", Decimal("18.871"), "W108"),
    (None, "0.35万元", Decimal("0.35"), None),
    (None, 12.5, Decimal("12.5"), None),  # no unit anywhere: as the header says, 万元
    ("本年收费金额（单位：元）", "1.005", None, "E103"),  # finer than a fen
])
def test_the_fee_is_read_in_its_unit(tmp_path, header, cell, expected, code):
    path, cells = _fee(tmp_path, header, cell)
    unit, findings = read(path)
    k = ("active", "fees", "amount")
    assert unit.values[k] == expected
    at = cells[k].split("!")[1]
    assert [c for c, where in findings if where == at] == ([code] if code else [])


def test_a_fee_in_yuan_adds_up_exactly_in_wanyuan(tmp_path):
    from disclosure_cli.pipeline.compiling import compile_units

    paths = []
    for i, yuan in enumerate((188710, 1, 99999)):
        values = consistent_values(30 + i)
        values[("active", "fees", "amount")] = f"{yuan}元"
        p = tmp_path / f"d{i}-2021.xlsx"
        build(p, values, unit=f"局{i}")
        paths.append(p)
    comp = compile_units(paths)
    assert comp.totals[("active", "fees", "amount")] == Decimal("28.871")


# -- numbers as clerks write them ---------------------------------------------------------------


@pytest.mark.parametrize("written, number", [("〇", 0), ("零", 0), ("十二", 12)])
def test_chinese_numerals_are_read_with_the_text_number_warning(tmp_path, written, number):
    values = consistent_values(28)
    k = ("active", "licensing", "decisions")
    values[k] = written
    path = tmp_path / "2021.xlsx"
    cells = build(path, values)
    unit, findings = read(path)
    assert unit.values[k] == number
    assert findings == [("W102", cells[k].split("!")[1])]


# -- subtotals by position ----------------------------------------------------------------------


def _with_group_totals(word: str, total_label: str):
    """Table 三 as home-made templates write it: a heading row per group, its sub-rows, then a subtotal row
    labelled `word` (合计/小计); the results total labelled `total_label`."""
    rows: list[tuple[tuple[str, ...], str | None]] = []
    current = None
    for row in APP.rows:
        if row.group != current:
            if current is not None:
                rows.append((("", word), current))
            if row.group:
                rows.append(((APP.group(row.group).label,), None))
            current = row.group
        if row.total:
            rows.append(((total_label,), row.id))
        else:
            rows.append((("", row.label) if row.group else (row.label,), row.id))
    return rows


@pytest.mark.parametrize("word, total_label", [("合计", "（七）总计"), ("小计", "（七）总计"), ("合计", "合计")])
def test_group_subtotals_written_as_heji_are_subtotals(tmp_path, word, total_label):
    base = consistent_values(29)
    values = dict(base)
    for g in APP.groups:
        for col in COLS:
            values[("applications", g.id, col)] = sum(base[("applications", m, col)] for m in APP.group_rows(g.id))
    path = tmp_path / "2021.xlsx"
    _with_other_tables(path, values, lambda ws: _applications_sheet(ws, values, COLS, _with_group_totals(word, total_label)))
    unit, findings = read(path)
    assert findings == []
    assert unit.subtotal_groups == {g.id for g in APP.groups}
    assert_values(unit, base)
    assert unit.values[("applications", "withheld", "total")] == values[("applications", "withheld", "total")]


def test_a_wrong_group_subtotal_is_found(tmp_path):
    base = consistent_values(31)
    values = dict(base)
    for g in APP.groups:
        for col in COLS:
            values[("applications", g.id, col)] = sum(base[("applications", m, col)] for m in APP.group_rows(g.id))
    values[("applications", "unavailable", "natural_person")] += 1
    path = tmp_path / "2021.xlsx"
    _with_other_tables(path, values, lambda ws: _applications_sheet(ws, values, COLS, _with_group_totals("合计", "（七）总计")))
    unit, findings = read(path)
    assert codes(findings) == ["E201", "E202"]


# -- wrong form, empty report --------------------------------------------------------------------


def test_the_wrong_form_for_the_year_is_e005_alone(tmp_path):
    from years_builders import values_2019

    path = tmp_path / "2021.xlsx"
    build(path, values_2019(5), fmt=FORMAT_2019, year=2021)
    unit, findings = read(path)
    assert codes(findings) == ["E005"]
    assert unit.values == {}


def test_an_unfilled_template_is_not_a_clean_report(tmp_path):
    from click.testing import CliRunner

    from disclosure_cli.cli import cli

    runner = CliRunner()
    out = tmp_path / "2024.xlsx"
    assert runner.invoke(cli, ["template", "-o", str(out), "--year", "2024", "--unit", "某局"]).exit_code == 0
    r = runner.invoke(cli, ["compile", str(out), "--lang", "en"])
    assert r.exit_code == 1 and "E007" in r.output and "W101" not in r.output
    assert "none of its 200 cells holds a number" in r.output


# -- web pages pasted without their spans, documents, text ---------------------------------------


def test_a_web_table_that_lost_its_spans_is_read_in_order_with_a_warning(tmp_path):
    values = consistent_values(32)
    path = tmp_path / "2021.html"
    path.write_bytes(html_report(official_tables(values), title="某局2021年政府信息公开工作年度报告", lost_spans=True))
    result = check([path])
    (unit,) = result.units
    assert_values(unit, values)
    assert [f.code for f in result.findings] == ["W109", "W109"]
    assert unit.name == "某局" and unit.year == 2021


@pytest.mark.parametrize("kind", ["docx", "html", "txt", "gbk.txt"])
def test_documents_read_like_workbooks(tmp_path, kind):
    values = consistent_values(33)
    tables = official_tables(values)
    title = "某市交通运输局2021年政府信息公开工作年度报告"
    data = {"docx": lambda: docx_report(tables, title), "html": lambda: html_report(tables, title),
            "txt": lambda: text_report(tables, title), "gbk.txt": lambda: text_report(tables, title, encoding="gbk")}
    path = tmp_path / f"report.{kind}"
    path.write_bytes(data[kind]())
    result = check([path])
    (unit,) = result.units
    assert result.findings == []
    assert_values(unit, values)
    assert (unit.name, unit.year) == ("某市交通运输局", 2021)


def test_a_finding_in_a_word_table_names_the_table_row_and_column(tmp_path):
    values = consistent_values(34)
    values[("applications", "received", "total")] += 1
    path = tmp_path / "2021.docx"
    path.write_bytes(docx_report(official_tables(values), "某局2021年政府信息公开工作年度报告"))
    result = check([path])
    f = next(f for f in result.findings if f.code == "E201")
    assert (f.sheet, f.cell) == ("T2", "R4C10")
    assert f.place("zh") == "表格2 第4行第10列" and f.place("en") == "table 2, row 4, column 10"


def test_a_finding_in_a_text_file_names_its_line(tmp_path):
    values = consistent_values(35)
    values[("applications", "received", "total")] += 1
    path = tmp_path / "2021.txt"
    path.write_bytes(text_report(official_tables(values), "某局2021年政府信息公开工作年度报告"))
    result = check([path])
    f = next(f for f in result.findings if f.code == "E201")
    line = path.read_text("utf-8").splitlines().index(next(x for x in path.read_text("utf-8").splitlines()
                                                           if x.startswith("一、本年新收"))) + 1
    assert f.cell == f"L{line}C10" and f.place("zh") == f"行{line} 列10"


def test_a_mixed_folder(tmp_path):
    """Workbook, Word, web page and text side by side: all read; a picture named by a notice."""
    folder = tmp_path / "in"
    folder.mkdir()
    tables = lambda seed: official_tables(consistent_values(seed))  # noqa: E731
    build(folder / "a.xlsx", consistent_values(40), unit="甲局")
    (folder / "b.docx").write_bytes(docx_report(tables(41), "乙局2021年政府信息公开工作年度报告"))
    (folder / "c.html").write_bytes(html_report(tables(42), "丙局2021年政府信息公开工作年度报告", encoding="gbk"))
    (folder / "d.txt").write_bytes(text_report(tables(43), "丁局2021年政府信息公开工作年度报告", encoding="gb18030"))
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    from disclosure_cli import check as check_inputs

    result = check_inputs([folder])
    assert sorted(u.name for u in result.units) == ["丁局", "丙局", "乙局", "甲局"]
    assert [(f.code, f.source.rsplit("/", 1)[-1]) for f in result.findings] == [("N001", "photo.png")]
    assert not result.failed()


def test_a_broken_summary_says_why_in_the_chosen_language_only(tmp_path):
    path = tmp_path / "汇总.csv"
    path.write_text("table,row,column,value,unit,source\nsummary,format,,2021,,\nactive,x\n", encoding="utf-8-sig")
    result = check([path])
    (f,) = result.findings
    assert f.code == "E003"
    assert f.message("zh") == "无法作为工作簿读取：不是 disclosure compile 生成的汇总文件（第 3 行的列数不对）"
    assert f.message("en").endswith("(line 3 has the wrong number of fields)")
