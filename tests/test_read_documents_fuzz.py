"""Property tests: any bytes give a well-formed Document or Unreadable, nothing else, quickly."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import docx
from doc_builders import base_docx, document_xml, p, replace_parts, save, tbl, tc, tr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_cli.inputs.book import Unreadable
from disclosure_cli.inputs.document import Document, TableBlock
from disclosure_cli.inputs.text import read_text
from disclosure_cli.inputs.web import read_html
from disclosure_cli.inputs.word import read_docx
from disclosure_cli.messages import REASONS

FUZZ = settings(
    derandomize=True,
    max_examples=200,
    deadline=None,  # timing is asserted per call below, with a bound that suits slow CI
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SECONDS_PER_CALL = 2.0


def check(read: Callable[[], Document]) -> None:
    """Run one read; the result must be Unreadable or a Document whose blocks are sound."""
    started = time.perf_counter()
    try:
        result = read()
    except Unreadable as exc:
        assert exc.reason in REASONS, exc.reason
        assert "detail" in exc.params
        if exc.reason == "parse":
            # "unexpected" is the shield's catch-all: every failure seen here is mapped.
            assert exc.params["short"] != "unexpected", exc.params["detail"]
    else:
        assert isinstance(result, Document)
        assert [b.index for b in result.blocks] == list(range(len(result.blocks)))
        assert [t.number for t in result.tables] == list(range(1, len(result.tables) + 1))
        for table in result.tables:
            check_table(table)
    assert time.perf_counter() - started < SECONDS_PER_CALL


def check_table(table: TableBlock) -> None:
    width = len(table.grid[0])
    assert width > 0 and all(len(row) == width for row in table.grid)
    if table.lines is not None:
        assert len(table.lines) == len(table.grid)
    covered: set[tuple[int, int]] = set()
    for (r0, c0), (r1, c1) in table.merges:
        assert 0 <= r0 <= r1 < len(table.grid) and 0 <= c0 <= c1 < width
        assert (r1 - r0 + 1) * (c1 - c0 + 1) > 1
        cells = {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        assert not cells & covered, "merges overlap"
        covered |= cells
        assert all(table.grid[r][c] == "" for r, c in cells - {(r0, c0)})


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A seed with a few byte flips, insertions, deletions or a truncation."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, max(len(data) - 1, 0)))
        operation = draw(st.sampled_from(["set", "insert", "delete", "truncate"]))
        if operation == "set" and data:
            data[position] = draw(st.integers(0, 255))
        elif operation == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=16))
        elif operation == "delete":
            del data[position : position + draw(st.integers(1, 64))]
        else:
            del data[position:]
    return bytes(data)


def _merged_docx() -> bytes:
    document = docx.Document()
    document.add_heading("一、总体情况", level=1)
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1))
    table.cell(1, 2).merge(table.cell(2, 2))
    table.cell(2, 0).add_table(rows=1, cols=1).cell(0, 0).text = "内"
    document.add_paragraph("结尾")
    return save(document)


DOCX_BODY = (
    p("标题", style="Heading1")
    + tbl(
        tr(tc("项目", vmerge="restart"), tc("本年", span=2)),
        tr(tc(vmerge="continue"), tc("a"), tc(tbl(tr(tc("内")), cols=1))),
        tr(tc("b"), before=1, after=1),
        cols=3,
    )
    + p("结尾")
)
DOCX_SEEDS = [
    base_docx(),
    _merged_docx(),
    replace_parts(base_docx(), {"word/document.xml": document_xml(DOCX_BODY)}),
]

HTML_SEEDS = [
    (
        '<html><head><meta charset="gbk"><title>报告</title></head><body><h2>二、情况</h2>'
        '<table><tr><td rowspan="2">项目</td><td colspan="2">本年</td></tr><tr><td>1</td>'
        '<td>2<table><tr><td colspan="0">内</td></tr></table></td></tr></table>'
        '<p style="display:none">x</p><script>var a="<td>";</script></body></html>'
    ).encode("gbk"),
    b"<table><tr><td>a<td rowspan=99>b<tr><td colspan=99999>c</table><p>x<br>y",
]

SEED_REPORT = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "jining-gxj-2021-annual-report.txt"
TEXT_SEEDS = [
    "标题\n\n规章\t0\t0\t0\n\n行政规范性文件\t7\t0\t9\n\n\n结尾\n".encode(),
    '信息内容,件数\r\n"规章,含""说明""",0\r\n'.encode("gbk"),
    b"\xff\xfe" + "年报\n行政许可\t0\n".encode("utf-16-le"),
] + ([SEED_REPORT.read_bytes()] if SEED_REPORT.exists() else [])


@FUZZ
@given(st.binary(max_size=4096))
def test_docx_arbitrary_bytes(data: bytes) -> None:
    check(lambda: read_docx(data))


@FUZZ
@given(mutated(DOCX_SEEDS))
def test_docx_mutated_zip(data: bytes) -> None:
    check(lambda: read_docx(data))


@FUZZ
@given(mutated([document_xml(DOCX_BODY)]))
def test_docx_mutated_document_xml(xml: bytes) -> None:
    # Rezipped, so the damage reaches the XML parser and the table code, not just zipfile.
    data = replace_parts(base_docx(), {"word/document.xml": xml})
    check(lambda: read_docx(data))


@FUZZ
@given(st.binary(max_size=4096))
def test_html_arbitrary_bytes(data: bytes) -> None:
    check(lambda: read_html(data))


@FUZZ
@given(
    st.one_of(
        mutated(HTML_SEEDS),
        st.text(alphabet="<>/=\"' tdrhbleacspnowig0129&;#x", max_size=300).map(str.encode),
    )
)
def test_html_mutated(data: bytes) -> None:
    check(lambda: read_html(data))


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from(["", "a.txt", "a.csv", "A.TSV"]))
def test_text_arbitrary_bytes(data: bytes, name: str) -> None:
    check(lambda: read_text(data, name))


@FUZZ
@given(mutated(TEXT_SEEDS), st.sampled_from(["a.txt", "a.csv"]))
def test_text_mutated(data: bytes, name: str) -> None:
    check(lambda: read_text(data, name))


RAW_SPANS = st.one_of(
    st.none(),
    st.integers(-3, 120).map(str),
    st.sampled_from(["", "abc", "2px", "0", "99999", "1e3", " 3", "+2", "9" * 5000]),
)


@st.composite
def html_table(draw: st.DrawFn, depth: int = 0) -> tuple[str, list[str]]:
    """Random table markup (spans raw, closing tags sometimes omitted) and its cell texts."""
    texts: list[str] = []
    rows = []
    for r in range(draw(st.integers(0, 5))):
        cells = []
        for c in range(draw(st.integers(0, 5))):
            text = f"d{depth}r{r}c{c}"
            texts.append(text)
            attrs = "".join(
                f' {name}="{value}"'
                for name in ("rowspan", "colspan")
                if (value := draw(RAW_SPANS)) is not None
            )
            inner = ""
            if depth < 2 and draw(st.integers(0, 9)) == 0:
                inner, nested_texts = draw(html_table(depth + 1))
                texts.extend(nested_texts)
            tag = draw(st.sampled_from(["td", "th"]))
            # A cell holding a nested table is closed: libxml2's HTML parser (unlike a browser) keeps
            # a section tag that follows an unclosed cell's nested table inside that cell.
            close = f"</{tag}>" if inner or draw(st.booleans()) else ""
            cells.append(f"<{tag}{attrs}>{text}{inner}{close}")
        row = f"<tr>{''.join(cells)}" + ("</tr>" if draw(st.booleans()) else "")
        rows.append(row)
    # One section around all the rows, or none: libxml2's HTML parser (unlike a browser) keeps a
    # section tag that follows an unclosed cell inside that cell, which real report pages never need.
    section = draw(st.sampled_from(["", "thead", "tbody", "tfoot"]))
    body = "".join(rows)
    return f"<table>{f'<{section}>{body}</{section}>' if section else body}</table>", texts


@FUZZ
@given(html_table())
def test_html_random_tables_keep_every_cell_once(table: tuple[str, list[str]]) -> None:
    markup, texts = table
    result = read_html(f"<html><body>{markup}</body></html>".encode())
    found = [cell for block in result.tables for row in block.grid for cell in row if cell]
    for block in result.tables:
        check_table(block)
    # Each cell's own text sits at its top-left; nested tables' texts are not in their parent.
    assert sorted(found) == sorted(texts)


@st.composite
def docx_table(draw: st.DrawFn, depth: int = 0) -> tuple[str, list[str]]:
    """Random w:tbl XML (raw gridSpan/vMerge/gridBefore/gridAfter) and the texts that must
    survive: every cell's except vMerge continuations, whose text Word does not show."""
    kept: list[str] = []
    rows = []
    for r in range(draw(st.integers(0, 5))):
        props = "".join(
            f'<w:{name} w:val="{value}"/>'
            for name in ("gridBefore", "gridAfter")
            if (value := draw(RAW_SPANS)) is not None
        )
        cells = []
        for c in range(draw(st.integers(0, 4))):
            text = f"d{depth}r{r}c{c}"
            span = draw(RAW_SPANS)
            vmerge = draw(st.sampled_from([None, "restart", "continue", "", "bogus"]))
            cell_props = "" if span is None else f'<w:gridSpan w:val="{span}"/>'
            if vmerge == "":
                cell_props += "<w:vMerge/>"
            elif vmerge is not None:
                cell_props += f'<w:vMerge w:val="{vmerge}"/>'
            if vmerge not in ("", "continue"):
                kept.append(text)
            inner = ""
            if depth < 2 and draw(st.integers(0, 9)) == 0:
                inner, nested = draw(docx_table(depth + 1))
                kept.extend(nested)
            cells.append(f"<w:tc><w:tcPr>{cell_props}</w:tcPr>{p(text)}{inner}{p()}</w:tc>")
        rows.append(f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>")
    grid = '<w:gridCol w:w="1"/>' * draw(st.integers(0, 4))
    return f"<w:tbl><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>", kept


@FUZZ
@given(docx_table())
def test_docx_random_tables_are_sound(table: tuple[str, list[str]]) -> None:
    xml, kept = table
    data = replace_parts(base_docx(), {"word/document.xml": document_xml(xml)})
    try:
        result = read_docx(data)
    except Unreadable as exc:
        assert exc.reason == "too_large"  # absurd spans or offsets
        return
    for block in result.tables:
        check_table(block)
    found = [cell for block in result.tables for row in block.grid for cell in row if cell]
    assert set(kept) <= set(found)
    assert len(found) == len(set(found))
