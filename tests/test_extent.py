"""The placed tier of a sheet's extent (inputs.preflight._placed_extent): a bound as safe as the exact scan's,
for the workbooks of many sheets whose loose bounds add up past the book's budget."""

from __future__ import annotations

import io
import random
import zipfile

import pytest
from builders import build, consistent_values, excel_sheet
from hostile import sheet_xml

from disclosure_cli.inputs import preflight
from disclosure_cli.inputs.preflight import _far_position, _odd, _placed_extent, tight_extent, xlsx_extent

SHEET = "xl/worksheets/sheet1.xml"


def as_excel_writes(xml: bytes) -> bytes:
    """A sheet's XML as Excel writes it: its root element and row attributes, the declaration on a line of its own."""
    return excel_sheet(xml).replace(b"?>", b"?>\r\n", 1)


def _cell(rnd: random.Random) -> bytes:
    """One cell tag holding a number, in one of the spellings calamine reads or that try to fool a count."""
    letter = rnd.choice(b"ABCPZabz").to_bytes(1, "big")
    digits = str(rnd.choice([1, 2, 9, 10, 54, 99, 100, 999])).encode() if rnd.random() < 0.97 else b""
    # '$' and a position without its row calamine refuses (the file is then unreadable): rare, to meet its reading
    ref = (b"$" if rnd.random() < 0.01 else b"") + letter + (b"$" if rnd.random() < 0.01 else b"") + digits
    far = b"Z999" if rnd.random() < 0.5 else b"A1"
    plain = [b'<c r="%s" t="n">' % ref, b'<c t="n">']  # placed; no position (one past the cell before)
    form = rnd.choice(plain) if rnd.random() < 0.98 else rnd.choice([
        b'<c s="1" r="%s">' % far,  # the position not the first attribute
        b'<c r="%s" r="">' % ref,  # a second one, empty
        b'<c r="%s" r="%s">' % (ref, far),  # a second one, elsewhere
        b'<c r="%s"r="%s">' % (ref, far),  # with no space between them
        b'<c\tr="%s">' % ref,  # a tab before it
        b'<c r="%s" t="n">' % digits,  # digits only: the column follows the cell before
        b'<c r="1A">',  # not a position
        b'<c r="">',
    ])
    return form + b"<v>1</v></c>"


def _soup(rnd: random.Random) -> bytes:
    rows = []
    number = 0
    for _ in range(rnd.randint(1, 12)):
        number += rnd.randint(0, 3)
        row = rnd.choice([b'<row r="%d">' % max(number, 1), b"<row>"]) if rnd.random() < 0.97 else rnd.choice(
            [b'<row spans="1:2" r="%d">' % rnd.choice([5, 999]), b'<row r="%d" r="">' % max(number, 1)])
        rows.append(row + b"".join(_cell(rnd) for _ in range(rnd.randint(0, 8))) + b"</row>")
    extra = rnd.choice([b"", b'<cols><col min="1" max="3" width="9"/></cols>', b"<!-- <c r=\"Z999\"> -->"])
    tail = rnd.choice([b"", b'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'])
    prolog = b"\r\n" if rnd.random() < 0.5 else b""
    return sheet_xml(extra + b"<sheetData>" + b"".join(rows) + b"</sheetData>" + tail, prolog)


def _with_sheet(good: bytes, xml: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(good))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, xml if info.filename == SHEET else src.read(info))
    return buf.getvalue()


def _calamine_extent(data: bytes) -> tuple[int, int] | None:
    """(rows, columns) from A1 to the last cell calamine reads; None when it reads none or refuses the sheet."""
    import python_calamine as pc

    try:
        end = pc.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).end
    except Exception:  # noqa: BLE001 - a spelling calamine refuses has no extent to bound
        return None
    return None if end is None else (end[0] + 1, end[1] + 1)


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("extent") / "good.xlsx"
    build(path, consistent_values(3))
    return path.read_bytes()


def test_the_placed_bound_holds_every_cell_calamine_and_the_exact_scan_find(good):
    """On random sheets mixing placed cells with every spelling that could hide one (a position not first,
    twice in a tag, after a tab, digits only, none at all, a tag in a comment), the placed tier's bound,
    whenever it gives one, holds every cell the exact scan counts and every cell calamine reads."""
    rnd = random.Random(20261202)
    placed = refused = compared = 0
    for _ in range(600):
        xml = _soup(rnd)
        if _far_position(xml) or _odd(xml):
            continue  # the tier is asked only once the fast gate has passed
        bound = _placed_extent(xml)
        if bound is None:
            refused += 1
            continue
        placed += 1
        rows, cols = xlsx_extent(xml, exact=True)
        assert bound[0] >= rows and bound[1] >= cols, xml
        seen = _calamine_extent(_with_sheet(good, xml))
        if seen is not None:
            compared += 1
            assert bound[0] >= seen[0] and bound[1] >= seen[1], xml
    assert placed > 100 and refused > 40 and compared > 40  # both answers, and calamine's reference, met often


@pytest.mark.parametrize("tag, far", [
    (b'<c s="1" r="Z999">', (999, 26)),  # a far position that is not its tag's first attribute
    (b'<c r="A1" r="Z999">', (999, 26)),  # a second position in a placed tag
    (b'<c r="A1"r="Z999">', (999, 26)),
    (b'<c r="A1"\tr="Z999">', (999, 26)),
    (b'<c r="A1" r="">', None),  # a second, empty position: the cell may follow the one before
])
def test_a_position_the_placed_count_cannot_vouch_for_takes_the_exact_scan(tag, far):
    cells = b"".join(b'<c r="%s5"><v>1</v></c>' % c for c in (b"A", b"B", b"C"))
    xml = sheet_xml(b'<sheetData><row r="5">' + cells + tag + b"<v>1</v></c></row></sheetData>")
    assert _placed_extent(xml) is None
    if far is not None:
        rows, cols = tight_extent(xml)
        assert rows >= far[0] and cols >= far[1]


def test_cells_without_positions_widen_the_placed_bound():
    """Cells (rows) that place none follow the one before: each widens the bound by one column (row)."""
    xml = sheet_xml(b'<sheetData><row r="5"><c r="B5"><v>1</v></c>' + b"<c><v>1</v></c>" * 40
                    + b"</row><row><c><v>1</v></c></row></sheetData>")
    rows, cols = _placed_extent(xml)
    exact_rows, exact_cols = xlsx_extent(xml, exact=True)
    assert rows >= max(6, exact_rows) and cols >= max(42, exact_cols)


def test_forms_as_excel_openpyxl_and_the_tool_write_them_take_the_placed_tier(good, tmp_path):
    """The fast gate passes, and the tier is met by, plain forms: openpyxl's, the tool's template (XlsxWriter,
    which declares the relationships' namespace), the sheet as Excel writes it (namespaces, row attributes, the
    declaration on a line of its own). The tier's bound is then the exact extent, or a row or column past it."""
    from click.testing import CliRunner

    from disclosure_cli.cli import cli

    template = tmp_path / "t.xlsx"
    assert CliRunner().invoke(cli, ["template", "-o", str(template)]).exit_code == 0
    sheets = [zipfile.ZipFile(io.BytesIO(good)).read(SHEET)]
    with zipfile.ZipFile(template) as z:
        sheets += [z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    sheets.append(as_excel_writes(sheets[0]))
    assert sheets[-1].count(b"http://") == 7 and b"x14ac:dyDescent" in sheets[-1]
    for xml in sheets:
        assert not (_far_position(xml) or _odd(xml))
        bound, exact = _placed_extent(xml), xlsx_extent(xml, exact=True)
        assert bound is not None and all(e <= b <= e + 3 for e, b in zip(exact, bound, strict=True))  # <cols>…


def test_a_workbook_of_many_sheets_never_takes_the_exact_scan(tmp_path, monkeypatch):
    """40 departments' sheets in one workbook: their loose bounds pass the book's budget, the placed tier
    brings them under it, and each is read as its own unit."""
    from builders import department_sheets

    from disclosure_cli.pipeline import read_checked

    path = tmp_path / "many.xlsx"
    department_sheets(path, 40)
    exact = []
    real = preflight._exact_extent
    monkeypatch.setattr(preflight, "_exact_extent", lambda xml: (exact.append(xml), real(xml))[1])
    units = read_checked(path)
    assert sorted(u.name for u in units) == [f"部门{i:03d}" for i in range(40)]
    assert all(not u.errors for u in units)
    assert not exact  # the gate's 40 loose bounds, then the placed tier alone: no sheet scanned exactly


@pytest.mark.parametrize("attribute, far", [
    (b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"', False),
    (b'operator="greaterThanOrEqual"', False),  # a name that only ends in r
    (b'xr="Z999"', False),
    (b'r="Z999"', False),  # small: the gate passes it, the bound holds it
    (b'r="XFD1048576"', True),
    (b'x:r="XFD1048576"', True),  # prefixed: calamine may match it by its local name
    (b'r="xfd1048576"', True),
])
def test_the_gate_passes_over_other_names_and_namespace_uris(good, attribute, far):
    """The gate's pattern meets namespace URIs and names ending in r on every sheet Excel writes: those are no
    positions, and calamine places no cell by them (read here with a small value); a position stays one."""
    xml = sheet_xml(b'<sheetData><row r="5"><c r="A5"><v>1</v></c><c r="B5" ' + attribute + b"><v>1</v></c></row>"
                    b"</sheetData>")
    assert preflight._far_position(xml) is far
    if not far:
        seen, bound = _calamine_extent(_with_sheet(good, xml)), tight_extent(xml)
        assert seen is not None and bound[0] >= seen[0] and bound[1] >= seen[1]
        assert seen == ((999, 26) if attribute == b'r="Z999"' else (5, 2))


def test_the_gates_one_pass_refuses_whatever_its_two_patterns_refuse(good):
    """_gate_passes reads every `r=` once for both the far positions and the unquoted values: on attribute
    soup built to meet both (names ending in r, schemes, quotes of either kind, `r=` inside a value) it passes
    no sheet that _far_position or _odd refuses; it refuses more only where a place hides inside another
    (rare), and on real sheets (the tool's, as Excel writes them) it gives the same answer."""
    rnd = random.Random(1202)
    pieces = [b'r="', b"r='", b"r=", b"xr=", b'xmlns:r="', b"http:", b"$", b"A", b"X", b"r", b"F", b"D", b"1", b"0",
              b"9", b'"', b"'", b" ", b"=", b":", b"<c ", b"/>", b"\n"]
    refused = stricter = 0
    for _ in range(30_000):
        xml = b"".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 16)))
        spec = not (_far_position(xml) or _odd(xml))
        passes = preflight._gate_passes(xml)
        assert not (passes and not spec), xml
        refused += not spec
        stricter += spec and not passes
    assert 3_000 < refused < 27_000 and stricter < 300
    sheets = [zipfile.ZipFile(io.BytesIO(good)).read(SHEET)]
    sheets += [as_excel_writes(sheets[0]), _soup(random.Random(5))]
    assert all(preflight._gate_passes(x) == (not (_far_position(x) or _odd(x))) for x in sheets)
    assert preflight._gate_passes(sheets[1])  # Excel's namespaces (xmlns:r="http://…") pass it
