"""How much of a report's text repeats last year's, section by section (difflib), and W606 where too much does.

Figures are masked before comparing (a copied text with this year's numbers typed in is still a copy), and
a section too short to say anything of its own (六、其他需要报告的事项：无) is not compared."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..formats.prose import Section
from ..model.findings import Finding

MIN_CHARS = 60  # characters: a section shorter than this, this year or last, is not compared (六：无)
MAX_CHARS = 20_000  # compared at most: difflib is quadratic in the worst case
DEFAULT_LIMIT = 0.8
_MASK = re.compile(r"[\d０-９]+(?:[.．][\d０-９]+)?")
_SPACE = re.compile(r"\s+")


def comparable(text: str) -> str:
    """A section's text as it is compared: no spaces, each figure one mark."""
    return _MASK.sub("#", _SPACE.sub("", text))[:MAX_CHARS]


def ratio(this: str, last: str) -> float | None:
    """The share of the two texts that is the same (0–1), None when either is too short to tell."""
    if len(this) < MIN_CHARS or len(last) < MIN_CHARS:
        return None
    matcher = difflib.SequenceMatcher(None, this, last, autojunk=False)
    if matcher.real_quick_ratio() < 0.3:  # cheap bounds first: most pairs are plainly different
        return matcher.real_quick_ratio()
    if matcher.quick_ratio() < 0.3:
        return matcher.quick_ratio()
    return matcher.ratio()


@dataclass(frozen=True)
class Similarity:
    """Section number -> the share of its text that repeats last year's (None where not compared)."""

    by_section: dict[str, float | None]
    whole: float | None  # the whole text's (every section together)
    previous: str  # last year's report, as named in findings


def similarity(this: dict[str, str], last: dict[str, str], sections: tuple[Section, ...], previous: str
               ) -> Similarity:
    """Compare each prose section's text (comparable()), and the whole text, with last year's."""
    prose = [s.number for s in sections if s.prose]
    whole = ratio("".join(this.get(n, "") for n in prose)[:MAX_CHARS], "".join(last.get(n, "") for n in prose)[:MAX_CHARS])
    return Similarity({n: ratio(this.get(n, ""), last.get(n, "")) for n in prose}, whole, previous)


def similarity_findings(sim: Similarity, sections: tuple[Section, ...], limit: float, source: str,
                        unit: str | None) -> Iterator[Finding]:
    """W606 for each section whose text is at least `limit` the same as last year's."""
    for s in sections:
        r = sim.by_section.get(s.number)
        if r is not None and r >= limit:
            yield Finding("W606", source, unit=unit, sheet=f"{s.number}、{s.title}",
                          params={"number": s.number, "title": s.title, "percent": round(r * 100),
                                  "previous": sim.previous})
