"""Reading in worker processes gives exactly what a sequential run gives, in the same order."""

import json

from builders import build, consistent_values, edit

from disclosure_cli.check import check, default_jobs
from disclosure_cli.layout import Style


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
