"""Whether a report is whole: a title naming the body and the year, the format's six sections in order, the
statistics period stated, section 五 not empty (W601, E602, W603, W604, W605)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..base.refs import paragraph_ref
from ..formats.prose import BRIEF_SECTION, Section
from ..locate.identity import title_of
from ..messages import part
from ..model.findings import Finding
from .outline import Outline

_PERIOD = re.compile(r"统计(?:期限|期间|时限|时段|区间|周期|时间|范围)")
_SPAN = re.compile(r"(\d{4})年1月1日(?:起)?(?:至|到|—|-|～|~)(\d{4})年12月31日")
_SAYS_NOTHING = re.compile(r"[无暂无。；;，,、\s]*")
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})年")
_MIN_TEXT = 10  # characters: less in section 五 is saying nothing


@dataclass(frozen=True)
class Where:
    """Whom the findings are about: the file, the unit's name and the report year."""

    source: str
    unit: str | None
    year: int | None


def title_parts(title: str) -> tuple[str | None, int | None]:
    """The body and the year a title names: 某市交通运输局 and 2021 in 某市交通运输局2021年政府信息公开工作年度报告
    (the words after the year may differ: 政务公开, 年度报告, 工作报告)."""
    body, year = title_of([title])
    if body and year:
        return body, year
    flat = re.sub(r"\s+", "", title)
    m = _TITLE_YEAR.search(flat)
    before = flat[:m.start()] if m else flat.split("政府信息公开")[0] if "政府信息公开" in flat else ""
    before = before.strip("《》“”\"'：:，,")
    return (before if len(before) >= 2 else None), (int(m.group(1)) if m else None)


def title_findings(title: str | None, where: Where) -> Iterator[Finding]:
    """W601 when the title (its first paragraph, else the document's own) names no body or no year."""
    body, year = title_parts(title) if title else (None, None)
    if body and year:
        return
    missing = "part.title_both" if not body and not year else "part.title_body" if not body else "part.title_year"
    yield Finding("W601", where.source, unit=where.unit, cell=paragraph_ref(1),
                  params={"missing": part(missing), "title": title or part("part.no_title")})


def section_findings(o: Outline, sections: tuple[Section, ...], tables: set[str], where: Where
                     ) -> Iterator[Finding]:
    """E602 for a section with no heading (a table section whose table was found counts: its heading may be
    the table's caption, lost when the page was scraped); W603 for a heading after a later section's."""
    for s in sections:
        if s.number not in o.headings and not (s.table and s.table in tables):
            yield Finding("E602", where.source, unit=where.unit, params={"number": s.number, "title": s.title})
    numbers = [s.number for s in sections]
    latest = ""
    for n in o.order:
        if latest and numbers.index(n) < numbers.index(latest):
            s = sections[numbers.index(n)]
            yield Finding("W603", where.source, unit=where.unit, sheet=f"{s.number}、{s.title}",
                          cell=o.paragraphs[o.headings[n] - 1].ref, params={"number": n, "title": s.title, "before": latest})
        elif not latest or numbers.index(n) > numbers.index(latest):
            latest = n
    brief = next((s for s in sections if s.number == BRIEF_SECTION), None)
    if brief is not None and brief.number in o.headings and _empty(o.text_of(brief.number)):
        yield Finding("W605", where.source, unit=where.unit, sheet=f"{brief.number}、{brief.title}",
                      cell=o.paragraphs[o.headings[brief.number] - 1].ref, params={"number": brief.number, "title": brief.title})


def _empty(text: str) -> bool:
    flat = re.sub(r"\s+", "", text)
    return len(flat) < _MIN_TEXT or _SAYS_NOTHING.fullmatch(flat) is not None


def period_findings(o: Outline, where: Where) -> Iterator[Finding]:
    """W604 when no paragraph states the period the figures cover, or states one of another year."""
    for p in o.paragraphs:
        flat = re.sub(r"\s+", "", p.text)
        span = _SPAN.search(flat)
        if span and where.year and int(span.group(1)) != where.year:
            yield Finding("W604", where.source, unit=where.unit, cell=p.ref,
                          params={"detail": part("part.period_other_year", stated=span.group(1), year=where.year)})
            return
        if span or _PERIOD.search(flat):
            return
    yield Finding("W604", where.source, unit=where.unit,
                  params={"detail": part("part.period_missing", year=where.year or "")})
