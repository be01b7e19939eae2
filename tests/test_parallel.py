"""Reading in worker processes gives exactly what a sequential run gives, in the same order."""

import json

from builders import build, consistent_values, edit

from disclosure_cli.pipeline import check, default_jobs
from disclosure_cli.render.layout import Style


def test_parallel_and_sequential_agree(tmp_path):
    paths = []
    for i in range(12):
        path = tmp_path / f"d{i:02d}-2021.xlsx"
        cells = build(path, consistent_values(i), unit=f"单位{i}", style=Style(label_cols=1 + i % 3))
        if i % 4 == 0:  # some with findings
            edit(path, {cells[("applications", "received", "total")]: 9999})
        paths.append(path)
    (tmp_path / "broken-2021.xlsx").write_bytes(b"PK\x03\x04broken")
    paths.insert(5, tmp_path / "broken-2021.xlsx")
    one = check(paths, jobs=1)
    many = check(paths, jobs=3)
    assert json.dumps(one.to_dict("en"), ensure_ascii=False) == json.dumps(many.to_dict("en"), ensure_ascii=False)
    assert [u.values for u in one.units] == [u.values for u in many.units]
    assert [u.name for u in many.units][:6] == ["单位0", "单位1", "单位2", "单位3", "单位4", "broken-2021"]
    assert sum(1 for u in one.units if u.errors) == 4


def test_default_jobs():
    assert default_jobs(1) == 1
    assert default_jobs(1000) >= 1


def _abort_on_crash_name(task):
    """A stand-in reader that takes its process down on one input, as a crashing parser would."""
    import faulthandler
    import os

    name = str(task)
    if "crash" in name:
        faulthandler.disable()  # pytest enables it; the dump would only be noise here
        os.abort()
    return name.upper()


def test_a_crashing_input_does_not_take_the_batch_down():
    from disclosure_cli.pipeline.reading import in_workers

    tasks = [f"f{i}" for i in range(10)]
    tasks[3] = "crash-a"
    tasks[7] = "crash-b"
    got = list(in_workers(_abort_on_crash_name, tasks, 2, lambda t, error: f"E003:{t}:{error}"))
    assert got == ["F0", "F1", "F2", "E003:crash-a:None", "F4", "F5", "F6", "E003:crash-b:None", "F8", "F9"]
