"""Stage 9: the library calls a command makes — check, compile — over the stages below."""

from .check import check
from .compile import Compiled, CompileSettings, compile_inputs, output_format
from .previous import HistoryPrevious, WorkbookPrevious, previous_source
from .reading import default_jobs, iter_units, read_checked

__all__ = ["CompileSettings", "Compiled", "HistoryPrevious", "WorkbookPrevious", "check", "compile_inputs",
           "default_jobs", "iter_units", "output_format", "previous_source", "read_checked"]
