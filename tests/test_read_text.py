"""Tests for the text reader: the scraped seed report, encodings, CSV dialects, limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure_cli.inputs.book import Unreadable
from disclosure_cli.inputs.document import Paragraph, TableBlock
from disclosure_cli.inputs.text import read_text

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "jining-gxj-2021-annual-report.txt"


def reason(data: bytes, name: str = "report.txt") -> str:
    with pytest.raises(Unreadable) as caught:
        read_text(data, name)
    return caught.value.reason


@pytest.mark.skipif(not SEED.exists(), reason="seed report not on this machine")
def test_seed_report() -> None:
    result = read_text(SEED.read_bytes(), SEED.name)
    assert result.kind == "text" and result.encoding == "utf-8" and result.title is None
    texts = [b.text for b in result.paragraphs]
    assert "二、主动公开政府信息情况" in texts
    assert "五、存在的主要问题及改进情况" in texts
    assert "四、政府信息公开行政复议、行政诉讼情况" in texts
    assert result.paragraphs[0] == Paragraph(
        index=0, text="济宁市工业和信息化局 2021 年政府信息公开 工作年度报告", line=3
    )
    assert [b.index for b in result.blocks] == list(range(len(result.blocks)))

    first, fourth = result.tables
    assert first.number == 1 and fourth.number == 2
    # The run is padded to its widest row, the "(七) 总计" line (one blank line before it
    # does not end the run), so the four published cells are followed by empty ones.
    width = len(first.grid[0])
    assert width == 9 and all(len(row) == width for row in first.grid)
    assert first.grid[0] == ["第二十条第（一）项", "", "", ""] + [""] * (width - 4)
    assert ["规章", "0", "0", "0"] + [""] * (width - 4) in first.grid
    assert ["行政规范性文件", "7", "0", "9"] + [""] * (width - 4) in first.grid
    assert first.grid[-2] == ["", "(七) 总计"] + ["0"] * 7
    assert first.grid[-1] == ["四、结转下年度继续办理", ""] + ["0"] * 7
    assert first.lines == [64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 75, 76]
    assert first.merges == []

    assert fourth.grid[0][0] == "行政复议" and fourth.grid[0][5] == "行政诉讼"
    assert fourth.grid[-1] == ["0"] * 15
    assert fourth.lines == [80, 81, 82, 83]
    # Blocks are in source order: the 四 heading comes right before its table.
    heading = next(b for b in result.paragraphs if b.text.startswith("四、政府信息公开行政复议"))
    assert result.blocks[heading.index + 1] is fourth


def test_runs_blank_lines_and_tab_only_lines() -> None:
    text = "标题\n\na\tb\n\nc\td\te\n\n\nf\tg\n\t\t\n正文\n  \nh\ti\n"
    result = read_text(text.encode())
    assert result.blocks == [
        Paragraph(index=0, text="标题", line=1),
        TableBlock(
            index=1, number=1, grid=[["a", "b", ""], ["c", "d", "e"]], merges=[], lines=[3, 5]
        ),
        TableBlock(index=2, number=2, grid=[["f", "g"]], merges=[], lines=[8]),
        Paragraph(index=3, text="正文", line=10),
        TableBlock(index=4, number=3, grid=[["h", "i"]], merges=[], lines=[12]),
    ]


def test_crlf_and_cr_line_numbers() -> None:
    result = read_text("一\r\n二\r\n\r\n三\r四".encode())
    assert [(b.text, b.line) for b in result.paragraphs] == [
        ("一", 1),
        ("二", 2),
        ("三", 4),
        ("四", 5),
    ]


def test_gbk_text() -> None:
    result = read_text("政府信息公开\n规章\t0\t0\t0\n".encode("gbk"))
    assert result.encoding == "gb18030"
    assert result.paragraphs[0].text == "政府信息公开"
    assert result.tables[0].grid == [["规章", "0", "0", "0"]]


def test_utf16_with_bom() -> None:
    for encoding, bom in (("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")):
        result = read_text(bom + "年度报告\n行政许可\t0\n".encode(encoding))
        assert result.encoding == encoding
        assert result.paragraphs[0].text == "年度报告"
        assert result.tables[0].grid == [["行政许可", "0"]]


def test_utf8_bom_csv_with_commas_and_quotes() -> None:
    csv_text = '信息内容,本年制发件数,本年废止件数\r\n规章,0,0\r\n"行政规范性文件,含""解读""",7,"0\r\n(多行)"\r\n\r\n合计,7,0\r\n'
    result = read_text(b"\xef\xbb\xbf" + csv_text.encode(), "表格.CSV")
    assert result.encoding == "utf-8-sig"
    (table,) = result.blocks
    assert isinstance(table, TableBlock)
    assert table.grid == [
        ["信息内容", "本年制发件数", "本年废止件数"],
        ["规章", "0", "0"],
        ['行政规范性文件,含"解读"', "7", "0\n(多行)"],
        ["合计", "7", "0"],
    ]
    assert table.lines == [1, 2, 3, 6]


def test_tab_and_semicolon_csv_are_sniffed() -> None:
    tab = read_text("项目\t数量\n申请\t3\n答复\t2\n".encode(), "data.csv")
    assert tab.tables[0].grid == [["项目", "数量"], ["申请", "3"], ["答复", "2"]]
    semicolon = read_text(b"a;b;c\n1;2;3\n4;5\n", "data.csv")
    assert semicolon.tables[0].grid == [["a", "b", "c"], ["1", "2", "3"], ["4", "5", ""]]


def test_csv_name_selects_csv_mode_only() -> None:
    data = b"a,b\n1,2\n"
    assert read_text(data, "x.csv").tables[0].grid == [["a", "b"], ["1", "2"]]
    assert [b.text for b in read_text(data, "x.txt").paragraphs] == ["a,b", "1,2"]
    assert [b.text for b in read_text(data).paragraphs] == ["a,b", "1,2"]


def test_nul_bytes_are_binary() -> None:
    with pytest.raises(Unreadable) as caught:
        read_text(b"abc\x00def")
    assert caught.value.reason == "parse" and caught.value.params["short"] == "binary"
    assert reason(b"\xff\xfe" + "a\x00b".encode("utf-16-le")) == "parse"
    assert reason(b"a,\x00", "x.csv") == "parse"


def test_encoding_errors() -> None:
    assert reason(b"abc\xff\xff") == "encoding"
    assert reason(b"\xff\xfe\x00") == "encoding"  # odd byte after a UTF-16 BOM


def test_empty() -> None:
    assert reason(b"") == "empty"
    assert reason(b"\n \t\r\n\xe3\x80\x80") == "empty"
    assert reason(b"\xef\xbb\xbf") == "empty"


def test_limits() -> None:
    assert reason(b"a\n" * 200_001) == "too_large"
    assert len(read_text(b"a\n" * 200_000).paragraphs) == 200_000
    assert reason(b"a\tb\n" * 2001) == "too_large"
    assert reason(("\t" * 100 + "x\n").encode()) == "too_large"
    assert reason(b"a,b\n" * 2001, "x.csv") == "too_large"
    assert reason(b"a" * (32 * 1024 * 1024 + 1)) == "too_large"


def test_oversized_csv_field_is_parse() -> None:
    with pytest.raises(Unreadable) as caught:
        read_text(b'"' + b"x" * 200_000 + b'"\n', "big.csv")
    assert caught.value.reason == "parse" and caught.value.params["short"] == "csv"
