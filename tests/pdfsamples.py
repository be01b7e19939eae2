"""Sample PDFs for the tests, modelled on a 政府信息公开工作年度报告; each is built once per run."""

from __future__ import annotations

from functools import cache

from disclosure_cli.inputs.document import Document, Paragraph, TableBlock
from pdfmaker import PdfMaker, text_width, wrap

LEFT, WIDTH, BODY = 72.0, 451.0, 12.0
INDENT = 2 * BODY  # 公文 style: two-character first-line indent, headings included
TITLE_LINES = ("某市工业和信息化局", "2021年政府信息公开工作年度报告")
TITLE = "".join(TITLE_LINES)
META_TITLE = "某市工业和信息化局2021年政府信息公开工作年度报告（公开版）"
INTRO = (
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室"
    "关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求编制。"
)
H1 = "一、总体情况"
SENTENCE = "2021年度，市工信局累计制发规范性文件9件，废止规范性文件0件，现行有效行政规范性文件14件。"
H2 = "二、主动公开政府信息情况"
SPLIT_PARAGRAPH = (
    "全年通过门户网站主动公开政府信息1234条，其中机构职能类信息12条，政策文件类信息56条，规划计划类信息7条，"
    "统计数据类信息89条，其他信息1070条，并通过政务新媒体同步发布重要信息，确保公众及时获取"
    "（具体数据见下表）。"
)
H3 = "三、收到和处理政府信息公开申请情况"
H4 = "四、政府信息公开行政复议、行政诉讼情况"
H5 = "五、存在的主要问题及改进情况"
CLOSING = "一是公开内容不够全面；二是解读形式较为单一。下一步将持续完善。"
CONTACT = "Contact: office@example.gov.cn"
LATIN_GAP = "Annual Report"  # drawn as two runs with a gap and no space glyph

TABLE_ER = [
    ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
    ["规章", "0", "0", "0"],
    ["行政规范性文件", "7", "0", "9"],
]
# Merged header: two cells spanning two rows, one spanning two columns.
TABLE_SAN_ROWS: list[list[str | None]] = [
    ["申请人情况", "自然人", "法人或其他组织", None],
    [None, None, "商业企业", "科研机构"],
    ["本年新收政府信息公开申请数量", "5", "1", "0"],
]
TABLE_SAN_SPANS = {(0, 0): (2, 1), (0, 1): (2, 1), (0, 2): (1, 2)}
TABLE_SAN_GRID = [
    ["申请人情况", "自然人", "法人或其他组织", ""],
    ["", "", "商业企业", "科研机构"],
    ["本年新收政府信息公开申请数量", "5", "1", "0"],
]
TABLE_SAN_MERGES = [((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (0, 3))]
TABLE_SI_HEAD = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
TABLE_SI_PAGE2 = [TABLE_SI_HEAD, ["0", "0", "0", "0", "0"]]
TABLE_SI_PAGE3 = [["1", "0", "0", "0", "1"], ["2", "1", "0", "1", "4"]]

EXPECTED_PARAGRAPHS = [TITLE, INTRO, H1, SENTENCE, H2, SPLIT_PARAGRAPH, H3, H4, H5, CLOSING, CONTACT, LATIN_GAP]


def _centred(width: float, text: str, size: float) -> float:
    return (width - text_width(text, size)) / 2


@cache
def report(compress: bool = False) -> bytes:
    """A 3-page report: title, headings, justified per-glyph paragraphs, four ruled tables.

    Table 三 has merged header cells; table 四 is split over pages 2 and 3; one
    paragraph runs from the bottom of page 1 onto page 2.
    """
    maker = PdfMaker(title=META_TITLE)
    p1 = maker.page()
    top = 72.0
    for line in TITLE_LINES:
        p1.text(_centred(p1.width, line, 22), top, line, 22)
        top += 32
    top = p1.paragraph(LEFT, top + 20, WIDTH, INTRO, BODY)
    p1.text(LEFT + INDENT, top, H1, BODY, bold_offset=0.4)  # fake bold: drawn twice
    top = p1.paragraph(LEFT, top + 21, WIDTH, SENTENCE, BODY, per_glyph=True)
    p1.text(LEFT + INDENT, top, H2, BODY, spacing=4.0, per_glyph=True)  # gaps > 3 pt
    top = p1.table(LEFT, top + 26, [181, 90, 90, 90], [24, 24, 24], TABLE_ER) + 20
    split = wrap(SPLIT_PARAGRAPH, WIDTH, BODY, INDENT)
    p1.lines(LEFT, top, WIDTH, split[:2], BODY, indent=INDENT, justify_last=True)

    p2 = maker.page()
    top = p2.lines(LEFT, 72, WIDTH, split[2:], BODY)
    p2.text(LEFT + INDENT, top, H3, BODY)
    top = p2.table(LEFT, top + 26, [120, 110, 110, 111], [24, 24, 36], TABLE_SAN_ROWS, TABLE_SAN_SPANS) + 20
    p2.text(LEFT + INDENT, top, H4, BODY)
    p2.table(LEFT, 700, [90, 90, 90, 90, 91], [24, 24], TABLE_SI_PAGE2)

    p3 = maker.page()
    top = p3.table(LEFT, 72, [90, 90, 90, 90, 91], [24, 24], TABLE_SI_PAGE3) + 20
    p3.text(LEFT + INDENT, top, H5, BODY)
    top = p3.paragraph(LEFT, top + 21, WIDTH, CLOSING, BODY)
    p3.text(LEFT, top, CONTACT, BODY)
    right = p3.text(LEFT, top + 21, "Annual", BODY)
    p3.text(right + 6, top + 21, "Report", BODY)
    for number, page in enumerate(maker.pages, start=1):  # footers the reader must skip
        footer = f"- {number} -"
        page.text(_centred(page.width, footer, 10.5), 790, footer, 10.5)
    return maker.build(compress=compress)


@cache
def small(compress: bool = False) -> bytes:
    """One page with a heading, a sentence and a two-by-two ruled table (base for mutation)."""
    maker = PdfMaker(title="小样")
    page = maker.page()
    page.text(LEFT + INDENT, 72, H1, BODY)
    page.paragraph(LEFT, 96, WIDTH, SENTENCE, BODY)
    page.table(LEFT, 160, [120, 120], [24, 24], [["信息内容", "件数"], ["规章", "0"]])
    return maker.build(compress=compress)


def encrypted(user_password: str) -> bytes:
    """The small sample encrypted with RC4; user_password '' means owner password only."""
    maker = PdfMaker(title="加密样本")
    page = maker.page()
    page.text(LEFT + INDENT, 72, H1, BODY)
    page.paragraph(LEFT, 96, WIDTH, SENTENCE, BODY)
    return maker.build(user_password=user_password, owner_password="owner-secret")


def many_pages(count: int) -> bytes:
    """count pages of one short line each."""
    maker = PdfMaker()
    for i in range(count):
        maker.page().text(LEFT, 300, f"第{i + 1}页的正文", BODY)
    return maker.build()


def image_only(pages: int = 2) -> bytes:
    """Pages that carry only an image, as a scanner produces (plus a page number)."""
    maker = PdfMaker()
    for i in range(pages):
        page = maker.page()
        page.image(36, 36, 523, 770)
        if i == 0:
            page.text(290, 800, "1", 9)
    return maker.build()



def paragraphs(doc: Document) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph)]


def tables(doc: Document) -> list[TableBlock]:
    return [b for b in doc.blocks if isinstance(b, TableBlock)]
