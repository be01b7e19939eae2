"""Stage 7: compiling units into a summary (exact totals, per-unit key figures) and the run's result.

Names are imported when first used: a check holds a Result and never loads the compilation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..base.lazy import lazy_names

_API = {name: "compilation" for name in
        ("EXCLUDE", "FAIL", "INCLUDE", "ON_ERROR", "Accumulator", "Compilation", "unit_figures")}
_API["Result"] = "result"
__all__ = ["EXCLUDE", "FAIL", "INCLUDE", "ON_ERROR", "Accumulator", "Compilation", "Result", "unit_figures"]

if TYPE_CHECKING:
    from .compilation import EXCLUDE, FAIL, INCLUDE, ON_ERROR, Accumulator, Compilation, unit_figures
    from .result import Result


__getattr__ = lazy_names(__name__, _API)
