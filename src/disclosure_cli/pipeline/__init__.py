"""Stage 9: the library calls a command makes — check, compile — over the stages below.

Names are imported when first used: a one-file check loads neither compiling nor the history store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..base.lazy import lazy_names

_API = {
    "check": "checking",
    "CompileSettings": "compiling",
    "Compiled": "compiling",
    "compile_inputs": "compiling",
    "output_format": "compiling",
    "HistoryPrevious": "previous",
    "WorkbookPrevious": "previous",
    "previous_source": "previous",
    "default_jobs": "reading",
    "iter_units": "reading",
    "read_checked": "reading",
    "write_report": "reporting",
}
__all__ = ["CompileSettings", "Compiled", "HistoryPrevious", "WorkbookPrevious", "check", "compile_inputs",
           "default_jobs", "iter_units", "output_format", "previous_source", "read_checked",
           "write_report"]

if TYPE_CHECKING:
    from .checking import check
    from .compiling import Compiled, CompileSettings, compile_inputs, output_format
    from .previous import HistoryPrevious, WorkbookPrevious, previous_source
    from .reading import default_jobs, iter_units, read_checked
    from .reporting import write_report


__getattr__ = lazy_names(__name__, _API)
