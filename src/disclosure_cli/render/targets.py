"""An output path checked before any input is read: a run that cannot write its result says so at once,
not after reading a thousand workbooks and printing their findings."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ..messages.errors import ToolError


def check_target(path: Path) -> None:
    """The folder exists and a file can be created in it (tried: permissions, a read-only share, a full
    quota), and the path is not a folder. ToolError output.* otherwise (exit 2)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ToolError("output.no_folder", path=path)
    if path.is_dir():
        raise ToolError("output.is_folder", path=path)
    try:
        # The name atomic_write gives its temporary files: a probe a killed run leaves is cleaned alike.
        fd, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError:
        raise ToolError("output.unwritable", path=path) from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)
