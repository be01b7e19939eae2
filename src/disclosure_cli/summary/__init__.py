"""Stage 7: compiling units into a summary (exact totals, per-unit key figures) and the run's result."""

from .compilation import EXCLUDE, FAIL, INCLUDE, ON_ERROR, Accumulator, Compilation, unit_figures
from .result import Result

__all__ = ["EXCLUDE", "FAIL", "INCLUDE", "ON_ERROR", "Accumulator", "Compilation", "Result", "unit_figures"]
