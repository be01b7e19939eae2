"""Stage 0: the one registry of every message a person sees, and the functions that render them.

Finding codes live in `codes`, the reasons a file cannot be read (E003) in `reasons`, everything
else (command output, document headings, pieces of finding messages) in `catalog`. A message is
rendered from its template and the params it was given; a template that does not fit its params
raises (a bug a test must catch), it is never papered over."""

from __future__ import annotations

from collections.abc import Mapping

from ..base.i18n import Text
from .catalog import MESSAGES
from .codes import CODES, ERROR, LEVELS, NOTICE, RULES, WARNING, Code
from .reasons import REASONS

__all__ = ["CODES", "ERROR", "LEVELS", "MESSAGES", "NOTICE", "REASONS", "RULES", "WARNING", "Code", "Text",
           "fields", "part", "reason", "render", "say", "severity"]


def _resolved(params: Mapping[str, object], lang: str) -> dict[str, object]:
    return {k: (v.of(lang) if isinstance(v, Text) else v) for k, v in params.items()}


def say(key: str, lang: str, **params: object) -> str:
    """The catalog message `key` in `lang` ('zh' or 'en'), formatted with params (Text params resolved)."""
    template = MESSAGES[key][0 if lang == "zh" else 1]
    return template.format(**_resolved(params, lang)) if params else template


def part(key: str, **params: object) -> Text:
    """A catalog message in both languages, for a finding's params (rendered in the language asked later)."""
    return Text(say(key, "zh", **params), say(key, "en", **params))


def reason(name: str, **params: object) -> Text:
    """Why an input could not be read, in both languages (shown inside E003)."""
    zh, en = REASONS[name]
    return Text(zh.format(**_resolved(params, "zh")), en.format(**_resolved(params, "en")))


def render(code: str, lang: str, params: Mapping[str, object]) -> str:
    """The message of a finding, in `lang` ('zh' or 'en'). A missing param raises KeyError."""
    template = CODES[code].message["zh" if lang == "zh" else "en"]
    return template.format(**_resolved(params, lang))


def severity(level: str, lang: str) -> str:
    """错误 / 警告 / 提示, error / warning / notice: the one word every output uses for a finding's level."""
    return say("ui." + level, lang)


def fields(template: str) -> frozenset[str]:
    """The names a str.format template needs ('{stated} of {total}' -> {'stated', 'total'})."""
    import string  # here: its Template's pattern is compiled on import, and a clean check never asks

    return frozenset(name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template)
                     if name)
