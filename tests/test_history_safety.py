"""The history store under stress: another run writing it, a read-only store, damaged records, a full
disk. Each is a clear error (exit status 2) or a bounded wait, never a traceback, never a lost summary."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from builders import build, consistent_values
from click.testing import CliRunner
from stress import fill, read_only

from disclosure_cli.cli import cli
from disclosure_cli.history import entries, record
from disclosure_cli.history import store as store_mod
from disclosure_cli.messages.errors import ToolError
from disclosure_cli.pipeline import CompileSettings, check, compile_inputs


def invoke(*args) -> object:
    return CliRunner().invoke(cli, [*map(str, args), "--lang", "en"])


@pytest.fixture
def report(tmp_path) -> Path:
    path = tmp_path / "甲局-2021.xlsx"
    build(path, consistent_values(31), unit="甲局")
    return path


@contextlib.contextmanager
def locked(db: Path, exclusive: bool = False):
    """Another run holding the store's write lock (or, exclusive, every lock) until the block ends."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE" if exclusive else "BEGIN IMMEDIATE")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def test_reading_holds_no_lock_and_recording_is_one_short_transaction(tmp_path, report):
    """While a compile reads its inputs, another run can write the store; the compile records after."""
    db = tmp_path / "h.db"
    record(db, check([report]).units)
    seen = []

    def progress(_unit):
        # Mid-compile: another run takes and releases the write lock; it must not have to wait.
        t0 = time.perf_counter()
        with locked(db):
            pass
        seen.append(time.perf_counter() - t0)

    other = tmp_path / "乙局-2021.xlsx"
    build(other, consistent_values(32), unit="乙局")
    done = compile_inputs([report, other], settings=CompileSettings(history=str(db), output=tmp_path / "o.json"),
                          progress=progress)
    assert done.written and seen and max(seen) < 0.5
    assert sorted(u for u, _ in done.recorded.unchanged + done.recorded.added) == ["乙局", "甲局"]


def test_a_busy_store_is_waited_for(tmp_path, report):
    """A lock held for a moment by another run: compile waits and records."""
    db = tmp_path / "h.db"
    record(db, [])
    release = threading.Event()

    def hold():
        with locked(db, exclusive=True):
            release.wait(1.0)

    t = threading.Thread(target=hold)
    t.start()
    time.sleep(0.1)
    r = invoke("compile", report, "--history", db, "-o", tmp_path / "o.json")
    t.join()
    assert r.exit_code == 0, r.output
    assert [e.unit for e in entries(db)] == ["甲局"]


def test_a_store_still_busy_after_the_wait_is_a_clear_error_and_nothing_is_written(tmp_path, report):
    db = tmp_path / "h.db"
    record(db, [])
    out = tmp_path / "o.json"
    with locked(db, exclusive=True), pytest.raises(ToolError) as err:
        compile_inputs([report], settings=CompileSettings(history=str(db), output=out, history_wait=0.3))
    assert err.value.reason == "history.busy" and "0.3 s" in err.value.message("en")
    assert not out.exists()


def test_busy_when_recording_says_the_summary_was_written_but_not_recorded(tmp_path, report):
    db = tmp_path / "h.db"
    record(db, [])
    out = tmp_path / "o.json"
    holder: list = []

    def progress(_unit):  # another run starts writing once the inputs are being read
        holder.append(locked(db))
        holder[0].__enter__()

    try:
        with pytest.raises(ToolError) as err:
            compile_inputs([report], settings=CompileSettings(history=str(db), output=out, history_wait=0.3),
                           progress=progress)
    finally:
        holder[0].__exit__(None, None, None)
    assert err.value.reason == "history.not_recorded"
    text = err.value.message("en")
    assert "the summary was written" in text and "in use by another run" in text
    assert "汇总已写入" in err.value.message("zh")
    assert out.exists() and entries(db) == []


def test_a_read_only_store_is_refused_before_anything_is_read(tmp_path, report):
    folder = tmp_path / "store"
    folder.mkdir()
    db = folder / "h.db"
    record(db, check([report]).units)
    before = db.read_bytes()
    undo = read_only(folder)
    try:
        out = tmp_path / "o.json"
        r = invoke("compile", report, "--history", db, "-o", out)
        assert r.exit_code == 2 and "read-only" in r.output and "Traceback" not in r.output
        assert not out.exists()
        r = invoke("check", report, "--history", db)  # reading a read-only store is fine
        assert r.exit_code == 0, r.output
    finally:
        undo()
    assert db.read_bytes() == before


@pytest.mark.parametrize("records, year", [
    ("not json", 2020), ("{}", 2020), ("[1, 2]", 2020), ('[{"table": 1}]', 2020), ("[" * 5000, 2020),
    ('[{"table":"applications","row":"received","column":"total","value":"1e999999"}]', 2020),
    ('[{"table":"applications","row":"received","column":"total","value":"NaN"}]', 2020),
    ('[{"table":"applications","row":"received","column":"total","value":' + "9" * 30 + "}]", 2020),
    ('[{"table":"applications","row":"received","column":"total","value":true}]', 2020),
    (b"\xff\xfe not utf-8", 2020), (None, 2020), ("[]", "not a year"),
])
def test_a_damaged_record_is_a_clear_error(tmp_path, report, records, year):
    db = tmp_path / "h.db"
    record(db, check([report]).units)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA ignore_check_constraints = 1")
    with contextlib.suppress(sqlite3.IntegrityError):  # NOT NULL: then the column is made NULL-able below
        conn.execute("UPDATE reports SET records = ?, year = ?", (records, year))
    if records is None:
        conn.executescript("PRAGMA writable_schema = 1; UPDATE sqlite_master SET sql = replace(sql, "
                           "'records       TEXT    NOT NULL', 'records TEXT') WHERE name = 'reports'; "
                           "PRAGMA writable_schema = 0;")
        conn.close()
        conn = sqlite3.connect(db)
        conn.execute("UPDATE reports SET records = NULL, year = 2020")
    conn.commit()
    conn.close()
    for args in (("history", db), ("history", db, "--format", "json"), ("check", report, "--history", db),
                 ("compile", report, "--history", db, "-o", tmp_path / "o.json")):
        r = invoke(*args)
        assert r.exit_code in (0, 1, 2), (args, r.output)
        assert r.exception is None or isinstance(r.exception, SystemExit), (args, r.exception)
        if r.exit_code == 2:
            assert "history store" in r.output


def test_a_full_disk_when_creating_the_store(tmp_path, report, tiny):
    db = tiny / "h.db"
    fill(tiny)
    out = tmp_path / "o.json"
    r = invoke("compile", report, "--history", db, "-o", out)
    assert r.exit_code == 2 and "disk is full" in r.output and "Traceback" not in r.output
    assert not db.exists()  # no 0-byte store left behind
    assert out.exists()  # the summary was written elsewhere; the message says it was not recorded
    assert "the summary was written" in r.output


def test_a_full_disk_when_recording_into_a_store(tmp_path, report, tiny):
    db = tiny / "h.db"
    record(db, [])
    before = db.read_bytes()
    fill(tiny)
    r = invoke("compile", report, "--history", db, "-o", tmp_path / "o.json")
    assert r.exit_code == 2 and "disk is full" in r.output
    assert db.read_bytes() == before and entries(db) == []


def test_sqlite_full_is_told_apart_without_a_small_disk(tmp_path, report, monkeypatch):
    """The same on any machine: SQLite's own limit on pages makes it report SQLITE_FULL."""
    real = sqlite3.connect

    def small(*args, **kwargs):
        conn = real(*args, **kwargs)
        conn.execute("PRAGMA max_page_count = 2")
        return conn

    monkeypatch.setattr(store_mod.sqlite3, "connect", small)
    db = tmp_path / "h.db"
    with pytest.raises(ToolError) as err:
        record(db, check([report]).units)
    assert err.value.reason == "history.full"
    monkeypatch.undo()
    assert not db.exists() or entries(db) == []  # nothing half-recorded


def test_history_listing_strips_what_would_drive_the_terminal(tmp_path, report):
    db = tmp_path / "h.db"
    record(db, check([report]).units)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE reports SET unit = ?, source = ?", ("\x1b]0;pwned\x07甲\u202e局", "\x1b[2Jx.xlsx"))
    conn.commit()
    conn.close()
    r = invoke("history", db)
    assert r.exit_code == 0 and "\x1b" not in r.output and "\u202e" not in r.output and "甲局" in r.output
    doc = json.loads(invoke("history", db, "--format", "json").output)
    assert doc["records"][0]["unit"] == "\x1b]0;pwned\x07甲\u202e局"  # JSON keeps the data as it is


def test_two_compiles_at_once_both_record(tmp_path):
    """Two processes compiling into one store at the same time: both succeed, both are recorded."""
    for name in ("甲局", "乙局"):
        build(tmp_path / f"{name}-2021.xlsx", consistent_values(len(name) + ord(name[0]) % 7), unit=name)
    db = tmp_path / "h.db"
    procs = [subprocess.Popen([sys.executable, "-m", "disclosure_cli", "compile", str(tmp_path / f"{name}-2021.xlsx"),
                               "--history", str(db), "-o", str(tmp_path / f"{name}.json"), "--lang", "en"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name in ("甲局", "乙局")]
    results = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert sorted(e.unit for e in entries(db)) == ["乙局", "甲局"]
