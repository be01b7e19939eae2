"""The DataFrame API: a compiled result and a history store, tidy and wide (shape, dtypes, values), the
runnable example, and pandas loaded only on these paths (never by import, --help or a one-file check: tests/test_startup.py)."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from builders import build
from indicator_builders import designed

from disclosure_cli import CompileSettings, compile_inputs, history_frame, result_frame, trend_frame
from disclosure_cli.formats.f2021 import FORMAT_2021

ROOT = Path(__file__).resolve().parents[1]
FIGURES = len(FORMAT_2021.key_figures)
INDICATORS = len(FORMAT_2021.indicators)


@pytest.fixture
def two_years(tmp_path):
    """甲局 and 乙局 in 2021 and 2022, recorded in one history store; the 2022 compile's result."""
    db = tmp_path / "h.db"
    reports = {2021: {"甲局": designed({"disclosed": {"natural_person": 30}, "withheld.state_secret": {"natural_person": 10}}),
                      "乙局": designed({"disclosed": {"natural_person": 40}})},
               2022: {"甲局": designed({"disclosed": {"natural_person": 45}, "withheld.state_secret": {"natural_person": 5}}),
                      "乙局": designed({"disclosed": {"natural_person": 50}})}}
    done = None
    for year, units in reports.items():
        (tmp_path / str(year)).mkdir()
        for name, values in units.items():
            v = dict(values)
            v[("active", "fees", "amount")] = Decimal("12.3405")
            build(tmp_path / str(year) / f"{name}.xlsx", v, unit=name, year=year)
        done = compile_inputs([tmp_path / str(year)], settings=CompileSettings(history=str(db)))
    return done, db


def test_result_frame_wide_a_row_per_unit_then_the_summary(two_years):
    done, _ = two_years
    wide = result_frame(done)
    assert wide.shape == (3, 3 + FIGURES + INDICATORS)
    assert wide["unit"].tolist()[:2] == ["乙局", "甲局"] and pd.isna(wide["unit"].iloc[2])
    assert wide["applications.received.total"].tolist() == [50, 50, 100]
    assert str(wide["applications.received.total"].dtype) == "Int64"
    assert wide["active.fees.amount"].tolist() == [Decimal("12.3405"), Decimal("12.3405"), Decimal("24.6810")]
    assert str(wide["disclosure_rate"].dtype) == "Float64"
    assert wide["disclosure_rate"].tolist() == [1.0, 0.9, 0.95]  # the summary's: 95 of 100, summed counts
    assert wide["review_correction_rate"].isna().all()  # no review anywhere: not applicable, never 0
    assert wide.attrs["labels"]["disclosure_rate"] == "公开率"
    assert wide.sort_values("disclosure_rate")["unit"].tolist()[0] == "甲局"


def test_result_frame_tidy_one_row_per_unit_and_number_with_last_year(two_years):
    done, _ = two_years
    tidy = result_frame(done, "tidy", lang="en")
    assert tidy.shape == (3 * (FIGURES + INDICATORS), 11)
    assert list(tidy.columns) == ["unit", "source", "kind", "id", "label", "value", "numerator", "denominator",
                                  "not_applicable", "last_year", "change"]
    jia = tidy[(tidy["unit"] == "甲局") & (tidy["id"] == "disclosure_rate")].iloc[0]
    assert (jia["value"], jia["numerator"], jia["denominator"], jia["last_year"], jia["change"]) == \
        (0.9, 45, 50, 0.75, 0.15)
    assert jia["label"] == "disclosure rate"
    received = tidy[tidy["unit"].isna() & (tidy["id"] == "applications.received.total")].iloc[0]
    assert (received["value"], received["last_year"], received["change"]) == (100, 80, 20)
    review = tidy[tidy["unit"].isna() & (tidy["id"] == "review_correction_rate")].iloc[0]
    assert review["not_applicable"] == "zero" and review["value"] is None


def test_history_frames_tidy_and_wide(two_years):
    _, db = two_years
    tidy = history_frame(db)
    assert list(tidy.columns) == ["unit", "year", "format", "table", "row", "column", "value"]
    assert len(tidy) == 4 * len(FORMAT_2021.keys())  # every number of four unit-years
    cell = tidy[(tidy["unit"] == "乙局") & (tidy["year"] == 2022) & (tidy["row"] == "received")
                & (tidy["column"] == "total")]
    assert cell["value"].tolist() == [50]
    wide = history_frame(db, "wide")
    assert wide.shape == (4, 3 + FIGURES + INDICATORS)
    got = wide.set_index(["unit", "year"])
    assert got.loc[("甲局", 2021), "disclosure_rate"] == 0.75
    assert got.loc[("甲局", 2022), "applications.withheld.total"] == 5


def test_trend_frame_a_row_per_year(two_years):
    _, db = two_years
    frame = trend_frame(db)
    assert frame.index.tolist() == [2021, 2022] and frame.shape == (2, 1 + FIGURES + INDICATORS)
    assert frame["units"].tolist() == [2, 2]
    assert frame["applications.received.total"].tolist() == [80, 100]
    assert frame["disclosure_rate"].tolist() == [0.875, 0.95]
    one = trend_frame(db, "甲局")
    assert one.attrs["unit"] == "甲局" and one["disclosure_rate"].tolist() == [0.75, 0.9]


def test_a_wrong_shape_is_refused(two_years):
    done, db = two_years
    with pytest.raises(ValueError, match="tidy"):
        result_frame(done, "long")
    with pytest.raises(ValueError, match="wide"):
        history_frame(db, "long")


def test_the_example_runs():
    p = subprocess.run([sys.executable, str(ROOT / "examples" / "frames.py")], capture_output=True, text=True,
                       cwd=ROOT)
    assert p.returncode == 0, p.stderr
    assert "公开率 by unit" in p.stdout and "某县交通运输局" in p.stdout and "not_applicable" in p.stdout
