"""model.kept: a run's light units held as columns — each read back equal to the unit kept, every write
landing in the store, and no object per unit kept (a compile of 50,000)."""

from __future__ import annotations

import pickle
import tracemalloc

import pytest

from disclosure_cli.base.packed import Strings
from disclosure_cli.formats.f2019 import FORMAT_2019
from disclosure_cli.formats.f2021 import FORMAT_2021
from disclosure_cli.model.findings import Finding
from disclosure_cli.model.kept import Kept, KeptUnit, count_included
from disclosure_cli.model.unit import NO_VALUES, Unit


def _units() -> list[Unit]:
    a = Unit(name="甲局", source="in/甲.xlsx", format=FORMAT_2021, year=2021, sheet="年报附表", sheet_index=2)
    a.findings.append(Finding("E201", "in/甲.xlsx", unit="甲局", sheet="年报附表", cell="J24",
                              params={"stated": 5, "expected": 4, "diff": 1}))
    b = Unit(name="乙局", source="in/乙.xlsx", format=FORMAT_2019, year=2019, sheet=None, excluded=True,
             made_by="summary")
    c = Unit(name="汇总", source="in/甲.xlsx", format=None, year=None, summary=True)
    return [a.light(), b.light(), c.light()]


def test_each_unit_reads_back_equal_to_the_unit_kept():
    units = _units()
    kept = Kept(units)
    assert len(kept) == 3
    for original, view in zip(units, kept, strict=True):
        assert isinstance(view, KeptUnit)
        assert view == original and original == view
        assert (view.name, view.source, view.format, view.year, view.sheet, view.sheet_index, view.excluded,
                view.summary, view.made_by) == (original.name, original.source, original.format, original.year,
                                                original.sheet, original.sheet_index, original.excluded,
                                                original.summary, original.made_by)
        assert view.findings == original.findings and view.values is NO_VALUES
    assert [u.status for u in kept] == ["error", "excluded", "summary"]
    assert kept[1].to_dict() == units[1].to_dict() and kept[0].errors == 1
    assert kept[-1] == units[2] and kept[0:2] == units[:2] and kept == units
    with pytest.raises(IndexError):
        kept[3]
    assert kept[1] != kept[0]


def test_a_write_to_a_unit_lands_in_the_store():
    kept = Kept(_units())
    assert count_included(kept) == 2
    kept[0].excluded = True
    kept[2].excluded = False
    assert [u.excluded for u in kept] == [True, True, False] and count_included(kept) == 1
    assert count_included(list(kept)) == 1  # the same count from the units themselves
    e302 = Finding("E302", "in/乙.xlsx", unit="乙局", params={"count": 2, "files": "in/乙.xlsx", "identical": ""})
    kept[1].add([e302])  # a unit without findings gets its own list
    kept[0].add([e302])  # one with findings has them extended
    assert kept[1].findings == [e302] and [f.code for f in kept[0].findings] == ["E201", "E302"]
    kept[1].year, kept[1].format, kept[1].made_by, kept[1].sheet = None, FORMAT_2021, None, "表3"
    assert (kept[1].year, kept[1].format, kept[1].made_by, kept[1].sheet) == (None, FORMAT_2021, None, "表3")
    kept[2].year = 10**20  # a year no report has (a summary read back may say anything): kept as it is
    assert kept[2].year == 10**20 and kept[0].year == 2021
    kept[2].year = 2020
    assert kept[2].year == 2020 and not kept._other_years
    odd = Unit(name="丙", source="in/丙.json", format=None, year=-5)
    assert Kept([odd])[0].year == -5
    view = kept[0]
    assert view.light() is view  # already light
    with pytest.raises(TypeError):
        view.values = {("二", "1", "count"): 1}  # a kept unit holds no values


def test_a_kept_unit_pickles_as_a_unit_of_its_own():
    kept = Kept(_units())
    back = pickle.loads(pickle.dumps(kept[0]))
    assert type(back) is Unit and back.format is FORMAT_2021
    assert back.to_dict() == kept[0].to_dict() and [f.to_dict() for f in back.findings] == [
        f.to_dict() for f in kept[0].findings]


def test_the_store_keeps_no_object_per_unit():
    """The point of it: no Unit object and no str object per unit. The sources are the run's files (the
    scan's, made here first), each kept as its place among them; each name and sheet name is the unit's
    own, as a worker's unit arrives unpickled, and is kept as its UTF-8 bytes: a light Unit object alone
    is 144 bytes, a name of seven characters as a str 88, and the store holds the whole unit in about 55."""
    n = 5000
    sources = [f"in/dept-{i:05d}.xlsx" for i in range(n)]
    units = (Unit(name=f"部门{i:05d}", source=sources[i], format=FORMAT_2021, year=2021, sheet=f"年报附表{i % 3}")
             for i in range(n))
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = Kept(units, files=sources)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(kept) == n and kept[n - 1].name == "部门04999" and kept[n - 1].sheet == "年报附表1"
    assert kept[7].source is sources[7]  # the run's string itself, not a copy
    assert held / n < 64, held / n


def test_a_source_is_kept_as_its_place_among_the_files_and_any_other_beside():
    files = Strings(f"in/{i}.xlsx" for i in range(200))
    sources = ["in/0.xlsx", "in/0.xlsx", "in/3.xlsx", "elsewhere.xlsx", "in/3.xlsx", "in/150.xlsx",
               "in/1.xlsx", "in/199.xlsx"]  # two sheets of one file, files stepped over, one far ahead, one back
    kept = Kept((Unit(name=f"u{i}", source=s, format=None) for i, s in enumerate(sources)), files=files)
    assert [u.source for u in kept] == sources
    assert list(kept._file_at) == [0, 0, 3, -1, 3, -1, -1, -1] and set(kept._other_sources) == {3, 5, 6, 7}
    kept[3].source = "in/4.xlsx"  # written through: found after the last unit's file
    kept[0].source = "moved.xlsx"
    assert kept[3].source == "in/4.xlsx" and kept[0].source == "moved.xlsx" and 3 not in kept._other_sources
    assert [u.source for u in kept][1:] == ["in/0.xlsx", "in/3.xlsx", "in/4.xlsx", "in/3.xlsx", "in/150.xlsx",
                                            "in/1.xlsx", "in/199.xlsx"]
