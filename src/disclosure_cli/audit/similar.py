"""How much of a report's text repeats last year's, section by section (difflib), and W606 where too much does.

The texts are compared sentence by sentence: the share is the characters of the sentences both years have,
in the same order, over all characters. Figures are masked first (a copied text with this year's numbers
typed in is still a copy); a section too short to say anything of its own (六、其他需要报告的事项：无) is not
compared. Comparing sentences, not characters, keeps the cost bounded whatever the text (difflib is
quadratic in what it compares: 20,000 repeated characters would take half a minute)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..formats.prose import Section
from ..model.findings import Finding

MIN_CHARS = 60  # characters: a section shorter than this, this year or last, is not compared (六：无)
MAX_CHARS = 20_000  # compared at most
MAX_SENTENCES = 400  # per text: difflib is quadratic in them
DEFAULT_LIMIT = 0.8
_MASK = re.compile(r"[\d０-９]+(?:[.．][\d０-９]+)?")
_SENTENCE = re.compile(r"(?<=[。！？；!?;])|\n")


def comparable(text: str) -> str:
    """A section's text as it is compared: no spaces, each figure one mark."""
    return _MASK.sub("#", re.sub(r"[ \t\r\f\v\u3000]+", "", text))[:MAX_CHARS]  # paragraphs stay lines


def ratio(this: str, last: str) -> float | None:
    """The share of the two texts that is the same sentences in the same order (0–1), None when either is
    too short to tell."""
    if len(this) < MIN_CHARS or len(last) < MIN_CHARS:
        return None
    a, b = _sentences(this), _sentences(last)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    same = sum(len(x) for i, _, n in matcher.get_matching_blocks() for x in a[i:i + n])
    return 2 * same / (sum(map(len, a)) + sum(map(len, b)))


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s][:MAX_SENTENCES]


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
