"""The DataFrame API, run on the bundled example departments: `python examples/frames.py`.

Compiles examples/departments (nothing is written but a history store in a temporary folder), then shows
the compiled result and the history store as pandas DataFrames, tidy and wide (docs/indicators.md)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from disclosure_cli import CompileSettings, compile_inputs, history_frame, result_frame, trend_frame

HERE = Path(__file__).resolve().parent


def main() -> None:
    pd.set_option("display.width", 160)
    pd.set_option("display.max_columns", 12)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "history.db"
        # --history records each unit-year; the same call with last year's store would add year on year.
        done = compile_inputs([HERE / "departments"], settings=CompileSettings(history=str(db)))

        units = result_frame(done)  # wide: one row per unit, then the summary's (unit <NA>)
        ranked = units.dropna(subset=["unit"]).sort_values("disclosure_rate", ascending=False)
        print("公开率 by unit (ratios from exact counts; <NA> where not applicable):")
        print(ranked[["unit", "applications.received.total", "disclosure_rate", "review_correction_rate"]])

        tidy = result_frame(done, "tidy")  # one row per unit and figure or indicator
        summary = tidy[tidy["unit"].isna() & (tidy["kind"] == "indicator")]
        print("\nThe summary's indicators (numerator / denominator, and why one is not applicable):")
        print(summary[["label", "value", "numerator", "denominator", "not_applicable"]].to_string(index=False))

        print("\nEvery number the history store holds (tidy), and one row per unit-year (wide):")
        print(history_frame(db).head())
        print(history_frame(db, "wide")[["unit", "year", "applications.received.total", "disclosure_rate"]])

        print("\nThe series over the recorded years (`disclosure history history.db --trend`):")
        print(trend_frame(db)[["units", "applications.received.total", "disclosure_rate"]])


if __name__ == "__main__":
    main()
