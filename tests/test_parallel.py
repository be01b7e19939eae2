"""Reading in worker processes gives exactly what a sequential run gives, in the same order."""

import json
import os

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


def _upper_path(task):
    path, *_ = task
    if "crash" in path:
        import faulthandler
        import os

        faulthandler.disable()
        os.abort()
    return path.upper()


class _Watched:
    """Tasks that note how far the pool has asked for them."""

    def __init__(self, n: int):
        from disclosure_cli.pipeline.reading import Tasks

        self.tasks = Tasks([f"f{i}" for i in range(n)], "opt")
        self.furthest = 0

    def __len__(self):
        return len(self.tasks)

    def __getitem__(self, i):
        got = self.tasks[i]
        self.furthest = max(self.furthest, i.stop if isinstance(i, slice) else i + 1)
        return got


def test_workers_are_given_a_window_of_chunks_not_every_task_at_once():
    """Executor.map would submit all 2,000 tasks before the first result; in_workers holds a few chunks
    in flight, in order, and the results are every task's, in task order."""
    from disclosure_cli.pipeline.reading import in_workers

    tasks = _Watched(2000)
    results = in_workers(_upper_path, tasks, 2, lambda t, e: None)
    first = next(results)
    asked_before_first = tasks.furthest
    rest = list(results)
    assert [first, *rest] == [f"F{i}" for i in range(2000)]
    chunk = min(64, 2000 // 16)
    assert asked_before_first <= (2 * 4 + 1) * chunk < 2000


def test_a_crash_inside_a_chunk_costs_that_input_only_and_the_order_holds():
    from disclosure_cli.pipeline.reading import Tasks, in_workers

    paths = [f"f{i}" for i in range(300)]
    paths[100] = "crash-100"  # inside a chunk of 18: the chunk's other inputs are read again, once
    got = list(in_workers(_upper_path, Tasks(paths, "opt"), 2, lambda t, e: f"E003:{t[0]}:{e}"))
    assert got == [p.upper() if p != "crash-100" else "E003:crash-100:None" for p in paths]


def test_an_audit_worker_that_dies_gives_that_report_e003_and_the_audit_goes_on():
    from disclosure_cli.pipeline.auditing import _crashed
    from disclosure_cli.pipeline.reading import Tasks, in_workers
    from disclosure_cli.read import ReadOptions

    got = list(in_workers(_upper_path, Tasks(["a.docx", "crash.docx", "b.docx"], ReadOptions()), 2, _crashed))
    assert got[0] == "A.DOCX" and got[2] == "B.DOCX"
    report = got[1]
    (unit,) = report.units
    assert unit.source == "crash.docx" and [f.code for f in unit.findings] == ["E003"]
    assert report.row.source == "crash.docx"
    # A task whose failure the worker could not report says why.
    failed = _crashed(("c.docx", ReadOptions()), ValueError("no"))
    assert "ValueError: no" in failed.units[0].findings[0].message("en")


def test_units_back_from_workers_hold_the_scan_s_strings_and_the_shared_empties(tmp_path):
    """What a large run keeps a unit: its source as its place among the scan's files (no string of its
    own), its findings' source one string for the file (not a copy each), a light unit without findings
    holds the one shared empty list, and a finding added after reading (E302) gives that unit a list of
    its own."""
    from disclosure_cli.base.packed import Strings
    from disclosure_cli.inputs.paths import scan
    from disclosure_cli.model.kept import Kept
    from disclosure_cli.model.unit import NO_FINDINGS

    for i in range(10):
        cells = build(tmp_path / f"d{i:02d}-2021.xlsx", consistent_values(i), unit=f"单位{i}")
        if i == 3:
            edit(tmp_path / f"d{i:02d}-2021.xlsx", {cells[("applications", "received", "total")]: 9999})
    build(tmp_path / "d10-2021.xlsx", consistent_values(0), unit="单位0")  # 单位0 twice: E302 on both
    found = scan([str(tmp_path)])
    assert isinstance(found.paths, Strings) and all(type(p) is str for p in found.paths)
    result = check(found.paths, jobs=2, light=True, found=found)
    assert isinstance(result.units, Kept) and list(result.units._file_at) == list(range(11))
    assert [u.source for u in result.units] == list(found.paths)
    for u in result.units:
        assert len({id(f.source) for f in u.findings}) <= 1 and all(f.source == u.source for f in u.findings)
    assert len(next(u for u in result.units if u.name == "单位3").findings) >= 2
    clean = [u for u in result.units if not u.findings]
    assert len(clean) == 8 and all(u.findings is NO_FINDINGS for u in clean)
    twice = [u for u in result.units if u.name == "单位0"]
    assert [[f.code for f in u.findings] for u in twice] == [["E302"], ["E302"]]
    assert all(u.findings is not NO_FINDINGS for u in twice)
    try:
        clean[0].findings.append(twice[0].findings[0])
    except TypeError:
        pass
    else:
        raise AssertionError("the shared empty findings took a finding")


def test_a_scan_says_how_each_file_was_found_and_the_screen_follows_it_without_a_table(tmp_path):
    """A file named, matched by a glob, or found in a folder: one number beside its path (no table keyed
    by 50,000 paths). The screen finds each unit's folder from the file before it; a unit out of that
    order (a library caller's own stream) is still placed right."""
    from disclosure_cli.inputs.paths import scan
    from disclosure_cli.model.unit import Unit
    from disclosure_cli.pipeline.screen import Screen

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for where in ("a/1.xlsx", "a/2.xlsx", "b/3.xlsx", "named.xlsx", "g1.xlsx"):
        build(tmp_path / where, consistent_values(1), unit=where)
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    found = scan([str(tmp_path / "named.xlsx"), a, b, str(tmp_path / "g*.xlsx"), str(tmp_path / "a" / "1.xlsx")])
    shown = [(os.path.relpath(p, tmp_path), found.named(i), found.folder(i)) for i, p in enumerate(found.paths)]
    assert shown == [("named.xlsx", True, None), (os.path.join("a", "1.xlsx"), False, a),
                     (os.path.join("a", "2.xlsx"), False, a), (os.path.join("b", "3.xlsx"), False, b),
                     ("g1.xlsx", False, None)]  # a/1.xlsx named again later: found in a, once
    screen = Screen(found)
    order = [0, 1, 1, 2, 3, 4]  # a workbook of two units (1), then the next files
    assert [screen.folder(found.paths[i]) for i in order] == [None, a, a, a, b, None]
    assert screen._index is None  # in order: no table made
    assert [screen.folder(found.paths[i]) for i in (3, 1, 4)] == [b, a, None]  # out of order: still right
    assert screen.folder(str(tmp_path / "elsewhere.xlsx")) is None
    unit = Unit(name="x", source=found.paths[2], format=None, made_by="summary")
    assert not Screen(found).admit(unit)  # the tool's own summary found in a folder waits for the end


def test_chunks_shrink_as_the_end_nears_and_results_keep_their_order():
    """Workers are given chunks of up to 64 files, then smaller ones as the end nears (so the two finish
    together rather than one reading a last chunk of 64 alone); the results come back in task order."""
    from concurrent.futures import ThreadPoolExecutor

    from disclosure_cli.pipeline.reading import _in_order

    sizes: list[int] = []

    class Pool(ThreadPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):
            sizes.append(len(args[1]))  # _run_chunk(fn, chunk)
            return super().submit(fn, *args, **kwargs)

    with Pool(2) as pool:
        got = list(_in_order(pool, lambda t: t * 10, list(range(1000)), 0, 64, window=8, tail=4))
    assert got == [t * 10 for t in range(1000)]
    assert sum(sizes) == 1000 and max(sizes) == 64
    assert sizes == sorted(sizes, reverse=True) and sizes[-1] == 1  # never larger again; the last a file
    assert len(sizes) < 1000 // 64 + 20  # a few more chunks than 64 a chunk, not a file each


def test_a_compile_in_workers_adds_up_what_a_sequential_one_does(tmp_path):
    """Units back from workers without their cells hold their values as a KeyedValues (the list in the
    format's key order), which the accumulator adds up by place: totals, per-unit figures and the JSON are
    the sequential run's, a unit with unknown cells (--on-error include) among them."""
    from decimal import Decimal

    from disclosure_cli.pipeline.compiling import CompileSettings, compile_units
    from disclosure_cli.render.json import json_chunks
    from disclosure_cli.summary import Result

    paths = []
    for i in range(10):
        path = tmp_path / f"d{i:02d}-2021.xlsx"
        values = consistent_values(i)
        values[("active", "fees", "amount")] = Decimal("12.5") + i  # an amount: a Decimal by place
        cells = build(path, values, unit=f"单位{i}")
        if i == 3:
            edit(path, {cells[("applications", "received", "total")]: "不详"})  # unknown: E401 on the total
        paths.append(path)
    one = compile_units(paths, settings=CompileSettings(on_error="include", jobs=1))
    many = compile_units(paths, settings=CompileSettings(on_error="include", jobs=2))
    assert one.totals == many.totals and one.totals[("active", "fees", "amount")] == Decimal("170")
    assert one.totals[("applications", "received", "total")] is None
    assert list(one.figures) == list(many.figures)
    assert b"".join(json_chunks(Result.of(one), "en")) == b"".join(json_chunks(Result.of(many), "en"))


def test_keyed_values_read_as_the_mapping_they_stand_for():
    import pickle

    from disclosure_cli.formats import FORMATS
    from disclosure_cli.model.unit import KeyedValues, Unit

    fmt = FORMATS["2021"]
    values = {k: i for i, k in enumerate(fmt.keys())}
    unit = Unit("甲", "a.xlsx", fmt, 2021, values=dict(values))
    back = pickle.loads(pickle.dumps(unit))
    assert isinstance(back.values, KeyedValues)
    key = fmt.keys()[7]
    assert back.values[key] == 7 and back.values.get(key) == 7 and back.values.get(("x", "y", "z"), "-") == "-"
    assert key in back.values and ("x", "y", "z") not in back.values and len(back.values) == len(values)
    assert back.values == values and dict(back.values) == values and list(back.values) == list(values)
    assert pickle.loads(pickle.dumps(back)).values == values  # and it travels again
    unit.cells = {k: ("表", "A1", 0) for k in values}
    assert type(pickle.loads(pickle.dumps(unit)).values) is dict  # with its cells: a dict, looked up by key
