"""Text from inputs made safe for where it is shown: the terminal, Markdown, file names.

A unit's name, a cell's text or a file's name come from the inputs: an ESC sequence in one can
retitle or clear the terminal, a bidi override can make a file name read backwards (“exe.xslx”),
raw HTML or a javascript: link in Markdown runs in whoever renders it. Each output strips or
escapes them here, in one place."""

from __future__ import annotations

import re

from ..base.lazy import compiled

# C0 controls but tab and line feed, DEL, C1 controls (U+0080–U+009F: CSI is U+009B), and the
# invisible characters that reorder text: ALM, LRM, RLM, LRE…RLO, LRI…PDI.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SEPARATORS = re.compile("[\u2028\u2029]")  # line and paragraph separators: some terminals break lines
# In a name: line breaks and tabs too, and the zero-width characters that make two names look alike.
_NAME_CONTROL = compiled("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\u2028\u2029\ufeff]")
_MD_SPECIAL = compiled(r"([\\|\[\]])")  # escapes, table pipes, and the brackets of links and images


def terminal(text: str) -> str:
    """Text for a terminal: no control sequence (ESC, CSI, BEL…), no bidi control; line breaks and
    tabs kept."""
    if text.isascii() and text.isprintable():
        return text  # nearly every line: nothing to do
    return _SEPARATORS.sub(" ", _CONTROL.sub("", text))


def name(text: str) -> str:
    """Text for a file name: no control, bidi or zero-width character at all."""
    return _NAME_CONTROL().sub("", text)


def markdown(text: str) -> str:
    """Text for a Markdown table cell or heading: controls stripped, HTML escaped (no tag, no
    entity the renderer would expand, no <javascript:…> autolink), link and image brackets escaped
    ([x](javascript:…) stays text), pipes and line breaks kept from breaking the table."""
    text = terminal(text).replace("\r", " ").replace("\n", " ").replace("\t", " ")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL().sub(r"\\\1", text)
