"""A compilation as the JSON result object of spec/cli.md, with `year`, `name` and `breakdown` added."""

from __future__ import annotations

from .compile import Compilation
from .tidy import breakdown


def result_dict(comp: Compilation, lang: str) -> dict:
    d = comp.result().to_dict(lang)
    d["year"] = comp.year
    d["name"] = comp.name
    d["breakdown"] = [] if comp.blocked else breakdown(comp)
    return d


def render_json(comp: Compilation, lang: str) -> bytes:
    # Key order is fixed by construction (not sorted: the spec's order reads best); no timestamps.
    from .jsonout import dumps

    return (dumps(result_dict(comp, lang)) + "\n").encode("utf-8")
