"""The formula and error cells of a sheet found from their markers (inputs.xlsxparts._marked_cells) are the
cells the pass over every cell finds: on random sheets of every spelling that could mislead the search."""

from __future__ import annotations

import random
import zipfile

import pytest
from builders import build, consistent_values, edit
from hostile import sheet_xml

from disclosure_cli.inputs import xlsxparts

CELLS = [
    b'<c r="A1"><v>1</v></c>',
    b'<c r="B2" s="1"><f>SUM(A1:A3)</f></c>',  # a formula without its value
    b'<c r="B3"><f>1+1</f><v>2</v></c>',  # computed
    b'<c r="B4"><f>1+1</f><v></v></c>',
    b'<c r="B5"><f t="shared" si="0"/></c>',
    b'<c r="C1" t="e"><v>#DIV/0!</v></c>',  # an error value
    b'<c r="C2" t="e"/>',
    b'<c r="D1" t="inlineStr"><is><r><rPr><family val="2"/></rPr><t>x</t></r></is></c>',  # '<f' in no formula
    b'<c r="E1"/>',
    b'<c r="F1"><v>1</v>',  # never closed
    b"</c>",  # an end tag alone
    b'<c r="G1"\t><f>1</f></c>',
    b'<c r="H1"/><f>outside</f>',
    b'<c r="J1"><v>1</v><x:f>2</x:f></c>',
    b"<!-- <c r=\"K1\"><f>x</f></c> -->",
    b'<c r="L1"><c r="L2"><f>1</f></c></c>',
    b'<c r="M1"><is><t>a &lt;f b</t></is></c>',
    b'<c r="N1" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
]
ODD = [b'<c"r="P1"><f>1</f></c>', b'<x:c r="Q1"><x:f>1</x:f></x:c>']  # the search cannot vouch for these


def _soup(rnd: random.Random, odd: bool) -> bytes:
    rows = []
    for r in range(rnd.randint(1, 6)):
        cells = [rnd.choice(CELLS) for _ in range(rnd.randint(0, 6))]
        if odd:
            cells.insert(rnd.randrange(len(cells) + 1), rnd.choice(ODD))
        rows.append(b'<row r="%d">' % (r + 1) + b"".join(cells) + b"</row>")
    tail = rnd.choice([b"", b'<dataValidations><dataValidation type="whole"><formula1>0</formula1>'
                            b"</dataValidation></dataValidations>"])
    head = rnd.choice([b"", b'<cols><col min="1" max="2"/></cols>', b"<sheetPr><f>x</f></sheetPr>"])
    return sheet_xml(head + b"<sheetData>" + b"".join(rows) + b"</sheetData>" + tail)


def _both(xml: bytes, monkeypatch) -> tuple[dict, dict]:
    marked = xlsxparts.raw_loader(xml)()
    with monkeypatch.context() as m:
        m.setattr(xlsxparts, "_marked_cells", lambda _xml: None)  # every cell, as the loader did before
        every = xlsxparts.raw_loader(xml)()
    return marked, every


def test_the_marked_search_finds_what_the_pass_over_every_cell_finds(monkeypatch):
    rnd = random.Random(202612)
    searched = stated = 0
    for i in range(1500):
        xml = _soup(rnd, odd=i % 10 == 0)
        marked, every = _both(xml, monkeypatch)
        assert marked == every, xml
        searched += xlsxparts._marked_cells(xml) is not None
        stated += bool(every)
    assert searched > 1200 and stated > 1000  # the search is the usual path, and finds states often


@pytest.mark.parametrize("xml", [
    sheet_xml(b'<sheetData><row r="1"><c"r="A1"><f>1</f></c></row></sheetData>'),
    sheet_xml(b'<sheetData><row r="1"><x:c r="A1"><x:f>1</x:f></x:c></row></sheetData>'),
])
def test_a_start_the_search_cannot_vouch_for_takes_every_cell(xml, monkeypatch):
    assert xlsxparts._marked_cells(xml) is None
    marked, every = _both(xml, monkeypatch)
    assert marked == every


def test_a_filled_form_with_a_blank_finds_its_uncomputed_totals(tmp_path, monkeypatch):
    """A workbook whose totals are formulas without values (openpyxl writes none) and a cell left blank:
    the blank is W101, each total is derived from its parts (W103), as before."""
    from disclosure_cli.pipeline import read_checked

    values = consistent_values(4)
    path = tmp_path / "f.xlsx"
    cells = build(path, values)
    total = ("applications", "received", "total")
    leaf = ("applications", "received", "natural_person")
    edit(path, {cells[total]: "=SUM(B1:B2)", cells[leaf]: None})
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert xlsxparts._marked_cells(xml) is not None
    (unit,) = read_checked(path)
    found = {(f.code, (f.table, f.row, f.column)): f for f in unit.findings}
    assert found[("W101", leaf)].cell == cells[leaf].split("!")[1]
    w103 = found[("W103", total)]
    assert w103.cell == cells[total].split("!")[1] and "formula with no computed value" in w103.message("en")
