"""Indicators: every ratio on hand-computed reports, not applicable (never 0) on zero, tiny or unknown
denominators, a roll-up's ratios from its summed counts (never an average), and where they are written."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from builders import build
from click.testing import CliRunner
from indicator_builders import A, compiled, designed, unit

from disclosure_cli.base.jsonout import Encoded, encode
from disclosure_cli.cli import cli
from disclosure_cli.formats import FORMATS
from disclosure_cli.formats.f2019 import FORMAT_2019
from disclosure_cli.formats.f2021 import FORMAT_2021
from disclosure_cli.formats.indicators import formula, terms
from disclosure_cli.model.ratios import FEW, NEGATIVE, UNKNOWN, ZERO, Thresholds, evaluate_all, ratio
from disclosure_cli.summary import INCLUDE, Accumulator, unit_figures
from disclosure_cli.summary.compilation import _figure_plan
from disclosure_cli.summary.indicators import encoded_indicator_records, indicator_records, totals_ratios, unit_ratios

ROOT = Path(__file__).resolve().parents[1]

# Unit 甲: 25 applications settled (natural persons 20, commercial enterprises 5), 2 carried in, 5 out.
JIA = designed(
    {"disclosed": {"natural_person": 6, "commercial": 5}, "partly_disclosed": {"natural_person": 2},
     "withheld.state_secret": {"natural_person": 1}, "unavailable.not_held": {"natural_person": 3},
     "not_processed.petition": {"natural_person": 4}, "other_handling.other": {"natural_person": 4}},
    carried_in={"natural_person": 2}, carried_out={"natural_person": 5},
    reviews={"review": (3, 2, 1, 4), "litigation_direct": (1, 1, 0, 0), "litigation_after_review": (2, 3, 0, 1)})

# Each indicator of 甲 by hand: (numerator, denominator), or the reason it does not apply.
JIA_BY_HAND = {
    "disclosure_rate": (13, 25),  # (11 + 2) / 25
    "substantive_rate": (13, 17),  # 25 − 4 不予处理 − 4 其他处理
    "substantive_decided_rate": (13, 14),  # … − 3 无法提供
    "withheld_rate": (1, 25),
    "unavailable_rate": (3, 25),
    "carry_over_rate": (5, 30),  # received 28 (= 25 + 5 − 2) + carried in 2
    "review_correction_rate": (2, 6),  # 10 − 4 pending
    "litigation_correction_rate": (4, 7),  # both groups: corrected 1 + 3, total 2 + 6 − pending 1
    "litigation_direct_correction_rate": FEW,  # 1 / 2: two cases concluded
    "litigation_after_review_correction_rate": (3, 5),
    "applicants_natural_person": (23, 28),
    "applicants_commercial": (5, 28),
    "applicants_research": (0, 28),
    "applicants_public_interest": (0, 28),
    "applicants_legal_service": (0, 28),
    "applicants_other_org": (0, 28),
    "applicants_organisations": (5, 28),
}


def test_every_indicator_is_declared_once_and_every_count_it_reads_exists_in_both_formats():
    assert [i.id for i in FORMAT_2021.indicators] == list(JIA_BY_HAND)
    assert [i.id for i in FORMAT_2019.indicators] == list(JIA_BY_HAND)
    for fmt in FORMATS.values():
        plan = dict(_figure_plan(fmt))
        for t in terms(fmt):
            assert plan[t.key], (fmt.id, t.key)  # a cell, or a group's rows: never nothing
    assert formula(FORMAT_2021.indicators[1]) == "（予以公开 + 部分公开） ÷ （办理结果总计 − 不予处理 − 其他处理）"
    assert formula(FORMAT_2021.indicators[5], "en") == "carried out ÷ (received + carried in)"


def test_each_indicator_of_a_unit_by_hand():
    _, comp = compiled(("甲", JIA))
    got = unit_ratios(comp, 0)
    assert got is not None
    for ind_id, want in JIA_BY_HAND.items():
        r = got[ind_id]
        if want == FEW:
            assert (r.reason, r.value, r.numerator, r.denominator) == (FEW, None, 1, 2), ind_id
        else:
            assert r.applicable and (r.numerator, r.denominator) == want, ind_id
            assert r.value == round(want[0] / want[1], 6), ind_id
    assert got["disclosure_rate"].percent() == "52.0%" and got["carry_over_rate"].percent() == "16.7%"


def test_the_2019_format_reads_its_own_other_handling_row():
    rows = {"disclosed": {"natural_person": 6}, "not_processed.petition": {"natural_person": 4},
            "other_handling": {"natural_person": 2}}
    got = evaluate_all(FORMAT_2019, unit_figures(FORMAT_2019, designed(rows, fmt=FORMAT_2019)))
    assert (got["substantive_rate"].numerator, got["substantive_rate"].denominator) == (6, 6)
    assert (got["disclosure_rate"].numerator, got["disclosure_rate"].denominator) == (6, 12)


def test_zero_denominators_are_not_applicable_never_zero():
    _, comp = compiled(("空", designed()))
    for ind_id, r in totals_ratios(comp).items():
        assert (r.reason, r.value, r.percent()) == (ZERO, None, None), ind_id
    doc = [r for r in indicator_records(comp) if r["unit"] is None]
    assert all(r["value"] is None and r["not_applicable"] == "zero" and r["denominator"] == 0 for r in doc)


def test_tiny_unknown_and_negative_denominators():
    assert ratio(3, 4, 5).reason == FEW and ratio(3, 5, 5).value == 0.6
    assert ratio(None, 5).reason == UNKNOWN and ratio(3, None).reason == UNKNOWN
    assert ratio(1, -2).reason == NEGATIVE and ratio(0, 0).reason == ZERO
    strict = Thresholds(min_denominator=30)
    _, comp = compiled(("甲", JIA), thresholds=strict)
    assert totals_ratios(comp)["disclosure_rate"].reason == FEW  # 25 cases < 30
    assert totals_ratios(comp)["carry_over_rate"].value == round(5 / 30, 6)  # 30 is enough


def test_an_unknown_count_makes_the_ratio_unknown_for_the_unit_and_the_totals():
    broken = dict(JIA)
    broken[(A, "disclosed", "total")] = None  # kept under --on-error include: E401 for the total
    acc = Accumulator(INCLUDE)
    acc.add(unit("甲", broken))
    acc.add(unit("乙", JIA))
    comp = acc.finish()
    assert unit_ratios(comp, 0)["disclosure_rate"].reason == UNKNOWN
    assert unit_ratios(comp, 1)["disclosure_rate"].value == 0.52
    assert totals_ratios(comp)["disclosure_rate"].reason == UNKNOWN  # never a ratio over some units
    assert totals_ratios(comp)["withheld_rate"].value == 0.04


def test_a_roll_up_divides_its_summed_counts_never_averages_the_units_ratios():
    yi = designed({"disclosed": {"natural_person": 45}, "withheld.third_party": {"natural_person": 5}})
    _, comp = compiled(("甲", JIA), ("乙", yi))
    mine = [unit_ratios(comp, i)["disclosure_rate"].value for i in (0, 1)]
    assert mine == [0.52, 0.9]
    total = totals_ratios(comp)["disclosure_rate"]
    assert (total.numerator, total.denominator) == (58, 75)
    assert total.value == round(58 / 75, 6) != (0.52 + 0.9) / 2
    # 复议纠错率: 甲 2/6, 乙 no review at all (0/0, not applicable): the summary's is 甲's counts alone.
    assert unit_ratios(comp, 1)["review_correction_rate"].reason == ZERO
    assert (totals_ratios(comp)["review_correction_rate"].numerator,
            totals_ratios(comp)["review_correction_rate"].denominator) == (2, 6)


def test_the_streamed_indicator_records_are_the_records_encoded_byte_for_byte():
    """What compile -o .json writes (one pre-encoded run per unit) against each record encoded alone: a unit
    with last year's figures (last_year, change), one without, one whose counts are unknown."""
    yi = designed({"disclosed": {"natural_person": 45}, "withheld.third_party": {"natural_person": 5}})
    _, comp = compiled(("甲局", JIA, yi), ("乙局", yi), ("丙局", {}))
    pieces: list[str] = []
    for item in encoded_indicator_records(comp):
        pieces += list(item) if isinstance(item, Encoded) else [encode(item)]
    assert pieces == [encode(r) for r in indicator_records(comp)]
    assert len(pieces) == 4 * len(JIA_BY_HAND)
    jia = [json.loads(p) for p in pieces if '"甲局"' in p]
    assert {r["indicator"]: r["last_year"] for r in jia}["disclosure_rate"] == 0.9  # 45 of 50 last year
    assert any(json.loads(p)["not_applicable"] == "unknown" for p in pieces if '"丙局"' in p)


def invoke(*args):
    return CliRunner().invoke(cli, [*map(str, args), "--lang", "en"], catch_exceptions=False)


@pytest.fixture
def county(tmp_path):
    """Two departments as workbooks: 甲 (JIA) and 乙 (45 of 50 disclosed)."""
    yi = designed({"disclosed": {"natural_person": 45}, "withheld.third_party": {"natural_person": 5}},
                  reviews={"review": (8, 1, 0, 1)})
    (tmp_path / "in").mkdir()
    build(tmp_path / "in" / "甲-2021.xlsx", JIA, unit="甲局")
    build(tmp_path / "in" / "乙-2021.xlsx", yi, unit="乙局")
    return tmp_path


def test_json_carries_the_indicators_as_records_and_keeps_every_key(county):
    out = county / "s.json"
    assert invoke("compile", county / "in", "-o", out).exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert list(doc) == ["format", "units", "findings", "tables", "summary", "year", "name", "breakdown",
                         "indicators", "year_on_year"]
    assert doc["year_on_year"] == []  # no --previous/--history
    by = {(r["unit"], r["indicator"]): r for r in doc["indicators"]}
    assert len(doc["indicators"]) == 3 * len(JIA_BY_HAND)
    assert by[(None, "disclosure_rate")] == {
        "unit": None, "source": None, "indicator": "disclosure_rate", "value": round(58 / 75, 6),
        "numerator": 58, "denominator": 75, "not_applicable": None, "last_year": None, "change": None}
    assert by[("甲局", "litigation_direct_correction_rate")]["not_applicable"] == "few"
    assert by[(None, "review_correction_rate")]["numerator"] == 3  # 2 + 1 over 6 + 9
    assert by[(None, "review_correction_rate")]["denominator"] == 15


def test_csv_carries_the_indicators_and_a_roll_up_of_it_reads_only_its_tables(county):
    out = county / "县.csv"
    assert invoke("compile", county / "in", "-o", out).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    mine = {(r["unit"], r["row"], r["column"]): r["value"] for r in rows if r["table"] == "indicators"}
    assert mine[("", "disclosure_rate", "value")] == str(round(58 / 75, 6))
    assert mine[("", "disclosure_rate", "numerator")] == "58"
    assert mine[("甲局", "litigation_direct_correction_rate", "value")] == ""  # never 0
    assert mine[("甲局", "litigation_direct_correction_rate", "not_applicable")] == "few"
    assert ("甲局", "disclosure_rate", "not_applicable") not in mine
    again = county / "市.json"
    assert invoke("compile", out, "-o", again).exit_code == 0  # the CSV as a roll-up input
    doc = json.loads(again.read_text(encoding="utf-8"))
    total = next(r for r in doc["indicators"] if r["unit"] is None and r["indicator"] == "disclosure_rate")
    assert (total["numerator"], total["denominator"]) == (58, 75)


def test_xlsx_units_sheet_ranks_and_the_indicators_sheet_has_native_charts(county):
    out = county / "县.xlsx"
    assert invoke("compile", county / "in", "-o", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    units = list(wb["单位"].iter_rows(values_only=True))
    head = units[0]
    rate, direct = head.index("disclosure rate"), head.index("review correction rate")
    assert [r[0] for r in units[1:]] == ["乙局", "甲局", "Total"]  # inputs in path order
    assert [r[rate] for r in units[1:]] == [0.9, 0.52, round(58 / 75, 6)]
    assert wb["单位"].cell(2, rate + 1).number_format == "0.0%"
    assert wb["单位"].auto_filter.ref  # sortable
    assert "litigation_direct" not in head and direct
    ws = wb["指标"]
    cells = {ws.cell(r, 1).value: [ws.cell(r, c).value for c in range(2, 9)] for r in range(1, ws.max_row + 1)}
    assert cells["disclosure rate"][:4] == ["(disclosed + partly disclosed) ÷ results total", 58, 75,
                                            round(58 / 75, 6)]
    assert cells["lawsuit correction rate (lawsuits filed directly)"][3] == "n/a"
    assert cells["lawsuit correction rate (lawsuits filed directly)"][4] == "the denominator 2 is below 5"
    charts = [type(c).__name__ for c in ws._charts]
    assert charts == ["BarChart", "BarChart"]  # by outcome; the units with the most applications
    with zipfile.ZipFile(out) as z:
        xml = [z.read(n).decode() for n in sorted(z.namelist()) if n.startswith("xl/charts/chart")]
    assert len(xml) == 2 and all("<c:barChart>" in x for x in xml)
    assert "指标!$C$" in xml[0]  # the bars plot the table beside them
    top = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    start = top.index("The 2 units with the most applications") + 2
    assert [ws.cell(start + i + 1, 1).value for i in range(2)] == ["乙局", "甲局"]  # 50 before 28


def test_the_indicator_docs_list_every_indicator_with_its_formula():
    text = (ROOT / "docs" / "indicators.md").read_text(encoding="utf-8")
    from disclosure_cli.render.indicators_doc import table

    assert table() in text


def test_a_records_figures_are_evaluate_s_for_every_reason_a_ratio_may_not_apply():
    """The streamed records compute each indicator without a Ratio (model.ratios.counts, not_applicable,
    value_of): the same value, counts and reason as evaluate() and as summed by hand, over figures where it
    applies, is unknown, zero, few and negative."""
    from random import Random

    from disclosure_cli.model.ratios import counts, evaluate, not_applicable, value_of
    from disclosure_cli.summary.indicators import _float

    def record_figures(ind, figures, minimum):  # what a record shows, as the records compute it
        numerator, denominator = counts(ind, figures)
        why = not_applicable(numerator, denominator, minimum)
        return value_of(numerator, denominator, why), numerator, denominator, why

    def by_hand(figures, keys):
        values = [figures[k] for k in keys]
        return None if None in values else sum(values)

    fmt = FORMATS["2021"]
    keys = {t.key for ind in fmt.indicators for t in (*ind.numerator, *ind.denominator, *ind.less)}
    rnd = Random(7)
    seen = set()
    for case in range(400):
        figures = {k: rnd.choice([0, 1, 2, 3, 7, 40, None if case % 5 == 0 else 9]) for k in keys}
        for ind in fmt.indicators:
            r = evaluate(ind, figures, 5)
            got = record_figures(ind, figures, 5)
            assert got == (r.value, r.numerator, r.denominator, r.reason)
            top, bottom, less = (by_hand(figures, [t.key for t in terms]) for terms in (ind.numerator, ind.denominator,
                                                                                      ind.less))
            assert got[1:3] == (top, None if bottom is None or less is None else bottom - less)
            assert _float(got[0]) == encode(r.value)
            seen.add(r.reason)
    assert seen == {None, UNKNOWN, ZERO, FEW, NEGATIVE}
