"""The figures a report's text states for its tables (formats.prose.Claim), read sentence by sentence.

Precision comes first: a figure is taken only where the words leave one reading. A clause is a piece of a
sentence between commas (and an enumeration's 、); it states a claim when it names the claim's subject and
verb — said in it, or carried from the clause before when the clause says nothing else (制发规章0件、规范性
文件9件) — and exactly one count in the claim's units. Words that make it about something else (another
year, a change, a share, a part of the body, 备案, 信息处理费, an applicant category) drop the clause."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from ..formats.prose import NOT_THIS, Claim
from ..model.values import chinese_numeral
from .outline import Paragraph

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
_SENTENCES = re.compile(r"(?<=[。！？!?])|\n")
_CLAUSES = re.compile(r"[，,；;：:（）()【】]")  # a clause; an enumeration's 、 is split later, per count
_NUMBER = re.compile(r"(?<![\d.第])(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)(万元|元|件|项|个|条|份|部|起|宗|次)")
_YEAR = re.compile(r"(\d{4})年")
_NEGATION = re.compile(r"(?:未|没有|尚未)(?:曾)?")
_EVENT = re.compile(r"(?:未|没有|尚未)(?:发生|收到|接到|被申请|被提起|提起|涉及|产生|出现)")
# What a clause may hold besides its subject, verb and count to carry a subject or verb from the clause
# before it: joining words, this year.
_FILLER = re.compile(r"其中|共计|合计|累计|总计|分别|以及|共|为|是|了|均|和|及|与|的|有|达到|达|计|本年度|本年|"
                     r"年度|今年|全年|\d{4}年度?|[\d.]+|[件项个条份部起宗次元万]")
_NOT_THIS = re.compile(NOT_THIS)
_MAX_SENTENCE = 600  # characters: longer is a table flattened into text, never a sentence
MAX_SENTENCES = 20_000  # read in one report (a real one has a few hundred): a text built to be slow stops here
_SPACE = re.compile(r"\s+")
_WORTH = re.compile(_NUMBER.pattern + r"|未|没有")  # a count, or a negation that states 0


@dataclass(frozen=True)
class Stated:
    """A figure the text states: the claim, the value (万元 for an amount), the sentence it stands in."""

    claim: Claim
    value: Decimal
    sentence: str
    paragraph: Paragraph


@dataclass
class Read:
    """The figures stated, and whether the text was longer than is read (MAX_SENTENCES: then the first)."""

    stated: list[Stated]
    cut: Paragraph | None = None  # the paragraph reading stopped at
    limit: int = 0  # the sentences read at most


def statements(paragraphs: Iterable[Paragraph], claims: tuple[Claim, ...], year: int | None) -> Read:
    """Every figure the paragraphs state for a claim, in reading order. A sentence without a count or a
    negation states none and costs one search."""
    topics: dict[str, list[Claim]] = {}
    for c in claims:
        topics.setdefault(c.topic, []).append(c)
    read = Read([], limit=MAX_SENTENCES)
    contexts = {c.context for c in claims if c.context}
    seen = 0
    for p in paragraphs:
        around = frozenset(c for c in contexts if re.search(c, p.text) or re.search(c, p.heading))
        for sentence in _SENTENCES.split(p.text.translate(_FULL_WIDTH)):
            seen += 1
            if seen > MAX_SENTENCES:
                read.cut = p
                return read
            flat = _SPACE.sub("", sentence)
            if not flat or len(flat) > _MAX_SENTENCE or not _WORTH.search(flat) or _other_year(flat, year):
                continue
            read.stated += [Stated(c, v, flat, p) for c, v in _sentence(flat, topics, _Scope(p, flat, around))]
    return read


@dataclass(frozen=True)
class _Scope:
    """Where a sentence stands: what a claim's context may be found in (the sentence, its paragraph, the
    heading it stands under) besides the claim's own section."""

    paragraph: Paragraph
    sentence: str
    around: frozenset[str]  # the claims' contexts the paragraph or its heading says (found once per paragraph)

    def allows(self, claim: Claim) -> bool:
        if not claim.context or (claim.section and self.paragraph.section == claim.section):
            return True
        return claim.context in self.around or re.search(claim.context, self.sentence) is not None


def _other_year(sentence: str, year: int | None) -> bool:
    """The sentence speaks of another year than the report's (2020年 in a 2021 report): none of it is read."""
    return year is not None and any(int(y) != year for y in _YEAR.findall(sentence))


def _sentence(sentence: str, topics: dict[str, list[Claim]], scope: _Scope) -> Iterator[tuple[Claim, Decimal]]:
    carried: dict[str, tuple[str | None, str | None]] = {}  # topic -> the subject and verb said last
    for clause in filter(None, _CLAUSES.split(sentence)):
        if _NOT_THIS.search(clause):
            carried.clear()
            continue
        if not _NUMBER.search(clause):
            yield from _negated(clause, topics, scope)
        for piece in _pieces(clause):
            for topic, claims in topics.items():
                got = _piece(piece, claims, scope, carried, topic)
                if got is not None:
                    yield got


def _pieces(clause: str) -> list[str]:
    """An enumeration (予以公开5件、部分公开2件) as one piece per count; a clause with one count or none whole."""
    parts = clause.split("、")
    if len(parts) > 1 and sum(1 for p in parts if _NUMBER.search(p)) > 1:
        return parts
    return [clause]


@functools.cache
def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _spans(pattern: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _rx(pattern).finditer(text)] if pattern else []


def _said(text: str, patterns: Iterable[str]) -> set[str]:
    """The patterns said in `text`; one said only inside a longer one's words (收到 in 新收到) is not."""
    hits = [(p, s) for p in set(patterns) if p for s in _spans(p, text)]
    return {p for p, (a, b) in hits
            if not any((c <= a and b <= d) and (d - c) > (b - a) for q, (c, d) in hits if q != p)}


def _bare(piece: str, claims: list[Claim]) -> bool:
    """Whether the piece says nothing but a subject, a verb, a count and joining words."""
    rest = piece
    for pattern in {c.subject for c in claims} | {c.verb for c in claims}:
        if pattern:
            rest = re.sub(pattern, "", rest)
    return len(_FILLER.sub("", rest)) <= 1


def _piece(piece: str, claims: list[Claim], scope: _Scope, carried: dict[str, tuple[str | None, str | None]], topic: str) -> tuple[Claim, Decimal] | None:
    """The claim one piece states, with its value; None when it states none, or not unambiguously.
    Long because carrying a subject or verb over and the conditions on it are one decision."""
    subjects = _said(piece, (c.subject for c in claims))
    verbs = _said(piece, (c.verb for c in claims))
    if len(subjects) > 1 or len(verbs) > 1:  # 规章和规范性文件共9件: not one figure
        carried.pop(topic, None)
        return None
    subject, verb = next(iter(subjects), None), next(iter(verbs), None)
    if subject is None and verb is None:
        return None
    last_subject, last_verb = carried.get(topic, (None, None))
    bare = _bare(piece, claims)
    subject = subject or (last_subject if bare else None)
    verb = verb or (last_verb if bare else None)
    carried[topic] = (subject, verb)
    claim = next((c for c in claims if _fits(c, subject, verb)), None)
    if claim is None or (claim.unless and re.search(claim.unless, piece)):
        return None
    if not scope.allows(claim):
        return None
    counts = [(n, unit) for n, unit in _NUMBER.findall(piece) if re.fullmatch(claim.units, unit)]
    if len(counts) != 1 or len(_NUMBER.findall(piece)) != 1:
        return None
    value = _value(*counts[0])
    return (claim, value) if value is not None else None


def _fits(claim: Claim, subject: str | None, verb: str | None) -> bool:
    if claim.verb != (verb or "") and not (claim.verb == "" and verb is None):
        return False
    if claim.subject:
        return subject == claim.subject
    return not claim.need_subject


def _value(number: str, unit: str) -> Decimal | None:
    value = chinese_numeral(number) if not number[0].isdigit() else Decimal(number)
    if value is None:
        return None
    return value / 10000 if unit == "元" else value


def _negated(clause: str, topics: dict[str, list[Claim]], scope: _Scope) -> Iterator[tuple[Claim, Decimal]]:
    """未制发规章 · 未收到政府信息公开申请 · 未发生政府信息公开行政复议、行政诉讼案件: each figure is 0."""
    for claims in topics.values():
        for c in claims:
            if not c.negatable or (c.unless and re.search(c.unless, clause)):
                continue
            if not scope.allows(c):
                continue
            if c.subject and not re.search(c.subject, clause):
                continue
            said = re.search(c.verb, clause) if c.verb else None
            if c.verb and (said is None or not _NEGATION.search(clause[max(0, said.start() - 3):said.start()])):
                continue
            if not c.verb and not _EVENT.search(clause[:re.search(c.subject, clause).start()]):  # type: ignore[union-attr]
                continue
            others = {o.subject for o in claims if o.subject and o is not c and o.verb == c.verb}
            if c.verb and any(re.search(o, clause) for o in others):  # 未制发规章和规范性文件: both, say nothing
                continue
            yield c, Decimal(0)
