"""Tests for the HTML reader: table model, encodings, hidden content, nesting limits."""

from __future__ import annotations

import time

import pytest

from disclosure_cli.inputs.book import Unreadable
from disclosure_cli.inputs.document import Paragraph, TableBlock
from disclosure_cli.inputs.web import read_html


def page(body: str, head: str = "") -> bytes:
    return f"<html><head>{head}</head><body>{body}</body></html>".encode()


def reason(data: bytes) -> str:
    with pytest.raises(Unreadable) as caught:
        read_html(data)
    return caught.value.reason


def only_table(data: bytes) -> TableBlock:
    (table,) = read_html(data).tables
    return table


def test_rowspan_colspan_expansion_cell_by_cell() -> None:
    html = page(
        "<table>"
        '<tr><th rowspan="2">项目</th><th colspan="3">申请人情况</th><th rowspan="99">备注</th></tr>'
        '<tr><td>自然人</td><td colspan="0">法人</td><td colspan="abc">其他</td></tr>'
        '<tr><td colspan="2px">新收</td><td rowspan="0">三</td><td>四</td></tr>'
        '<tr><td colspan="99999">总计</td></tr>'
        "</table>"
    )
    table = only_table(html)
    assert table.grid == [
        ["项目", "申请人情况", "", "", "备注"],
        ["", "自然人", "法人", "其他", ""],
        ["新收", "", "三", "四", ""],
        ["总计", "", "", "", ""],
    ]
    assert table.merges == [
        ((0, 0), (1, 0)),  # rowspan 2
        ((0, 1), (0, 3)),  # colspan 3
        ((0, 4), (3, 4)),  # rowspan 99 clamped to the table's 4 rows
        ((2, 0), (2, 1)),  # "2px" parses as 2, like browsers
        ((2, 2), (3, 2)),  # rowspan 0 runs to the last row
        # colspan 99999 stops where the rowspan-0 cell already holds (3, 2)
        ((3, 0), (3, 1)),
    ]
    assert table.number == 1 and table.lines is None


def test_overlong_colspan_does_not_widen_the_table() -> None:
    table = only_table(
        page('<table><tr><td>a</td><td>b</td></tr><tr><td colspan="99999">c</td></tr></table>')
    )
    assert table.grid == [["a", "b"], ["c", ""]]
    assert table.merges == [((1, 0), (1, 1))]


def test_implied_end_tags_make_proper_rows() -> None:
    # Unclosed <td>/<tr>/<p>, as old CMS pages write them; html.parser would nest them.
    table = only_table(b"<table><tr><td>a<td>b<tr><td>c<td>d</table><p>x<p>y")
    assert table.grid == [["a", "b"], ["c", "d"]]


def test_thead_tbody_tfoot_in_rendering_order() -> None:
    table = only_table(
        page(
            "<table><tfoot><tr><td>合计</td></tr></tfoot><tbody><tr><td>数据</td></tr></tbody>"
            "<thead><tr><th>表头</th></tr></thead><tr><td>尾行</td></tr></table>"
        )
    )
    assert table.grid == [["表头"], ["数据"], ["尾行"], ["合计"]]


def test_cell_text_breaks_blocks_and_spaces() -> None:
    table = only_table(
        page(
            "<table><tr><td>  第一行<br>第二\n\t 行<p>段落</p><div><div>块</div></div></td>"
            "<td>&nbsp;0&#12288;件 </td><td><br><br>x<br></td></tr></table>"
        )
    )
    assert table.grid == [["第一行\n第二 行\n段落\n块", "\xa00\u3000件", "x"]]


def test_paragraphs_headings_title_and_order() -> None:
    result = read_html(
        page(
            "<h1>政府信息公开年报</h1><p>正文  第一段<br>换行</p>"
            "<div>引言<div>内层</div>尾巴</div>"
            "<table><caption>表一</caption><tr><td>x</td></tr></table>"
            "<ul><li>条目一</li><li>条目二</li></ul><h3>小结</h3>游离文字",
            head="<title>\n  济宁市 年报 </title><meta charset='utf-8'>",
        )
    )
    assert result.kind == "html"
    assert result.title == "济宁市 年报"
    assert result.encoding == "utf-8"
    assert result.blocks == [
        Paragraph(index=0, text="政府信息公开年报", style="h1"),
        Paragraph(index=1, text="正文 第一段\n换行"),
        Paragraph(index=2, text="引言"),
        Paragraph(index=3, text="内层"),
        Paragraph(index=4, text="尾巴"),
        Paragraph(index=5, text="表一"),
        TableBlock(index=6, number=1, grid=[["x"]], merges=[]),
        Paragraph(index=7, text="条目一"),
        Paragraph(index=8, text="条目二"),
        Paragraph(index=9, text="小结", style="h3"),
        Paragraph(index=10, text="游离文字"),
    ]


def test_script_style_comments_and_hidden_content_are_ignored() -> None:
    result = read_html(
        page(
            "<script>document.write('<table><tr><td>脚本</td></tr></table>')</script>"
            "<style>p { color: red }</style><noscript>请启用脚本</noscript>"
            "<template><p>模板</p></template><!-- 注释 -->"
            '<p style="color:red; DISPLAY : None !important">隐藏一</p>'
            "<div hidden><table><tr><td>隐藏表</td></tr></table></div>"
            '<p style="display:block">可见</p>'
            '<table><tr><td>显示<span style="display:none">隐藏二</span></td></tr></table>',
            head="<script>var x = '<p>头部脚本</p>';</script>",
        )
    )
    assert [b.text for b in result.paragraphs] == ["可见"]
    assert [t.grid for t in result.tables] == [[["显示"]]]


def test_nested_tables_are_separate_blocks() -> None:
    result = read_html(
        page(
            "<table><tr><td>外一<table><caption>内表</caption><tr><td>内</td><td>表</td></tr></table>外一尾</td>"
            "<td>外二</td></tr></table><p>后</p>"
        )
    )
    outer, inner = result.tables
    assert outer.grid == [["外一\n内表\n外一尾", "外二"]]
    assert inner.grid == [["内", "表"]]
    assert (outer.number, inner.number) == (1, 2)
    assert [type(b).__name__ for b in result.blocks] == ["TableBlock", "TableBlock", "Paragraph"]


def test_gbk_page_with_meta_charset() -> None:
    html = '<html><head><meta charset="gbk"><title>年度报告</title></head><body><p>主动公开政府信息情况</p></body></html>'
    result = read_html(html.encode("gbk"))
    assert result.encoding == "gb18030"
    assert result.title == "年度报告"
    assert [b.text for b in result.paragraphs] == ["主动公开政府信息情况"]


def test_gbk_page_with_http_equiv_gb2312() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    result = read_html(page("<p>行政复议</p>", head=head).decode().encode("gbk"))
    assert result.encoding == "gb18030"
    assert result.paragraphs[0].text == "行政复议"


def test_gbk_page_without_declaration() -> None:
    result = read_html(page("<p>收到和处理政府信息公开申请情况</p>").decode().encode("gbk"))
    assert result.encoding == "gb18030"
    assert result.paragraphs[0].text == "收到和处理政府信息公开申请情况"


def test_utf8_page_wrongly_declared_gb2312() -> None:
    result = read_html(page("<p>中文</p>", head='<meta charset="gb2312">'))
    assert result.encoding == "utf-8"
    assert result.paragraphs[0].text == "中文"


def test_declared_charset_is_used_when_it_fits() -> None:
    result = read_html(
        page("<p>繁體中文報告</p>", head='<meta charset="big5">').decode().encode("big5")
    )
    assert result.encoding == "big5"
    assert result.paragraphs[0].text == "繁體中文報告"


def test_declared_charset_that_fails_falls_back_to_sniffing() -> None:
    result = read_html(
        page("<p>政府信息公开</p>", head='<meta charset="shift_jis">').decode().encode("gbk")
    )
    assert result.encoding == "gb18030"
    assert result.paragraphs[0].text == "政府信息公开"


def test_meta_in_comment_and_untrusted_labels_are_ignored() -> None:
    for head in (
        "<!-- <meta charset=big5> -->",
        '<meta charset="utf-7">',
        '<meta charset="rot13">',
    ):
        result = read_html(page("<p>政府</p>", head=head).decode().encode("gbk"))
        assert result.encoding == "gb18030", head


def test_bom_wins() -> None:
    result = read_html(
        b"\xff\xfe" + page("<p>公开</p>", head='<meta charset="gbk">').decode().encode("utf-16-le")
    )
    assert result.encoding == "utf-16-le"
    assert result.paragraphs[0].text == "公开"


def test_undecodable_is_encoding() -> None:
    assert reason(b"<p>\xff\xff\xff</p>") == "encoding"


def test_empty() -> None:
    assert reason(b"") == "empty"
    assert reason(b" \n\t ") == "empty"


def test_no_network_and_no_entity_expansion() -> None:
    html = (
        b'<!DOCTYPE html [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<html><body><p>&b;</p><img src="http://127.0.0.1:9/x.png"><iframe src="http://127.0.0.1:9/"></iframe>'
        b'<link rel="stylesheet" href="http://127.0.0.1:9/s.css"></body></html>'
    )
    result = read_html(html)
    assert "AAAA" not in " ".join(b.text for b in result.paragraphs)


@pytest.mark.parametrize(
    "unit", ["<div>", "<table><tr><td>", "<span>", "<b><i>"], ids=["div", "table", "span", "b-i"]
)
def test_deep_nesting_is_too_deep_and_fast(unit: str) -> None:
    started = time.perf_counter()
    assert reason((unit * 100_000).encode()) == "too_deep"
    assert time.perf_counter() - started < 2


def test_moderate_nesting_is_fine() -> None:
    html = "<div>" * 150 + "深" + "</div>" * 150
    assert [b.text for b in read_html(html.encode()).paragraphs] == ["深"]


def test_many_unclosed_paragraphs_are_siblings_not_nesting() -> None:
    result = read_html(("<p>段" * 5000).encode())
    assert len(result.paragraphs) == 5000


def test_table_limits() -> None:
    rows = "<tr><td>1</td></tr>" * 2001
    assert reason(page(f"<table>{rows}</table>")) == "too_large"
    cells = "<td>1</td>" * 101
    assert reason(page(f"<table><tr>{cells}</tr></table>")) == "too_large"
    assert reason(page("<table><tr><td>1</td></tr></table>" * 501)) == "too_large"
    assert len(read_html(page("<table><tr><td>1</td></tr></table>" * 500)).tables) == 500


def test_tables_without_cells_are_dropped() -> None:
    result = read_html(
        page("<table></table><table><tr></tr></table><table><tr><td>有</td></tr></table>")
    )
    assert [(t.number, t.grid) for t in result.tables] == [(1, [["有"]])]


def test_too_large_input() -> None:
    assert reason(b" " * (32 * 1024 * 1024 + 1)) == "too_large"


def test_a_few_stray_bytes_are_replaced_not_fatal() -> None:
    # A CMS cut a title mid-character: half a GBK character before "</a>".
    good = "<p>" + "政府信息公开工作年度报告。" * 100 + "</p>"
    data = ('<meta charset="gbk">' + good).encode("gbk") + "<a>标题".encode("gbk") + b"\xb1</a>"
    result = read_html(data)
    assert result.encoding == "gb18030"
    assert result.paragraphs[0].text.startswith("政府信息公开工作年度报告。")
    assert result.paragraphs[-1].text == "标题\ufffd"
