"""disclosure compile: the content of every output format, determinism, golden files."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from builders import build, consistent_values
from click.testing import CliRunner

from disclosure_cli.base.refs import column_letters
from disclosure_cli.cli import cli
from disclosure_cli.formats.f2021 import FORMAT_2021
from disclosure_cli.render.layout import plan_tables, print_columns
from disclosure_cli.render.xlsx import TABLES_ORIGIN

KEYS = FORMAT_2021.keys()
ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"


def run(*args, env=None):
    return CliRunner().invoke(cli, [*map(str, args), "--lang", "en"], env=env)


@pytest.fixture
def folder(tmp_path):
    """Three units, one with a name a spreadsheet would run as a formula."""
    names = ["甲局", "=HYPERLINK(\"http://x\")", "丙局"]
    values = []
    (tmp_path / "in").mkdir()
    for i, name in enumerate(names, start=1):
        v = consistent_values(10 + i)
        build(tmp_path / "in" / f"u{i}-2021.xlsx", v, unit=name)
        values.append(v)
    return tmp_path / "in", names, values


def expected(values):
    return {k: sum((v[k] for v in values), Decimal(0) if k[2] == "amount" else 0) for k in KEYS}


def test_xlsx_official_layout_units_and_findings(tmp_path, folder):
    src, names, values = folder
    out = tmp_path / "县.xlsx"
    r = run("compile", src, "-o", out)
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["统计表", "单位", "问题清单", "指标", "_disclosure"]
    assert wb["_disclosure"].sheet_state == "hidden"
    ws = wb["统计表"]
    # The tables stand where the official layout puts them: same cells and merged ranges as layout.py.
    plan = plan_tables(FORMAT_2021, None, origin=TABLES_ORIGIN, columns=print_columns(FORMAT_2021))
    merged = {f"{column_letters(p.c)}{p.r}:{column_letters(p.c1)}{p.r1}" for p in plan.cells if p.merged}
    assert merged <= {str(m) for m in ws.merged_cells.ranges}
    want = expected(values)
    for k, a1 in plan.refs.items():
        got = ws[a1].value
        assert (Decimal(str(got)) if k[2] == "amount" else got) == want[k], k
    assert ws["B2"].value == "县" and ws["J2"].value == 2021
    assert ws["A10"].font.name  # decorated
    assert ws.column_dimensions["A"].width > 9
    units = wb["单位"]
    rows = list(units.iter_rows(values_only=True))
    assert rows[0][:4] == ("Unit", "Source", "Sheet", "Status")
    assert [r[0] for r in rows[1:]] == [*names, "Total"]
    assert units["A3"].data_type == "s" and units["A3"].value == names[1]  # text, never a formula
    received = rows[0].index("新收申请")
    assert rows[-1][received] == want[("applications", "received", "total")]
    assert [r[received] for r in rows[1:-1]] == [v[("applications", "received", "total")] for v in values]
    assert list(wb["问题清单"].iter_rows(values_only=True))[0][0] == "Code"


def test_csv_is_tidy_and_readable(tmp_path, folder):
    src, names, values = folder
    out = tmp_path / "s.csv"
    assert run("compile", src, "-o", out).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    # As docs/compile.md says: the table ids select the numbers; an empty unit the totals.
    tables = {t.id for t in FORMAT_2021.tables}
    totals = {(r["table"], r["row"], r["column"]): r["value"] for r in rows
              if not r["unit"] and r["table"] in tables}
    assert totals == {k: str(v) for k, v in expected(values).items()}
    breakdown = [r for r in rows if r["unit"] and r["table"] in tables]
    assert {r["unit"] for r in breakdown} == {"甲局", "'" + names[1], "丙局"}  # neutralised
    assert len(breakdown) == 3 * 13
    status = [(r["unit"], r["value"]) for r in rows if r["table"] == "units"]
    assert [s for _, s in status] == ["ok", "ok", "ok"]
    meta = {r["row"]: r["value"] for r in rows if r["table"] == "summary"}
    assert meta == {"format": "2021", "year": "2021", "name": "s", "units": "3", "included": "3"}


def test_csv_is_written_in_pieces_with_one_bom(tmp_path, folder, monkeypatch):
    """The CSV streams a few thousand rows at a time (50,000 units are 1.5 million rows, 333 MB held at
    10,000): the pieces joined are the file, the BOM stands once, at the start."""
    from disclosure_cli.pipeline.compiling import CompileSettings, compile_units
    from disclosure_cli.render import csv as csv_out

    src, _, _ = folder
    whole = tmp_path / "whole.csv"
    assert run("compile", src, "-o", whole).exit_code == 0
    monkeypatch.setattr(csv_out, "_ROWS_A_PIECE", 7)
    comp = compile_units(sorted(str(p) for p in Path(src).iterdir()), settings=CompileSettings(name="whole"))
    written = list(csv_out.csv_pieces(comp))
    assert len(written) > 10 and written[0].startswith(b"\xef\xbb\xbf")
    assert not any(piece.startswith(b"\xef\xbb\xbf") for piece in written[1:])
    assert b"".join(written) == whole.read_bytes()


def test_json_result_object(tmp_path, folder):
    src, names, values = folder
    r = run("compile", src, "--format", "json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert list(data)[:5] == ["format", "units", "findings", "tables", "summary"]
    assert data["format"] == "2021" and data["year"] == 2021
    assert [u["unit"] for u in data["units"]] == names
    want = expected(values)
    for t in data["tables"]:
        k = (t["table"], t["row"], t["column"])
        if k[2] == "amount":
            assert isinstance(t["value"], str) and Decimal(t["value"]) == want[k]
        else:
            assert type(t["value"]) is int and t["value"] == want[k]
    assert len(data["tables"]) == len(KEYS)
    assert data["summary"] == {"units": 3, "included": 3, "errors": 0, "warnings": 0, "notices": 0}
    assert len(data["breakdown"]) == 3 * 13


def test_markdown_has_tables_and_units(tmp_path, folder):
    src, names, values = folder
    out = tmp_path / "s.md"
    assert run("compile", src, "-o", out).exit_code == 0
    text = out.read_text("utf-8")
    for title in (t.title for t in FORMAT_2021.tables):
        assert f"## {title}" in text
    want = expected(values)
    line = next(x for x in text.splitlines() if x.startswith("| （七）总计"))
    assert line.split("|")[-2].strip() == str(want[("applications", "results_total", "total")])
    assert "## Units covered" in text and "3 of 3 unit(s) compiled" in text


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".json", ".md"])
def test_byte_identical_across_runs(tmp_path, folder, suffix):
    src, _, _ = folder
    a, b = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    assert run("compile", src, "-o", a, "--name", "县").exit_code == 0
    assert run("compile", src, "-o", b, "--name", "县").exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_xlsx_times_are_fixed(tmp_path, folder):
    src, _, _ = folder
    out = tmp_path / "a.xlsx"
    run("compile", src, "-o", out)
    with zipfile.ZipFile(out) as z:
        core = z.read("docProps/core.xml").decode()
        assert "1980-01-01T00:00:00Z" in core
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    run("compile", src, "-o", out, env={"SOURCE_DATE_EPOCH": "1640995200"})
    with zipfile.ZipFile(out) as z:
        assert "2022-01-01T00:00:00Z" in z.read("docProps/core.xml").decode()
        assert {i.date_time for i in z.infolist()} == {(2022, 1, 1, 0, 0, 0)}  # every part, as a .docx's


@pytest.mark.parametrize("name", ["example-2021.md", "example-2021.csv"])
def test_golden_example(tmp_path, monkeypatch, name):
    monkeypatch.chdir(ROOT)  # the source column holds the input path as given: keep it relative
    out = tmp_path / name
    r = run("compile", "examples/2021.xlsx", "-o", out)
    assert r.exit_code == 0
    assert out.read_bytes() == (GOLDEN / name).read_bytes()


def test_json_breakdown_records_are_encoded_like_any_record():
    """The breakdown's records are encoded once per unit for speed: the bytes must be exactly those
    of encoding each record, whatever a name or a path holds, and for unknown and decimal figures."""
    from disclosure_cli.base.jsonout import encode
    from disclosure_cli.model.unit import Unit
    from disclosure_cli.summary import INCLUDE, Accumulator
    from disclosure_cli.summary.breakdown import encoded_breakdown, iter_breakdown

    acc = Accumulator(INCLUDE)
    names = ['引号"局', "反斜杠\\局", "换行\n局", "emoji 🏛 局", "plain"]
    for i, name in enumerate(names):
        values = {k: (i if FORMAT_2021.kind(*k) != "amount" else Decimal("12.3405")) for k in FORMAT_2021.keys()}
        if i == 2:
            values[("applications", "received", "total")] = None  # unknown: null
        acc.add(Unit(name=name, source=f"C:\\报表\\{name}.xlsx", format=FORMAT_2021, year=2021, values=values,
                     cells={k: ("S", "A1", 0) for k in values}))
    comp = acc.finish()
    expected = [encode(r) for r in iter_breakdown(comp)]
    got = [record for run in encoded_breakdown(comp) for record in run]
    assert got == expected
    assert len(got) == len(names) * len(comp.breakdown_keys())
    assert any('"value": null' in g for g in got) and any('"value": "12.3405"' in g for g in got)
    assert [json.loads(g)["unit"] for g in got[:: len(comp.breakdown_keys())]] == names
    # Written as a list, the runs read back as the records themselves, one per line.
    from disclosure_cli.base.jsonout import dumps

    text = dumps({"breakdown": encoded_breakdown(comp)})
    assert json.loads(text)["breakdown"] == [json.loads(g) for g in got]
    assert text == dumps({"breakdown": list(iter_breakdown(comp))})


def test_terminal_breakdown_matches_tabulate_character_for_character():
    """The breakdown is laid out without tabulate for speed: it must read exactly as tabulate's."""
    from disclosure_cli.model.unit import Unit
    from disclosure_cli.render.plain import _simple, _tab, breakdown_grid
    from disclosure_cli.summary import INCLUDE, Accumulator

    acc = Accumulator(INCLUDE)
    names = ["局", "济宁市工业和信息化局", " 前后有空格 ", "ｆｕｌｌ ｗｉｄｔｈ", "emoji 🏛", "tab\there", "bell\x07", "plain"]
    for i, name in enumerate(names):
        values = {k: (i * 37 if FORMAT_2021.kind(*k) != "amount" else Decimal("1234.5")) for k in FORMAT_2021.keys()}
        acc.add(Unit(name=name, source=f"{i}.xlsx", format=FORMAT_2021, year=2021, values=values,
                     cells={k: ("S", "A1", 0) for k in values}))
    comp = acc.finish()
    for lang in ("zh", "en"):
        headers, rows = breakdown_grid(comp, lang)
        assert _simple(headers, rows) == _tab(headers, rows, "simple", labels=2)
        assert _simple(headers, rows[:3]) == _tab(headers, rows[:3], "simple", labels=2)
