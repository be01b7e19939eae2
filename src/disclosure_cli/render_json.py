"""A compilation as the JSON result object of spec/cli.md, with `year`, `name` and `breakdown` added."""

from __future__ import annotations

from .compile import Compilation
from .tidy import breakdown, iter_breakdown


def result_dict(comp: Compilation, lang: str, lazy: bool = False) -> dict:
    """The result object; with `lazy` its breakdown is a generator, encoded as it is consumed."""
    d = comp.result().to_dict(lang)
    d["year"] = comp.year
    d["name"] = comp.name
    d["breakdown"] = [] if comp.blocked else (iter_breakdown(comp) if lazy else breakdown(comp))
    return d


def render_json(comp: Compilation, lang: str) -> bytes:
    # Key order is fixed by construction (not sorted: the spec's order reads best); no timestamps.
    from .jsonout import dumps

    return (dumps(result_dict(comp, lang, lazy=True)) + "\n").encode("utf-8")
