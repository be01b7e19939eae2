"""disclosure-cli: check and compile the statistical tables of China's annual disclosure reports.

The library the `disclosure` command is a thin layer over (docs/architecture.md)::

    from disclosure_cli import check, compile_inputs, CompileSettings
    result = check(["2021.xlsx"])                       # a Result: units, findings, to_dict()
    done = compile_inputs(["submissions/"], settings=CompileSettings(output=Path("汇总.xlsx")))

Names are imported when first used, so `disclosure --help` loads none of the stages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base.lazy import lazy_names

__version__ = "0.1.0"

# name -> the module that defines it
_API = {
    "FORMATS": "formats",
    "for_year": "formats",
    "Format": "formats.schema",
    "ToolError": "messages.errors",
    "Finding": "model.findings",
    "Unit": "model.unit",
    "ReadOptions": "read",
    "Compilation": "summary",
    "Result": "summary",
    "CompileSettings": "pipeline",
    "Compiled": "pipeline",
    "previous_source": "pipeline",
    "check": "api",
    "compile_inputs": "api",
    # The DataFrames (pandas is imported only when one is asked for) and the thresholds (issue 16).
    "result_frame": "pipeline.frames",
    "history_frame": "pipeline.frames",
    "trend_frame": "pipeline.frames",
    "history_trend": "pipeline.trend",
    "Thresholds": "model.ratios",
}

__all__ = ["Compilation", "CompileSettings", "Compiled", "FORMATS", "Finding", "Format", "ReadOptions",
           "Result", "Thresholds", "ToolError", "Unit", "__version__", "check", "compile_inputs", "for_year",
           "history_frame", "history_trend", "previous_source", "result_frame", "trend_frame"]

if TYPE_CHECKING:
    from .api import check, compile_inputs
    from .formats import FORMATS, for_year
    from .formats.schema import Format
    from .messages.errors import ToolError
    from .model.findings import Finding
    from .model.ratios import Thresholds
    from .model.unit import Unit
    from .pipeline import Compiled, CompileSettings, previous_source
    from .pipeline.frames import history_frame, result_frame, trend_frame
    from .pipeline.trend import history_trend
    from .read import ReadOptions
    from .summary import Compilation, Result


__getattr__ = lazy_names(__name__, _API)


def __dir__() -> list[str]:
    return __all__
