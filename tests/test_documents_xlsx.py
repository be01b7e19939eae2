"""The written workbooks opened as a clerk's spreadsheet would: print setup, merges, fonts, widths and
heights, number formats, language under a C locale (summary, template, annotated copy)."""

from __future__ import annotations

import os
from decimal import Decimal

import openpyxl
import pytest
from builders import build, consistent_values
from click.testing import CliRunner

from disclosure_cli.base.refs import column_letters
from disclosure_cli.cli import cli
from disclosure_cli.formats.f2021 import FORMAT_2021
from disclosure_cli.render.annotate import ERROR_FILL, HEADER_ROW, RELATED_FILL, WARNING_FILL
from disclosure_cli.render.layout import plan_tables, print_columns, print_grid
from disclosure_cli.render.template import INFO_SHEET, INPUT_FILL, SHEET, TABLES_AT, TOTAL_FILL, write
from disclosure_cli.render.xlsx import TABLES_ORIGIN

C_LOCALE = {"LANG": "C", "LC_ALL": "C", "LC_MESSAGES": "C", "LANGUAGE": "", "DISCLOSURE_LANG": ""}


def invoke(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("docs")
    (root / "县").mkdir()
    values = []
    for i, name in enumerate(["甲局", "乙局"], start=1):
        v = consistent_values(30 + i)
        build(root / "县" / f"u{i}-2021.xlsx", v, unit=name)
        values.append(v)
    return root / "县", values


@pytest.fixture(scope="module")
def summary(folder, tmp_path_factory):
    """The summary written under a C locale without --lang: a cron job's."""
    src, values = folder
    out = tmp_path_factory.mktemp("out") / "汇总.xlsx"
    r = invoke("compile", os.path.abspath(src), "-o", out, "--name", "某县&某区", env=C_LOCALE)
    assert r.exit_code == 0, r.output
    return openpyxl.load_workbook(out), values


def _print_ready(ws, landscape=True):
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.page_setup.orientation == ("landscape" if landscape else "portrait")
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0)  # absent: 1, the default
    assert ws.page_margins.left == 0.5 and ws.page_margins.bottom > ws.page_margins.footer
    assert "&P" in ws.oddFooter.right.text and "&N" in ws.oddFooter.right.text


def test_summary_tables_print_one_table_a_page(summary):
    wb, values = summary
    ws = wb["统计表"]
    _print_ready(ws)
    assert ws.oddFooter.left.text.endswith("某县&&某区")  # the unit, its & escaped for the footer
    assert ws.oddFooter.right.text == "第 &P 页，共 &N 页"  # Chinese under LANG=C
    plan = plan_tables(FORMAT_2021, None, origin=TABLES_ORIGIN, columns=print_columns(FORMAT_2021))
    starts = [plan.extents[t][0] for t in ("applications", "reviews")]
    assert [b.id for b in ws.row_breaks.brk] == [s - 1 for s in starts]  # a break above tables 三 and 四
    n, labels = print_grid(FORMAT_2021)
    assert (n, labels) == (15, 8)
    assert ws.print_area == f"'统计表'!$A$1:${column_letters(n)}${plan.last_row}"
    # Per-table proportions on one grid: 二's label spans the label columns, 四 has 15 single cells.
    merged = {str(m) for m in ws.merged_cells.ranges}
    first = plan.extents["active"][0] + 2
    assert f"A{first}:H{first}" in merged  # 信息内容 over 8 grid columns
    grid = ws.column_dimensions["A"]  # one <col> element over the whole grid
    assert (grid.min, grid.max, round(grid.width, 2)) == (1, n, 9.71)  # 9 characters plus the cell padding


def test_summary_fonts_heights_and_formats(summary):
    wb, values = summary
    ws = wb["统计表"]
    fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
    assert fonts == {"宋体"}  # the 单位名称 row too; no Calibri anywhere
    assert ws["A2"].value == "单位名称" and ws["B2"].value == "某县&某区" and ws["J2"].value == 2021
    plan = plan_tables(FORMAT_2021, None, origin=TABLES_ORIGIN, columns=print_columns(FORMAT_2021))
    ref = plan.refs
    long_row = int(ref[("applications", "other_handling.fee_unpaid", "total")][1:].lstrip("ABCDEFGHIJKLMNO"))
    short_row = int(ref[("applications", "disclosed", "total")][1:].lstrip("ABCDEFGHIJKLMNO"))
    assert ws.row_dimensions[long_row].height > 1.8 * ws.row_dimensions[short_row].height  # two lines
    amount = ws[ref[("active", "fees", "amount")]]
    total = sum(v[("active", "fees", "amount")] for v in values)
    assert Decimal(str(amount.value)) == total
    places = -total.normalize().as_tuple().exponent
    assert amount.number_format == "0." + "0" * places  # the places the amount has, never General
    count = ws[ref[("applications", "received", "total")]]
    assert count.number_format == "0" and count.alignment.horizontal == "center"
    label = ws[f"A{plan.extents['applications'][0] + 4}"]  # 一、本年新收… stands left
    assert label.value.startswith("一、") and label.alignment.horizontal == "left" and label.alignment.wrap_text
    assert all(c.border.left.style == "thin" for p in plan.cells if p.role != "title"
               for c in [ws.cell(row=p.r, column=p.c)])


def test_units_and_findings_sheets_under_c_locale(summary):
    wb, values = summary
    units = wb["单位"]
    rows = list(units.iter_rows(values_only=True))
    assert rows[0][:4] == ("单位", "来源", "工作表", "状态")  # Chinese documents whatever the locale
    assert [r[1] for r in rows[1:3]] == [os.path.join("县", "u1-2021.xlsx"), os.path.join("县", "u2-2021.xlsx")]
    assert not any(str(r[1]).startswith("/") for r in rows[1:])  # relative, never the machine's path
    assert rows[-1][0] == "合计" and units.freeze_panes == "B2"
    assert units.print_title_rows == "$1:$1"
    _print_ready(units)
    assert units["A1"].font.b and units["A2"].border.left.style == "thin"
    findings = wb["问题清单"]
    assert [c.value for c in findings[1]] == ["代码", "级别", "单位", "位置", "表内位置", "说明"]
    assert findings["F2"].value == "未发现问题"


def test_template_print_setup_fonts_and_instructions(tmp_path):
    path = tmp_path / "t.xlsx"
    write(path, 2024, "某市交通运输局")
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    _print_ready(ws)
    assert ws.oddFooter.left.text.endswith("某市交通运输局")
    plan = plan_tables(FORMAT_2021, None, origin=TABLES_AT, columns=print_columns(FORMAT_2021))
    assert [b.id for b in ws.row_breaks.brk] == [plan.extents[t][0] - 1 for t in ("applications", "reviews")]
    assert "B2:H2" in {str(m) for m in ws.merged_cells.ranges}  # room for a long unit name
    fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
    assert fonts == {"宋体"}
    fee = ws[plan.refs[("active", "fees", "amount")]]
    assert fee.number_format == "0.00##" and fee.fill.fgColor.rgb.endswith(INPUT_FILL)
    total = ws[plan.refs[("applications", "received", "total")]]
    assert total.fill.fgColor.rgb.endswith(TOTAL_FILL) and total.value.startswith("=SUM(")
    assert ws.row_dimensions[4].height >= 2 * 13.5  # the legend wraps: two lines at least
    info = wb[INFO_SHEET]
    _print_ready(info, landscape=False)
    a, c = info.column_dimensions["A"], info.column_dimensions["C"]
    assert (a.min, a.max, round(a.width, 2), round(c.width, 2)) == (1, 2, 8.71, 84.71)
    assert info.print_title_rows and all(info.row_dimensions[r].height for r in range(2, 8))


def test_annotated_copy_colours_legend_order_and_print(tmp_path, workbook):
    src, cells = workbook
    from builders import edit

    k_err, k_warn = ("active", "penalty", "decisions"), ("applications", "disclosed", "natural_person")
    edit(src, {cells[k_err]: -5, cells[k_warn]: "/"})
    out = tmp_path / "a.xlsx"
    r = invoke("check", src, "--annotate", out, env=C_LOCALE)
    assert r.exit_code == 1 and out.exists()
    assert len({ERROR_FILL, WARNING_FILL, RELATED_FILL, INPUT_FILL, TOTAL_FILL}) == 5
    wb = openpyxl.load_workbook(out)
    ws = wb["错误清单"]  # Chinese under LANG=C
    assert ws["A1"].value.startswith("错误 ") and "警告" in ws["A1"].value
    legend = {ws.cell(row=2, column=c).value: ws.cell(row=2, column=c).fill.fgColor.rgb[-6:] for c in (3, 5, 8)}
    assert legend == {"错误所在单元格": ERROR_FILL, "警告所在单元格": WARNING_FILL, "参与核对的相关单元格": RELATED_FILL}
    levels = [ws.cell(row=r, column=3).value for r in range(HEADER_ROW + 1, ws.max_row + 1)
              if ws.cell(row=r, column=3).value]
    assert levels == sorted(levels, key=lambda s: s != "错误") and levels[0] == "错误" and "警告" in levels
    assert ws.cell(row=HEADER_ROW + 1, column=9).border.left.style == "thin"
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    _print_ready(ws)


@pytest.mark.parametrize("columns", ["100", "60", "30"])
def test_terminal_tables_fit_the_width_and_speak_the_official_headings(workbook, columns):
    from wcwidth import wcswidth

    src, _ = workbook
    r = CliRunner().invoke(cli, ["compile", str(src)], env={**C_LOCALE, "COLUMNS": columns})
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert max(wcswidth(line) for line in lines) <= int(columns)
    assert "Article" not in r.stdout and "Item" not in r.stdout
    assert "第二十条第（一）项" in r.stdout and ("信息内容" in r.stdout or columns == "30")


def test_a_data_sheet_streams_its_rows_and_reads_back_as_written(tmp_path):
    """The 单位 and 问题清单 sheets go to a temporary file row by row (a summary of 50,000 units held
    every cell in memory): no row is kept once the next is written, the spool is gone once the book is,
    and what comes back is every value, look, height and width the sheet was given."""
    import glob
    import tempfile

    from disclosure_cli.render.xlsx import COUNT, NUMBER, TEXT, WRAP, Grid, grid_sheet
    from disclosure_cli.render.xlsxbook import LINE, PAD, Book

    long = "一段很长的说明文字，" * 12  # wraps over several lines of its 26-character column
    rows = [[f"单位{i}", long if i % 3 == 0 else "短", i, Decimal("1.25") if i % 2 else None] for i in range(600)]
    rows.append(["合计", "", 179700, Decimal("375.00")])
    spools = set(glob.glob(os.path.join(tempfile.gettempdir(), "disclosure-xlsx-*")))
    with Book(streaming=True) as book:
        grid_sheet(book, Grid("单位", ["单位", "说明", "件数", "金额"], rows, [TEXT, WRAP, COUNT, NUMBER], total_rows=1),
                   "&L甲&R第 &P 页")
        ws = book.wb.worksheets()[0]
        assert len(ws.table) <= 1  # only the row being written is held
        data = book.bytes()
    assert set(glob.glob(os.path.join(tempfile.gettempdir(), "disclosure-xlsx-*"))) == spools
    path = tmp_path / "s.xlsx"
    path.write_bytes(data)
    got = openpyxl.load_workbook(path)["单位"]
    assert [c.value for c in got[1]] == ["单位", "说明", "件数", "金额"]
    assert got.max_row == 602 and got["A601"].value == "单位599" and got["C602"].value == 179700
    assert got["D3"].value == 1.25 and got["D2"].value is None and got["D3"].number_format == "0.00"
    assert got["A602"].font.b and not got["A601"].font.b
    assert got.freeze_panes == "B2" and got.auto_filter.ref == "A1:D602"
    assert got.row_dimensions[2].height > LINE + PAD  # a wrapped text's row is as tall as its lines
    assert got.row_dimensions[3].height == LINE + PAD  # a row of short texts: one line
    assert got.row_dimensions[2].height == got.row_dimensions[599].height  # rows 1 and 598 hold the same text


def test_a_book_that_fails_while_written_leaves_no_spool_behind():
    import glob
    import tempfile

    from disclosure_cli.render.xlsxbook import Book

    before = set(glob.glob(os.path.join(tempfile.gettempdir(), "disclosure-xlsx-*")))
    with pytest.raises(RuntimeError), Book(streaming=True) as book:
        book.streamed_sheet("单位").write_string(0, 0, "甲")
        assert set(glob.glob(os.path.join(tempfile.gettempdir(), "disclosure-xlsx-*"))) != before
        raise RuntimeError("a renderer's bug")
    assert set(glob.glob(os.path.join(tempfile.gettempdir(), "disclosure-xlsx-*"))) == before
    with pytest.raises(ValueError):
        Book().streamed_sheet("单位")  # a book made in memory has no streamed sheets


def test_a_streaming_book_sweeps_the_temporary_folders_killed_runs_left(tmp_path, monkeypatch):
    """A run killed while writing a summary leaves its folder of temporary files behind: the next streaming
    book removes those older than six hours (no live run is that old), never a recent one or anything else."""
    import tempfile
    import time

    from disclosure_cli.render.xlsxbook import Book

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    stale, recent, other = tmp_path / "disclosure-xlsx-killed", tmp_path / "disclosure-xlsx-live", tmp_path / "mine"
    for folder in (stale, recent, other):
        folder.mkdir()
        (folder / "rows.xml").write_text("<row/>")
    long_ago = time.time() - 7 * 3600
    for folder in (stale, other):
        os.utime(folder, (long_ago, long_ago))
    with Book(streaming=True) as book:
        book.streamed_sheet("单位").write_string(0, 0, "甲")
        ours = [p for p in tmp_path.iterdir() if p.name.startswith("disclosure-xlsx-") and p not in (stale, recent)]
        assert len(ours) == 1
        book.bytes()
    assert not stale.exists() and recent.exists() and other.exists() and not ours[0].exists()
