"""A report's outline: which of the format's sections its headings open, where, and each paragraph's section."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..base.refs import paragraph_ref
from ..formats.prose import Section

# 一、总体情况 · 二．主动公开政府信息情况 · 第三部分 收到和处理…: a numeral, then its separator, then a title.
_HEADING = re.compile(r"(?:第)?([一二三四五六七八九十])(?:、|\.|．|部分)(.{2,40})")
_MAX_HEADING = 45  # characters: a longer paragraph is text, whatever it starts with
_SUBHEADING = re.compile(r"[（(][一二三四五六七八九十]{1,3}[)）].{2,30}")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the report's text: its number (1-based, reading order), its text and its section."""

    number: int
    text: str
    section: str | None  # the number of the section it stands in; None before the first heading
    heading: str = ""  # the heading it stands under: its section's, or a sub-heading's (（二）依申请公开情况)
    line: int | None = None  # a text file's line

    @property
    def ref(self) -> str:
        return paragraph_ref(self.number, self.line)


@dataclass
class Outline:
    """The sections a report's headings open, in the order they stand."""

    headings: dict[str, int]  # section number -> the paragraph number of its heading
    paragraphs: list[Paragraph]

    @property
    def order(self) -> list[str]:
        return sorted(self.headings, key=self.headings.__getitem__)

    def text_of(self, number: str) -> str:
        """A section's prose, its heading left out."""
        return "\n".join(p.text for p in self.paragraphs
                         if p.section == number and p.number != self.headings.get(number))


def heading_of(text: str, sections: tuple[Section, ...]) -> str | None:
    """The section a paragraph is the heading of: its number, and a title with that section's words (or the
    official title itself with no number); None for anything else."""
    flat = re.sub(r"\s+", "", text)
    if not flat or len(flat) > _MAX_HEADING:
        return None
    m = _HEADING.fullmatch(flat)
    for s in sections:
        if m is not None and m.group(1) == s.number and re.search(s.marks, m.group(2)):
            return s.number
        if flat == s.title:
            return s.number
    return None


def outline(texts: list[str], sections: tuple[Section, ...], lines: list[int | None] | None = None) -> Outline:
    """The outline of a report's paragraphs (their text in reading order, and a text file's line of each). A
    section's first heading counts: a later paragraph that looks like it (二、主动公开… quoted in 六) is text."""
    headings: dict[str, int] = {}
    paragraphs = []
    current: str | None = None
    under = ""
    for number, text in enumerate(texts, start=1):
        found = heading_of(text, sections)
        flat = re.sub(r"\s+", "", text)
        if found is not None and found not in headings:
            headings[found] = number
            current, under = found, flat
        elif _SUBHEADING.fullmatch(flat):
            under = flat
        paragraphs.append(Paragraph(number, text, current, under, lines[number - 1] if lines else None))
    return Outline(headings, paragraphs)
