"""`history --trend` as library calls: the series over every year a history store holds, and writing it."""

from __future__ import annotations

from pathlib import Path

from ..history import Store
from ..messages.errors import ToolError
from ..model.ratios import Thresholds
from ..render.files import atomic_write
from ..render.targets import check_target
from ..summary.trend import Trend, trend

TREND_SUFFIXES = (".xlsx", ".csv")


def history_trend(db: str | Path, unit: str | None = None, thresholds: Thresholds = Thresholds()) -> Trend:
    """Each recorded year's key figures and indicators: added up over every unit-year the store holds, or
    over `unit`'s alone (matched as names are). Read-only; ToolError when the store is unusable."""
    with Store.open(db) as store:
        series = trend(store.reports([unit] if unit is not None else None), thresholds, unit)
        if unit is not None:
            named = [r.name for r in store.reports([unit])]
            series.unit = named[-1] if named else unit  # as the latest year writes it
    return series


def check_trend_output(output: Path) -> None:
    """Before the store is read: an .xlsx or .csv, at a path that may be written (ToolError otherwise)."""
    if output.suffix.lower() not in TREND_SUFFIXES:
        raise ToolError("trend.suffix", path=output)
    check_target(output)


def write_trend(series: Trend, output: Path, lang: str, source: str = "") -> None:
    """The series as an .xlsx (a table and line charts) or a tidy .csv, written atomically."""
    from ..render.trend import trend_csv, trend_xlsx

    data = trend_xlsx(series, lang, source) if output.suffix.lower() == ".xlsx" else trend_csv(series, lang)

    def save(tmp: Path) -> None:
        tmp.write_bytes(data)

    atomic_write(output, save)
