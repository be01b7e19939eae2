"""An output path checked before any input is read: a run that cannot write its result says so at once,
not after reading a thousand workbooks and printing their findings."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ..messages.errors import ToolError
from .files import target_folder, temp_prefix


def check_target(path: Path) -> None:
    """The folder exists and a file can be created in it (tried: permissions, a read-only share, a full
    quota), and the path is not a folder. ToolError output.* otherwise (exit 2)."""
    path = Path(path)
    folder = target_folder(path)
    try:
        # The name atomic_write gives its temporary files: a probe a killed run leaves is swept alike.
        fd, probe = tempfile.mkstemp(prefix=temp_prefix(path.name), suffix=".tmp", dir=folder)
    except OSError:
        raise ToolError("output.unwritable", path=path) from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)
