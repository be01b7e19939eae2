"""A result as the JSON object of spec/cli.md (compile adds `year`, `name` and `breakdown`), streamed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..base.jsonout import Made, chunks, list_pieces
from ..summary import Result
from .ahead import Ahead

# From this many units a compile's indicator records (the largest part: 17 a unit) are made ahead, in a
# forked copy, while this process writes the units, findings and breakdown (render.ahead).
AHEAD_FROM = 500


def json_chunks(result: Result, lang: str, spool: Path | None = None) -> Iterator[bytes]:
    """The JSON file as UTF-8 pieces, written as they are made (memory does not grow with units).
    Key order is fixed by construction (the spec's order reads best); no timestamps. A large compile's
    indicator records start being made now, in a copy of this process (`spool`: the folder of its
    temporary file), and are the same bytes."""
    obj = result.to_dict(lang, lazy=True)
    records = obj.get("indicators")
    if result.compilation is not None and len(result.units) >= AHEAD_FROM and not isinstance(records, list):
        obj["indicators"] = Made(Ahead(lambda: _utf8(list_pieces(records)), spool))
    return _utf8(chunks(obj), b"\n")


def _utf8(pieces: Iterator[str | bytes], end: bytes = b"") -> Iterator[bytes]:
    for piece in pieces:
        yield piece if piece.__class__ is bytes else piece.encode("utf-8")  # type: ignore[union-attr]
    if end:
        yield end
