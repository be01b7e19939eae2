"""pandas DataFrames for analysts: a compiled result and a history store, tidy (one row per number) and
wide (one row per unit, or unit-year), with the indicators beside the key figures (docs/indicators.md).

pandas is imported inside these functions only: `import disclosure_cli`, `disclosure --help` and a check
never load it (a test proves it). Counts are nullable integers (Int64), ratios nullable floats (Float64,
<NA> where not applicable: the tidy frames say why), 万元 amounts exact Decimals (object columns)."""

from __future__ import annotations

from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from .. import formats
from ..formats.schema import AMOUNT, MONEY, Format, Key
from ..history import Store
from ..messages import say
from ..model.previous import change
from ..model.unit import Unit
from ..summary import Compilation, Result, unit_figures
from ..summary.indicators import indicator_records, last_year, ratios
from ..summary.trend import Trend
from .compiling import Compiled
from .trend import history_trend

if TYPE_CHECKING:
    import pandas as pd

TIDY, WIDE = "tidy", "wide"


def _comp(compiled: Compiled | Result | Compilation) -> Compilation:
    comp = compiled.result.compilation if isinstance(compiled, Compiled) else (
        compiled.compilation if isinstance(compiled, Result) else compiled)
    if comp is None:
        raise ValueError("a check's result has no compilation: compile_inputs() gives one")
    return comp


def _id(key: Key) -> str:
    return ".".join(key)


def _figure_dtype(fmt: Format, key: Key) -> str:
    return "object" if key in fmt.key_set() and fmt.kind(*key) in (AMOUNT, MONEY) else "Int64"


def _labels(fmt: Format, lang: str) -> dict[str, str]:
    out = {_id(f.key): f.label for f in fmt.key_figures}
    out.update({ind.id: ind.zh if lang == "zh" else ind.en for ind in fmt.indicators})
    return out


def result_frame(compiled: Compiled | Result | Compilation, shape: str = WIDE, lang: str = "zh") -> pd.DataFrame:
    """A compile's numbers. wide: one row per unit added up (input order), then the summary's (unit <NA>):
    unit, source, status, each key figure (its id `table.row.column`), each indicator (its id). tidy: one
    row per unit and key figure or indicator — unit, source, kind (figure | indicator), id, label, value,
    numerator, denominator, not_applicable, last_year, change — the summary's first, as in the JSON.
    `frame.attrs["labels"]` names every id in `lang`."""
    import pandas as pd

    comp = _comp(compiled)
    labels = _labels(comp.format, lang)
    if shape == TIDY:
        frame = pd.DataFrame(_tidy_rows(comp, labels), columns=[
            "unit", "source", "kind", "id", "label", "value", "numerator", "denominator", "not_applicable",
            "last_year", "change"])
        frame = frame.astype({"value": "object", "numerator": "Int64", "denominator": "Int64",
                              "last_year": "object", "change": "object", "not_applicable": "string"})
    elif shape == WIDE:
        frame = _wide(comp)
    else:
        raise ValueError(f"shape is {TIDY!r} or {WIDE!r}, not {shape!r}")
    frame.attrs["labels"] = labels
    return frame


def _owners(comp: Compilation) -> list[tuple[Unit | None, dict, dict | None]]:
    """(unit, its figures, last year's) for the summary (unit None) and each unit added up, in input order."""
    last = last_year(comp)
    owners: list[tuple[Unit | None, dict, dict | None]] = [
        (None, comp.totals_figures(), dict(last.figures) if last is not None and last.figures else None)]
    for i, (u, f) in enumerate(zip(comp.units, comp.figures, strict=True)):
        if f is not None:
            owners.append((u, f, comp.previous[i] if comp.previous else None))
    return owners


def _tidy_rows(comp: Compilation, labels: dict[str, str]) -> list[list]:
    rows: list[list] = []
    # indicator_records() gives the summary's, then each unit's, every indicator once: the owners' order.
    records = indicator_records(comp)
    for unit, now, before in _owners(comp):
        name, source = (unit.name, unit.source) if unit is not None else (None, None)
        for f in comp.format.key_figures:
            a, b = now.get(f.key), before.get(f.key) if before is not None else None
            rows.append([name, source, "figure", _id(f.key), f.label, a, None, None, None, b, change(a, b)])
        for r in islice(records, len(comp.format.indicators)):
            rows.append([name, source, "indicator", r["indicator"], labels[r["indicator"]], r["value"],
                         r["numerator"], r["denominator"], r["not_applicable"], r["last_year"], r["change"]])
    return rows


def _wide(comp: Compilation) -> pd.DataFrame:
    import pandas as pd

    fmt = comp.format
    rows = []
    for unit, figures, _ in [*_owners(comp)[1:], _owners(comp)[0]]:
        got = ratios(fmt, figures, comp.thresholds) or {}
        rows.append({"unit": unit.name if unit else None, "source": unit.source if unit else None,
                     "status": unit.status if unit else None,
                     **{_id(f.key): figures.get(f.key) for f in fmt.key_figures},
                     **{ind.id: got[ind.id].value for ind in fmt.indicators}})
    return _typed(pd.DataFrame(rows), fmt)


def _typed(frame: pd.DataFrame, fmt: Format) -> pd.DataFrame:
    kinds = {_id(f.key): _figure_dtype(fmt, f.key) for f in fmt.key_figures}
    kinds.update({ind.id: "Float64" for ind in fmt.indicators})
    return frame.astype({c: t for c, t in kinds.items() if c in frame.columns})


def history_frame(db: str | Path, shape: str = TIDY, lang: str = "zh") -> pd.DataFrame:
    """Every unit-year a history store holds. tidy: unit, year, format, table, row, column, value — every
    number recorded (value exact: int or Decimal). wide: one row per unit-year — unit, year, format, each
    key figure and each indicator of its year's format (by id). Read-only."""
    import pandas as pd

    with Store.open(db) as store:
        reports = list(store.reports())
    if shape == TIDY:
        rows = [[r.name, r.year, r.format_id, *k, v] for r in reports for k, v in r.values.items()]
        frame = pd.DataFrame(rows, columns=["unit", "year", "format", "table", "row", "column", "value"])
        return frame.astype({"year": "Int64"})
    if shape != WIDE:
        raise ValueError(f"shape is {TIDY!r} or {WIDE!r}, not {shape!r}")
    from ..model.ratios import Thresholds, evaluate_all

    out, labels = [], {}
    minimum = Thresholds().min_denominator
    for r in reports:
        fmt = formats.FORMATS.get(r.format_id or "")
        if fmt is None:
            continue
        labels.update(_labels(fmt, lang))
        figures = unit_figures(fmt, r.values)
        got = evaluate_all(fmt, figures, minimum)
        out.append({"unit": r.name, "year": r.year, "format": r.format_id,
                    **{_id(f.key): figures.get(f.key) for f in fmt.key_figures},
                    **{ind.id: got[ind.id].value for ind in fmt.indicators}})
    frame = pd.DataFrame(out, columns=["unit", "year", "format"] if not out else None)
    for fmt in formats.FORMATS.values():
        frame = _typed(frame, fmt)
    frame.attrs["labels"] = labels
    return frame.astype({"year": "Int64"})


def trend_frame(db: str | Path | Trend, unit: str | None = None, lang: str = "zh") -> pd.DataFrame:
    """`history --trend` as a frame: one row per recorded year (the index), its unit-years (`units`), each
    key figure and each indicator (by id), added up over every unit, or `unit`'s alone."""
    import pandas as pd

    series = db if isinstance(db, Trend) else history_trend(db, unit)
    labels = {_id(k): label for k, label in series.figure_columns()}
    labels.update({ind.id: ind.zh if lang == "zh" else ind.en for ind in series.indicators()})
    labels["units"] = say("insight.units", lang)
    rows = [{"year": p.year, "units": p.units, **{_id(k): p.figures.get(k) for k, _ in series.figure_columns()},
             **{ind.id: p.ratios[ind.id].value if ind.id in p.ratios else None for ind in series.indicators()}}
            for p in series.points]
    frame = pd.DataFrame(rows, columns=["year", "units", *(k for k in labels if k != "units")])
    for fmt in formats.FORMATS.values():
        frame = _typed(frame, fmt)
    frame = frame.astype({"units": "Int64"}).set_index("year")
    frame.attrs["labels"] = labels
    frame.attrs["unit"] = series.unit
    return frame
