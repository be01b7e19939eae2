"""JSON as the tool prints it: readable (one record per line), fast, and the same bytes every run."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def dumps(obj) -> str:
    """Top-level keys and list items on lines of their own, each record compact on one line.

    json.dumps(indent=...) falls back to the pure-Python encoder; encoding each record with the C
    encoder keeps a 10,000-unit result fast while staying easy to read and to diff."""
    return "".join(text_chunks(obj))


def text_chunks(obj) -> Iterator[str]:
    """chunks() as text throughout (a Made value's bytes decoded): for a terminal, or a string."""
    for piece in chunks(obj):
        yield piece if isinstance(piece, str) else piece.decode("utf-8")


class Made:
    """A value of a dict whose JSON text is made elsewhere (render.ahead): `pieces`, UTF-8 bytes in order,
    exactly what chunks() would have written for the value itself."""

    def __init__(self, pieces: Iterable[bytes]):
        self.pieces = pieces


def chunks(obj) -> Iterator[str | bytes]:
    """dumps() piece by piece: a generator of records is encoded as it is consumed, so a summary of
    thousands of units can be written without holding its text (or its records) in memory. A Made
    value's pieces come as they are (bytes); everything else as text."""
    if isinstance(obj, dict):
        if not obj:
            yield "{}"
            return
        yield "{\n"
        for i, (k, v) in enumerate(obj.items()):
            yield ("" if i == 0 else ",\n") + f"  {_COMPACT.encode(k)}: "
            if v.__class__ is Made:
                yield from v.pieces
            elif _listlike(v):
                yield from list_pieces(v, "  ")
            else:
                yield _COMPACT.encode(v)
        yield "\n}"
    elif _listlike(obj):
        yield from list_pieces(obj, "")
    else:
        yield _COMPACT.encode(obj)


def _listlike(v) -> bool:
    """A list, or a generator of records (encoded as it is consumed: no list of them is built)."""
    return isinstance(v, list) or (hasattr(v, "__next__") and not isinstance(v, (str, bytes, dict)))


class Encoded(list):
    """A run of records its producer already encoded exactly as _COMPACT would (a unit's thirteen
    breakdown records): written as they are, one per line like any other record."""


def encode(value) -> str:
    """One value (or record) the way every record is written."""
    return _COMPACT.encode(value)


def scalar(value) -> str:
    """A number, string or None as encode() gives it, ints and None without a call into the encoder."""
    return "null" if value is None else str(value) if value.__class__ is int else _COMPACT.encode(value)


def list_pieces(items, indent: str = "  ") -> Iterator[str]:
    """A list of records as chunks() writes a dict's value (`indent`: its key's), piece by piece."""
    inner = indent + "  "
    between = ",\n" + inner
    empty = True
    for x in items:
        if x.__class__ is Encoded:
            if not x:
                continue
            text = between.join(x)
        else:
            text = _COMPACT.encode(x)
        yield ("[\n" if empty else ",\n") + inner + text
        empty = False
    yield "[]" if empty else "\n" + indent + "]"
