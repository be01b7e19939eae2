"""The example workbooks read as documented."""

from pathlib import Path

from disclosure_cli.pipeline import check

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_example_is_clean():
    result = check([EXAMPLES / "2021.xlsx"])
    assert [f.code for f in result.findings] == []
    (unit,) = result.units
    assert (unit.name, unit.year) == ("某市交通运输局", 2021)
    assert unit.values[("applications", "received", "total")] == 49


def test_mistakes_example_findings():
    result = check([EXAMPLES / "2021-mistakes.xlsx"])
    got = sorted((f.code, f.cell) for f in result.findings)
    assert ("E201", "J24") in got
    assert ("E204", "D48") in got
    assert ("E206", "D8") in got
    assert ("W104", "A8") in got
    assert {c for c, _ in got} == {"E102", "E201", "E204", "E205", "E206", "W101", "W102", "W103", "W104"}


def test_departments_example_compiles_to_the_sum():
    """examples/departments: three layouts, numbers ×1, ×2, ×3 of examples/2021.xlsx."""
    from disclosure_cli.pipeline.compiling import compile_units as compile_paths

    base = check([EXAMPLES / "2021.xlsx"]).units[0].values
    folder = sorted((EXAMPLES / "departments").glob("*.xlsx"))
    assert len(folder) == 3
    comp = compile_paths(folder)
    assert not comp.blocked and comp.extra_findings == []
    assert all(u.findings == [] for u in comp.units)
    assert comp.totals == {k: v * 6 for k, v in base.items()}
