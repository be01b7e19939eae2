"""`--help` wrapped by what a terminal shows: a Chinese character is two columns wide, and Chinese text
breaks between characters (never before ，。 or after （), where click's wrapper counts characters and
breaks only at spaces (a Chinese paragraph became one over-long word, cut inside `include`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import click

from ..base.lazy import compiled

_NO_START = set("，。、；：？！）》」』】”’…%,.;:?!)]")  # never begins a line
_NO_END = set("（《「『【“‘([")  # never ends one
_BRACKETED = compiled(r"(\[[^\[\]]{1,30}\])")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def width(text: str) -> int:
    """Columns `text` takes on a terminal."""
    return sum(2 if _wide(ch) else 1 for ch in text)


def _tokens(text: str) -> list[str]:
    """Break units: a run of spaces, a word of narrow characters, or one wide character; punctuation that may
    not begin a line goes with what it follows, punctuation that may not end one with what follows it.
    Text that is mostly not Chinese breaks at spaces only (年报附表!J25 in an English sentence stays whole)."""
    chinese = sum(map(_wide, text)) * 3 > len(text)
    units: list[str] = []
    bracketed = _BRACKETED()
    for piece in bracketed.split(text):
        if bracketed.fullmatch(piece):  # click's [默认：text] stays whole
            units.append(piece)
            continue
        _runs(piece, chinese, units)
    out: list[str] = []
    for u in units:
        if out and u[0] != " " and out[-1][-1] != " " and (u[0] in _NO_START or out[-1][-1] in _NO_END):
            out[-1] += u
        else:
            out.append(u)
    return out


def _runs(text: str, chinese: bool, units: list[str]) -> None:
    for ch in text:
        last = units[-1] if units else ""
        same_run = last and (last[-1] == " ") == (ch == " ") and (
            not chinese or ch == " " or not (_wide(ch) or _wide(last[-1])))
        if same_run:
            units[-1] += ch
        else:
            units.append(ch)


def wrap(text: str, columns: int, indent: str = "") -> list[str]:
    """One paragraph as lines of at most `columns` (indent included); an over-long word is cut."""
    room = max(columns - width(indent), 10)
    lines: list[str] = []
    line, used = "", 0
    for tok in _tokens(text):
        size = width(tok)
        if tok.startswith(" "):
            if line:
                line, used = line + tok, used + size
            continue
        if used + size > room and line.strip():
            lines.append(line.rstrip())
            line, used = "", 0
        while size > room:  # a word longer than the line: cut it where it must be cut
            cut = _fit(tok, room - used)
            lines.append((line + tok[:cut]).rstrip())
            tok, line, used = tok[cut:], "", 0
            size = width(tok)
        line, used = line + tok, used + size
    if line.strip():
        lines.append(line.rstrip())
    return [indent + ln for ln in lines] or [indent]


def _fit(word: str, room: int) -> int:
    used = 0
    for i, ch in enumerate(word):
        used += width(ch)
        if used > room:
            return max(i, 1)
    return len(word)


def _join(lines: list[str]) -> str:
    """A paragraph's source lines as one text: no space where a line break fell between Chinese characters."""
    text = ""
    for ln in (ln.strip() for ln in lines):
        if text and not (_wide(text[-1]) and _wide(ln[0])):
            text += " "
        text += ln
    return text


def wrap_paragraphs(text: str, columns: int, indent: str = "") -> str:
    """click's paragraph rules: blank lines separate paragraphs, a paragraph's first line gives its indent, and
    one that begins with a line holding only \\b is kept as written."""
    out = []
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        lines = block.splitlines()
        if lines[0].strip() == "\b":
            out.append("\n".join(indent + ln for ln in lines[1:]))
            continue
        own = indent + " " * (len(lines[0]) - len(lines[0].lstrip()))
        out.append("\n".join(wrap(_join(lines), columns, own)))
    return "\n\n".join(out)


class Formatter(click.HelpFormatter):
    """click's help formatter, with text and option help wrapped by display width."""

    def write_text(self, text: str) -> None:
        self.write(wrap_paragraphs(text, self.width, " " * self.current_indent) + "\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((width(a) for a, _ in rows), default=0), col_max) + col_spacing
        pad = " " * (first_col + self.current_indent)
        for first, second in rows:
            self.write(" " * self.current_indent + first)
            if not second:
                self.write("\n")
                continue
            self.write(" " * (first_col - width(first)) if width(first) <= first_col - col_spacing else "\n" + pad)
            lines = wrap_paragraphs(second, max(self.width - first_col - 2, 10)).splitlines() or [""]
            self.write(lines[0] + "\n" + "".join(f"{pad}{ln}\n" if ln else "\n" for ln in lines[1:]))


class Context(click.Context):
    formatter_class = Formatter


class Command(click.Command):
    context_class = Context


class Group(click.Group):
    context_class = Context
