"""The reference of every finding code: docs/codes.md (Markdown), and one code explained (`codes CODE`)."""

from __future__ import annotations

from ..messages import CODES, REASONS, RULES, render, say, severity
from ..messages.explain import EXPLAIN


def when(code: str, lang: str) -> str:
    """When the code is given, in `lang`."""
    return EXPLAIN[code].when_zh if lang == "zh" else RULES.get(code, "")


def example(code: str, lang: str) -> str:
    """The code's message for a realistic example, rendered by its own template."""
    return render(code, lang, EXPLAIN[code].example)


def explain_text(code: str, lang: str) -> str:
    """`disclosure codes CODE`: the code, its level and title, when it is given, an example, what to do."""
    c = CODES[code]
    e = EXPLAIN[code]
    mark = {"error": "✗", "warning": "!", "notice": "·"}[c.severity]
    place = f"  {e.where}" if e.where else ""
    lines = [
        f"{c.code}  {severity(c.severity, lang)}  {c.title[lang]}",
        "",
        say("codes.when", lang) + "  " + when(code, lang),
        say("codes.example", lang),
        f"  {mark} {c.code} {severity(c.severity, lang)}{place}",
        f"      {example(code, lang)}",
        say("codes.action", lang) + "  " + e.action.of(lang),
        say("codes.level_" + c.severity, lang),
    ]
    return "\n".join(lines) + "\n"


def to_dict(code: str, lang: str) -> dict:
    c = CODES[code]
    return {"code": c.code, "severity": c.severity, "title": c.title[lang], "when": when(code, lang),
            "example": example(code, lang), "action": EXPLAIN[code].action.of(lang), "message": c.message[lang]}


def markdown() -> str:
    """The reference of every finding code (docs/codes.md is this text; a test keeps them equal)."""
    lines = [
        "# Finding codes",
        "",
        "Generated from `src/disclosure_cli/messages/codes.py` and `explain.py` (`disclosure codes --format md`;",
        "`disclosure codes CODE` explains one code with an example). Codes are part of the interface: scripts",
        "match on them, so a code never changes meaning. Errors make an input unfit for compiling (exit status",
        "1); warnings are shown and counted (they fail the run only with `--strict`); notices say what a person",
        "should know and never fail a run.",
        "",
        "| code | severity | 标题 / title | given when | what to do | message (zh) | message (en) |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in CODES.values():
        cells = [c.code, c.severity, f"{c.title['zh']} / {c.title['en']}", RULES.get(c.code, ""),
                 f"{EXPLAIN[c.code].action.zh} / {EXPLAIN[c.code].action.en}", c.message["zh"], c.message["en"]]
        lines.append("| " + " | ".join(x.replace("|", "\\|").replace("\n", " ") for x in cells) + " |")
    lines += ["", "## Why a file cannot be read (E003)", "", "| reason | 中文 | English |", "|---|---|---|"]
    for name, (zh, en) in REASONS.items():
        lines.append(f"| `{name}` | {zh} | {en} |")
    return "\n".join(lines) + "\n"
