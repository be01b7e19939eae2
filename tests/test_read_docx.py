"""Tests for the .docx reader: body order, merged cells, nesting, and hostile zips."""

from __future__ import annotations

import io
import os
import time
import zipfile

import docx
import pytest
from doc_builders import (
    W_NS,
    base_docx,
    docx_with_body,
    p,
    patch_entry,
    replace_parts,
    save,
    tbl,
    tc,
    tr,
    zip_of,
)
from docx.enum.text import WD_BREAK
from docx.oxml.parser import parse_xml
from lxml import etree

from disclosure_cli.inputs.book import Unreadable
from disclosure_cli.inputs.doclimits import MAX_TABLES
from disclosure_cli.inputs.document import Paragraph, TableBlock
from disclosure_cli.inputs.word import read_docx


def reason(data: bytes) -> str:
    with pytest.raises(Unreadable) as caught:
        read_docx(data)
    return caught.value.reason


def test_body_order_headings_and_core_title() -> None:
    document = docx.Document()
    document.core_properties.title = "济宁市工信局 2021 年报"
    document.add_paragraph("年度报告", style="Title")
    document.add_heading("一、总体情况", level=1)
    document.add_paragraph("正文")
    document.add_table(rows=1, cols=2).cell(0, 0).text = "表一"
    document.add_paragraph("")  # empty paragraphs are not blocks
    document.add_heading("（一）主动公开情况", level=2)
    document.add_table(rows=1, cols=1).cell(0, 0).text = "表二"
    document.add_paragraph("结尾")

    result = read_docx(save(document))

    assert result.kind == "docx"
    assert result.title == "济宁市工信局 2021 年报"
    assert result.encoding is None
    assert [b.index for b in result.blocks] == list(range(7))
    kinds = [(type(b).__name__, getattr(b, "style", None)) for b in result.blocks]
    assert kinds == [
        ("Paragraph", "title"),
        ("Paragraph", "h1"),
        ("Paragraph", None),
        ("TableBlock", None),
        ("Paragraph", "h2"),
        ("TableBlock", None),
        ("Paragraph", None),
    ]
    assert [b.text for b in result.paragraphs] == [
        "年度报告",
        "一、总体情况",
        "正文",
        "（一）主动公开情况",
        "结尾",
    ]
    assert [(t.number, t.grid) for t in result.tables] == [(1, [["表一", ""]]), (2, [["表二"]])]
    assert all(b.line is None for b in result.paragraphs)


def test_merges_built_with_python_docx() -> None:
    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    for r in range(4):
        for c in range(3):
            table.cell(r, c).text = f"{r}{c}"
    table.cell(0, 0).merge(table.cell(0, 2))  # horizontal: gridSpan 3
    table.cell(1, 0).merge(table.cell(3, 0))  # vertical: vMerge restart + 2 continues
    table.cell(1, 1).merge(table.cell(2, 2))  # both ways: 2x2

    (block,) = read_docx(save(document)).tables

    # python-docx's merge moves the covered cells' paragraphs into the top-left one.
    assert block.grid == [
        ["00\n01\n02", "", ""],
        ["10\n20\n30", "11\n12\n21\n22", ""],
        ["", "", ""],
        ["", "31", "32"],
    ]
    assert block.merges == [((0, 0), (0, 2)), ((1, 0), (3, 0)), ((1, 1), (2, 2))]
    assert block.number == 1 and block.lines is None


def test_merges_from_raw_xml_with_grid_before_and_after() -> None:
    body = tbl(
        tr(tc("项目", vmerge="restart"), tc("本年", span=2), tc("备注")),
        tr(tc(vmerge="continue"), tc("新收"), tc("结转"), tc("x", vmerge="restart")),
        tr(tc("b"), tc("c"), before=1, after=1),  # a continue is broken by gridBefore
        tr(tc("总计", span=3), tc(vmerge="continue")),  # continue without a cell above
        cols=4,
    )
    (block,) = read_docx(docx_with_body(body)).tables

    assert block.grid == [
        ["项目", "本年", "", "备注"],
        ["", "新收", "结转", "x"],
        ["", "b", "c", ""],
        ["总计", "", "", ""],
    ]
    assert block.merges == [((0, 0), (1, 0)), ((0, 1), (0, 2)), ((3, 0), (3, 2))]


def test_row_wider_than_tbl_grid_widens_the_grid() -> None:
    body = tbl(tr(tc("a"), tc("b"), tc("c")), tr(tc("d")), cols=2)
    (block,) = read_docx(docx_with_body(body)).tables
    assert block.grid == [["a", "b", "c"], ["d", "", ""]]


def test_tbl_grid_wider_than_rows_pads_them() -> None:
    (block,) = read_docx(docx_with_body(tbl(tr(tc("a")), cols=3))).tables
    assert block.grid == [["a", "", ""]]


def test_nested_table_is_its_own_block_after_its_parent() -> None:
    inner = tbl(tr(tc("内1"), tc("内2")), cols=2)
    deeper = tbl(tr(tc("最内")), cols=1)
    body = (
        p("前")
        + tbl(
            tr(tc("外A"), tc(p("外B上") + inner + p("外B下"))),
            tr(tc(tbl(tr(tc(deeper)), cols=1)), tc("外D")),
            cols=2,
        )
        + p("后")
    )
    result = read_docx(docx_with_body(body))

    assert [type(b).__name__ for b in result.blocks] == [
        "Paragraph", "TableBlock", "TableBlock", "TableBlock", "TableBlock", "Paragraph"
    ]  # fmt: skip
    outer, first, second, innermost = result.tables
    assert outer.grid == [["外A", "外B上\n外B下"], ["", "外D"]]
    assert first.grid == [["内1", "内2"]]
    assert second.grid == [[""]]
    assert innermost.grid == [["最内"]]
    assert [t.number for t in result.tables] == [1, 2, 3, 4]
    assert [t.index for t in result.tables] == [1, 2, 3, 4]


def test_cell_text_paragraphs_breaks_and_tabs() -> None:
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "第一段"
    run = cell.add_paragraph().add_run("第二段")
    run.add_break()
    run.add_text("换行\t后")  # a literal tab inside w:t
    run.add_tab()  # a w:tab element
    run.add_text("制表")
    run.add_break(WD_BREAK.PAGE)
    run.add_text("分页")
    (block,) = read_docx(save(document)).tables
    assert block.grid == [["第一段\n第二段\n换行 后 制表\n分页"]]


def test_run_containers_and_deleted_text() -> None:
    body = (
        "<w:p>"
        '<w:hyperlink w:anchor="x"><w:r><w:t>链接</w:t></w:r></w:hyperlink>'
        "<w:ins><w:r><w:t>插入</w:t></w:r></w:ins>"
        "<w:del><w:r><w:delText>删除</w:delText></w:r></w:del>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        "<w:r><w:instrText> PAGE </w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>3</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "</w:p>"
        "<w:sdt><w:sdtPr/><w:sdtContent>" + p("控件内") + "</w:sdtContent></w:sdt>"
    )
    result = read_docx(docx_with_body(body))
    assert [b.text for b in result.paragraphs] == ["链接插入3", "控件内"]


def test_heading_from_outline_level_and_chinese_style_name() -> None:
    styles = (
        f'<w:styles xmlns:w="{W_NS}">'
        '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="标题 3"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="lvl"><w:name w:val="Custom"/>'
        '<w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="child"><w:name w:val="Child"/>'
        '<w:basedOn w:val="lvl"/></w:style>'
        "</w:styles>"
    ).encode()
    body = (
        p("三级", style="1")
        + p("继承大纲", style="child")
        + '<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>直接大纲</w:t></w:r></w:p>'
        + p("正文")
    )
    data = replace_parts(docx_with_body(body), {"word/styles.xml": styles})
    result = read_docx(data)
    assert [(b.text, b.style) for b in result.paragraphs] == [
        ("三级", "h3"),
        ("继承大纲", "h2"),
        ("直接大纲", "h1"),
        ("正文", None),
    ]


def test_no_core_properties_part_means_no_title() -> None:
    # python-docx would invent the title "Word Document" for a package without one.
    with zipfile.ZipFile(io.BytesIO(base_docx())) as archive:
        rels = archive.read("_rels/.rels")
    tree = etree.fromstring(rels)
    for rel in list(tree):
        if str(rel.get("Type", "")).endswith("/core-properties"):
            tree.remove(rel)
    data = replace_parts(
        base_docx(), {"_rels/.rels": etree.tostring(tree)}, drop=frozenset({"docProps/core.xml"})
    )
    assert read_docx(data).title is None


def test_empty_body_gives_no_blocks() -> None:
    assert read_docx(docx_with_body("")).blocks == []


# --- limits ---------------------------------------------------------------------------


def test_too_many_tables() -> None:
    one = tbl(tr(tc("x")), cols=1)
    with pytest.raises(Unreadable) as caught:
        read_docx(docx_with_body(one * (MAX_TABLES + 1)))
    assert caught.value.reason == "too_large"
    assert "500 tables" in str(caught.value.params["detail"])
    assert len(read_docx(docx_with_body(one * MAX_TABLES)).tables) == MAX_TABLES


def test_too_many_rows_and_columns() -> None:
    assert reason(docx_with_body(tbl(*[tr(tc("r"))] * 2001, cols=1))) == "too_large"
    assert reason(docx_with_body(tbl(tr(tc("c")), cols=101))) == "too_large"
    assert reason(docx_with_body(tbl(tr(tc("c", span=10**9)), cols=1))) == "too_large"
    assert reason(docx_with_body(tbl(tr(tc("c"), before=500), cols=1))) == "too_large"


def test_nesting_depth() -> None:
    def nested(depth: int) -> str:
        xml = tbl(tr(tc("底")), cols=1)
        for _ in range(depth - 1):
            xml = tbl(tr(tc(xml)), cols=1)
        return xml

    assert len(read_docx(docx_with_body(nested(10))).tables) == 10
    assert reason(docx_with_body(nested(11))) == "too_deep"
    # Far deeper XML trips libxml2's own limit (256 elements) inside python-docx.
    with pytest.raises(Unreadable) as caught:
        read_docx(docx_with_body(nested(100)))
    assert caught.value.reason == "too_deep"
    assert "Excessive depth" in str(caught.value.params["detail"])


# --- hostile and broken files ---------------------------------------------------------


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + f']><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
    "</w:body></w:document>"
)


def test_billion_laughs_is_unsafe_xml() -> None:
    data = replace_parts(base_docx(), {"word/document.xml": BILLION_LAUGHS.encode()})
    assert reason(data) == "unsafe_xml"


def test_dtd_in_utf16_part_is_unsafe_xml() -> None:
    xml = BILLION_LAUGHS.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    data = replace_parts(base_docx(), {"word/styles.xml": xml.encode("utf-16")})
    assert reason(data) == "unsafe_xml"


def test_python_docx_parser_does_not_expand_entities() -> None:
    # Belt and braces under our DTD check: python-docx's parser has resolve_entities=False,
    # and libxml2 (2.11+) also refuses the exponential blow-up outright.
    started = time.perf_counter()
    try:
        element = parse_xml(BILLION_LAUGHS.encode())
    except etree.XMLSyntaxError as exc:
        assert "amplification" in str(exc)
    else:
        assert "lollol" not in (element.findtext(f".//{{{W_NS}}}t") or "")
    assert time.perf_counter() - started < 1
    small = BILLION_LAUGHS.replace("&lol9;", "a&lol;b")
    text_element = parse_xml(small.encode()).find(f".//{{{W_NS}}}t")
    assert text_element is not None
    assert text_element.text == "a"  # the entity stays a node; its text is not substituted
    assert [child.text for child in text_element] == ["&lol;"]


def test_part_inflating_beyond_declared_size_is_a_bomb() -> None:
    bomb = b'<?xml version="1.0"?>' + b" " * (40 * 1024 * 1024)
    data = replace_parts(base_docx(), {"word/document.xml": bomb})
    data = patch_entry(data, "word/document.xml", file_size=1000)
    started = time.perf_counter()
    with pytest.raises(Unreadable) as caught:
        read_docx(data)
    assert caught.value.reason == "bomb"
    assert "inflates beyond" in str(caught.value.params["detail"])
    assert time.perf_counter() - started < 1


def test_part_declaring_huge_size_is_a_bomb() -> None:
    data = patch_entry(base_docx(), "word/styles.xml", file_size=200 * 1024 * 1024)
    assert reason(data) == "bomb"
    parts = {f"word/media/image{i}.png": b"x" for i in range(4)}
    data = replace_parts(base_docx(), parts)
    for name in parts:
        data = patch_entry(data, name, file_size=100 * 1024 * 1024)  # 400 MiB declared in all
    assert reason(data) == "bomb"


def test_honest_but_huge_xml_is_too_large() -> None:
    big = b'<?xml version="1.0"?>' + b" " * (33 * 1024 * 1024)
    data = replace_parts(base_docx(), {"customXml/item1.xml": big})
    assert reason(data) == "too_large"


def test_truncated() -> None:
    data = base_docx()
    assert reason(data[: len(data) // 2]) == "truncated"
    assert reason(data[:-10]) == "truncated"


def test_encrypted_zip_entry() -> None:
    assert reason(patch_entry(base_docx(), "word/document.xml", flag_bits=0x1)) == "encrypted"


def test_ole2_files() -> None:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    encrypted = header + "EncryptedPackage".encode("utf-16-le") + bytes(100)
    assert reason(encrypted) == "encrypted"
    with pytest.raises(Unreadable) as caught:
        read_docx(header + "WordDocument".encode("utf-16-le") + bytes(100))
    assert caught.value.reason == "doc_old"


def test_random_bytes_and_empty() -> None:
    with pytest.raises(Unreadable) as caught:
        read_docx(os.urandom(0) + bytes(range(256)) * 8)
    assert caught.value.reason == "parse" and caught.value.params["short"] == "not_zip"
    assert reason(b"") == "empty"


def test_xlsx_is_not_docx() -> None:
    xlsx = zip_of(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
            "xl/workbook.xml": b"<workbook/>",
        }
    )
    assert reason(xlsx) == "not_docx"


def test_wrong_main_content_type_is_not_docx() -> None:
    with zipfile.ZipFile(io.BytesIO(base_docx())) as archive:
        types = archive.read("[Content_Types].xml")
    wrong = types.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    )
    assert wrong != types
    assert reason(replace_parts(base_docx(), {"[Content_Types].xml": wrong})) == "not_docx"


def test_malformed_document_xml_is_parse() -> None:
    data = replace_parts(base_docx(), {"word/document.xml": b"<w:document><unclosed>"})
    with pytest.raises(Unreadable) as caught:
        read_docx(data)
    assert caught.value.reason == "parse" and caught.value.params["short"] == "bad_xml"


def test_results_are_plain_blocks() -> None:
    result = read_docx(docx_with_body(p("x") + tbl(tr(tc("y")), cols=1)))
    assert result.blocks == [
        Paragraph(index=0, text="x"),
        TableBlock(index=1, number=1, grid=[["y"]], merges=[]),
    ]


def _styles_as_bin(styles: bytes) -> bytes:
    """A package whose styles part is named word/styles.bin, typed by an extension default."""
    with zipfile.ZipFile(io.BytesIO(base_docx())) as archive:
        types = archive.read("[Content_Types].xml")
        rels = archive.read("word/_rels/document.xml.rels")
    styles_type = b"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
    types = types.replace(
        b'<Override PartName="/word/styles.xml" ContentType="' + styles_type + b'"/>', b""
    )
    types = types.replace(
        b"<Default ", b'<Default Extension="bin" ContentType="' + styles_type + b'"/><Default ', 1
    )
    assert b'Extension="bin"' in types and b"/word/styles.xml" not in types
    rels = rels.replace(b'Target="styles.xml"', b'Target="styles.bin"')
    parts = {
        "[Content_Types].xml": types,
        "word/_rels/document.xml.rels": rels,
        "word/styles.bin": styles,
    }
    return replace_parts(base_docx(), parts, drop=frozenset({"word/styles.xml"}))


def test_xml_parts_are_found_by_content_type_not_name() -> None:
    with zipfile.ZipFile(io.BytesIO(base_docx())) as archive:
        styles = archive.read("word/styles.xml")
    assert read_docx(_styles_as_bin(styles)).blocks == []  # the renamed package is valid
    # A harmless DTD, which libxml2 alone would accept: only the check by type catches it.
    with_dtd = styles.replace(b"?>", b'?><!DOCTYPE w:styles [<!ENTITY x "y">]>', 1)
    assert reason(_styles_as_bin(with_dtd)) == "unsafe_xml"
    huge = styles.replace(b"</w:styles>", b" " * (33 * 1024 * 1024) + b"</w:styles>")
    assert reason(_styles_as_bin(huge)) == "too_large"
