"""The one place text meets the console's encoding: what it cannot show falls back, never raises.

A Chinese Windows console, `> 结果.txt` there, or PYTHONIOENCODING=gbk make stdout GBK: Chinese is fine,
but `›` or `✗` is not, and Python would raise UnicodeEncodeError (stdout) or print `\\u2717` (stderr).
Each stream gets an error handler that writes a look-alike (`›` → `>`, `✗` → `x`) or `?`. Data outputs
(JSON, CSV, xlsx) sent to a pipe or file are UTF-8 bytes: that is what they are, whatever the console."""

from __future__ import annotations

import codecs
import contextlib
import io
import sys
from collections.abc import Iterable
from typing import BinaryIO, cast

import click

HANDLER = "disclosure-fallback"

# Characters the messages and reports use that legacy encodings (GBK, Latin-1, ASCII) may lack.
FALLBACK = {
    "›": ">", "‹": "<", "✗": "x", "✓": "v", "·": ".", "•": "*", "—": "--", "–": "-", "−": "-", "…": "...",
    "“": '"', "”": '"', "‘": "'", "’": "'", "≥": ">=", "≤": "<=", "≠": "!=", "×": "x", "→": "->", "←": "<-",
    "\u00a0": " ", "\u3000": "  ", "（": "(", "）": ")", "，": ",", "：": ":", "；": ";", "、": ",", "。": ".",
    "？": "?", "！": "!", "【": "[", "】": "]", "《": "<", "》": ">", "〔": "[", "〕": "]",
}


def _fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start:error.end]
    return "".join(FALLBACK.get(ch, "?") for ch in bad), error.end


codecs.register_error(HANDLER, _fallback)


def protect(stream) -> None:
    """Give a text stream the fallback handler (a stream that cannot be reconfigured is left alone)."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None and getattr(stream, "errors", None) != HANDLER:
        with contextlib.suppress(ValueError, io.UnsupportedOperation, AttributeError):
            reconfigure(errors=HANDLER)


def protect_all() -> None:
    """stdout and stderr: called once before a command runs."""
    protect(sys.stdout)
    protect(sys.stderr)


def is_terminal() -> bool:
    isatty = getattr(sys.stdout, "isatty", None)  # no stdout at all under pythonw
    return bool(isatty and isatty())


def binary_stdout() -> BinaryIO:
    """stdout for bytes: its buffer (what click.get_binary_stream gave, deprecated since click 8.5)."""
    buffer = getattr(sys.stdout, "buffer", None)  # a stream replaced by one of bytes has none
    return cast(BinaryIO, buffer if buffer is not None else sys.stdout)


class TextSink:
    """A binary stream that writes UTF-8 text through the console's text stream (and its fallback):
    compile's text tables are for people, in whatever the console (or `> file`) uses."""

    def write(self, data: bytes) -> int:
        click.echo(data.decode("utf-8"), nl=False)
        return len(data)

    def flush(self) -> None:
        sys.stdout.flush()


def stdout_for(fmt: str):
    """Where compile writes a summary asked for on stdout: text (and anything shown on a terminal)
    through the console; data (JSON, CSV, Markdown, xlsx) to a pipe or file as its UTF-8 bytes."""
    if fmt == "text" or (fmt != "xlsx" and is_terminal()):
        return TextSink()
    return binary_stdout()


def emit(text: str, err: bool = False) -> None:
    """A message for people (with the fallback): click.echo."""
    click.echo(text, nl=False, err=err)


def emit_pieces(pieces: Iterable[str], nl: bool = True) -> None:
    """A data document on stdout (JSON, Markdown), given piece by piece and written as it comes: on a
    terminal as text, into a pipe or file as UTF-8."""
    if is_terminal():
        for piece in pieces:
            click.echo(piece, nl=False)
        if nl:
            click.echo("")
        return
    out = binary_stdout()
    for piece in pieces:
        out.write(piece.encode("utf-8"))
    if nl:
        out.write(b"\n")
    out.flush()


def emit_data(text: str, nl: bool = True) -> None:
    """A data document on stdout given whole: emit_pieces() of one piece."""
    emit_pieces((text,), nl)
