"""Anomalies A001–A003: each fires past its threshold and not at it, says which peers and thresholds,
is a warning, and is turned off or tuned from the command line."""

from __future__ import annotations

import json

import pytest
from builders import build
from click.testing import CliRunner
from indicator_builders import RECEIVED, compiled, designed, received

from disclosure_cli.cli import cli
from disclosure_cli.model.ratios import Thresholds
from disclosure_cli.summary.indicators import anomalies


def codes(*units, thresholds=None) -> list[tuple[str, str | None]]:
    acc, _ = compiled(*units, thresholds=thresholds)
    return [(f.code, f.unit) for f in anomalies(acc)]


def found(*units, thresholds=None):
    acc, _ = compiled(*units, thresholds=thresholds)
    return anomalies(acc)


# -- A001: far from last year ------------------------------------------------------------------


@pytest.mark.parametrize(("before", "now", "fires"), [
    (30, 151, True),  # ×5.03
    (30, 150, False),  # exactly ×5: not more than
    (29, 200, False),  # last year below 30 cases
    (300, 59, True),  # less than a fifth
    (300, 60, False),  # exactly a fifth
    (300, 29, False),  # this year below 30
])
def test_a001_at_its_threshold(before, now, fires):
    got = found(("甲", received(now), received(before)))
    mine = [f for f in got if f.code == "A001" and f.row == "received"]
    assert bool(mine) == fires
    if fires:
        f = mine[0]
        assert f.severity == "warning" and f.unit == "甲" and (f.table, f.column) == ("applications", "total")
        assert f.params["before"] == before and f.params["now"] == now
        text = f.message("en")
        assert f"from {before} last year (2020)" in text and "more than ×5, both years at least 30" in text
        assert ("up to" if now > before else "down to") in text


def test_a001_thresholds_are_options_and_it_needs_last_year():
    assert codes(("甲", received(151), received(30)), thresholds=Thresholds(factor=6)) == []
    assert ("A001", "甲") in codes(("甲", received(70), received(10)), thresholds=Thresholds(min_cases=10))
    assert codes(("甲", received(151))) == []  # no last year: nothing to compare


def test_a001_never_compares_an_amount():
    from decimal import Decimal

    now, before = received(40), received(40)
    now[("active", "fees", "amount")] = Decimal("9000")
    before[("active", "fees", "amount")] = Decimal("31")
    assert codes(("甲", now, before)) == []


# -- A002: 0 applications among busy peers -------------------------------------------------------


def test_a002_fires_at_a_median_of_30_and_names_its_peers():
    peers = [(f"局{i}", received(n)) for i, n in enumerate([30, 30, 30, 40, 50])]
    got = found(("零", received(0)), *peers)
    assert [(f.code, f.unit) for f in got] == [("A002", "零")]
    f = got[0]
    assert f.params["median"] == "30" and f.params["peers"] == 5 and f.params["names"] == "局0、局1、局2…"
    assert (f.table, f.row, f.column) == RECEIVED
    assert "median of 30; threshold: a median of at least 30, at least 5 units" in f.message("en")


def test_a002_does_not_fire_below_the_median_or_with_too_few_peers():
    assert codes(("零", received(0)), *[(f"局{i}", received(n)) for i, n in enumerate([29, 29, 29, 40, 50])]) == []
    assert codes(("零", received(0)), *[(f"局{i}", received(100)) for i in range(4)]) == []  # 4 peers
    assert ("A002", "零") in codes(("零", received(0)), *[(f"局{i}", received(100)) for i in range(4)],
                                  thresholds=Thresholds(min_peers=4))
    # Two units with nothing: each one's peers include the other (the median of 0, 30, 30, 30, 30 is 30).
    both = codes(("零", received(0)), ("空", received(0)), *[(f"局{i}", received(30)) for i in range(4)])
    assert both == [("A002", "零"), ("A002", "空")]


def test_a002_counts_past_62_bits_are_held_as_they_are():
    # The counts are packed eight bytes each until one does not fit: from there on a list, the same numbers.
    huge = 1 << 70
    got = codes(("零", received(0)), *[(f"局{i}", received(huge + i)) for i in range(5)])
    assert got == [("A002", "零")]
    assert codes(("零", received(0)), ("大", received(huge)), *[(f"局{i}", received(20)) for i in range(4)]) == []


def test_numbers_pack_ints_and_keep_anything_else_in_order():
    from array import array
    from decimal import Decimal

    from disclosure_cli.rules.anomalies import Numbers

    n = Numbers()
    for v in (3, 0, -(1 << 31) + 1, (1 << 31) - 1):
        n.append(v)
    assert n._items.__class__ is array and n._items.typecode == "i"
    n.append(1 << 31)  # past int32: eight bytes each from here
    n.append((1 << 62) - 1)
    assert n._items.typecode == "q" and list(n) == [3, 0, -(1 << 31) + 1, (1 << 31) - 1, 1 << 31, (1 << 62) - 1]
    n = Numbers()
    for v in (3, 0, (1 << 62) - 1):
        n.append(v)
    assert n._items.__class__ is array and list(n) == [3, 0, (1 << 62) - 1]
    n.append(1 << 62)  # one bit too many: a list from here, nothing lost or changed
    n.append(Decimal("2.5"))
    n.append(7)
    assert n._items.__class__ is list and list(n) == [3, 0, (1 << 62) - 1, 1 << 62, Decimal("2.5"), 7]
    assert len(n) == 6 and sum(n) == (1 << 63) + 11 + Decimal("0.5")


# -- A003: 纠错率 far above the peers' -----------------------------------------------------------


def reviewed(corrected: int, concluded: int) -> dict:
    """A unit with 40 applications and `concluded` reviews, `corrected` of them corrected."""
    v = designed({"disclosed": {"natural_person": 40}}, reviews={"review": (concluded - corrected, corrected, 0, 0)})
    return v


PEERS = [(f"局{i}", reviewed(1, 10)) for i in range(5)]  # together 5 of 50: 10 %


def test_a003_fires_past_the_gap_from_the_peers_summed_counts():
    got = found(("甲", reviewed(5, 12)), *PEERS)  # 41.7 % against 10 %: 31.7 points
    assert [(f.code, f.unit) for f in got] == [("A003", "甲")]
    f = got[0]
    assert f.params["rate"] == "41.7%" and f.params["peers_rate"] == "10.0%"
    assert f.params["peers_counts"] == "5/50" and f.params["points"] == "31.7"
    assert "review correction rate 41.7% (5/12) is 31.7 percentage points above the 10.0% of the other 5" \
        in f.message("en")
    assert "复议纠错率 41.7%（5/12）" in f.message("zh") and f.table == "reviews"


def test_a003_not_at_the_gap_nor_on_few_cases_nor_with_few_peers():
    assert codes(("甲", reviewed(4, 10)), *PEERS) == []  # 40 % against 10 %: exactly 30 points
    assert codes(("甲", reviewed(4, 4)), *PEERS) == []  # 100 %, but 4 cases: below min-denominator
    assert codes(("甲", reviewed(5, 12)), *PEERS[:4]) == []  # 4 peers
    assert ("A003", "甲") in codes(("甲", reviewed(4, 10)), *PEERS, thresholds=Thresholds(gap=29.9))
    # The peers' rate is their summed counts, never an average of their rates: four small offices at 0 of
    # 5 and a large one at 40 of 50 are together 40 of 70 (57.1 %), not 16 %; 甲's 83.3 % is 26.2 points
    # above that (an average would have made it 67.3). The large one is far above the rest (48.8 points).
    mixed = [*((f"小{i}", reviewed(0, 5)) for i in range(4)), ("大局", reviewed(40, 50))]
    assert codes(("甲", reviewed(10, 12)), *mixed) == [("A003", "大局")]


def test_a003_sums_counts_past_62_bits_exactly():
    big = 1 << 64  # the peers' sums are exact however large (no packed number overflows)
    peers = [(f"局{i}", reviewed(big, 10 * big)) for i in range(5)]
    got = found(("甲", reviewed(5, 12)), *peers)
    assert [(f.code, f.unit) for f in got] == [("A003", "甲")]
    assert got[0].params["peers_counts"] == f"{5 * big}/{50 * big}"


# -- from the command line ---------------------------------------------------------------------


def invoke(*args):
    return CliRunner().invoke(cli, [*map(str, args), "--lang", "en"], catch_exceptions=False)


@pytest.fixture
def silent_county(tmp_path):
    (tmp_path / "in").mkdir()
    build(tmp_path / "in" / "零局-2021.xlsx", received(0), unit="零局")
    for i in range(5):
        build(tmp_path / "in" / f"局{i}-2021.xlsx", received(40 + i), unit=f"局{i}")
    return tmp_path


def test_anomalies_in_the_json_and_off_with_an_option(silent_county):
    out = silent_county / "s.json"
    r = invoke("compile", silent_county / "in", "-o", out)
    assert r.exit_code == 0 and "A002" in r.output  # a warning: written, exit 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    a002 = [f for f in doc["findings"] if f["code"] == "A002"]
    assert len(a002) == 1 and a002[0]["unit"] == "零局" and a002[0]["severity"] == "warning"
    assert doc["summary"]["warnings"] >= 1
    r = invoke("compile", silent_county / "in", "-o", out, "--no-anomalies")
    assert r.exit_code == 0 and not [f for f in json.loads(out.read_text())["findings"] if f["code"] == "A002"]
    r = invoke("compile", silent_county / "in", "-o", out, "--threshold", "peer-median=43")
    assert not [f for f in json.loads(out.read_text())["findings"] if f["code"] == "A002"]  # median 42


def test_strict_counts_an_anomaly_like_any_warning(silent_county):
    out = silent_county / "s.json"
    r = invoke("compile", silent_county / "in", "-o", out, "--strict")
    assert r.exit_code == 1 and not out.exists()
    assert invoke("compile", silent_county / "in", "-o", out, "--strict", "--no-anomalies").exit_code == 0


@pytest.mark.parametrize("setting", ["bogus=1", "factor", "factor=1", "gap=101", "min-cases=0", "min-peers=2.5"])
def test_a_bad_threshold_is_exit_2_before_any_input_is_read(tmp_path, setting):
    r = invoke("compile", tmp_path / "nothing-here", "--threshold", setting)
    assert r.exit_code == 2 and "--threshold" in r.output and "Traceback" not in r.output


@pytest.mark.parametrize(("gap", "fires"), [(29.995, True), (29.99, True), (30, False), (30.005, False)])
def test_a003_a_hair_from_the_gap_is_decided_exactly_not_by_the_quick_pass(gap, fires):
    """40 % against 10 % is exactly 30 points: the pass over the counts as floats leaves it to the exact test."""
    assert (("A003", "甲") in codes(("甲", reviewed(4, 10)), *PEERS, thresholds=Thresholds(gap=gap))) is fires
