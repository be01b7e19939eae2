"""A result as the JSON object of spec/cli.md (compile adds `year`, `name` and `breakdown`), streamed."""

from __future__ import annotations

from collections.abc import Iterator

from ..base.jsonout import chunks
from ..summary import Result


def json_chunks(result: Result, lang: str) -> Iterator[bytes]:
    """The JSON file as UTF-8 pieces, written as they are made (memory does not grow with units).
    Key order is fixed by construction (the spec's order reads best); no timestamps."""
    for piece in chunks(result.to_dict(lang, lazy=True)):
        yield piece.encode("utf-8")
    yield b"\n"
