"""The summary's indicators in the xlsx: the 指标 sheet (the ratios with their formulas and counts, the key
figures, this year against last) with native Excel charts, and the 单位 sheet's indicator columns."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..formats.indicators import formula
from ..formats.schema import AMOUNT, MONEY, Format, Indicator
from ..messages import say
from ..model.previous import change
from ..model.ratios import FEW, Ratio, evaluate
from ..summary import Compilation
from ..summary.indicators import LastYear, last_year, ratios, totals_ratios
from ..summary.trend import Trend
from . import statements
from .words import title
from .xlsxbook import FONT, Book, fit_heights, footer_text, number_format, print_setup, set_widths, write_number

SHEET = "指标"
PERCENT_FORMAT = "0.0%"
TOP = 10  # units in the chart of those with the most applications
_WIDTHS = [30, 46, 9, 9, 10, 10, 12, 30]
_CHART_COL = 9  # the charts stand right of the tables (column J)
_CHART_SIZE = {"x_scale": 1.25, "y_scale": 1.1}
_CHART_ROWS = 17  # rows one chart takes, with air
_VALUES = 4  # the column of 本年 (then 上年, 增减): the key figures stand under the indicators' values
_DATA = 2  # the first value column of a chart's data (right of the label, under 分子)


def name(ind: Indicator, lang: str) -> str:
    return ind.zh if lang == "zh" else ind.en


def na_text(lang: str) -> str:
    return say("insight.na", lang)


def reason_text(r: Ratio, comp: Compilation, lang: str) -> str:
    """Why a ratio is not applicable, in words ('' when it is)."""
    if r.reason is None:
        return ""
    if r.reason == FEW:
        return say("insight.reason_few", lang, denominator=r.denominator, minimum=comp.thresholds.min_denominator)
    return say("insight.reason_" + r.reason, lang)


@dataclass
class Columns:
    """Columns to append to the 单位 sheet: headers, kinds, and `row(figures)`: the cells of one unit's
    figures (None: not added up) or of the totals' (made when the row is written: none are held)."""

    headers: list[str]
    kinds: list[str]
    row: Callable[[Mapping | None], list]


def ranked_columns(comp: Compilation, lang: str) -> Columns:
    """The format's ranked indicators per unit (a ratio, or 不适用 — never 0 — where it does not apply),
    then for the totals, from the summed counts."""
    ranked = [ind for ind in comp.format.indicators if ind.ranked]
    na, minimum = na_text(lang), comp.thresholds.min_denominator

    def row(figures: Mapping | None) -> list:
        if figures is None:
            return [None] * len(ranked)
        return [r.value if r.applicable else na for r in (evaluate(ind, figures, minimum) for ind in ranked)]

    return Columns([name(ind, lang) for ind in ranked], ["percent"] * len(ranked), row)


def text_rows(comp: Compilation, lang: str) -> tuple[list[str], list[list[str]]]:
    """The summary's indicators as text, for the terminal and Markdown: 指标 | 本年 (or 不适用 and why) |
    分子/分母 | [上年 | 增减]."""
    last = last_year(comp)
    before = ratios(comp.format, last.figures, comp.thresholds) if last is not None and last.figures else None
    yoy = last is not None
    headers = [say("insight.indicator", lang), say("insight.this_year", lang), say("insight.counts", lang),
               *([say("insight.last_year", lang), say("insight.change", lang)] if yoy else [])]
    rows = []
    now = totals_ratios(comp)
    for ind in comp.format.indicators:
        r = now[ind.id]
        then = before.get(ind.id) if before else None
        counts = f"{'?' if r.numerator is None else r.numerator}/{'?' if r.denominator is None else r.denominator}"
        row = [name(ind, lang), r.percent() or say("insight.na_why", lang, why=reason_text(r, comp, lang)), counts]
        if yoy:
            moved = _points(r.change(then))
            row += [(then.percent() or na_text(lang)) if then is not None else "",
                    "" if moved is None else f"{moved:+.1f} {say('insight.points', lang)}"]
        rows.append(row)
    return headers, rows


def _points(v: float | None) -> float | None:
    """A ratio's change in percentage points, to the tenth shown (never a -0.0)."""
    return None if v is None else round(v * 100, 1) + 0.0


def _row(ws, r: int, cells: list, looks: list) -> None:
    for c, (v, look) in enumerate(zip(cells, looks, strict=True)):
        if v is None:
            ws.write_blank(r, c, None, look)
        elif isinstance(v, str):
            ws.write_string(r, c, v, look)
        else:
            write_number(ws, r, c, v, look)


def _indicator_table(book: Book, ws, comp: Compilation, lang: str, r: int, last: LastYear | None) -> int:
    """指标 | 计算方法 | 分子 | 分母 | 本年 | [上年 | 增减] | 说明, one row per indicator; returns the next row."""
    yoy = last is not None
    keys = ["indicator", "formula", "numerator", "denominator", "this_year"] + (
        ["last_year", "change"] if yoy else []) + ["note"]
    head = book.format(bold=True, border=1, align="center", valign="vcenter", text_wrap=True, bg_color="#D9D9D9")
    for c, k in enumerate(keys):
        ws.write_string(r, c, say("insight." + k, lang), head)
    box = {"border": 1, "valign": "vcenter"}
    text, wrap = book.format(**box), book.format(**box, text_wrap=True)
    count = book.format(**box, align="right", num_format="0")
    pct = book.format(**box, align="right", num_format=PERCENT_FORMAT)
    unit = say("insight.points", lang)  # the change of a ratio is in percentage points, never a relative %
    points = book.format(**box, align="right", num_format=f'+0.0" {unit}";-0.0" {unit}";0.0" {unit}"')
    na = book.format(**box, align="right")
    now = totals_ratios(comp)
    before = ratios(comp.format, last.figures, comp.thresholds) if last is not None and last.figures else None
    tall: list[tuple[int, int, int, int, object]] = []  # the wrapped texts, for row heights that fit them
    for ind in comp.format.indicators:
        r += 1
        got = now[ind.id]
        then = before.get(ind.id) if before else None
        cells: list = [name(ind, lang), formula(ind, lang), got.numerator, got.denominator,
                       got.value if got.applicable else na_text(lang)]
        looks = [text, wrap, count, count, pct if got.applicable else na]
        if yoy:
            cells += [then.value if then is not None and then.applicable else (na_text(lang) if then else None),
                      _points(got.change(then))]
            looks += [pct if then is not None and then.applicable else na, points]
        cells.append(reason_text(got, comp, lang))
        looks.append(wrap)
        _row(ws, r, cells, looks)
        tall += [(r + 1, c + 1, r + 1, c + 1, cells[c]) for c in (1, len(cells) - 1)]
    fit_heights(ws, tall, _WIDTHS)
    return r + 2


def _figure_table(book: Book, ws, comp: Compilation, lang: str, r: int, last: LastYear | None) -> int:
    """项目 | 本年 | [上年 | 增减], one row per key figure of the summary; returns the next row."""
    fmt = comp.format
    keys = ["this_year"] + (["last_year", "change"] if last is not None else [])
    head = book.format(bold=True, border=1, align="center", valign="vcenter", bg_color="#D9D9D9")
    ws.write_string(r, 0, say("insight.figure", lang), head)
    for c, k in enumerate(keys, start=_VALUES):
        ws.write_string(r, c, say("insight." + k, lang), head)
    text = book.format(border=1, valign="vcenter")
    now = comp.totals_figures()
    for f in fmt.key_figures:
        r += 1
        kind = fmt.kind(*f.key) if f.key in fmt.key_set() else "count"
        values = [now.get(f.key)]
        if last is not None:
            before = last.figures.get(f.key) if last.figures else None
            values += [before, change(values[0], before)]
        ws.write_string(r, 0, f.label, text)
        for c, v in enumerate(values, start=_VALUES):
            look = book.format(border=1, valign="vcenter", align="right",
                               num_format=number_format(kind if kind in (AMOUNT, MONEY) else "count", v))
            if v is None:
                ws.write_blank(r, c, None, look)
            else:
                write_number(ws, r, c, v, look)
    return r + 2


def _chart(book: Book, kind: str, title_text: str):
    chart = book.wb.add_chart({"type": kind})
    chart.set_title({"name": title_text, "name_font": {"name": FONT, "size": 11, "bold": True}})
    chart.set_legend({"none": True})
    chart.set_x_axis({"num_font": {"name": FONT, "size": 9}})
    chart.set_y_axis({"num_font": {"name": FONT, "size": 9}, "major_gridlines": {"visible": True}})
    return chart


def _data_block(book: Book, ws, r: int, heading: str, headers: list[str], rows: list[list]) -> tuple[int, int]:
    """A small table the chart beside it plots (so every bar is a number one can read); returns the rows
    of its data (first, last)."""
    bold = book.format(bold=True)
    head = book.format(bold=True, border=1, align="center", bg_color="#D9D9D9")
    cell = book.format(border=1)
    ws.write_string(r, 0, heading, bold)
    for c, text in zip([0, *range(_DATA, _DATA + len(headers) - 1)], headers, strict=True):
        ws.write_string(r + 1, c, text, head)
    for i, row in enumerate(rows, start=r + 2):
        ws.write_string(i, 0, str(row[0]), cell)
        for c, v in enumerate(row[1:], start=_DATA):
            if v is None:
                ws.write_blank(i, c, None, cell)
            else:
                write_number(ws, i, c, v, cell)
    return r + 2, r + 1 + len(rows)


def _charts(book: Book, ws, comp: Compilation, lang: str, r: int, trend: Trend | None) -> None:
    """Applications by outcome; the ten units with the most applications (several units); the trend
    of applications received over the years (with --history). Data below the tables, charts beside."""
    fmt = comp.format
    outcomes = [[f.label, f.value] for f in statements.results(fmt, comp.totals)]
    place = 2
    cases = say("insight.cases", lang)
    first, end = _data_block(book, ws, r, say("insight.chart_outcomes", lang),
                             [say("insight.figure", lang), cases], outcomes)
    _plot(book, ws, "column", say("insight.chart_outcomes", lang), first, end, place)
    r, place = end + 2, place + _CHART_ROWS
    top = _top_units(comp)
    if len(top) > 1:
        heading = say("insight.chart_top", lang, n=len(top))
        first, end = _data_block(book, ws, r, heading, [say("insight.unit", lang), _headline_label(fmt)], top)
        _plot(book, ws, "column", heading, first, end, place)
        r, place = end + 2, place + _CHART_ROWS
    if trend is not None and len(trend.points) > 1 and fmt.headline is not None:
        rows = [[str(p.year), p.units, p.figures.get(fmt.headline)] for p in trend.points]
        heading = say("insight.chart_trend", lang)
        first, end = _data_block(book, ws, r, heading, [say("insight.year", lang), say("insight.units", lang),
                                                       _headline_label(fmt)], rows)
        _plot(book, ws, "line", heading, first, end, place, value_col=_DATA + 1)


def _plot(book: Book, ws, kind: str, heading: str, first: int, last: int, place: int, value_col: int = _DATA) -> None:
    chart = _chart(book, kind, heading)
    series = {"categories": [SHEET, first, 0, last, 0], "values": [SHEET, first, value_col, last, value_col],
              "name": heading, "data_labels": {"value": True, "font": {"name": FONT, "size": 9}}}
    if kind == "line":
        series["marker"] = {"type": "circle"}
    chart.add_series(series)
    ws.insert_chart(place, _CHART_COL, chart, _CHART_SIZE)


def _headline_label(fmt: Format) -> str:
    return next((f.label for f in fmt.key_figures if f.key == fmt.headline), "")


def _top_units(comp: Compilation) -> list[list]:
    """[unit, applications received] of the TOP units added up with the most (input order among equals)."""
    k = comp.format.headline
    got = [(u.name, f.get(k)) for u, f in zip(comp.units, comp.figures, strict=True) if f is not None and k]
    ranked = sorted((x for x in got if x[1] is not None), key=lambda x: -x[1])  # type: ignore[operator]
    return [[n, v] for n, v in ranked[:TOP]]


def indicators_sheet(book: Book, comp: Compilation, lang: str) -> None:
    """指标: the title and how the ratios are made, the indicators, the key figures, the charts."""
    ws = book.sheet(SHEET)
    last = last_year(comp)
    heading = book.format(bold=True, font_size=14, valign="vcenter")
    ws.write_string(0, 0, say("insight.title", lang, name=comp.name or title(comp, lang)), heading)
    ws.write_string(1, 0, say("insight.how", lang, minimum=comp.thresholds.min_denominator))
    r = 2
    if last is not None and last.figures is None:
        ws.write_string(r, 0, say("insight.last_partial", lang, covered=last.covered, included=last.included))
        r += 1
    r = _indicator_table(book, ws, comp, lang, r + 1, last)
    r = _figure_table(book, ws, comp, lang, r, last)
    trend = comp.trend if isinstance(comp.trend, Trend) else None
    _charts(book, ws, comp, lang, r, trend)
    set_widths(ws, _WIDTHS)
    ws.freeze_panes(0, 1)
    print_setup(ws, footer_text(comp.name or title(comp, lang), say("table.page_footer", lang)))
