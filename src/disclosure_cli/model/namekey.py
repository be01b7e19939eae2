"""How a unit's name is matched: within a run (the same unit twice, the roster), across years, in the history store."""

from __future__ import annotations

import re

from ..base.labels import clean

# Brackets of every kind (after NFKC: （） are (), ［］ are []): 某局（本级）, 某局【本级】 and 某局本级 are one unit.
_BRACKETS = re.compile(r"[()\[\]{}<>【】〔〕〈〉《》「」『』〖〗]")


def name_key(name: str) -> str:
    """Who a unit is, as its name is matched: within a run (the same unit twice, the roster), across
    years and in the history store. Full-width and half-width characters, spaces, line breaks,
    brackets and letter case do not count."""
    return _BRACKETS.sub("", clean(name or "")).casefold()
