"""JSON as the tool prints it: readable (one record per line), fast, and the same bytes every run."""

from __future__ import annotations

import json
from collections.abc import Iterator

_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def dumps(obj) -> str:
    """Top-level keys and list items on lines of their own, each record compact on one line.

    json.dumps(indent=...) falls back to the pure-Python encoder; encoding each record with the C
    encoder keeps a 10,000-unit result fast while staying easy to read and to diff."""
    return "".join(chunks(obj))


def chunks(obj) -> Iterator[str]:
    """dumps() piece by piece: a generator of records is encoded as it is consumed, so a summary of
    thousands of units can be written without holding its text (or its records) in memory."""
    if isinstance(obj, dict):
        if not obj:
            yield "{}"
            return
        yield "{\n"
        for i, (k, v) in enumerate(obj.items()):
            yield ("" if i == 0 else ",\n") + f"  {_COMPACT.encode(k)}: "
            if _listlike(v):
                yield from _list(v, "  ")
            else:
                yield _COMPACT.encode(v)
        yield "\n}"
    elif _listlike(obj):
        yield from _list(obj, "")
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


def _list(items, indent: str) -> Iterator[str]:
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
