"""The Word documents opened with python-docx: page, merges, East Asian fonts, the statements' numbers
against the tables, byte-identical reruns; start-up imports none of the writers (tests/test_startup.py)."""

from __future__ import annotations

import re
import zipfile

import docx
import pytest
from builders import build, consistent_values
from click.testing import CliRunner
from docx.oxml.ns import qn
from years_builders import values_2019

from disclosure_cli.cli import cli
from disclosure_cli.formats.f2019 import FORMAT_2019
from disclosure_cli.formats.f2021 import FORMAT_2021
from disclosure_cli.render import statements

C_LOCALE = {"LANG": "C", "LC_ALL": "C", "LC_MESSAGES": "C", "LANGUAGE": "", "DISCLOSURE_LANG": ""}


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], env=C_LOCALE)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("in")
    values = [consistent_values(40), consistent_values(41)]
    for i, v in enumerate(values):
        build(root / f"u{i}-2021.xlsx", v, unit=f"单位{i}")
    last = root / "last"
    last.mkdir()
    # Last year's report in its own format (2020: the 2019 trial format).
    build(last / "u0-2020.xlsx", values_2019(42), unit="单位0", year=2020, fmt=FORMAT_2019)
    return root, values


def east_asia(run) -> str | None:
    fonts = run._element.rPr.rFonts
    return fonts.get(qn("w:eastAsia")), fonts.get(qn("w:ascii"))


def cell_text(t, r, c) -> str:
    return t.cell(r, c).text.strip()


def test_compile_docx_tables_in_the_official_layout(tmp_path, inputs):
    root, values = inputs
    out = tmp_path / "统计表.docx"
    assert invoke("compile", root / "u0-2021.xlsx", "-o", out).exit_code == 0
    d = docx.Document(out)
    section = d.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    assert [round(x.mm) for x in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    active, apps, reviews = d.tables
    assert len(d.tables) == 3 and len(apps.columns) == 10 and len(reviews.columns) == 15
    # Merged headings: the corner note covers 3 rows x 3 columns; 行政诉讼 spans 10 columns.
    assert apps.cell(0, 0)._tc is apps.cell(2, 2)._tc and "勾稽关系" in cell_text(apps, 0, 0)
    assert reviews.cell(0, 5)._tc is reviews.cell(0, 14)._tc and cell_text(reviews, 0, 5) == "行政诉讼"
    v = values[0]
    assert cell_text(apps, 3, 9) == str(v[("applications", "received", "total")])
    assert cell_text(reviews, 3, 4) == str(v[("reviews", "review", "total")])
    runs = [r for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert runs and {east_asia(r) for r in runs} == {("宋体", "Times New Roman")}  # w:eastAsia set
    assert apps.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # header rows repeat
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in apps.rows)
    assert apps._tbl.tblPr.find(qn("w:tblStyle")).get(qn("w:val")) == "TableGrid"  # every border
    widths = [round(c.width.mm) for c in apps.columns]
    assert widths[:3] == [9, 17, 44] and round(sum(c.width.mm for c in apps.columns)) == 156
    font_table = zipfile.ZipFile(out).read("word/fontTable.xml").decode()
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in font_table


def test_rollup_docx_adds_units_and_findings(tmp_path, inputs):
    root, values = inputs
    out = tmp_path / "汇总.docx"
    assert invoke("compile", root / "u0-2021.xlsx", root / "u1-2021.xlsx", "-o", out).exit_code == 0
    d = docx.Document(out)
    assert len(d.tables) == 4 and len(d.sections) == 2  # the units' figures on a landscape page
    assert round(d.sections[1].page_width.mm) == 297
    units = d.tables[3]
    assert [cell_text(units, r, 0) for r in (1, 2, 3)] == ["单位0", "单位1", "合计"]
    total = sum(v[("applications", "received", "total")] for v in values)
    assert cell_text(units, 3, 2) == str(total)
    assert any(p.text == "未发现问题" for p in d.paragraphs)


def _statement(d, start: str) -> str:
    return next(p.text for p in d.paragraphs if p.text.startswith(start))


def test_report_structure_fonts_and_statements(tmp_path, inputs):
    root, values = inputs
    out = tmp_path / "2021年报.docx"
    r = invoke("report", root / "u0-2021.xlsx", "--previous", root / "last" / "u0-2020.xlsx", "-o", out)
    assert r.exit_code == 0, r.output
    d = docx.Document(out)
    v = values[0]
    title = d.paragraphs[0]
    assert title.text == "单位02021年政府信息公开工作年度报告"
    assert east_asia(title.runs[0])[0] == "方正小标宋简体" and title.runs[0].font.size.pt == 22
    heads = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert heads == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                     "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert [p.text for p in d.paragraphs if p.style.name == "Heading 2"][:2] == ["（一）主动公开", "（二）依申请公开"]
    h1 = next(p for p in d.paragraphs if p.style.name == "Heading 1")
    assert east_asia(h1.runs[0])[0] == "黑体"
    body = _statement(d, "本报告由")
    assert "（国办公开办函〔2021〕30号）" in body and "2021年1月1日" in body
    normal = d.styles["Normal"].element.rPr
    assert normal.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and normal.sz.get(qn("w:val")) == "32"  # 三号
    fills = [p for p in d.paragraphs if p.text.startswith("【请填写")]
    assert len(fills) >= 7 and all(r.font.highlight_color is not None for p in fills for r in p.runs)
    # The sentence's numbers are the table's cells and the format's group sums.
    apps = d.tables[1]
    said = _statement(d, "本年度共新收政府信息公开申请")
    got = re.match(r"本年度共新收政府信息公开申请(\d+)件，上年结转(\d+)件", said).groups()
    assert got == (cell_text(apps, 3, 9), cell_text(apps, 4, 9))
    assert got == (str(v[("applications", "received", "total")]), str(v[("applications", "carried_in", "total")]))
    for fig in statements.results(FORMAT_2021, v):
        assert f"{fig.label}{fig.value}件" in said
        assert fig.value == sum(v[k] for k in fig.cells)
    assert f"结转下年度继续办理{v[('applications', 'carried_out', 'total')]}件" in said
    before = values_2019(42)[("applications", "received", "total")]
    now = v[("applications", "received", "total")]
    word = "增加" if now > before else "减少" if now < before else "持平"
    assert f"新收申请比上年{word}{abs(now - before)}件（上年{before}件）" in said or word == "持平"
    reviews = _statement(d, "行政复议")
    assert f"行政复议{v[('reviews', 'review', 'total')]}件" in reviews
    active = _statement(d, "本年度规章")
    assert f"行政规范性文件制发{v[('active', 'normative_documents', 'issued')]}件" in active


def test_report_charts_and_rollup_annex(tmp_path, inputs):
    root, values = inputs
    out = tmp_path / "年报.docx"
    r = invoke("report", root / "u0-2021.xlsx", root / "u1-2021.xlsx", "--charts", "-o", out, "--name", "某县")
    assert r.exit_code == 0, r.output
    d = docx.Document(out)
    assert len(d.inline_shapes) == 1  # how applications were handled (no last year: no comparison chart)
    assert any(p.text.startswith("本报告数据由2个单位") for p in d.paragraphs)
    assert d.tables[-1].cell(3, 0).text == "合计" and len(d.sections) == 2
    again = tmp_path / "again.docx"
    invoke("report", root / "u0-2021.xlsx", root / "u1-2021.xlsx", "--charts", "-o", again, "--name", "某县")
    assert again.read_bytes() == out.read_bytes()  # charts included


def test_docx_reruns_are_byte_identical_and_dated_fixed(tmp_path, inputs):
    root, _ = inputs
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    for out in (a, b):
        assert invoke("compile", root / "u0-2021.xlsx", root / "u1-2021.xlsx", "-o", out, "--name", "县").exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    core = zipfile.ZipFile(a).read("docProps/core.xml").decode()
    assert "1980-01-01T00:00:00Z" in core and "python-docx" not in core


def test_report_needs_a_docx_output(tmp_path, inputs):
    root, _ = inputs
    r = invoke("report", root / "u0-2021.xlsx", "-o", tmp_path / "x.xlsx", "--lang", "en")
    assert r.exit_code == 2 and ".docx" in r.output


def test_a_table_of_many_units_lists_its_rows_once(monkeypatch):
    """python-docx's Table.rows[i] lists every row of the table on each call: a per-unit table of 10,000
    units took 272 s. The table is written without it, and holds every row as given."""
    import docx.table

    from disclosure_cli.render.docxkit import grid_table

    looked_up = []
    original = docx.table._Rows.__getitem__
    monkeypatch.setattr(docx.table._Rows, "__getitem__", lambda self, i: looked_up.append(i) or original(self, i))
    doc = docx.Document()
    rows = [[f"单位{i}", i, i * 2] for i in range(300)]
    t = grid_table(doc, ["单位", "新收", "办结"], rows, [40, 20, 20])
    assert looked_up == []
    assert len(t.rows) == 301 and [c.text for c in list(t.rows)[-1].cells] == ["单位299", "299", "598"]
