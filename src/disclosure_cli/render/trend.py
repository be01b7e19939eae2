"""The series over the years (`history --trend`): a terminal table (items × years), a tidy CSV, and an
.xlsx with the table and native line charts of applications received and of 公开率."""

from __future__ import annotations

import csv
import io

from ..messages import say
from ..model.values import show
from ..summary.trend import Trend
from .plain import HOLE
from .xlsxbook import FONT, Book, footer_text, number_format, print_setup, set_widths, write_number

ABSENT = "—"  # a figure the year's format has not (2019 and 2021 differ in table 二)
SHEET = "历年情况"
_ABSENT = object()


def who(series: Trend, lang: str) -> str:
    return series.unit if series.unit is not None else say("trend.all_units", lang)


def grid(series: Trend, lang: str) -> tuple[list[str], list[list], list[str]]:
    """Headers (item, each year), rows of raw values (ints, Decimals, Ratios, None unknown, _ABSENT), and
    each row's kind: units, count (a key figure, amounts included), ratio."""
    headers = [say("trend.item", lang), *(str(p.year) for p in series.points)]
    rows: list[list] = [[say("trend.units_row", lang), *(p.units for p in series.points)]]
    kinds = ["units"]
    for key, label in series.figure_columns():
        rows.append([label, *(p.figures.get(key) if key in p.figures else _ABSENT for p in series.points)])
        kinds.append("count")
    for ind in series.indicators():
        rows.append([ind.zh if lang == "zh" else ind.en,
                     *(p.ratios.get(ind.id, _ABSENT) for p in series.points)])
        kinds.append("ratio")
    return headers, rows, kinds


def _text(v, kind: str, lang: str) -> str:
    if v is _ABSENT:
        return ABSENT
    if kind == "ratio":
        return v.percent() or say("insight.na", lang)
    return HOLE if v is None else show(v)


def trend_text(series: Trend, lang: str, source: str = "") -> str:
    """The title line, then items down and years across (a handful of years fit any terminal)."""
    from tabulate import tabulate

    headers, rows, kinds = grid(series, lang)
    body = [[row[0], *(_text(v, kind, lang) for v in row[1:])] for row, kind in zip(rows, kinds, strict=True)]
    table = tabulate(body, headers=headers, disable_numparse=True, colalign=("left",) + ("right",) * (len(headers) - 1))
    return say("trend.title", lang, who=who(series, lang), path=source) + "\n" + table + "\n"


def trend_csv(series: Trend, lang: str) -> bytes:
    """Tidy rows: unit, year, units, kind (figure | indicator), id, label, value, numerator, denominator,
    not_applicable; UTF-8 with BOM, CRLF, like compile's CSV."""
    labels = {".".join(k): label for k, label in series.figure_columns()}
    labels.update({ind.id: ind.zh if lang == "zh" else ind.en for ind in series.indicators()})
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["unit", "year", "units", "kind", "id", "label", "value", "numerator", "denominator",
                     "not_applicable"])
    for r in series.records():
        writer.writerow([series.unit or "", r["year"], r["units"], r["kind"], r["id"], labels.get(r["id"], ""),
                         *("" if r[c] is None else str(r[c]) for c in ("value", "numerator", "denominator",
                                                                      "not_applicable"))])
    return buf.getvalue().encode("utf-8-sig")


def trend_xlsx(series: Trend, lang: str, source: str = "") -> bytes:
    """历年情况: the title, items × years (numbers as numbers, ratios as percentages, 不适用 spelled out),
    and line charts of applications received and of the first indicator (公开率) over the years."""
    book = Book(title=say("trend.title", lang, who=who(series, lang), path=source))
    ws = book.sheet(SHEET)
    headers, rows, kinds = grid(series, lang)
    ws.write_string(0, 0, say("trend.title", lang, who=who(series, lang), path=source),
                    book.format(bold=True, font_size=14))
    head = book.format(bold=True, border=1, align="center", bg_color="#D9D9D9")
    for c, text in enumerate(headers):
        ws.write_string(2, c, text, head)
    label = book.format(border=1)
    for r, (row, kind) in enumerate(zip(rows, kinds, strict=True), start=3):
        ws.write_string(r, 0, row[0], label)
        for c, v in enumerate(row[1:], start=1):
            _cell(book, ws, r, c, v, kind, lang)
    set_widths(ws, [30] + [11] * (len(headers) - 1))
    ws.freeze_panes(3, 1)
    if len(series.points) > 1:
        # Applications received (the first key figure) and 公开率 (the first indicator).
        _line(book, ws, len(series.points), rows, kinds.index("count"), 3, percent=False)
        _line(book, ws, len(series.points), rows, kinds.index("ratio"), 20, percent=True)
    print_setup(ws, footer_text(who(series, lang), say("table.page_footer", lang)))
    return book.bytes()


def _cell(book: Book, ws, r: int, c: int, v, kind: str, lang: str) -> None:
    right = {"border": 1, "align": "right"}
    if v is _ABSENT:
        ws.write_string(r, c, ABSENT, book.format(**right))
    elif kind == "ratio":
        if v.value is None:
            ws.write_string(r, c, say("insight.na", lang), book.format(**right))
        else:
            ws.write_number(r, c, v.value, book.format(**right, num_format="0.0%"))
    elif v is None:
        ws.write_string(r, c, HOLE, book.format(**right))
    else:
        write_number(ws, r, c, v, book.format(**right, num_format=number_format("amount" if not isinstance(v, int)
                                                                                else "count", v)))


def _line(book: Book, ws, years: int, rows: list[list], index: int, place: int, percent: bool) -> None:
    """A line chart of the table's row `index` over the years, placed right of the table at row `place`."""
    r = 3 + index
    chart = book.wb.add_chart({"type": "line"})
    chart.add_series({"name": [SHEET, r, 0], "categories": [SHEET, 2, 1, 2, years],
                      "values": [SHEET, r, 1, r, years], "marker": {"type": "circle"},
                      "data_labels": {"value": True, "font": {"name": FONT, "size": 9}}})
    chart.set_title({"name": rows[index][0], "name_font": {"name": FONT, "size": 11, "bold": True}})
    chart.set_legend({"none": True})
    chart.set_x_axis({"num_font": {"name": FONT, "size": 9}})
    chart.set_y_axis({"num_font": {"name": FONT, "size": 9}, **({"num_format": "0%"} if percent else {})})
    ws.insert_chart(place, years + 2, chart)
