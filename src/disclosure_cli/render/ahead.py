"""Part of an output made ahead in a forked copy of this process while it makes the rest: compile's last step on two cores.

When the last unit is read the workers are gone and one core is idle; the JSON of 10,000 units is
then about half a second of encoding on the other. A fork shares every record with the copy for
free (nothing is pickled), the copy writes its part to a temporary file and exits, and the parent
reads the file back when it comes to that part. The bytes are those the parent would have made: the
same function makes them, and if the copy cannot be started or fails in any way the parent makes
them itself (docs/performance.md, docs/decisions.md)."""

from __future__ import annotations

import gc
import os
import signal
import sys
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

_BLOCK = 1 << 20  # bytes read back, and written by the copy, at a time


def can_fork() -> bool:
    """Whether a copy can be forked safely here: POSIX but macOS (whose system libraries are not
    fork-safe), and no other thread running (one could hold a lock the copy would wait on forever)."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


class Ahead:
    """The pieces `make()` gives, made in a forked copy started now (`spool`: the folder its temporary
    file goes to; None: the system's), or here when iterated if no copy could be started or it failed.
    Iterate once."""

    def __init__(self, make: Callable[[], Iterable[bytes]], spool: Path | None = None):
        self._make = make
        self._pid: int | None = None
        self._file: IO[bytes] | None = None
        if can_fork():
            self._start(spool)

    def _start(self, spool: Path | None) -> None:
        try:
            spooled = tempfile.TemporaryFile(dir=spool)
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:
            spooled.close()
            return
        if pid == 0:  # the copy: make the pieces, write them, and leave without running any exit handler
            status = 1
            try:
                gc.disable()  # a collection would touch, and so copy, every page of the parent's objects
                with open(os.dup(spooled.fileno()), "wb", buffering=_BLOCK) as out:
                    for piece in self._make():
                        out.write(piece)
                status = 0
            finally:
                os._exit(status)
        self._pid, self._file = pid, spooled
        # A parent that never comes to this part (an error on the way) does not leave the copy behind.
        self._reaper = weakref.finalize(self, _reap, pid, spooled)

    @property
    def started(self) -> bool:
        """Whether a copy is making the pieces (False: they are made here when iterated)."""
        return self._pid is not None

    def __iter__(self) -> Iterator[bytes]:
        pid, spooled = self._pid, self._file
        if pid is None or spooled is None:
            yield from self._make()
            return
        self._reaper.detach()
        self._pid = self._file = None
        try:
            if not _finished(pid):
                yield from self._make()  # the copy failed (or was killed): the same pieces, made here
                return
            spooled.seek(0)
            while block := spooled.read(_BLOCK):
                yield block
        finally:
            spooled.close()


def _finished(pid: int) -> bool:
    """Wait for the copy; whether it wrote every piece (exit status 0)."""
    while True:
        try:
            _, status = os.waitpid(pid, 0)
        except InterruptedError:
            continue
        except ChildProcessError:
            return False
        return os.waitstatus_to_exitcode(status) == 0


def _reap(pid: int, spooled: IO[bytes]) -> None:
    """Stop a copy whose pieces are no longer wanted, and wait for it (no zombie is left)."""
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    _finished(pid)
    spooled.close()
