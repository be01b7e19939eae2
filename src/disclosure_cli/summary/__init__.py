"""Stage 7: compiling units into a summary (exact totals, per-unit key figures) and the run's result.

Names are imported when first used: a check holds a Result and never loads the compilation."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

_API = {name: "compilation" for name in
        ("EXCLUDE", "FAIL", "INCLUDE", "ON_ERROR", "Accumulator", "Compilation", "unit_figures")}
_API["Result"] = "result"
__all__ = ["EXCLUDE", "FAIL", "INCLUDE", "ON_ERROR", "Accumulator", "Compilation", "Result", "unit_figures"]

if TYPE_CHECKING:
    from .compilation import EXCLUDE, FAIL, INCLUDE, ON_ERROR, Accumulator, Compilation, unit_figures
    from .result import Result


def __getattr__(name: str):
    if name not in _API:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_API[name]}", __name__), name)
    globals()[name] = value
    return value
