"""Ruled tables: grids, merges, no duplicated text, split tables, grid rule unit tests."""

from __future__ import annotations

import time

import pdfsamples as samples
from pdfsamples import paragraphs, tables

from disclosure_cli.inputs.document import Document, TableBlock
from disclosure_cli.inputs.pdf import Limits, read_pdf
from disclosure_cli.inputs.pdftext import table_grid as _table_grid
from pdfmaker import PdfMaker


def test_table_er_grid(report: Document) -> None:
    first = tables(report)[0]
    assert isinstance(first, TableBlock)
    assert (first.number, first.page, first.lines) == (1, 1, None)
    assert first.grid == samples.TABLE_ER
    assert first.merges == []


def test_merged_header_cells(report: Document) -> None:
    merged = tables(report)[1]
    assert merged.page == 2
    assert merged.grid == samples.TABLE_SAN_GRID  # wrapped cell text is joined back
    assert merged.merges == samples.TABLE_SAN_MERGES


def test_table_text_not_in_paragraphs(report: Document) -> None:
    body = "".join(p.text for p in paragraphs(report))
    written = "".join(samples.EXPECTED_PARAGRAPHS)  # the running text the sample draws
    for table in tables(report):
        for row in table.grid:
            for cell in row:
                if len(cell) > 1:
                    assert body.count(cell) == written.count(cell), cell
    for header in ("信息内容", "本年制发件数", "申请人情况", "商业企业", "结果维持"):
        assert header not in body


def test_table_split_over_pages_stays_two_blocks(report: Document) -> None:
    third, fourth = tables(report)[2:]
    assert (third.page, third.grid) == (2, samples.TABLE_SI_PAGE2)
    assert (fourth.page, fourth.grid) == (3, samples.TABLE_SI_PAGE3)
    assert fourth.index == third.index + 1  # nothing between them: the caller may join


def test_grids_are_rectangular(report: Document) -> None:
    for table in tables(report):
        assert len({len(row) for row in table.grid}) == 1


def test_page_with_too_many_edges_is_read_as_text() -> None:
    doc = read_pdf(samples.report(), limits=Limits(max_edges_per_page=5))
    assert tables(doc) == []
    # Without its rules the table is plain lines; column gaps between CJK glyphs add no space.
    body = [p.text for p in paragraphs(doc)]
    assert "信息内容本年制发件数本年废止件数现行有效件数" in body
    assert "规章0 0 0" in body


def char(text: str, x: float, top: float, size: float = 10) -> dict[str, object]:
    return {"text": text, "x0": x, "x1": x + size, "top": top, "bottom": top + size, "size": size}


def test_grid_two_by_two_merge() -> None:
    # 3x3 grid of 10 pt cells; a 2x2 cell at the top left.
    cells = [(0.0, 0.0, 20.0, 20.0), (20.0, 0.0, 30.0, 10.0), (20.0, 10.0, 30.0, 20.0)]
    cells += [(float(x), 20.0, float(x + 10), 30.0) for x in (0, 10, 20)]
    grid, merges = _table_grid(cells, [char("大", 5, 5), char("丙", 20, 20)])
    assert grid == [["大", "", ""], ["", "", ""], ["", "", "丙"]]
    assert merges == [((0, 0), (1, 1))]


def test_grid_hole_is_empty_not_merged() -> None:
    # Two rows of two cells, the bottom-right one missing from the ruling.
    cells = [(0.0, 0.0, 10.0, 10.0), (10.0, 0.0, 20.0, 10.0), (0.0, 10.0, 10.0, 20.0)]
    grid, merges = _table_grid(cells, [char("孤", 11, 11, 8)])  # text in the hole is dropped
    assert grid == [["", ""], ["", ""]]
    assert merges == []


def test_grid_multiline_cell_joins_lines() -> None:
    cells = [(0.0, 0.0, 30.0, 30.0), (30.0, 0.0, 60.0, 30.0)]
    chars = [char("本", 0, 0), char("年", 10, 0), char("数", 0, 12), char("A", 30, 0), char("B", 30, 12)]
    grid, _ = _table_grid(cells, chars)
    assert grid == [["本年数", "A B"]]


def dense_grid(lines: int) -> bytes:
    """A page ruled like a fine mesh (lines x lines crossings), with a line of text above."""
    maker = PdfMaker()
    page = maker.page()
    page.text(72, 20, "图表页：网格线很多但不是表格，文字照常读取。", 12)
    for i in range(lines):
        page.segment(30, 40 + i * 12, 560, 40 + i * 12)
        page.segment(30 + i * 8.8, 40, 30 + i * 8.8, 40 + (lines - 1) * 12)
    return maker.build()


def test_mesh_with_too_many_intersections_is_read_as_text() -> None:
    data = dense_grid(60)  # 3600 intersections > 3000
    start = time.perf_counter()
    doc = read_pdf(data)
    assert time.perf_counter() - start < 2.0
    assert tables(doc) == [] and [p.text for p in paragraphs(doc)] == ["图表页：网格线很多但不是表格，文字照常读取。"]
    assert len(tables(read_pdf(dense_grid(20)))) == 1  # 400 intersections: one 19x19 table
