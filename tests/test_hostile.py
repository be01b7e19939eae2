"""Hostile and broken inputs: each ends in a finding or a normal read, in bounded time and memory."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
import zlib
from pathlib import Path

import doc_builders
import pytest
from builders import build, consistent_values
from hostile import (
    BILLION_LAUGHS,
    bomb_xlsx,
    book_xlsx,
    cells_xml,
    difat_loop_xls,
    duplicate_sheet_entry,
    duration_xlsx,
    encrypted_ooxml,
    long_cell_beside_label,
    lying_central_directory,
    many_report_sheets,
    many_sheets,
    merged_xlsx,
    minimal_xlsx,
    ods,
    ods_from,
    ods_repeated_text,
    ods_spaces,
    replace_in_part,
    shared_string_bomb,
    sheet_xml,
    sst_count_bomb,
    truncated_xls,
    unclosed_tags,
    workbook_elsewhere,
    xls,
    xls_dimensions_bomb,
    xls_from,
    xlsx_parts,
    zip_with_raw_entry,
)

from disclosure_cli import messages as codes
from disclosure_cli.pipeline import read_checked as read_workbook

MEMORY_LIMIT = 512 * 1024 * 1024


def reason_key(message_en: str) -> str:
    """Which E003 reason an English message shows (the longest text up to a parameter it holds)."""
    found = [(len(en.split("{")[0]), key) for key, (_, en) in codes.REASONS.items() if en.split("{")[0] in message_en]
    if not found:
        raise AssertionError(message_en)
    return max(found)[1]


def _far_cell() -> bytes:
    return minimal_xlsx(sheet_xml(cells_xml({1: {"A": "填报单位：x"}, 1048576: {"XFD": 1}})))


def _lying_zip() -> bytes:
    return bomb_xlsx(1 << 30, declared=20_000)  # ~1 MB on disk, 1 GiB inflated, claims 20 KB


def _honest_bomb() -> bytes:
    return bomb_xlsx(1 << 30)  # claims its gigabyte truthfully


def _raw_sheet(xml: bytes, crc: int | None = None, declared: int | None = None) -> bytes:
    co = zlib.compressobj(6, zlib.DEFLATED, -15)
    stream = co.compress(xml) + co.flush()
    return zip_with_raw_entry(xlsx_parts(), "xl/worksheets/sheet1.xml", stream,
                              zlib.crc32(xml) if crc is None else crc, len(xml) if declared is None else declared)


_SMALL_SHEET = sheet_xml(cells_xml({1: {"A": "填报单位：x", "B": 1}}))


def _ods_repeated() -> bytes:
    cell = '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/>'
    return ods(f'<table:table table:name="S"><table:table-row table:number-rows-repeated="1048576">{cell}'
               "</table:table-row></table:table>")


def _far_xls() -> bytes:
    return xls({(0, 0): "x", (65535, 255): 1})


_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                      for i in range(1, 10))
           + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")

# name, file name, bytes, E003 reason (None: read normally)
HOSTILE = [
    ("empty", "2021.xlsx", lambda: b"", "empty"),
    ("truncated zip", "2021.xlsx", lambda: minimal_xlsx(sheet_xml(cells_xml({1: {"A": 1}})))[:300], "truncated"),
    # Read by what they are, whatever their name says (a web page, a text table): no E003.
    ("html as xls", "2021.xls", lambda: b"<html><body><table><tr><td>1</td></tr></table></body></html>", None),
    ("csv as xlsx", "2021.xlsx", lambda: "单位,数量\n测试局,1\n".encode(), None),
    ("text as xlsx", "2021.xlsx", lambda: b"just some notes\n", None),
    ("encrypted xlsx (OLE2 EncryptionInfo)", "2021.xlsx", encrypted_ooxml, "encrypted"),
    ("xls with an open password", "2021.xls", lambda: xls({(0, 0): 1}, password=True), "encrypted"),
    ("zip bomb, lying header", "2021.xlsx", _lying_zip, "bomb"),
    ("zip bomb, huge declared size", "2021.xlsx", _honest_bomb, "too_large"),
    ("billion laughs in a sheet", "2021.xlsx",
     lambda: minimal_xlsx(sheet_xml(cells_xml({1: {"A": "x"}}).replace(b">x<", b">&lol9;<"), BILLION_LAUGHS)),
     "unsafe_xml"),
    ("billion laughs in shared strings", "2021.xlsx",
     lambda: minimal_xlsx(sheet_xml(b'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>'),
                          shared_strings=b'<?xml version="1.0"?>' + BILLION_LAUGHS + b'<sst xmlns="http://schemas.'
                          b'openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'),
     "unsafe_xml"),
    ("far-away cell XFD1048576", "2021.xlsx", _far_cell, "too_many_cells"),
    ("far-away cell IV65536 in xls", "2021.xls", _far_xls, "too_many_cells"),
    ("ods repeating one value over the whole sheet", "2021.ods", _ods_repeated, "too_many_cells"),
    ("formatting down to row 1048576 only", "2021.xlsx",
     lambda: minimal_xlsx(sheet_xml(b'<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"><v>1</v></c>'
                                    b'</row><row r="1048576" s="1"><c r="XFD1048576" s="1"/></row></sheetData>')),
     None),
    ("a zip that is no workbook", "2021.xlsx", lambda: _zip_of({"notes.txt": b"hello"}), "zip"),
    ("a sheet part whose checksum is wrong", "2021.xlsx",
     lambda: _raw_sheet(_SMALL_SHEET, crc=zlib.crc32(_SMALL_SHEET) ^ 1), "truncated"),
    ("a sheet part longer than its header says", "2021.xlsx",
     lambda: _raw_sheet(_SMALL_SHEET, declared=len(_SMALL_SHEET) - 10), "truncated"),
    ("the same part, honest", "2021.xlsx", lambda: _raw_sheet(_SMALL_SHEET), None),
    # Cells with no position stand one column past the previous one: 3,000 of them on row 999
    # (tab-separated attributes, which calamine reads) ask for 3 million cells.
    ("cells without positions running far to the right", "2021.xlsx",
     lambda: minimal_xlsx(sheet_xml(b'<sheetData><row r="999">' + b'<c\tt="n"><v>1</v></c>' * 3000
                                    + b"</row></sheetData>")), "too_many_cells"),
    # Documents are held to the same promises (their readers vet the zip, refuse DTDs, bound nesting).
    ("a Word report with an entity bomb", "2021.docx",
     lambda: doc_builders.replace_parts(doc_builders.base_docx(), {"word/document.xml": _LAUGHS}), "unsafe_xml"),
    ("a Word report whose body inflates beyond its declared size", "2021.docx",
     lambda: doc_builders.patch_entry(doc_builders.replace_parts(doc_builders.base_docx(), {
         "word/document.xml": b'<?xml version="1.0"?>' + b" " * (40 * 1024 * 1024)}), "word/document.xml",
         file_size=1000), "bomb"),
    ("a web page nested 100,000 deep", "2021.html", lambda: b"<html><body>" + b"<div>" * 100_000, "too_deep"),
    ("a web page of nested tables", "2021.htm", lambda: b"<table><tr><td>" * 50_000, "too_deep"),
    ("a Word report named .xlsx (read as Word)", "2021.xlsx", lambda: doc_builders.base_docx(), None),
    # Issue 17: budgets per workbook, not per sheet; parsers that panic or loop; patterns that were quadratic.
    ("300 sheets, each just under the cell limit", "2021.xlsx", many_sheets, "too_many_cells_book"),
    ("1,001 sheets", "2021.xlsx", lambda: book_xlsx([_SMALL_SHEET] * 1001), "too_many_sheets"),
    ("200 sheets, each a whole report (every budget lets it through)", "2021.xlsx", many_report_sheets, None),
    ("one 15 MB shared string used by 100 cells", "2021.xlsx", shared_string_bomb, "too_much_text"),
    ("ods <text:s text:c=1000000000/>", "2021.ods", ods_spaces, "too_much_text"),
    ("ods text cell repeated over a row, the row repeated", "2021.ods", ods_repeated_text, "too_much_text"),
    ("a duration of 3e9 days formatted [h]:mm:ss", "2021.xlsx", duration_xlsx, "bad_date"),
    ("a merged range Z100:XFD1048576", "2021.xlsx", merged_xlsx, "too_many_merged"),
    ("a 200,000-character cell beside 单位名称", "2021.xlsx", long_cell_beside_label, None),
    ("<c repeated over megabytes, never closed", "2021.xlsx", unclosed_tags, "unsafe_xml"),
    ("a truncated .xls (calamine panicked on its directory)", "2021.xls", truncated_xls, "truncated"),
    ("an .xls whose DIFAT chain loops (calamine loops on it)", "2021.xls", difat_loop_xls, "truncated"),
    ("an .xls whose DIMENSIONS end before they start", "2021.xls", xls_dimensions_bomb, "too_many_cells"),
    ("a shared-string table declaring 99,999,999,999 strings", "2021.xlsx", sst_count_bomb, "too_many_strings"),
    ("a sheet part given twice, a far cell in the first", "2021.xlsx", duplicate_sheet_entry, "too_many_cells"),
    ("the root relationships send calamine to another workbook", "2021.xlsx", workbook_elsewhere, "too_many_cells"),
    # The first part's offset lies before the file: found while the checked parts are repacked for calamine
    # (it used to be calamine's own refusal, "parse"); a zip whose directory lies is a damaged file.
    ("a central directory placed later than it is (a negative offset)", "2021.xlsx", lying_central_directory,
     "truncated"),
    ("a few cells without positions", "2021.xlsx",
     lambda: minimal_xlsx(sheet_xml(b'<sheetData><row r="1"><c t="inlineStr"><is><t>x</t></is></c>'
                                    + b'<c\tt="n"><v>1</v></c>' * 30 + b"</row><row>" + b"<c><v>2</v></c>" * 5
                                    + b"</row></sheetData>")), None),
]


def _zip_of(parts: dict) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, tuple[Path, str | None]]:
    folder = tmp_path_factory.mktemp("hostile")
    out = {}
    for i, (name, file_name, make, why) in enumerate(HOSTILE):
        path = folder / f"{i:02d}-{file_name}"
        path.write_bytes(make())
        out[name] = (path, why)
    return out


@pytest.mark.parametrize("name", [h[0] for h in HOSTILE])
def test_hostile_input_ends_in_the_right_finding(corpus, name):
    path, why = corpus[name]
    t0 = time.perf_counter()
    units = read_workbook(path)
    assert time.perf_counter() - t0 < 5
    e003 = [f for u in units for f in u.findings if f.code == "E003"]
    if why is None:
        assert e003 == []
    else:
        assert len(units) == 1 and len(e003) == 1
        assert reason_key(e003[0].message("en")) == why


def test_far_cell_finding_names_sheet_and_cell(corpus):
    (unit,) = read_workbook(corpus["far-away cell XFD1048576"][0])
    (f,) = unit.findings
    assert (f.code, f.sheet, f.cell) == ("E003", "S", "XFD1048576")
    assert "XFD1048576" in f.message("zh") and "“S”" in f.message("en")


def _bounded_check(args: list[str], timeout: float = 60) -> tuple[int, dict, float]:
    """`disclosure check --format json` in a child limited to 512 MB of address space."""
    code = (f"import resource, sys; resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT})); "
            "from disclosure_cli.cli import main; sys.argv = ['disclosure'] + sys.argv[1:]; main()")
    env = dict(os.environ)
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, "check", "--format", "json", "--lang", "en", *args],
                          capture_output=True, text=True, timeout=timeout, env=env)
    elapsed = time.perf_counter() - t0
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout), elapsed


def test_whole_corpus_in_one_bounded_batch(corpus, tmp_path):
    """One cron-like run over every hostile file plus a good one: under 512 MB, no traceback, every
    file gets its own finding, and the good report after them is still read."""
    good = tmp_path / "good-2021.xlsx"
    build(good, consistent_values(3), unit="可读局")  # its own name: the corpus shares 测试局 (E302 among them)
    paths = [str(p) for p, _ in corpus.values()] + [str(good)]
    rc, result, elapsed = _bounded_check(paths)
    assert rc == 1 and elapsed < 30
    by_source = {}
    for f in result["findings"]:
        by_source.setdefault(f["source"], []).append(f)
    for path, why in corpus.values():
        e003 = [f for f in by_source.get(str(path), []) if f["code"] == "E003"]
        assert [reason_key(f["message"]) for f in e003] == ([why] if why else []), path
    assert by_source.get(str(good), []) == []
    good_unit = next(u for u in result["units"] if u["source"] == str(good))
    assert (good_unit["unit"], good_unit["year"]) == ("可读局", 2021)


@pytest.mark.parametrize("name", ["zip bomb, lying header", "far-away cell XFD1048576", "far-away cell IV65536 in xls",
                                  "ods repeating one value over the whole sheet"])
def test_each_bomb_alone_is_bounded(corpus, name):
    path, why = corpus[name]
    rc, result, elapsed = _bounded_check([str(path)], timeout=20)
    assert rc == 1 and elapsed < 10
    assert [reason_key(f["message"]) for f in result["findings"]] == [why]


# -- formats and cell contents that must read normally --

@pytest.fixture
def report(tmp_path):
    values = consistent_values(5)
    path = tmp_path / "2021.xlsx"
    cells = build(path, values)
    return path, cells, values


def _leaf(cells) -> tuple:
    return next(iter(_leaves(cells)))


def _leaves(cells) -> list:
    """Cells of the applications table that are no total (a sub-row, an applicant column)."""
    return [k for k in cells if k[0] == "applications" and k[1].startswith("withheld.") and k[2] != "total"]


def _pos(ref: str) -> tuple[int, int]:
    from disclosure_cli.base.refs import split_ref

    return split_ref(ref.split("!")[1])


@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_xls_and_ods_read_like_xlsx(report, tmp_path, kind):
    path, cells, values = report
    other = tmp_path / f"2021.{kind}"
    other.write_bytes(xls_from(path) if kind == "xls" else ods_from(path))
    (unit,) = read_workbook(other)
    assert unit.findings == []
    assert (unit.name, unit.year) == ("测试局", 2021)
    assert all(unit.values[k] == v for k, v in values.items() if k in cells)


@pytest.mark.parametrize("odd, code", [(True, "E101"), (-2, "E102"), (2.5, "E103"), (10**15, "E101"), ("x", "E101")])
def test_xls_whole_numbers_read_in_bulk_and_an_odd_cell_alone(report, tmp_path, odd, code):
    """calamine reads an .xls's whole numbers as ints (an .xlsx's as floats): they are read in bulk like an
    .xlsx's, each exact; a count cell among them that is no plain count (TRUE, a negative, a fraction, 15
    digits, text) is read alone, with its finding, never as 1 or 0, and every other cell still reads."""
    from hostile import sheet_rows

    path, cells, values = report
    k = _leaf(cells)
    name, rows = sheet_rows(path)
    grid = {(r, c): v for r, row in enumerate(rows) for c, v in enumerate(row) if v is not None}
    grid[_pos(cells[k])] = odd
    other = tmp_path / "2021.xls"
    other.write_bytes(xls(grid, sheet=name))
    (unit,) = read_workbook(other)
    found = [(f.code, f.cell) for f in unit.findings]
    assert (code, cells[k].split("!")[1]) in found
    assert unit.values[k] is None
    others = {key: v for key, v in values.items() if key in cells and key != k}
    read = {key: unit.values[key] for key in others}
    assert all(type(v) is int for key, v in read.items() if key[2] != "amount") and read == others


def test_xls_counts_are_read_in_bulk(report, tmp_path, monkeypatch):
    """An .xls's counts take the bulk path (before, each of its 200 went through parse(): 1.6 ms a file, 0.85
    now): only the cells that are no counts are read one by one."""
    from disclosure_cli.read import cells as reading

    path, cells, values = report
    other = tmp_path / "2021.xls"
    other.write_bytes(xls_from(path))
    alone = []
    real = reading._read_value
    monkeypatch.setattr(reading, "_read_value", lambda unit, k, *a, **kw: (alone.append(k), real(unit, k, *a, **kw)))
    (unit,) = read_workbook(other)
    assert unit.findings == [] and len(alone) < 10 < len(cells)
    assert all(unit.values[k] == v for k, v in values.items() if k in cells)


@pytest.mark.parametrize("suffix", ["xlsx", "xls"])
def test_a_few_odd_counts_leave_the_rest_read_in_bulk_and_the_same(report, tmp_path, monkeypatch, suffix):
    """Blanks left for 0, a number typed as text, a negative, TRUE, among the counts: those alone are read one
    by one with their findings, the rest in bulk; values and findings are exactly those of reading every cell
    one by one (the bulk turned off: no number is below a limit of 0)."""
    from builders import edit

    from disclosure_cli.read import cells as reading

    path, cells, _ = report
    leaves = _leaves(cells)
    odd = dict(zip([cells[k] for k in leaves[:6]], [None, None, "12", -3, True, " 7 "], strict=True))
    edit(path, odd)
    if suffix == "xls":
        other = tmp_path / "2021.xls"
        other.write_bytes(xls_from(path))
        path = other
    alone = []
    real = reading._read_value
    monkeypatch.setattr(reading, "_read_value", lambda unit, k, *a, **kw: (alone.append(k), real(unit, k, *a, **kw)))
    (unit,) = read_workbook(path)
    assert len(alone) < 20 and {f.code for f in unit.findings} >= {"W101", "W102", "E102", "E101"}
    monkeypatch.setattr(reading, "NUMBER_LIMIT", 0)
    (each,) = read_workbook(path)
    assert len(alone) > 150
    assert unit.values == each.values
    assert [f.to_dict("en") for f in unit.findings] == [f.to_dict("en") for f in each.findings]


def test_xls_error_cell_is_reported_not_read_as_zero(report, tmp_path):
    path, cells, _ = report
    k = _leaf(cells)
    other = tmp_path / "2021.xls"
    other.write_bytes(xls_from(path, errors={_pos(cells[k]): "#DIV/0!"}))
    (unit,) = read_workbook(other)
    found = [(f.code, f.cell, f.params.get("value")) for f in unit.findings if f.code == "E101"]
    assert found == [("E101", cells[k].split("!")[1], "#DIV/0!")]
    assert unit.values[k] is None


def test_xlsx_error_and_formula_cells(report, tmp_path):
    import openpyxl

    path, cells, _ = report
    leaves = _leaves(cells)
    err_na, err_div, formula = leaves[0], leaves[1], leaves[2]
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    ws[cells[err_na].split("!")[1]] = "#N/A"  # openpyxl stores these two as error cells (t="e")
    ws[cells[err_div].split("!")[1]] = "#DIV/0!"
    ws[cells[formula].split("!")[1]] = "=1+1"  # no cached value: never opened in Excel
    wb.save(path)
    (unit,) = read_workbook(path)
    got = {(f.code, f.cell) for f in unit.findings if f.code in ("E101", "E104")}
    ref = lambda k: cells[k].split("!")[1]  # noqa: E731
    assert got == {("E101", ref(err_na)), ("E101", ref(err_div)), ("E104", ref(formula))}
    assert unit.values[err_na] is None and unit.values[formula] is None


def test_control_characters_in_labels_and_values(report, tmp_path):
    path, cells, values = report
    data = replace_in_part(path.read_bytes(), "xl/worksheets/sheet1.xml", "规章".encode(), "规\x01章".encode())
    data = replace_in_part(data, "xl/worksheets/sheet1.xml", "测试局".encode(), "测试\x07局".encode())
    hostile = tmp_path / "ctrl-2021.xlsx"
    hostile.write_bytes(data)
    (unit,) = read_workbook(hostile)
    assert [f.code for f in unit.findings] == []  # the label still matches; nothing is lost
    assert unit.values[("active", "regulations", "issued")] == values[("active", "regulations", "issued")]


def test_thousands_of_junk_rows_read_in_bounded_time(report, tmp_path):
    path, cells, values = report
    junk = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>junk %d</t></is></c><c r="H%d"><v>%d</v></c></row>'
                    % (r, r, r, r, r) for r in range(100, 5100))
    data = replace_in_part(path.read_bytes(), "xl/worksheets/sheet1.xml", b"</sheetData>", junk + b"</sheetData>")
    hostile = tmp_path / "junk-2021.xlsx"
    hostile.write_bytes(data)
    t0 = time.perf_counter()
    (unit,) = read_workbook(hostile)
    assert time.perf_counter() - t0 < 5
    assert [f.code for f in unit.findings] == []
    assert unit.values[_leaf(cells)] == values[_leaf(cells)]


# -- inputs are opened read-only --

def test_inputs_are_never_modified(report, tmp_path, corpus):
    path, _, _ = report
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-2021.xlsx").write_bytes(path.read_bytes())
    (folder / "b-2021.xls").write_bytes(xls_from(path))
    (folder / "c-2021.ods").write_bytes(ods_from(path))
    files = [path, *folder.iterdir(), *(p for p, _ in corpus.values())]

    def state():
        return {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in files}

    before = state()
    from click.testing import CliRunner

    from disclosure_cli.cli import cli

    res = CliRunner().invoke(cli, ["check", str(path), str(folder), *(str(p) for p, _ in corpus.values())])
    assert res.exit_code == 1 and res.exception is None or isinstance(res.exception, SystemExit)
    assert state() == before
    assert sorted(q.name for q in folder.iterdir()) == ["a-2021.xlsx", "b-2021.xls", "c-2021.ods"]  # no litter


def test_openpyxl_refused_without_defusedxml():
    code = ("from disclosure_cli.inputs.safety import require_defusedxml\n"
            "from disclosure_cli.messages.errors import ToolError\n"
            "try:\n    require_defusedxml()\nexcept ToolError as e:\n    print('refused', e)\nelse:\n    print('allowed')")
    env = dict(os.environ)
    ok = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    off = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env=dict(env, OPENPYXL_DEFUSEDXML="False"))
    assert ok.stdout.strip() == "allowed"
    assert off.stdout.startswith("refused") and "defusedxml" in off.stdout


def test_far_cell_in_a_second_position_attribute(tmp_path):
    """Found by fuzzing: a cell tag with two r attributes (<c r="A20" r="XFD1048576">, or with no space
    between them). calamine keeps the far one and would abort allocating the range; the preflight
    must count every position attribute."""
    import io
    import zipfile

    from builders import build, consistent_values

    from disclosure_cli.pipeline import read_checked as read_workbook

    good = tmp_path / "good.xlsx"
    build(good, consistent_values(2))
    src = zipfile.ZipFile(good)
    sheet = "xl/worksheets/sheet1.xml"
    xml = src.read(sheet)
    for n, bad_tag in enumerate((b' r="XFD1048576"', b'r="XFD1048576"')):
        i = xml.index(b'<c r="A') + len(b'<c r="A1"')
        mutated = xml[:i] + bad_tag + xml[i:]
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
            for info in src.infolist():
                out.writestr(info.filename, mutated if info.filename == sheet else src.read(info))
        (unit,) = read_workbook(tmp_path / f"bad{n}.xlsx", data=buf.getvalue())
        (f,) = unit.findings
        assert f.code == "E003" and "XFD1048576" in f.message("en")


def test_far_cell_spelled_oddly(tmp_path):
    """calamine also accepts r = "…", r='…' and a tab or a form feed before '=': each must count as a position
    (the form feed took the process down, calamine allocating the range, until 2026-12-02)."""
    import io
    import zipfile

    from builders import build, consistent_values

    from disclosure_cli.pipeline import read_checked as read_workbook

    good = tmp_path / "good.xlsx"
    build(good, consistent_values(2))
    src = zipfile.ZipFile(good)
    sheet = "xl/worksheets/sheet1.xml"
    xml = src.read(sheet)
    for n, spelling in enumerate((b'r = "XFD1048576"', b"r='XFD1048576'", b'r ="XFD1048576"', b'r=\t"XFD1048576"',
                                   b'r\x0c="XFD1048576"', b'r\x0c\x0c="XFD1048576"')):
        i = xml.index(b'<c r="A') + len(b'<c r="A1"')
        mutated = xml[:i] + b" " + spelling + xml[i:]
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
            for info in src.infolist():
                out.writestr(info.filename, mutated if info.filename == sheet else src.read(info))
        (unit,) = read_workbook(tmp_path / f"odd{n}.xlsx", data=buf.getvalue())
        assert [f.code for f in unit.findings] == ["E003"], spelling


def test_preflight_bounds_cells_without_positions():
    """Cells with no position attribute follow the previous one: the preflight must see how far
    they run before calamine allocates the range (a 16 MB part could place 700,000 of them on row
    999, some 24 GB). The bound comes from the tags, whatever separates their attributes."""
    from disclosure_cli.inputs.preflight import MAX_CELLS, xlsx_extent

    for sep in (b" ", b"\t", b"\n"):
        xml = sheet_xml(b'<sheetData><row r="999">' + (b"<c" + sep + b't="n"><v>1</v></c>') * 3000
                        + b"</row></sheetData>")
        rows, cols = xlsx_extent(xml)
        assert rows >= 999 and cols >= 3000 and rows * cols > MAX_CELLS


@pytest.mark.parametrize("tag", [b'<c r="A1" t="s">', b"<c r='A1' t='s'>", b'<c r="A1" t = "s">',
                                 b'<c r="A1"\tt=\n"s">', b'<x:c r="A1" t="s">'])
def test_a_shared_string_use_counts_in_every_spelling_calamine_reads(tag):
    """The text a sheet's shared-string cells hold is bounded by the uses times the table's size: a use in
    any spelling counts (the fast count has no word boundary, so it can only count more, never fewer)."""
    from disclosure_cli.inputs.budget import MAX_TEXT_CHARS, shared_text

    sst = b"<sst><si><t>abc</t></si></sst>"
    xml = b'<sheetData><row r="1">' + tag + b"<v>0</v></c></row></sheetData>"
    assert shared_text([xml], sst) == len(sst)
    assert shared_text([xml * 3, xml], sst) == 4 * len(sst)
    huge = b"<sst><si><t>" + b"A" * (MAX_TEXT_CHARS // 2) + b"</t></si><si><t>b</t></si></sst>"
    uses = b'<sheetData><row r="1">' + tag + b"<v>0</v></c>" + (tag + b"<v>1</v></c>") * 5 + b"</row></sheetData>"
    # Over the bound, each use is looked up: the long string once, the short one five times.
    assert MAX_TEXT_CHARS // 2 < shared_text([uses], huge) < MAX_TEXT_CHARS


@pytest.mark.parametrize(("xml", "odd"), [
    (b'<?xml version="1.0"?>\r\n<worksheet><c r\n="XFD1048576"/></worksheet>', True),
    (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet><c r="A1"/></worksheet>', False),
    (b'<worksheet><c r\t="A1"/></worksheet>', True),
    (b'<?xml version="1.0"?>\n=<w/>', True),  # not a line break before the first tag: looked at as any other
    (b'<?xml version="1.0"?>\r\n\r="XFD1"<w/>', True),
    (b'<?xml version="1.0"?>\r\n \t<w><c\r\n r="A1"/></w>', False),  # breaks, but none right before '='
    (b'<?xml version="1.0"?>\r\n<w><c r="A1"\r\n/><c r\r="XFD1"/></w>', True),
])
def test_a_line_break_before_equals_is_seen_past_the_declarations_own(xml, odd):
    """The gate's check for a tab or line break right before '=' (r\\n="XFD1048576", which calamine reads)
    passes over the line break Excel writes after the XML declaration, and nothing else."""
    from disclosure_cli.inputs.preflight import _odd

    assert _odd(xml) is odd


def test_a_damaged_mark_is_no_mark_not_a_failure(tmp_path):
    """docProps/custom.xml (the tool's mark) is read after the sheets, from a part no parser needed: its
    deflate stream damaged, the workbook is read as any unmarked one (found by fuzzing: a zlib error
    escaped as E003 "reading this file failed")."""
    import zipfile as zf

    from disclosure_cli.base.ziprecords import part_offset
    from disclosure_cli.render.template import write

    path = tmp_path / "模板-2021.xlsx"
    write(path, 2021)
    data = bytearray(path.read_bytes())
    with zf.ZipFile(path) as z:
        info = z.getinfo("docProps/custom.xml")
    start = part_offset(bytes(data), info)
    assert start is not None
    data[start:start + info.compress_size] = bytes([0xFF]) * info.compress_size  # not a deflate stream
    path.write_bytes(bytes(data))
    units = read_workbook(path)
    assert [u.made_by for u in units] == [None]
    assert not any(f.code == "E003" for u in units for f in u.findings)


@pytest.mark.parametrize("sheet, area", [
    (b'<worksheet><sheetData/><mergeCells><mergeCell ref="A1:B2"/><mergeCell ref="C3"/></mergeCells></worksheet>', 4),
    # Merges anywhere, prefixed, written end first, far: every one counts wherever it stands.
    (b'<x:worksheet><x:mergeCell ref="Z9:D5"/><x:sheetData/><x:mergeCells><x:mergeCell ref="A1:A3"/>'
     b'</x:mergeCells></x:worksheet>', 23 * 5 + 3),
    (b'<worksheet><sheetData><row r="1"/></sheetData><mergeCells><mergeCell ref="A1:XFD1"/></mergeCells>'
     b'</worksheet>', 16_384),
    (b"<worksheet><sheetData/></worksheet>", 0),
])
def test_merged_area_counts_every_range(sheet, area):
    from disclosure_cli.inputs.budget import xlsx_merged

    assert xlsx_merged(sheet) == area


def test_fast_gate_pattern_finds_what_its_plain_spelling_finds():
    """The gate's position pattern is spelled for speed (possessive, no backtracking): on random
    attribute soup it finds a far position exactly where the plain spelling does."""
    import random
    import re

    from disclosure_cli.inputs.preflight import _ANY_BIG

    plain = re.compile(rb'r="\$?(?:[A-Za-z]{2}|[A-Za-z]?\$?\d{4})')
    rnd = random.Random(18)
    alphabet = [b'r="', b"$", b"A", b"z", b"1", b"0", b"9", b'"', b" ", b"r", b"="]
    found = 0
    for _ in range(20_000):
        soup = b"".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 14)))
        assert (plain.search(soup) is None) == (_ANY_BIG.search(soup) is None), soup
        found += plain.search(soup) is not None
    assert 200 < found < 19_800  # both answers are met often
