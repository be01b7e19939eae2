"""Placements found once per form are reused for every copy of it: only where that cannot change them."""

import openpyxl
import pytest
from builders import build, consistent_values, relabel, with_subtotals
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_cli.base.labels import key
from disclosure_cli.formats.f2021 import FORMAT_2021
from disclosure_cli.inputs import Sheet
from disclosure_cli.inputs import open_book as open_workbook
from disclosure_cli.locate import locate as locate_with
from disclosure_cli.locate.text import inert as _inert
from disclosure_cli.pipeline import check
from disclosure_cli.read import ReadCaches
from disclosure_cli.render.layout import Style

# One run's caches shared by the reads of a test (a run owns its caches; here the test is the run).
CACHES = ReadCaches()
LAYOUTS = CACHES.locate.layouts


def locate(sheet, fmt):
    return locate_with(sheet, fmt, cache=CACHES.locate)


STYLES = [Style(), Style(label_cols=2), Style(label_cols=1, merged=False), Style(label_cols=3, merged=False),
          Style(label_cols=2, subtotals=False, repeat_group=True), Style(label_cols=2, subtotals=True)]


def read(path):
    """Everything a reader reports about each unit, in comparable form."""
    result = check([path], jobs=1, caches=CACHES)
    return [(u.name, u.year, u.values, u.cells, sorted(u.subtotal_groups),
             [(f.code, f.sheet, f.cell, f.row, f.column) for f in u.findings]) for u in result.units]


def fresh(path):
    LAYOUTS.clear()
    return read(path)


@pytest.fixture(autouse=True)
def empty_cache():
    LAYOUTS.clear()
    yield
    LAYOUTS.clear()


@pytest.mark.parametrize("style", STYLES, ids=str)
@pytest.mark.parametrize("per_table_sheets", [False, True])
def test_another_department_on_the_same_form_reuses_the_placements(tmp_path, style, per_table_sheets):
    a, b = tmp_path / "a-2021.xlsx", tmp_path / "b-2021.xlsx"
    values_a = consistent_values(1)
    values_b = consistent_values(2)
    values_b[("applications", "received", "total")] += 1  # a mistake: its finding must come out the same
    if style.subtotals:
        values_a, values_b = with_subtotals(values_a), with_subtotals(values_b)
    build(a, values_a, style=style, unit="济宁市工业和信息化局", per_table_sheets=per_table_sheets)
    cells_b = build(b, values_b, style=style, unit="某县财政局", per_table_sheets=per_table_sheets)
    read(a)
    hits = LAYOUTS.hits
    cached = read(b)
    sheets = 3 if per_table_sheets else 1
    assert LAYOUTS.hits - hits == sheets  # the department's name differs: still the same form
    assert cached == fresh(b)
    name, _, values, cells, _, findings = cached[0]
    assert name == "某县财政局"
    assert values[("active", "regulations", "issued")] == values_b[("active", "regulations", "issued")]
    assert cells[("reviews", "review", "total")][1] == cells_b[("reviews", "review", "total")].split("!")[1]
    assert {f[0] for f in findings} == {"E201", "E204"}


def test_a_blank_cell_the_search_relied_on_is_looked_at_again(tmp_path):
    # With subtotal rows, a group heading row counts as a subtotal only when it holds numbers: a copy
    # of the form whose heading row is blank must not inherit the first copy's subtotal cells.
    a, b = tmp_path / "a-2021.xlsx", tmp_path / "b-2021.xlsx"
    style = Style(label_cols=2, subtotals=True)
    values = with_subtotals(consistent_values(3))
    build(a, values, style=style, unit="甲局")
    blank = {k: v for k, v in values.items() if k[1] != "withheld"}
    build(b, blank, style=style, unit="乙局")
    first = read(a)
    second = read(b)
    assert "withheld" in first[0][4] and "withheld" not in second[0][4]
    assert second == fresh(b)


def test_the_same_form_moved_is_reused_where_it_now_stands(tmp_path):
    # A department added rows above the form and a column before it: the same form, found again
    # without a search, at its new place.
    a, b = tmp_path / "a-2021.xlsx", tmp_path / "b-2021.xlsx"
    values = consistent_values(4)
    build(a, values, unit="甲局")
    cells_b = build(b, values, unit="乙局", origin=(5, 3))
    read(a)
    hits = LAYOUTS.hits
    moved = read(b)
    assert LAYOUTS.hits == hits + 1
    assert moved == fresh(b)
    k = ("applications", "received", "natural_person")
    assert moved[0][3][k][1] == cells_b[k].split("!")[1]


def test_a_changed_label_is_another_form(tmp_path):
    a, b = tmp_path / "a-2021.xlsx", tmp_path / "b-2021.xlsx"
    values = consistent_values(4)
    build(a, values, unit="甲局")
    build(b, values, unit="乙局")
    relabel(b, {"自然人": "自 然 人"})  # the same key, written otherwise
    read(a)
    hits = LAYOUTS.hits
    relabelled = read(b)
    assert LAYOUTS.hits == hits
    assert relabelled == fresh(b)


def test_inert_text_around_the_tables_changes_nothing(tmp_path):
    """Names, dates, notes and signatures written anywhere outside the value cells: the same
    placements as without them, found afresh or reused."""
    clean, noisy = tmp_path / "clean-2021.xlsx", tmp_path / "noisy-2021.xlsx"
    values = consistent_values(5)
    build(clean, values, unit="甲局")
    build(noisy, values, unit="甲局")
    wb = openpyxl.load_workbook(noisy)
    ws = wb.active
    junk = ["张三", "填报日期：2022年1月5日", "联系电话 0537-1234567", "（盖章）", "此处无内容", "备注：无"]
    written = 0
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row + 3, max_col=ws.max_column + 2):
        for cell in row:
            if type(cell).__name__ == "Cell" and cell.value is None:
                cell.value = junk[written % len(junk)]
                written += 1
    wb.save(noisy)
    assert written > 40
    base = fresh(clean)
    for got in (fresh(noisy), read(noisy)):
        assert got[0][2] == base[0][2] and got[0][3] == base[0][3]
        assert [f[0] for f in got[0][5]] == [f[0] for f in base[0][5]] == []


@pytest.mark.parametrize("text", ["济宁市工业和信息化局", "部门00012", "填报日期：2022年1月5日", "张三", "0537-1234567"])
def test_names_dates_and_people_are_inert(text):
    assert _inert(key(text))


@pytest.mark.parametrize("text", [
    "（一）予以公开", "行政复议", "结果维持", "结果", "维持", "总计", "小计",
    "本年收费金额（万元）", "规章（设区的市人民政府）", "未经复议直接起诉", "商业企业", "其他",
])
def test_labels_and_their_halves_are_not(text):
    assert not _inert(key(text))


# -- the property: reused placements are the placements a fresh search finds ---------------------

_FORMS: dict = {}


def _form(style_index: int):
    """A filled-in form as calamine reads it (built once per style, in a temporary folder)."""
    if style_index not in _FORMS:
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "2021.xlsx"
            build(path, with_subtotals(consistent_values(style_index)), style=STYLES[style_index], unit="甲局")
            _FORMS[style_index] = open_workbook(path).sheets[0]
    return _FORMS[style_index]


# What departments do to a form: another name, blanks, words in number cells, a label retyped,
# a note, a number typed as text.
_EDITS = st.sampled_from(["", None, "无", "某县财政局", "填报日期：2022年1月5日", "（一）予以公开", "小计",
                          "结果", "维持", "其他", "3", "备注：无", "行政复议", 0.0, 7.0, -1.0])


def _placements(found):
    return {tid: [(p.cells, p.subtotals, p.missing, p.legacy, p.units, p.anchor) for p in ps]
            for tid, ps in found.items()}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(style_index=st.integers(0, len(STYLES) - 1),
       edits=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12), _EDITS), max_size=6),
       blank_rows=st.lists(st.integers(0, 60), max_size=3),
       shift=st.tuples(st.integers(0, 4), st.integers(0, 3)))
def test_reused_placements_equal_a_fresh_search(style_index, edits, blank_rows, shift):
    form = _form(style_index)
    dr, dc = shift  # rows added above the form, columns before it
    width = len(form.grid[0]) + dc
    grid = [[""] * width for _ in range(dr)] + [[""] * dc + list(row) for row in form.grid]
    merges = [((a + dr, b + dc), (x + dr, y + dc)) for (a, b), (x, y) in form.merges]
    for r, c, value in edits:
        if r < len(grid) and c < len(grid[r]):
            grid[r][c] = "" if value is None else value
    for r in blank_rows:  # a row left empty: every number in it gone (a subtotal row, a data row)
        if r < len(grid):
            grid[r] = ["" if v.__class__ is not str else v for v in grid[r]]
    copy = Sheet(form.name, form.index, grid, merges)
    LAYOUTS.clear()
    locate(form, FORMAT_2021)  # the form as first seen, remembered
    reused = _placements(locate(copy, FORMAT_2021))
    LAYOUTS.clear()
    assert reused == _placements(locate(copy, FORMAT_2021))


@pytest.mark.parametrize("style_index", range(len(STYLES)))
def test_every_row_left_empty_reads_as_a_fresh_search_would(style_index):
    """Exhaustively, for each row of each form: its numbers gone (a subtotal row, a data row, a
    merged cell's value), the reused placements are those a fresh search finds."""
    form = _form(style_index)
    LAYOUTS.clear()
    locate(form, FORMAT_2021)
    differ = 0
    for r in range(len(form.grid)):
        grid = [list(row) for row in form.grid]
        grid[r] = ["" if v.__class__ is not str else v for v in grid[r]]
        copy = Sheet(form.name, form.index, grid, form.merges)
        reused = _placements(locate(copy, FORMAT_2021))
        saved = dict(LAYOUTS)
        LAYOUTS.clear()
        fresh_found = _placements(locate(copy, FORMAT_2021))
        LAYOUTS.clear()
        LAYOUTS.update(saved)
        assert reused == fresh_found, r
        differ += reused != _placements(locate(form, FORMAT_2021))
    if STYLES[style_index].subtotals:
        assert differ  # some blank row changes what is found: the test can tell


def test_the_memo_of_texts_seen_stays_bounded_and_keys_alike_after_it_starts_again():
    """Each department's form adds its own name to a run's memo of texts: a worker of a long run holds at
    most MEMO_KEPT of them (13 MB more at 50,000 files when it was 65,536), and a text keyed after the
    memo started again is keyed as before."""
    from disclosure_cli.locate.text import MEMO_KEPT, SheetText

    memo: dict = {}
    label = "一、本年新收政府信息公开申请数量"
    sizes = []
    for i in range(MEMO_KEPT + 500):
        grid = [[f"填报单位：部门{i:05d}", label]]
        text = SheetText(Sheet(name="年报附表", index=0, grid=grid), memo)
        sizes.append(len(memo))
        assert [c[2] for c in text.cells] == [key(f"填报单位：部门{i:05d}"), key(label)]
    assert max(sizes) <= MEMO_KEPT + 1 and sizes[-1] < MEMO_KEPT and label in memo
    assert MEMO_KEPT <= 8192  # about 440 bytes an entry: a few MB a worker at most
