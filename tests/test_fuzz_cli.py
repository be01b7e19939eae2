"""The fuzz harness in CI: a short, fixed run of real commands over mutated inputs (the same cases on
every run), each under the documented time and memory limits. Long runs: benchmarks/fuzz.py."""

from __future__ import annotations

import os
import sys

import pytest
from fuzzrun import MEMORY_LIMIT, RSS_LIMIT, TIME_LIMIT, cases, keep, run_all

CI_CASES = 160  # about 10 s on two cores


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="the harness forks its runs")
def test_fuzzed_commands_end_cleanly_within_limits(tmp_path):
    outcomes = list(run_all(cases("ci", range(CI_CASES)), tmp_path / "runs", jobs=2))
    assert len(outcomes) == CI_CASES
    failed = [(o.case.number, o.case.argv, o.case.note, o.problem, str(keep(o, tmp_path / "kept")))
              for o in outcomes if o.problem]
    assert failed == []
    assert {o.status for o in outcomes} <= {0, 1, 2, 3}
    assert max(o.seconds for o in outcomes) < TIME_LIMIT and max(o.rss for o in outcomes) < RSS_LIMIT
    assert MEMORY_LIMIT <= 1 << 30
    # The run covers what it is meant to: every command and every kind of input.
    argvs = [o.case.argv for o in outcomes]
    assert {a[0] for a in argvs} >= {"check", "compile", "history", "template"}
    assert any("--annotate" in a for a in argvs) and any("--jobs" in a for a in argvs)
    notes = " ".join(o.case.note for o in outcomes)
    for kind in (".xlsx", ".xls", ".ods", "summary-2021.json", "summary-2021.csv", "history store"):
        assert kind in notes, kind
