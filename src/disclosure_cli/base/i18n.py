"""Which language a person reads, and pieces of text that read differently in each language."""

from __future__ import annotations

import locale
import os
from typing import NamedTuple

LANGS = ("zh", "en")


def default_lang() -> str:
    """Chinese for a zh_* locale (or a Chinese Windows), English otherwise; DISCLOSURE_LANG wins."""
    forced = os.environ.get("DISCLOSURE_LANG", "").lower()
    if forced in LANGS:
        return forced
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "zh" if loc.lower().startswith(("zh", "chinese")) else "en"


class Text(NamedTuple):
    """A piece of a message that reads differently in each language."""

    zh: str
    en: str

    def __str__(self) -> str:  # used where no language is chosen (logs, reprs)
        return self.zh

    def of(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en
