"""Running text: exact CJK lines, paragraph merging, title, reading order."""

from __future__ import annotations

import io
import time

import pdfplumber
import pdfsamples as samples
from pdfsamples import paragraphs, tables

from disclosure_cli.inputs.document import Document, Paragraph
from disclosure_cli.inputs.pdf import read_pdf
from disclosure_cli.inputs.pdftext import is_cjk, join_text
from pdfmaker import PdfMaker


def texts(doc: Document) -> list[str]:
    return [p.text for p in paragraphs(doc)]


def test_headings_come_out_exactly(report: Document) -> None:
    # 一、 is fake bold (drawn twice), 二、 has 4 pt gaps between glyphs placed one by one.
    assert "一、总体情况" in texts(report)
    assert "二、主动公开政府信息情况" in texts(report)


def test_sentence_has_no_inserted_spaces(report: Document) -> None:
    # Justified over two lines, each glyph positioned separately: one paragraph, no spaces.
    assert samples.SENTENCE in texts(report)


def test_all_paragraphs_in_order(report: Document) -> None:
    assert texts(report) == samples.EXPECTED_PARAGRAPHS


def test_title_from_metadata_and_style(report: Document) -> None:
    assert report.kind == "pdf" and report.encoding is None
    assert report.title == samples.META_TITLE
    first = report.blocks[0]
    assert isinstance(first, Paragraph)
    assert (first.style, first.text, first.page) == ("title", samples.TITLE, 1)
    assert all(p.style is None for p in paragraphs(report)[1:])
    assert all(p.line is None for p in paragraphs(report))


def test_indexes_pages_and_numbers(report: Document) -> None:
    assert [b.index for b in report.blocks] == list(range(len(report.blocks)))
    assert [t.number for t in tables(report)] == [1, 2, 3, 4]
    pages = [b.page or 0 for b in report.blocks]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] == 3


def test_paragraph_across_page_break_keeps_first_page(report: Document) -> None:
    (para,) = [p for p in paragraphs(report) if p.text == samples.SPLIT_PARAGRAPH]
    assert para.page == 1


def test_latin_spaces_real_and_positional(report: Document) -> None:
    assert samples.CONTACT in texts(report)  # real space glyphs kept
    assert samples.LATIN_GAP in texts(report)  # a gap between Latin words becomes one space


def test_raw_pdfplumber_would_space_and_double_cjk() -> None:
    """Why the reader builds lines itself: pdfplumber's defaults garble these headings."""
    with pdfplumber.open(io.BytesIO(samples.report())) as pdf:
        raw = pdf.pages[0].extract_text()
    assert "一一、、总总体体情情况况" in raw
    assert "二 、 主 动 公 开" in raw


def test_short_line_and_indented_line_start_new_paragraphs() -> None:
    maker = PdfMaker()
    page = maker.page()
    page.text(72, 72, "第一段只有一行", 12)  # short: does not reach the right edge
    page.text(72, 93, "第二段开头顶格但上一行很短", 12)
    page.lines(72, 114, 451, ["甲" * 37, "乙" * 37], 12, justify_last=True)  # full lines, no terminator
    page.text(96, 156, "丙段首行缩进两字", 12)  # indented: new paragraph
    page.lines(72, 177, 451, ["丁" * 37], 12, justify_last=True)
    page.text(72, 198, "（一）标题样式的行不并入上一段", 12)
    doc = read_pdf(maker.build())
    assert texts(doc) == [
        "第一段只有一行",
        "第二段开头顶格但上一行很短",
        "甲" * 37 + "乙" * 37,
        "丙段首行缩进两字",
        "丁" * 37,
        "（一）标题样式的行不并入上一段",
    ]


def test_sentence_end_at_right_edge_ends_paragraph() -> None:
    maker = PdfMaker()
    page = maker.page()
    page.lines(72, 72, 451, ["戊" * 36 + "。", "己" * 10], 12, justify_last=False)
    page.lines(72, 120, 451, ["庚" * 37, "辛" * 10 + "。"], 12)
    doc = read_pdf(maker.build())
    assert texts(doc) == ["戊" * 36 + "。", "己" * 10, "庚" * 37 + "辛" * 10 + "。"]


def test_same_size_document_has_no_title() -> None:
    maker = PdfMaker()
    page = maker.page()
    for i, line in enumerate(["报告", "正文第一行内容较多而且足够长。", "正文第二行也有一些文字。"]):
        page.text(72, 72 + 21 * i, line, 12)
    doc = read_pdf(maker.build())
    assert [p.style for p in paragraphs(doc)] == [None, None, None]
    assert doc.title is None


def test_join_and_cjk_rules() -> None:
    assert join_text("文件", "9件") == "文件9件"
    assert join_text("14", "件") == "14件"
    assert join_text("12", "34") == "1234"
    assert join_text("annual", "report") == "annual report"
    assert join_text("", "x") == "x"
    assert all(is_cjk(ch) for ch in "汉，。（）“”、：１")
    assert not any(is_cjk(ch) for ch in "a1 ,.한")


def test_three_page_read_is_fast() -> None:
    data = samples.report()
    start = time.perf_counter()
    for _ in range(5):
        read_pdf(data)
    per_read = (time.perf_counter() - start) / 5
    print(f"3-page report: {per_read * 1000:.1f} ms per read")
    assert per_read < 1.0


def test_kangxi_radicals_and_compatibility_ideographs_are_folded() -> None:
    maker = PdfMaker()
    page = maker.page()
    page.text(96, 72, "\u2f00、总体情况", 12)  # ⼀ KANGXI RADICAL ONE for 一
    page.text(72, 93, "规范性\u2f42件\uf900，全角标点保持不变：（１）", 12)  # ⽂ for 文, 豈 compatibility form
    doc = read_pdf(maker.build())
    assert texts(doc) == ["一、总体情况", "规范性文件\u8c48，全角标点保持不变：（１）"]


def test_predefined_gbk_cmap_without_tounicode() -> None:
    # 公文 typesetting output: non-embedded SimSun via GBK-EUC-H, no ToUnicode CMap.
    maker = PdfMaker()
    page = maker.page()
    page.text(96, 72, samples.H2, 16, gbk=True)
    page.text(72, 100, "本年度共收到政府信息公开申请二十件。", 16, gbk=True, per_glyph=True, spacing=5)
    doc = read_pdf(maker.build())
    assert texts(doc) == [samples.H2, "本年度共收到政府信息公开申请二十件。"]


def test_page_numbers_in_margins_are_dropped() -> None:
    maker = PdfMaker()
    for number, footer in enumerate(["- 1 -", "第2页 共3页", "3/3"], start=1):
        page = maker.page()
        page.text(72, 30, str(number), 9)  # header band
        page.text(72, 400, f"正文第{number}页的内容。", 12)
        page.text(72, 400 + 21, f"{number}", 12)  # a bare number in the body stays
        page.text(280, 800, footer, 9)  # footer band
    assert texts(read_pdf(maker.build())) == [
        "正文第1页的内容。",
        "1",
        "正文第2页的内容。",
        "2",
        "正文第3页的内容。",
        "3",
    ]


def one_line_pdf(title: str | bytes | None) -> bytes:
    maker = PdfMaker(title=title)
    maker.page().text(72, 72, "正文一行，足够二十个字符以免被当作扫描件。", 12)
    return maker.build()


def test_title_encodings() -> None:
    assert read_pdf(one_line_pdf("年度报告")).title == "年度报告"  # UTF-16BE with BOM
    assert read_pdf(one_line_pdf("年度报告".encode())).title == "年度报告"  # bare UTF-8
    assert read_pdf(one_line_pdf(b"\xef\xbb\xbf" + "年度报告".encode())).title == "年度报告"  # PDF 2.0
    assert read_pdf(one_line_pdf(b"Caf\xe9 report")).title == "Café report"  # PDFDocEncoding
    assert read_pdf(one_line_pdf(b"  \t ")).title is None
    assert read_pdf(one_line_pdf(None)).title is None


def test_control_characters_are_dropped() -> None:
    assert [p.text for p in paragraphs(read_pdf(one_line_pdf(None)))] == ["正文一行，足够二十个字符以免被当作扫描件。"]
    maker = PdfMaker()
    maker.page().text(72, 72, "控制\x00字符\x01不应出现在文本里，其余照常。", 12)
    assert texts(read_pdf(maker.build())) == ["控制字符不应出现在文本里，其余照常。"]
