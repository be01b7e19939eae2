"""Part of an output made ahead in a forked copy (render.ahead): the same bytes whether the copy made
them, failed, or could not be started; no copy left behind; nothing of the parent's written twice."""

from __future__ import annotations

import gc
import json
import os

import pytest
from builders import build, consistent_values

from disclosure_cli.pipeline.compiling import CompileSettings, compile_units
from disclosure_cli.render import ahead as ahead_module
from disclosure_cli.render import json as json_module
from disclosure_cli.render.ahead import Ahead, can_fork
from disclosure_cli.summary import Result

needs_fork = pytest.mark.skipif(not can_fork(), reason="no fork here (Windows, macOS, or threads running)")


def pieces(n: int = 40):
    return (f"piece {i} 单位{i}\n".encode() for i in range(n))


@needs_fork
def test_pieces_made_in_a_copy_are_the_ones_made_here():
    made = Ahead(pieces)
    assert made.started
    assert b"".join(made) == b"".join(pieces())


@needs_fork
def test_a_copy_that_fails_leaves_the_pieces_to_be_made_here():
    parent = os.getpid()

    def make():
        yield b"first "
        if os.getpid() != parent:
            raise RuntimeError("only in the copy")
        yield b"second"

    made = Ahead(make)
    assert made.started
    assert b"".join(made) == b"first second"  # the copy's half-written file is not used


def test_without_fork_the_pieces_are_made_when_asked_for(monkeypatch):
    monkeypatch.setattr(ahead_module, "can_fork", lambda: False)
    made = Ahead(pieces)
    assert not made.started
    assert b"".join(made) == b"".join(pieces())


@needs_fork
def test_a_copy_never_asked_for_is_stopped_and_reaped():
    made = Ahead(lambda: iter([b"x" * 10]))
    pid = made._pid
    assert pid is not None
    del made
    gc.collect()
    with pytest.raises(ChildProcessError):  # reaped: no zombie is left
        os.waitpid(pid, os.WNOHANG)


@needs_fork
def test_the_copy_writes_nothing_of_the_parents_buffers(tmp_path):
    """It leaves with os._exit: the parent's unflushed output is not written a second time by the copy."""
    log = tmp_path / "log.txt"
    with open(log, "w", encoding="utf-8") as fh:
        fh.write("once\n")  # still in the parent's buffer when the copy is forked
        assert b"".join(Ahead(pieces)) == b"".join(pieces())
    assert log.read_text("utf-8") == "once\n"


@pytest.mark.parametrize("fork", [True, False])
def test_a_large_compiles_json_is_the_same_bytes_made_ahead_or_not(tmp_path, monkeypatch, fork):
    paths = []
    for i in range(6):
        path = tmp_path / f"d{i}-2021.xlsx"
        build(path, consistent_values(i), unit=f"单位{i}")
        paths.append(path)
    result = Result.of(compile_units(paths, settings=CompileSettings(jobs=1)))
    expected = b"".join(json_module.json_chunks(result, "en"))  # 6 units: below AHEAD_FROM, made here
    monkeypatch.setattr(json_module, "AHEAD_FROM", 2)
    if not fork:
        monkeypatch.setattr(ahead_module, "can_fork", lambda: False)
    started = []

    class Watched(Ahead):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self.started)

    monkeypatch.setattr(json_module, "Ahead", Watched)
    made = json_module.json_chunks(result, "en", tmp_path)
    assert started == [fork and can_fork()]  # the indicator records, and only they, made ahead
    assert b"".join(made) == expected
    assert len(json.loads(expected)["indicators"]) == 17 * 7  # the totals' and each unit's
    assert list(tmp_path.glob("tmp*")) == []  # the copy's file is gone with it


def test_a_compile_starts_its_indicator_records_once_every_unit_is_read(tmp_path, monkeypatch):
    """compile_inputs starts them once the last unit is added, before the anomalies and the findings
    (all_read): the file is the bytes of a compile that starts nothing."""
    import disclosure_cli.pipeline.compiling as compiling
    from disclosure_cli.pipeline.compiling import compile_inputs

    paths = []
    for i in range(8):
        path = tmp_path / f"d{i}-2021.xlsx"
        build(path, consistent_values(i), unit=f"单位{i}")
        paths.append(path)
    compile_inputs(paths, settings=CompileSettings(jobs=1, output=tmp_path / "plain.json"))
    monkeypatch.setattr(json_module, "AHEAD_FROM", 2)
    order: list[str] = []
    read: list = []

    class Watched(Ahead):
        def __init__(self, *args, **kwargs):
            order.append(f"ahead after {len(read)} units")
            super().__init__(*args, **kwargs)

    real = compiling.anomalies
    monkeypatch.setattr(json_module, "Ahead", Watched)
    monkeypatch.setattr(compiling, "anomalies", lambda acc: order.append("anomalies") or real(acc))
    compile_inputs(paths, settings=CompileSettings(jobs=1, output=tmp_path / "early.json"), progress=read.append)
    assert order == ["ahead after 8 units", "anomalies"]
    plain, made = (tmp_path / "plain.json").read_bytes(), (tmp_path / "early.json").read_bytes()
    assert made.replace(b'"early"', b'"plain"') == plain and plain.count(b'"indicator": ') == 17 * 9
