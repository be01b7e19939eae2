"""Names a package imports when first asked for (PEP 562): what importing the package alone does not load."""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import import_module


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
