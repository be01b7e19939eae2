"""A compilation as the JSON result object of spec/cli.md, with `year`, `name` and `breakdown` added."""

from __future__ import annotations

from .compile import Compilation
from .tidy import breakdown, encoded_breakdown


def result_dict(comp: Compilation, lang: str, lazy: bool = False) -> dict:
    """The result object; with `lazy` its breakdown is a generator of encoded records (jsonout.Encoded),
    made as they are written."""
    d = comp.result().to_dict(lang)
    d["year"] = comp.year
    d["name"] = comp.name
    d["breakdown"] = [] if comp.blocked else (encoded_breakdown(comp) if lazy else breakdown(comp))
    return d


def render_json(comp: Compilation, lang: str) -> bytes:
    return b"".join(json_chunks(comp, lang))


def json_chunks(comp: Compilation, lang: str):
    """The JSON file as UTF-8 pieces, written as they are made (memory does not grow with units).
    Key order is fixed by construction (the spec's order reads best); no timestamps."""
    from .jsonout import chunks

    for piece in chunks(result_dict(comp, lang, lazy=True)):
        yield piece.encode("utf-8")
    yield b"\n"
