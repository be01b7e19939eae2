"""Two cron runs writing one output at once: readers only ever see one whole file; with the lock,
read-modify-write cycles lose nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

WRITER = """
import json, sys
from pathlib import Path
from disclosure_cli.render.files import atomic_write_text
target, tag, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
for i in range(n):
    # ~200 KB per file so a torn or interleaved write would show
    atomic_write_text(target, json.dumps({"writer": tag, "i": i, "pad": [tag * 50] * 2000}))
"""

COUNTER = """
import json, sys
from pathlib import Path
from disclosure_cli.render.files import atomic_write_text, locked
target, n = Path(sys.argv[1]), int(sys.argv[2])
for _ in range(n):
    with locked(target):
        count = json.loads(target.read_text())["count"] if target.exists() else 0
        atomic_write_text(target, json.dumps({"count": count + 1}))
"""


def _spawn(code: str, *args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(SRC))
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env)


def test_two_writers_never_leave_a_partial_file(tmp_path):
    target = tmp_path / "summary.json"
    procs = [_spawn(WRITER, str(target), tag, "60") for tag in ("a", "b")]
    reads = 0
    while any(p.poll() is None for p in procs):
        if target.exists():
            with open(target, "rb") as fh:  # one open = one inode: whole old or whole new file
                doc = json.loads(fh.read())
            assert doc["writer"] in ("a", "b") and len(doc["pad"]) == 2000
            assert set(doc["pad"]) == {doc["writer"] * 50}
            reads += 1
        time.sleep(0.001)
    assert [p.returncode for p in procs] == [0, 0]
    doc = json.loads(target.read_text())
    assert doc["i"] == 59 and reads > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.json"]  # no temporary files left


def test_lock_serialises_read_modify_write(tmp_path):
    target = tmp_path / "count.json"
    procs = [_spawn(COUNTER, str(target), "40") for _ in range(3)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0]
    assert json.loads(target.read_text()) == {"count": 120}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["count.json", "count.json.lock"]
