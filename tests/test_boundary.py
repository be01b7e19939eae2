"""The boundary of one input: whatever goes wrong reading it — a Python exception, a Rust panic (a
BaseException), a result a worker cannot send back — becomes that input's finding, and the batch goes on."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from builders import build, consistent_values

from disclosure_cli.pipeline import check, read_checked
from disclosure_cli.pipeline.reading import in_workers

# Run as `python -c`: the command, with read_input replaced by one that fails on chosen inputs. The
# workers are forked from it, so they fail the same way (a monkeypatch in pytest would not reach a
# worker started afresh).
_INJECT = """
import sys
import disclosure_cli.pipeline.reading as reading

class PanicException(BaseException):  # what pyo3 raises for a Rust panic: not an Exception
    pass

real = reading.read_input

def failing(path, *args, **kwargs):
    name = str(path)
    if "raise" in name:
        raise ZeroDivisionError("injected")
    if "panic" in name:
        raise PanicException("range end index 64 out of range for slice of length 28")
    if "memory" in name:
        raise MemoryError()
    return real(path, *args, **kwargs)

reading.read_input = failing
from disclosure_cli.cli import main
sys.argv = ["disclosure"] + sys.argv[1:]
main()
"""


@pytest.fixture
def batch(tmp_path):
    """Twelve inputs, three of which fail while they are read, in the middle of the batch."""
    folder = tmp_path / "in"
    folder.mkdir()
    names = [f"d{i:02d}-2021.xlsx" for i in range(12)]
    names[3], names[6], names[9] = "d03-raise-2021.xlsx", "d06-panic-2021.xlsx", "d09-memory-2021.xlsx"
    for i, name in enumerate(names):
        build(folder / name, consistent_values(i), unit=f"单位{i:02d}")
    return folder, names


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _INJECT, *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd, env={**os.environ, "PYTHONWARNINGS": "ignore"})


@pytest.mark.parametrize("jobs", ["2", "1"])
def test_a_failure_in_one_input_is_its_finding_and_the_batch_goes_on(batch, tmp_path, jobs):
    folder, names = batch
    done = _run("check", str(folder), "--jobs", jobs, "--format", "json", "--lang", "en", cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1
    result = json.loads(done.stdout)
    assert [Path(u["source"]).name for u in result["units"]] == names  # every input, in order
    e003 = {Path(f["source"]).name: f["message"] for f in result["findings"] if f["code"] == "E003"}
    assert set(e003) == {"d03-raise-2021.xlsx", "d06-panic-2021.xlsx", "d09-memory-2021.xlsx"}
    assert "ZeroDivisionError: injected" in e003["d03-raise-2021.xlsx"]
    assert "PanicException: range end index 64" in e003["d06-panic-2021.xlsx"]
    assert "too large" in e003["d09-memory-2021.xlsx"]
    others = [u for u in result["units"] if Path(u["source"]).name not in e003]
    assert len(others) == 9 and all(u["status"] == "ok" for u in others)


def test_compile_on_error_exclude_writes_the_others(batch, tmp_path):
    folder, names = batch
    out = tmp_path / "out.json"
    done = _run("compile", str(folder), "--jobs", "2", "--on-error", "exclude", "-o", str(out), "--lang", "en",
                cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 3 and out.exists()  # written, units left out (issue 13)
    doc = json.loads(out.read_text(encoding="utf-8"))
    status = {Path(u["source"]).name: u["status"] for u in doc["units"]}
    assert [n for n in names if status[n] == "excluded"] == ["d03-raise-2021.xlsx", "d06-panic-2021.xlsx",
                                                               "d09-memory-2021.xlsx"]
    total = sum(consistent_values(i)[("applications", "received", "total")] for i in range(12) if i not in (3, 6, 9))
    received = next(r["value"] for r in doc["tables"] if (r["table"], r["row"], r["column"])
                    == ("applications", "received", "total"))
    assert received == total


def test_a_panic_inside_calamine_is_a_truncated_file(tmp_path, monkeypatch):
    """pyo3 raises PanicException (a BaseException) for a Rust panic: read in this process, it is E003."""
    import python_calamine

    class PanicException(BaseException):
        pass

    def panics(_data):
        raise PanicException("index out of bounds")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", panics)
    path = tmp_path / "2021.xlsx"
    build(path, consistent_values(1))
    (unit,) = read_checked(path)
    assert [(f.code, f.params["reason"].en.split(" (")[0]) for f in unit.findings] == [
        ("E003", "the file is corrupt or truncated")]


def test_interruptions_still_end_the_run(tmp_path, monkeypatch):
    """Ctrl-C is not an input's fault: it is never turned into a finding."""
    import disclosure_cli.pipeline.reading as reading

    def interrupted(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(reading, "read_input", interrupted)
    with pytest.raises(KeyboardInterrupt):
        check([tmp_path / "x-2021.xlsx"], jobs=1)


class _Unpicklable:
    def __reduce__(self):
        raise pickle.PicklingError("cannot travel")


def _result_or_unpicklable(task: str):
    if task == "bad":
        return _Unpicklable()
    if task == "raises":
        raise ValueError("escaped the worker")
    return task.upper()


def test_a_result_that_cannot_come_back_from_a_worker_is_that_tasks_alone():
    tasks = ["a", "b", "bad", "c", "raises", "d"]
    got = list(in_workers(_result_or_unpicklable, tasks, 2, lambda t, e: f"failed:{t}:{type(e).__name__}"))
    assert got[:2] == ["A", "B"] and got[3] == "C" and got[5] == "D"
    assert got[2].startswith("failed:bad:") and got[4] == "failed:raises:ValueError"


def test_a_bug_outside_reading_is_one_line_and_exit_2(tmp_path, monkeypatch):
    """Whatever escapes (a bug in writing an output, say) is said in a line, exit status 2: never a
    traceback, and never exit 1, which would read as "errors found"."""
    from click.testing import CliRunner

    from disclosure_cli.cli import cli
    from disclosure_cli.render import outputs

    def broken(*_a, **_k):
        raise KeyError("no such piece")

    monkeypatch.setattr(outputs, "summary_pieces", broken)
    import disclosure_cli.pipeline.compiling as compiling

    monkeypatch.setattr(compiling, "summary_pieces", broken)
    path = tmp_path / "2021.xlsx"
    build(path, consistent_values(2))
    r = CliRunner().invoke(cli, ["compile", str(path), "-o", str(tmp_path / "o.json"), "--lang", "en"])
    assert r.exit_code == 2 and "internal error (KeyError: 'no such piece')" in r.output
    assert "Traceback" not in r.output
