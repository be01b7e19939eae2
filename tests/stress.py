"""Stress for tests: read-only folders and full disks that are real (as root: a read-only bind mount, a
tiny tmpfs), skipped where the machine does not allow them."""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

import pytest


def read_only(path: Path):
    """Make `path` (a file or folder) read-only, even for root: a read-only bind mount when root."""
    if os.geteuid() != 0:
        path.chmod(0o555 if path.is_dir() else 0o444)
        return lambda: path.chmod(0o755 if path.is_dir() else 0o644)
    folder = path if path.is_dir() else path.parent
    done = subprocess.run(["mount", "--bind", "-o", "ro", str(folder), str(folder)], capture_output=True)
    if done.returncode:
        pytest.skip("cannot make a read-only mount here")
    subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], capture_output=True)
    return lambda: subprocess.run(["umount", str(folder)], capture_output=True)


def tiny_disk(tmp_path: Path, size: str = "96k") -> Path:
    folder = tmp_path / "tiny"
    folder.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                                           capture_output=True).returncode:
        pytest.skip("cannot mount a small file system here")
    return folder


def fill(folder: Path) -> None:
    """Fill a file system to the last byte."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 16, 4096, 512, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)
