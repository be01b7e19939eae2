"""The merged ranges copied ahead of a sheet's cells (inputs.mergesfirst): calamine reads the copy exactly
as it read the original — the same cells, the same merges, the same error — and the copy is made for
the sheets Excel, WPS and openpyxl write. Every case is read both ways by python-calamine itself."""

from __future__ import annotations

import io
import os
import random
import zipfile

import pytest
from builders import build

from disclosure_cli.inputs import calamine as calamine_reader
from disclosure_cli.inputs.memzip import MemoryZip
from disclosure_cli.inputs.mergesfirst import merges_first
from disclosure_cli.read import read_input

HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:C3"/>'
        b'<sheetViews><sheetView workbookViewId="0"/></sheetViews><cols><col min="1" max="1" width="20"/></cols>')
CELLS = (b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&#21512;&#35745;</t></is></c><c r="B1"><v>7</v></c>'
         b'</row><row r="2"><c r="A2" s="1" t="n"></c><c r="C2"><v>3</v></c></row><row r="3"><c r="B3" t="inlineStr">'
         b'<is><t>x &gt; y</t></is></c></row></sheetData>')
MERGES = b'<mergeCells count="2"><mergeCell ref="A1:A2"/><mergeCell ref="B2:C3"/></mergeCells>'
TAIL = b'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
PLAIN = HEAD + CELLS + MERGES + TAIL


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("mergesfirst") / "form.xlsx"
    build(path)
    return path.read_bytes()


def _with_sheet(workbook: bytes, sheet: bytes) -> bytes:
    """The workbook with its first sheet's part replaced, every part stored (as calamine gets them)."""
    src = zipfile.ZipFile(io.BytesIO(workbook))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for info in src.infolist():
            z.writestr(info.filename, sheet if info.filename == "xl/worksheets/sheet1.xml" else src.read(info))
    return out.getvalue()


def _read(workbook: bytes, sheet: bytes):
    """What python-calamine reads of the sheet: its values and merges, or its error."""
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(_with_sheet(workbook, sheet)))
        sh = wb.get_sheet_by_index(0)
        return "ok", sh.to_python(skip_empty_area=False), sh.merged_cell_ranges, sh.start, sh.end
    except BaseException as e:  # noqa: BLE001 - a panic is an outcome to compare too
        return "error", type(e).__name__, str(e)


def _same(workbook: bytes, sheet: bytes) -> bytes | None:
    ahead = merges_first(sheet)
    if ahead is not None:
        assert _read(workbook, ahead) == _read(workbook, sheet), sheet
    return ahead


def test_plain_sheet_gets_its_merges_ahead(workbook):
    ahead = _same(workbook, PLAIN)
    assert ahead == HEAD + MERGES + CELLS + MERGES + TAIL
    outcome = _read(workbook, ahead)
    assert outcome[0] == "ok" and outcome[2] == [((0, 0), (1, 0)), ((1, 1), (2, 2))]
    assert outcome[1][0][:2] == ["合计", 7.0]


@pytest.mark.parametrize("sheet", [
    HEAD + CELLS + TAIL,  # no merges: nothing to copy
    HEAD + CELLS + b'<mergeCells count="0"/>' + TAIL,  # an empty element: no end tag to copy up to
    HEAD + CELLS + b"<!-- a note -->" + MERGES + TAIL,  # a comment could hide a tag
    HEAD.replace(b"<cols>", b"<!--<mergeCells>--><cols>") + CELLS + MERGES + TAIL,
    HEAD + CELLS.replace(b"x &gt; y", b"<![CDATA[</sheetData>]]>") + MERGES + TAIL,
    HEAD + b"<?pi here?>" + CELLS + MERGES + TAIL,  # a processing instruction after the declaration
    b"\xef\xbb\xbf" + PLAIN,  # a byte-order mark before the declaration
    HEAD + CELLS + MERGES + MERGES + TAIL,  # two elements: calamine reads the first
    HEAD + CELLS.replace(b'<row r="3">', MERGES + b'<row r="3">') + TAIL,  # merges among the cells
    HEAD + CELLS + b'<x:mergeCells><x:mergeCell ref="A1:C3"/></x:mergeCells>' + MERGES + TAIL,  # prefixed
    HEAD + CELLS.replace(b'r="B1"', b'r="B1" note="</sheetData>"') + MERGES + TAIL,  # a name in an attribute
    HEAD + CELLS + CELLS + MERGES + TAIL,  # the cells twice
    HEAD.replace(b"<sheetViews>", b'<sheetViews a=">">') + CELLS + MERGES + TAIL,  # a '>' quoted before the cells
    HEAD.replace(b"<sheetViews>", b'<sheetViews a="1>') + CELLS + MERGES + TAIL,  # a quote left open
    HEAD + CELLS + b"</extra>" + MERGES + TAIL,  # an end tag where nothing is open
    HEAD + CELLS + b'<autoFilter ref="A1:C3"><filterColumn colId="0"/></autoFilter>' + MERGES + TAIL,
    HEAD + CELLS + MERGES.replace(b'ref="B2:C3"/>', b'ref="B2:C3>') + TAIL,  # a quote left open in the merges
    HEAD + CELLS + MERGES.replace(b"/></", b'/><dimension ref="A1"/></') + TAIL,  # not only mergeCell tags
    HEAD + CELLS.replace(b"<sheetData>", b"<sheetData >") + MERGES + TAIL,
])
def test_copy_not_made_where_it_could_read_otherwise(workbook, sheet):
    assert _same(workbook, sheet) is None


@pytest.mark.parametrize("between", [b"", b"\r\n  ", b'<sheetProtection sheet="1" objects="1"/>',
                                     b'<autoFilter ref="A1:C3"/> <phoneticPr fontId="1"/>'])
def test_copy_made_over_empty_tags_between(workbook, between):
    sheet = HEAD + CELLS + between + MERGES + TAIL
    assert _same(workbook, sheet) == HEAD + MERGES + CELLS + between + MERGES + TAIL


def test_copy_made_without_declaration_and_with_unclosed_merge_tags(workbook):
    bare = PLAIN[PLAIN.index(b"<worksheet"):]
    assert _same(workbook, bare) is not None
    loose = PLAIN.replace(b'ref="A1:A2"/>', b'ref="A1:A2"></mergeCell>').replace(b'ref="B2:C3"/>', b'ref="B2:C3">')
    assert _same(workbook, loose) is not None


# What a mutation inserts: markup that could move where a tag begins or ends, or what the first element
# of a name is, for quick-xml.
_SNIPPETS = [b"<!-- c -->", b"<!--", b"-->", b"<?pi x?>", b"<![CDATA[<mergeCells>]]>", b'"', b"'", b"<", b">",
             b"</x>", b"</worksheet>", b"</sheetData>", b"<sheetData>", b"<mergeCells>", b"</mergeCells>",
             b'<x:mergeCells count="1"><x:mergeCell ref="A1:C3"/></x:mergeCells>', MERGES, b"<mergeCells/>",
             b'<mergeCell ref="B1:B3"/>', b'<dimension ref="A1:Z99"/>', b"<dimension/>", b'<row r="2">',
             b'<c r="A1"><v>5</v></c>', b'<autoFilter ref="A1:B2"/>', b'<foo a=">">', b'<foo a="<">', b" ",
             b"\n", b"&amp;", b"!", b"?", b"/>", b'="', b"<x", b'ref="', b"</row>", b"<c>"]


def _mutants(seed: str, count: int):
    rnd = random.Random(seed)
    bases = [PLAIN, HEAD + CELLS + b'<sheetProtection sheet="1"/>' + MERGES + TAIL, PLAIN[PLAIN.index(b"<worksheet"):]]
    for _ in range(count):
        sheet = rnd.choice(bases)
        for _ in range(rnd.randint(1, 3)):
            # Mostly at a tag boundary or inside a tag near the elements that matter; sometimes anywhere.
            marks = [i for i in range(len(sheet)) if sheet[i:i + 1] in (b"<", b">", b'"')]
            at = rnd.choice(marks) + rnd.choice((0, 0, 1)) if rnd.random() < 0.8 else rnd.randrange(len(sheet) + 1)
            sheet = sheet[:at] + rnd.choice(_SNIPPETS) + sheet[at:]
        yield sheet


def test_mutations_read_alike(workbook):
    """Seeded mutations around the elements that matter: wherever a copy is made, calamine reads it as it
    read the original. DISCLOSURE_MERGES_FUZZ=N runs N cases (docs/safety.md has the last long run)."""
    count = int(os.environ.get("DISCLOSURE_MERGES_FUZZ", "2000"))
    made = sum(_same(workbook, sheet) is not None for sheet in _mutants("mergesfirst", count))
    assert made > count // 10  # the mutations leave many sheets plain enough to copy (and test the copy)


def test_reader_hands_calamine_the_copy_and_reads_the_same_book(tmp_path, monkeypatch):
    path = tmp_path / "merged.xlsx"
    build(path)
    data = path.read_bytes()
    zf = MemoryZip(data)
    sheet = zf.read("xl/worksheets/sheet1.xml")
    assert b"<mergeCells" in sheet and merges_first(sheet) is not None
    handed: list[bytes] = []
    real = calamine_reader._open_and_read
    monkeypatch.setattr(calamine_reader, "_open_and_read", lambda d, *a: handed.append(d) or real(d, *a))
    with_copy = read_input(path)
    monkeypatch.setattr(calamine_reader, "merges_first", lambda xml: None)
    without = read_input(path)
    assert [(u.name, u.values, u.cells) for u in with_copy] == [(u.name, u.values, u.cells) for u in without]
    stored = zipfile.ZipFile(io.BytesIO(handed[0]))
    assert stored.testzip() is None  # the CRC written is the copy's
    assert stored.read("xl/worksheets/sheet1.xml") == merges_first(sheet)
    assert path.read_bytes() == data  # the input is never modified
