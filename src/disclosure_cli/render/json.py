"""A result as the JSON object of spec/cli.md (compile adds `year`, `name` and `breakdown`), streamed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..base.jsonout import Made, chunks, list_pieces
from ..summary import Compilation, Result
from .ahead import Ahead

# From this many units a compile's indicator records (the largest part: 17 a unit) are made ahead, in a
# forked copy, while this process writes the units, findings and breakdown (render.ahead).
AHEAD_FROM = 500


def json_chunks(result: Result, lang: str, spool: Path | None = None, indicators: Made | None = None) -> Iterator[bytes]:
    """The JSON file as UTF-8 pieces, written as they are made (memory does not grow with units).
    Key order is fixed by construction (the spec's order reads best); no timestamps. `indicators`: the
    indicator records already started (indicators_ahead); else a large compile's start now, in a copy
    of this process (`spool`: the folder of its temporary file). The same bytes either way."""
    obj = result.to_dict(lang, lazy=True)
    if indicators is None and result.compilation is not None:
        indicators = indicators_ahead(result.compilation, spool)
    if indicators is not None and not isinstance(obj.get("indicators"), list):  # a list: none (blocked)
        obj["indicators"] = indicators
    return _utf8(chunks(obj), b"\n")


def indicators_ahead(comp: Compilation, spool: Path | None = None) -> Made | None:
    """A large compile's indicator records, started now in a copy of this process (render.ahead); None
    for a small or blocked one. They rest on the units' names, sources and figures alone, so a compile
    starts them once every unit is read, before its own findings (anomalies) are made."""
    if comp.blocked or len(comp.units) < AHEAD_FROM:
        return None
    from ..summary.indicators import encoded_indicator_records

    records = encoded_indicator_records(comp)
    return Made(Ahead(lambda: _utf8(list_pieces(records)), spool))


def _utf8(pieces: Iterator[str | bytes], end: bytes = b"") -> Iterator[bytes]:
    """The pieces as UTF-8 (a part made ahead comes as bytes already), then `end`."""
    for piece in pieces:
        yield piece if piece.__class__ is bytes else piece.encode("utf-8")  # type: ignore[union-attr]
    if end:
        yield end
