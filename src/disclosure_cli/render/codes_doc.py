"""The reference of every finding code as Markdown: docs/codes.md is this text (a test keeps them equal)."""

from __future__ import annotations

from ..messages import CODES, REASONS, RULES


def markdown() -> str:
    """The reference of every finding code (docs/codes.md is this text; a test keeps them equal)."""
    lines = [
        "# Finding codes",
        "",
        "Generated from `src/disclosure_cli/messages/codes.py` (`disclosure codes --format md`). Codes are part of the",
        "interface: scripts match on them, so a code never changes meaning. Errors make an input unfit for",
        "compiling (exit status 1); warnings are shown and counted (they fail the run only with `--strict`).",
        "",
        "| code | severity | 标题 / title | given when | message (zh) | message (en) |",
        "|---|---|---|---|---|---|",
    ]
    for c in CODES.values():
        cells = [c.code, c.severity, f"{c.title['zh']} / {c.title['en']}", RULES.get(c.code, ""),
                 c.message["zh"], c.message["en"]]
        lines.append("| " + " | ".join(x.replace("|", "\\|").replace("\n", " ") for x in cells) + " |")
    lines += ["", "## Why a file cannot be read (E003)", "", "| reason | 中文 | English |", "|---|---|---|"]
    for name, (zh, en) in REASONS.items():
        lines.append(f"| `{name}` | {zh} | {en} |")
    return "\n".join(lines) + "\n"
