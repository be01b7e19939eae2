"""The report's charts as PNG images (matplotlib, imported only here, only with --charts): how
applications were handled and, with last year's figures, this year against last; same bytes each run."""

from __future__ import annotations

import io

from ..formats.schema import Format
from ..messages import say
from . import statements

# Fonts that hold Chinese, in the order tried; without any, the labels fall back to DejaVu Sans.
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "SimHei", "Microsoft YaHei",
             "WenQuanYi Zen Hei", "PingFang SC", "Heiti SC")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    have = {f.name for f in font_manager.fontManager.ttflist}
    matplotlib.rcParams["font.family"] = [f for f in CJK_FONTS if f in have] + ["DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return plt


def _png(fig, plt) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def results_chart(fmt: Format, values: dict, lang: str) -> bytes:
    """Horizontal bars: each way an application was handled (the statement's figures), in table order."""
    plt = _pyplot()
    figures = [f for f in statements.results(fmt, values)]
    labels = [f.label for f in figures][::-1]
    numbers = [float(f.value or 0) for f in figures][::-1]
    fig, ax = plt.subplots(figsize=(6.4, 0.42 * len(labels) + 0.9))
    bars = ax.barh(labels, numbers, color="#4472C4")
    ax.bar_label(bars, labels=[statements._n(f.value) for f in figures][::-1], padding=3, fontsize=9)
    ax.set_title(say("report.chart_results", lang), fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=9)
    ax.set_xlim(0, max(numbers + [1]) * 1.15)
    return _png(fig, plt)


def yoy_chart(fmt: Format, values: dict, last: dict, year: int | None, lang: str) -> bytes:
    """Grouped bars: the key figures of the applications table, last year beside this year."""
    plt = _pyplot()
    table = next(t for t in fmt.tables if t.results is not None)
    keys = [f.key for f in fmt.key_figures if f.table == table.id and f.key in fmt.key_set()]
    labels = [next(f.label for f in fmt.key_figures if f.key == k) for k in keys]
    now = [float(values.get(k) or 0) for k in keys]
    before = [float(last.get(k) or 0) for k in keys]
    fig, ax = plt.subplots(figsize=(6.4, 3.2))
    xs = range(len(keys))
    this = say("report.this_year", lang, year=year or "")
    prior = say("report.this_year", lang, year=(year - 1) if year else "")
    ax.bar([x - 0.2 for x in xs], before, width=0.4, label=prior, color="#A5A5A5")
    ax.bar([x + 0.2 for x in xs], now, width=0.4, label=this, color="#4472C4")
    ax.set_xticks(list(xs), labels, fontsize=9)
    ax.set_title(say("report.chart_yoy", lang), fontsize=11)
    ax.legend(fontsize=9, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig, plt)
