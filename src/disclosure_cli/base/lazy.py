"""What a module makes only when first asked for: a package's names (PEP 562), a regular expression compiled."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import cache, partial
from importlib import import_module
from typing import AnyStr


def lazy_names(package: str, names: dict[str, str]) -> Callable[[str], object]:
    """The module `__getattr__` of `package`: `names` maps each name to the module that defines it (relative
    to the package); the module is imported when the name is first asked for, and the name kept."""

    def __getattr__(name: str) -> object:
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f".{names[name]}", package), name)
        setattr(sys.modules[package], name, value)  # looked up once
        return value

    return __getattr__


def compiled(pattern: AnyStr, flags: int = 0) -> Callable[[], re.Pattern[AnyStr]]:
    """A function returning the pattern compiled, compiled when first called: the patterns of paths most runs
    never take (another input kind, a workbook's rare spellings, a slow path's exact scan) cost a run that does
    not take them nothing. A one-file check compiled 77 patterns as it imported, 39 of them never used: a
    tenth of its start-up on a slow machine. A caller in a loop asks once, before it."""
    return cache(partial(re.compile, pattern, flags))
