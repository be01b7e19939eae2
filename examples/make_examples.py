"""Regenerate the example workbooks: python examples/make_examples.py (run from the repo root)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl

from disclosure_cli.formats.f2021 import FORMAT_2021
from disclosure_cli.render.layout import Style, set_widths, write_tables

HERE = Path(__file__).parent
UNIT = "某市交通运输局"

# A department's 2021 report; every total and balance holds.
ACTIVE = {
    ("regulations", "issued"): 0, ("regulations", "repealed"): 0, ("regulations", "in_force"): 0,
    ("normative_documents", "issued"): 7, ("normative_documents", "repealed"): 2,
    ("normative_documents", "in_force"): 31,
    ("licensing", "decisions"): 1264, ("penalty", "decisions"): 387, ("coercion", "decisions"): 12,
    ("fees", "amount"): Decimal("35.6125"),
}
# Table 三 by row: the six applicant columns (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他).
APPLICATIONS = {
    "received": (40, 6, 0, 1, 2, 0),
    "carried_in": (3, 1, 0, 0, 0, 0),
    "disclosed": (17, 3, 0, 1, 1, 0),
    "partly_disclosed": (4, 1, 0, 0, 0, 0),
    "withheld.state_secret": (0, 0, 0, 0, 0, 0),
    "withheld.prohibited_by_law": (1, 0, 0, 0, 0, 0),
    "withheld.security_stability": (0, 0, 0, 0, 0, 0),
    "withheld.third_party": (2, 1, 0, 0, 0, 0),
    "withheld.internal_affairs": (1, 0, 0, 0, 0, 0),
    "withheld.process_info": (2, 0, 0, 0, 0, 0),
    "withheld.enforcement_file": (0, 0, 0, 0, 0, 0),
    "withheld.query_matter": (0, 0, 0, 0, 0, 0),
    "unavailable.not_held": (8, 1, 0, 0, 1, 0),
    "unavailable.needs_creation": (1, 0, 0, 0, 0, 0),
    "unavailable.still_unclear": (1, 0, 0, 0, 0, 0),
    "not_processed.petition": (2, 0, 0, 0, 0, 0),
    "not_processed.repeated": (1, 0, 0, 0, 0, 0),
    "not_processed.publication": (0, 0, 0, 0, 0, 0),
    "not_processed.excessive": (0, 0, 0, 0, 0, 0),
    "not_processed.confirmation": (0, 0, 0, 0, 0, 0),
    "other_handling.no_correction": (1, 0, 0, 0, 0, 0),
    "other_handling.fee_unpaid": (0, 0, 0, 0, 0, 0),
    "other_handling.other": (0, 0, 0, 0, 0, 0),
    "carried_out": (2, 1, 0, 0, 0, 0),
}
REVIEWS = {"review": (2, 1, 0, 0), "litigation_direct": (1, 0, 0, 1), "litigation_after_review": (0, 0, 0, 0)}


def values() -> dict:
    v: dict = {("active", r, c): x for (r, c), x in ACTIVE.items()}
    cols = [c.id for c in FORMAT_2021.table("applications").rows[0].columns if not c.total]
    for row, nums in APPLICATIONS.items():
        for col, x in zip(cols, nums, strict=False):
            v[("applications", row, col)] = x
    leaves = [r for r in APPLICATIONS if r not in ("received", "carried_in", "carried_out")]
    for i, col in enumerate(cols):
        v[("applications", "results_total", col)] = sum(APPLICATIONS[r][i] for r in leaves)
    for row in [*APPLICATIONS, "results_total"]:
        v[("applications", row, "total")] = sum(v[("applications", row, c)] for c in cols)
    for row, nums in REVIEWS.items():
        for col, x in zip(("upheld", "corrected", "other", "pending"), nums, strict=False):
            v[("reviews", row, col)] = x
        v[("reviews", row, "total")] = sum(nums)
    return v


def workbook(vals: dict, path: Path, edit=None, unit: str = UNIT, style: Style = Style(),
             origin: tuple[int, int] = (4, 1)) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "年报附表"
    ws["A1"] = f"{unit}2021年政府信息公开工作年度报告（统计表）"
    ws["A2"], ws["B2"] = "单位名称", unit
    ws["E2"], ws["F2"] = "年度", 2021
    cells, _, _ = write_tables(ws, FORMAT_2021, vals, origin=origin, style=style)
    set_widths(ws)
    if edit:
        edit(ws, cells)
    wb.properties.creator = "disclosure-cli examples"
    wb.save(path)


def mistakes(ws, cells) -> None:
    """The mistakes clerks make most, one of each."""
    at = lambda t, r, c: ws[cells[(t, r, c)]]  # noqa: E731
    at("applications", "received", "total").value = 48  # E201: the parts add up to 49
    at("applications", "carried_out", "natural_person").value = 3  # E204: does not balance
    at("applications", "withheld.state_secret", "natural_person").value = "/"  # W101
    at("applications", "unavailable.not_held", "commercial").value = "１"  # W102: full-width digit
    at("applications", "disclosed", "total").value = None  # W103: derived from its parts
    at("active", "penalty", "decisions").value = -387  # E102
    at("active", "normative_documents", "in_force").value = 3  # E206: 7 issued − 2 repealed > 3
    at("reviews", "review", "total").value = 4  # E205: 2 + 1 + 0 + 0 = 3
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "行政规范性文件":
                cell.value = "规范性文件"  # W104: the 2019 label


def scaled(vals: dict, factor: int) -> dict:
    """Another department's report: every number times `factor` (every total and balance still holds)."""
    return {k: v * factor for k, v in vals.items()}


# A county office's folder: three departments, each in a layout of its own.
DEPARTMENTS = (
    ("交通运输局", 1, Style(), (4, 1)),
    ("市场监督管理局", 2, Style(label_cols=1, merged=False), (6, 2)),
    ("生态环境局", 3, Style(label_cols=2, subtotals=False), (4, 1)),
)


if __name__ == "__main__":
    workbook(values(), HERE / "2021.xlsx")
    workbook(values(), HERE / "2021-mistakes.xlsx", mistakes)
    folder = HERE / "departments"
    folder.mkdir(exist_ok=True)
    for name, factor, style, origin in DEPARTMENTS:
        workbook(scaled(values(), factor), folder / f"{name}-2021.xlsx", unit="某县" + name, style=style,
                 origin=origin)
    print("wrote the examples under", HERE)
