"""Properties: a consistent report yields no finding; changing any one value yields a finding there."""

from builders import build, consistent_values, edit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_cli.formats.f2021 import FORMAT_2021
from disclosure_cli.pipeline import check
from disclosure_cli.render.layout import Style

SUMMED = sorted(k for k in consistent_values(1) if k[0] in ("applications", "reviews"))
ALL = sorted(consistent_values(1))
STYLES = st.builds(Style, label_cols=st.sampled_from([1, 2, 3]), merged=st.booleans())
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _touches(findings, where: str) -> bool:
    return any(f"{f.sheet}!{f.cell}" == where or where in f.related for f in findings)


@SETTINGS
@given(seed=st.integers(0, 10_000), style=STYLES)
def test_consistent_report_has_no_finding(tmp_path_factory, seed, style):
    path = tmp_path_factory.mktemp("p") / "2021.xlsx"
    build(path, consistent_values(seed), style=style)
    assert check([path]).findings == []


@SETTINGS
@given(seed=st.integers(0, 10_000), style=STYLES, key=st.sampled_from(SUMMED),
       delta=st.integers(1, 50))
def test_changing_a_summed_value_is_found_at_its_cell(tmp_path_factory, seed, style, key, delta):
    values = consistent_values(seed)
    values[key] += delta
    path = tmp_path_factory.mktemp("p") / "2021.xlsx"
    cells = build(path, values, style=style)
    findings = check([path]).findings
    assert findings and all(f.is_error for f in findings)
    assert _touches(findings, cells[key]), (key, [(f.code, f.cell, f.related) for f in findings])


@SETTINGS
@given(seed=st.integers(0, 10_000), key=st.sampled_from(ALL), bad=st.sampled_from([-1, "若干", 1.5]))
def test_an_impossible_value_anywhere_is_found_at_its_cell(tmp_path_factory, seed, key, bad):
    values = consistent_values(seed)
    path = tmp_path_factory.mktemp("p") / "2021.xlsx"
    cells = build(path, values)
    kind = FORMAT_2021.kind(*key)
    if kind == "amount" and bad == 1.5:
        bad = 1.23456
    edit(path, {cells[key]: bad})
    findings = check([path]).findings
    sheet, ref = cells[key].split("!")
    hits = [f.code for f in findings if (f.sheet, f.cell) == (sheet, ref)]
    assert hits and hits[0] in ("E101", "E102", "E103")
