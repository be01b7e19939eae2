"""inputs.read_bytes: a file's bytes whole, read with the system calls, never past the limit."""

from __future__ import annotations

import os
import threading

import pytest

import disclosure_cli.inputs as inputs
from disclosure_cli.inputs import Unreadable, read_bytes


@pytest.mark.parametrize("size", [0, 1, 9_000, 65_537, 300_001])
def test_a_file_is_read_whole(tmp_path, size):
    data = os.urandom(size)
    (tmp_path / "f.xlsx").write_bytes(data)
    assert read_bytes(tmp_path / "f.xlsx") == data and read_bytes(str(tmp_path / "f.xlsx")) == data


def test_what_cannot_be_read_is_missing(tmp_path):
    for path in (tmp_path / "none.xlsx", tmp_path, str(tmp_path / "a\x00b.xlsx")):
        with pytest.raises(Unreadable) as e:
            read_bytes(path)
        assert e.value.reason == "missing"


def test_a_file_over_the_limit_is_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(inputs, "MAX_FILE_BYTES", 1000)
    (tmp_path / "ok.xlsx").write_bytes(b"x" * 1000)
    (tmp_path / "big.xlsx").write_bytes(b"x" * 1001)
    assert len(read_bytes(tmp_path / "ok.xlsx")) == 1000
    with pytest.raises(Unreadable) as e:
        read_bytes(tmp_path / "big.xlsx")
    assert e.value.reason == "too_large"


def _fifo(tmp_path, payload: bytes):
    """A named pipe (no size: st_size 0) a thread writes `payload` into in pieces."""
    path = tmp_path / "pipe.xlsx"
    os.mkfifo(path)

    def write():
        with open(path, "wb", buffering=0) as fh:
            for i in range(0, len(payload), 7000):
                try:
                    fh.write(payload[i:i + 7000])
                except BrokenPipeError:  # the reader stopped at its limit
                    return

    writer = threading.Thread(target=write)
    writer.start()
    return path, writer


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_is_read_on_to_its_end(tmp_path):
    payload = os.urandom(150_000)
    path, writer = _fifo(tmp_path, payload)
    try:
        assert read_bytes(path) == payload  # its size says 0: every piece is read until the end
    finally:
        writer.join(5)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_is_read_no_further_than_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(inputs, "MAX_FILE_BYTES", 50_000)
    path, writer = _fifo(tmp_path, b"y" * 120_000)
    try:
        with pytest.raises(Unreadable) as e:
            read_bytes(path)
        assert e.value.reason == "too_large"
    finally:
        writer.join(5)
