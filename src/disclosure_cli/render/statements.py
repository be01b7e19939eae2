"""The standard statements of an annual report, generated from the numbers of the tables (and, with
last year's, the change): every figure a sentence states is a cell of the tables or a sum the format
declares (a group of rows), so the prose and the tables can never disagree."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..formats.schema import AMOUNT, BLOCKS, GRID, GROUPS, MONEY, Format, Key, Table
from ..messages import say
from ..model.values import show

_NUMBERING = re.compile(r"^[（(][一二三四五六七八九十]+[）)]|^[一二三四五六七八九十]+、|^[0-9]+[.．、]")
_NOTE = re.compile(r"[（(][^）)]*[）)]$")
_MEASURE = re.compile(r"^本年|(件数|数量)$")  # 本年制发件数 -> 制发: the sentence already says 本年度


@dataclass(frozen=True)
class Figure:
    """One number a statement states, and the cells it is (one, or a group's rows summed)."""

    label: str
    value: int | Decimal | None  # None: unknown (E401)
    cells: tuple[Key, ...]


def words(label: str) -> str:
    """'（二）部分公开（区分处理的，…）' -> '部分公开': a label as a sentence names it."""
    return _NOTE.sub("", _NUMBERING.sub("", label)).strip()


def _sum(values: dict, cells: list[Key]):
    got = [values.get(k) for k in cells]
    return None if any(v is None for v in got) else sum(got)


def _table(fmt: Format, shape: str) -> Table | None:
    return next((t for t in fmt.tables if t.shape == shape), None)


def results(fmt: Format, values: dict) -> list[Figure]:
    """How applications were handled: each result row, each group (its rows summed), in table order."""
    table = _table(fmt, GRID)
    if table is None or table.results is None:
        return []
    total = table.columns[-1].id
    out: list[Figure] = []
    seen: set[str] = set()
    for rid in table.result_rows():
        row = table.row(rid)
        if row.group is None:
            out.append(Figure(words(row.label), values.get((table.id, rid, total)), ((table.id, rid, total),)))
        elif row.group not in seen:
            seen.add(row.group)
            cells = [(table.id, r, total) for r in table.group_rows(row.group)]
            out.append(Figure(words(table.group(row.group).label), _sum(values, cells), tuple(cells)))
    return out


def _n(v) -> str:
    return "?" if v is None else show(v)


def applications(fmt: Format, values: dict, lang: str, last: dict | None = None) -> str | None:
    """本年度共新收政府信息公开申请N件，上年结转N件；予以公开N件，…；结转下年度继续办理N件。"""
    table = _table(fmt, GRID)
    if table is None or table.balance is None or fmt.headline is None:
        return None
    total = table.columns[-1].id
    received = values.get(fmt.headline)
    parts = [say("report.applications", lang, received=_n(received),
                 carried_in=_n(values.get((table.id, table.balance.carried_in, total))))]
    parts.append(say("report.results", lang, results=say("report.joiner", lang).join(
        say("report.item", lang, label=f.label, value=_n(f.value)) for f in results(fmt, values))))
    parts.append(say("report.carried_out", lang, carried_out=_n(values.get((table.id, table.balance.carried_out,
                                                                           total)))))
    text = say("report.clause", lang).join(parts) + say("report.stop", lang)
    if last is not None:
        text += change(received, last.get(fmt.headline), lang)
    return text


def change(now, before, lang: str) -> str:
    """新收申请比上年增加N件（上年M件）。 / 减少 / 与上年持平: the change on last year, said once."""
    if now is None or before is None:
        return say("report.change_unknown", lang)
    diff = now - before
    key = "report.change_up" if diff > 0 else "report.change_down" if diff < 0 else "report.change_same"
    return say(key, lang, diff=show(abs(diff)), before=show(before))


def active(fmt: Format, values: dict, lang: str) -> str | None:
    """规章本年制发N件、本年废止N件、现行有效N件；…；行政事业性收费本年收费金额N万元。"""
    table = _table(fmt, BLOCKS)
    if table is None:
        return None
    rows = []
    for row in table.rows:
        figures = []
        for col in row.columns:
            unit = say("report.amount_unit" if col.kind in (AMOUNT, MONEY) else "report.count_unit", lang)
            figures.append(f"{_MEASURE.sub('', words(col.label))}{_n(values.get((table.id, row.id, col.id)))}{unit}")
        if lang == "zh" and figures:
            figures[0] = _after(row.label, figures[0])
        rows.append(row.label + "、".join(figures) if lang == "zh" else f"{row.label}: " + ", ".join(figures))
    return say("report.active", lang, rows=say("report.clause", lang).join(rows))


def _after(label: str, figure: str) -> str:
    """The figure without the words the label already ends with: 行政事业性收费 + 收费金额 -> 金额."""
    for n in range(min(len(label), len(figure)), 0, -1):
        if label.endswith(figure[:n]):
            return figure[n:]
    return figure


def reviews(fmt: Format, values: dict, lang: str) -> str | None:
    """行政复议N件，其中结果维持N件、…；未经复议直接起诉N件，…。"""
    table = _table(fmt, GROUPS)
    if table is None:
        return None
    parts = []
    for row in table.rows:
        label = f"{table.group(row.group).label}（{row.label}）" if row.group else row.label
        total = next((c for c in row.columns if c.total), None)
        inner = say("report.joiner", lang).join(
            say("report.item", lang, label=c.label, value=_n(values.get((table.id, row.id, c.id))))
            for c in row.columns if not c.total)
        parts.append(say("report.review", lang, label=label, inner=inner,
                         total=_n(values.get((table.id, row.id, total.id))) if total else "?"))
    return say("report.clause", lang).join(parts) + say("report.stop", lang)
