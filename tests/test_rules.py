"""One test per rule and per value code: the right code at the right cell, with the right numbers."""

from builders import build, edit, ref, with_subtotals

from disclosure_cli.pipeline import check
from disclosure_cli.render.layout import Style

APP, REV, ACT = "applications", "reviews", "active"


def run(path):
    result = check([path])
    return result.units[0], result.findings


def codes_at(findings):
    return sorted((f.code, f.cell) for f in findings)


def test_e201_total_column(tmp_path, values):
    path = tmp_path / "r.xlsx"
    cells = build(path, values)
    k = (APP, "disclosed", "total")
    edit(path, {cells[k]: values[k] + 2})
    unit, findings = run(path)
    assert codes_at(findings) == sorted([("E201", ref(cells[k])), ("E203", ref(cells[(APP, "results_total", "total")]))])
    f = next(f for f in findings if f.code == "E201")
    assert (f.table, f.row, f.column) == (APP, "disclosed", "total")
    assert f.params["stated"] == str(values[k] + 2) and f.params["expected"] == str(values[k])
    assert ref(cells[(APP, "disclosed", "natural_person")]) in [r.split("!")[1] for r in f.related]
    assert f.to_dict("en")["expected"] == str(values[k])


def test_e202_subtotal_row(tmp_path, values):
    path = tmp_path / "r.xlsx"
    vals = with_subtotals(values)
    cells = build(path, vals, style=Style(label_cols=1, subtotals=True))
    k = (APP, "unavailable", "commercial")
    edit(path, {cells[k]: vals[k] + 1})
    _, findings = run(path)
    assert ("E202", ref(cells[k])) in codes_at(findings)
    # the subtotal's own row no longer sums across either
    assert ("E201", ref(cells[(APP, "unavailable", "total")])) in codes_at(findings)
    assert {f.code for f in findings} == {"E201", "E202"}


def test_e203_results_total(tmp_path, values):
    path = tmp_path / "r.xlsx"
    cells = build(path, values)
    changes = {}
    for col in ("natural_person", "total"):
        k = (APP, "results_total", col)
        changes[cells[k]] = values[k] + 1
    # keep the balance: carried_out one less
    for col in ("natural_person", "total"):
        k = (APP, "carried_out", col)
        changes[cells[k]] = values[k] - 1 if values[k] else None
    if values[(APP, "carried_out", "natural_person")] == 0:
        return  # generated data without room; other seeds cover it
    edit(path, changes)
    _, findings = run(path)
    assert codes_at(findings) == sorted([("E203", ref(cells[(APP, "results_total", "natural_person")])),
                                         ("E203", ref(cells[(APP, "results_total", "total")]))])


def test_e204_balance_points_at_carried_out(tmp_path, values):
    path = tmp_path / "r.xlsx"
    cells = build(path, values)
    for col in ("research", "total"):
        k = (APP, "received", col)
        values[k] += 3
    edit(path, {cells[(APP, "received", "research")]: values[(APP, "received", "research")],
                cells[(APP, "received", "total")]: values[(APP, "received", "total")]})
    _, findings = run(path)
    assert codes_at(findings) == sorted([("E204", ref(cells[(APP, "carried_out", "research")])),
                                         ("E204", ref(cells[(APP, "carried_out", "total")]))])
    f = findings[0]
    assert f.params["diff"] == "-3"
    assert f.params["expected"] == str(values[(APP, "carried_out", f.column)] + 3)


def test_e205_review_totals(tmp_path, values):
    path = tmp_path / "r.xlsx"
    cells = build(path, values)
    k = (REV, "litigation_direct", "upheld")
    edit(path, {cells[k]: values[k] + 5})
    _, findings = run(path)
    assert codes_at(findings) == [("E205", ref(cells[(REV, "litigation_direct", "total")]))]
    assert findings[0].params["diff"] == "-5"


def test_e206_in_force(tmp_path, values):
    path = tmp_path / "r.xlsx"
    cells = build(path, values)
    edit(path, {cells[(ACT, "regulations", "issued")]: 10, cells[(ACT, "regulations", "repealed")]: 2,
                cells[(ACT, "regulations", "in_force")]: 7})
    _, findings = run(path)
    assert codes_at(findings) == [("E206", ref(cells[(ACT, "regulations", "in_force")]))]
    assert findings[0].params["expected"] == "8"
    edit(path, {cells[(ACT, "regulations", "in_force")]: 8})
    assert run(path)[1] == []


def test_blank_total_is_derived_not_zero(tmp_path, values):
    path = tmp_path / "r.xlsx"
    cells = build(path, values)
    k = (APP, "received", "total")
    edit(path, {cells[k]: None, cells[(APP, "results_total", "commercial")]: None})
    unit, findings = run(path)
    assert codes_at(findings) == sorted([("W103", ref(cells[k])), ("W103", ref(cells[(APP, "results_total", "commercial")]))])
    assert unit.values[k] == values[k]
    assert unit.values[(APP, "results_total", "commercial")] == values[(APP, "results_total", "commercial")]
    w = next(f for f in findings if f.cell == ref(cells[k]))
    assert w.params["number"] == str(values[k])


def test_uncomputed_formulas(tmp_path, values):
    path = tmp_path / "r.xlsx"
    cells = build(path, values)
    total = (APP, "disclosed", "total")
    part = (REV, "review", "upheld")
    edit(path, {cells[total]: "=SUM(D1:I1)", cells[part]: "=1+1"})
    unit, findings = run(path)
    assert codes_at(findings) == sorted([("W103", ref(cells[total])), ("E104", ref(cells[part]))])
    # The unreadable part keeps the review total out of the arithmetic: no E205 on top of E104.
    assert unit.values[part] is None
    assert unit.values[total] == values[total]


def test_error_cell_is_e101(tmp_path, values):
    path = tmp_path / "r.xlsx"
    cells = build(path, values)
    import openpyxl

    wb = openpyxl.load_workbook(path)
    sheet, r = cells[(APP, "received", "commercial")].split("!")
    wb[sheet][r].value = "#DIV/0!"  # openpyxl stores a known error string as an error cell
    wb.save(path)
    unit, findings = run(path)
    assert codes_at(findings) == [("E101", r)]
    assert "#DIV/0!" in findings[0].message("zh")


def test_unreadable_value_reported_once(tmp_path, values):
    path = tmp_path / "r.xlsx"
    cells = build(path, values)
    k = (APP, "withheld.third_party", "natural_person")
    edit(path, {cells[k]: "见说明"})
    _, findings = run(path)
    assert codes_at(findings) == [("E101", ref(cells[k]))]


def test_blank_parts_w101_and_placeholders(tmp_path, values):
    path = tmp_path / "r.xlsx"
    cells = build(path, values)
    changes = {}
    for row in ("withheld.state_secret", "withheld.query_matter"):
        for col in ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org"):
            if values[(APP, row, col)] == 0:
                changes[cells[(APP, row, col)]] = "/" if col == "research" else None
    edit(path, changes)
    _, findings = run(path)
    assert {f.code for f in findings} <= {"W101"}
    assert sorted(f.cell for f in findings) == sorted(ref(c) for c in changes)


def test_text_number_w102_and_full_width(tmp_path, values):
    path = tmp_path / "r.xlsx"
    cells = build(path, values)
    k = (REV, "review", "upheld")
    full = str(values[k]).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    edit(path, {cells[k]: full})
    unit, findings = run(path)
    assert codes_at(findings) == [("W102", ref(cells[k]))]
    assert unit.values[k] == values[k]


def test_fraction_and_negative(tmp_path, values):
    path = tmp_path / "r.xlsx"
    cells = build(path, values)
    edit(path, {cells[(ACT, "licensing", "decisions")]: 2.5, cells[(ACT, "penalty", "decisions")]: -1,
                cells[(ACT, "fees", "amount")]: 1.23456})
    _, findings = run(path)
    assert codes_at(findings) == sorted([("E103", ref(cells[(ACT, "licensing", "decisions")])),
                                         ("E102", ref(cells[(ACT, "penalty", "decisions")])),
                                         ("E103", ref(cells[(ACT, "fees", "amount")]))])
