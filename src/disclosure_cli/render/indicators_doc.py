"""The indicators' reference table of docs/indicators.md, made from the format data (a test keeps them equal)."""

from __future__ import annotations

from ..formats import FORMATS
from ..formats.indicators import formula


def table(format_id: str = "2021") -> str:
    """| id | 指标 | indicator | 计算方法 | formula | 单位 sheet | A003 |: one row per indicator, in the outputs' order."""
    lines = ["| id | 指标 | indicator | 计算方法 | formula | 单位 sheet | A003 |", "|---|---|---|---|---|---|---|"]
    for ind in FORMATS[format_id].indicators:
        cells = [f"`{ind.id}`", ind.zh, ind.en, formula(ind, "zh"), formula(ind, "en"), "✓" if ind.ranked else "",
                 "✓" if ind.peers else ""]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
