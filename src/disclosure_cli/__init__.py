"""disclosure-cli: check and compile the statistical tables of China's annual disclosure reports.

The library the `disclosure` command is a thin layer over::

    from disclosure_cli import check, compile_inputs, CompileSettings
    result = check(["2021.xlsx"])          # a Result: units, findings, to_dict()
"""

from __future__ import annotations

from pathlib import Path

from .formats import FORMATS, for_year
from .formats.schema import Format
from .messages.errors import ToolError
from .model.findings import Finding
from .model.unit import Unit
from .pipeline import Compiled, CompileSettings, compile_inputs, previous_source
from .pipeline import check as _check
from .read import ReadOptions
from .summary import Compilation, Result

__version__ = "0.1.0"

__all__ = ["FORMATS", "CompileSettings", "Compilation", "Compiled", "Finding", "Format", "ReadOptions", "Result",
           "ToolError", "Unit", "__version__", "check", "compile_inputs", "for_year", "previous_source"]


def check(paths, options: ReadOptions = ReadOptions(), jobs: int | None = None, previous=None,
          light: bool = False) -> Result:
    """Read and validate every input (files, as paths or strings); nothing is written. See pipeline.check."""
    return _check([Path(p) for p in paths], options, jobs, previous, light)
