"""Label normalisation: the many ways a clerk spells an official label, folded to one key."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# No label, title or name is longer (the longest official label is some 30 characters; a label with
# a note, or 填报单位：… with a date after it, stays well under): a longer text is never searched for
# one, so no pattern on cell text ever runs over a cell of megabytes (docs/safety.md).
MAX_LABEL_CHARS = 200

# Whitespace of every kind (NBSP, ideographic space, line breaks), zero-width and control characters
# (pasted text carries \x01..\x1f; Excel shows nothing for them, so neither may split a label).
_SPACE = re.compile(r"[\s\x00-\x1f\x7f\u00a0\u3000\u200b\u200c\u200d\u2060\ufeff]+")
# Leading numbering: 一、 （三） (3) 3. 3、 3． ① — possibly repeated (（三）1.属于…).
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.:]|\([一二三四五六七八九十0-9]+\)|[0-9]+[、.):]|[\u2460-\u2473])"
)
# Punctuation that carries no meaning in a label: brackets, quotes, commas, colons, stops.
_PUNCT = re.compile(r"[()\[\]【】〔〕<>《》\"'“”‘’「」『』、,，.。:：;；!！?？/\\|\-—_·•*]+")


@lru_cache(maxsize=8192)
def clean(text: str) -> str:
    """NFKC, no whitespace, no zero-width characters; keeps punctuation and numbering."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=8192)
def key(text: str) -> str:
    """The matching key of a label: cleaned, numbering stripped, punctuation removed."""
    s = clean(text)
    for _ in range(3):
        stripped = _NUMBERING.sub("", s, count=1)
        if stripped == s:
            break
        s = stripped
    return _PUNCT.sub("", s)
