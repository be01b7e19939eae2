"""Who a report is from and for which year: labelled cells (单位名称, 年度) and titles."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..base.labels import MAX_LABEL_CHARS, key
from ..base.lazy import compiled
from .text import SheetText

UNIT_LABELS = ("单位名称", "填报单位", "填报单位名称", "报送单位", "报告单位", "单位")
YEAR_LABELS = ("报告年度", "年度", "统计年度", "填报年度", "年份", "报告年份")
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_MEASURES = {"万元", "元", "件", "个", "项", "次", "人"}
_LABEL_COLON = re.compile(r"(.*?)([:：])(.*)", re.S)  # match() only: anchored, one pass
_COLON = compiled(r"[:：]")
_YEAR = re.compile(r"(?<!\d)(20\d\d|19\d\d)(?!\d)")
_TITLE = compiled(r"^(?P<unit>.*?)(?P<year>(?:19|20)\d\d)年度?政府信息公开工作年度报告")


_LABEL_KEYS = frozenset(key(lab) for lab in UNIT_LABELS + YEAR_LABELS)


def labelled_value(text: SheetText, labels: tuple[str, ...]):
    """The value written next to (or after the colon of) a cell labelled with one of `labels`:
    (value, r, c) or None."""
    wanted = {key(lab) for lab in labels}
    for r, c, _k, raw in text.cells:
        m = _LABEL_COLON.match(raw)
        head, sep, tail = m.groups() if m else (raw, "", "")
        hk = key(head)
        # 填报单位（盖章）: a short note may follow the label.
        if hk not in wanted and not any(hk.startswith(w) and len(hk) <= len(w) + 4 and len(w) > 2 for w in wanted):
            continue
        if sep and tail.strip():
            # “填报单位：某局      填报日期：2022年1月5日”: the value ends at a wide gap.
            tail = re.split(r"\s{2,}|\u3000|\t|\n", tail.strip())[0]
            if key(tail) in _MEASURES:
                continue
            return tail.strip(), r, c
        row = text.sheet.grid[r]
        for cc in range(c + 1, min(len(row), c + 8)):
            v = row[cc]
            if v not in ("", None):
                if isinstance(v, str) and len(v) > MAX_LABEL_CHARS:
                    break  # a text of that length is no name nor year: the label has none
                if isinstance(v, str) and (key(v) in _MEASURES or key(v) in _LABEL_KEYS
                                           or key(_COLON().split(v, 1)[0]) in _LABEL_KEYS):
                    # 单位：万元 is a unit of measure; 年度 is the next label: this one is blank.
                    break
                return v, r, cc
    return None


def blank_label(text: SheetText, labels: tuple[str, ...]) -> bool:
    """Whether a cell is exactly one of `labels` (单位名称, 填报单位, maybe with its colon) with nothing
    written after it: a name asked for and not given."""
    wanted = {key(lab) for lab in labels}
    starts = tuple({w[:2] for w in wanted})
    for r, c, k, raw in text.cells:
        if not k.startswith(starts):  # most cells: one C-level test on the key already made
            continue
        head, sep, tail = raw.partition("：") if "：" in raw else raw.partition(":")
        if key(head) not in wanted or tail.strip():
            continue
        row = text.sheet.grid[r] if r < len(text.sheet.grid) else []
        if all(v in ("", None) for v in row[c + 1:c + 8]):
            return True
    return False


def year_of(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer() and 1900 < value < 2200:
        return int(value)
    # “２０２１年” and “二〇二一年度” are written too: read their digits.
    text = unicodedata.normalize("NFKC", str(value)).translate(_CN_DIGITS)
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def title_unit_year(text: SheetText) -> tuple[str | None, int | None]:
    """From a title cell such as “济宁市工业和信息化局2021年政府信息公开工作年度报告”
    (or “…年度报告（2021年）”: then only the year)."""
    return title_of(raw for _r, _c, k, raw in text.cells if "政府信息公开工作年度报告" in k)


def title_of(texts: Iterable[str]) -> tuple[str | None, int | None]:
    """The unit and year of the first of `texts` that is a report's title (a document's paragraphs)."""
    for raw in texts:
        flat = re.sub(r"\s+", "", raw)
        if "政府信息公开工作年度报告" not in flat:
            continue
        m = _TITLE().search(flat)
        if m:
            unit = m.group("unit").strip(" ：:") or None
            return unit, int(m.group("year"))
        y = _YEAR.search(flat)
        if y:
            return None, int(y.group(1))
    return None, None
