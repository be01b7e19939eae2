"""The real published report in ../shared/seeds, its damaged table 三 included: read as the scraped text,
as a Word document and as a web page built from it, it gives the same numbers and the same findings."""

from __future__ import annotations

from pathlib import Path

import pytest
from documents import docx_report, html_report

from disclosure_cli.inputs.document import TableBlock
from disclosure_cli.inputs.text import read_text
from disclosure_cli.pipeline import check

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "jining-gxj-2021-annual-report.txt"
pytestmark = pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds is beside the checkout in CI")


def _as_documents(tmp_path) -> dict[str, Path]:
    """The seed as it was published (text), and as Word and a web page holding the same blocks."""
    doc = read_text(SEED.read_bytes(), name=SEED.name)
    title = doc.paragraphs[0].text
    paragraphs = tuple(p.text for p in doc.paragraphs[1:])
    tables = [("", b.grid, b.merges) for b in doc.blocks if isinstance(b, TableBlock)]
    out = {"text": tmp_path / "seed.txt", "docx": tmp_path / "seed.docx", "html": tmp_path / "seed.html"}
    out["text"].write_bytes(SEED.read_bytes())
    out["docx"].write_bytes(docx_report(tables, title, paragraphs))
    out["html"].write_bytes(html_report(tables, title, paragraphs))
    return out


def _reading(path: Path):
    result = check([path])
    (unit,) = result.units
    findings = sorted((f.code, f.table or "", f.row or "", f.column or "") for f in result.findings)
    return unit, findings


def test_the_seed_as_text(tmp_path):
    unit, findings = _reading(_as_documents(tmp_path)["text"])
    assert (unit.name, unit.year) == ("济宁市工业和信息化局", 2021)
    active = {k[1:]: v for k, v in unit.values.items() if k[0] == "active"}
    assert active == {("regulations", "issued"): 0, ("regulations", "repealed"): 0, ("regulations", "in_force"): 0,
                      ("normative_documents", "issued"): 7, ("normative_documents", "repealed"): 0,
                      ("normative_documents", "in_force"): 9, ("licensing", "decisions"): 0,
                      ("penalty", "decisions"): 0}
    assert all(v == 0 for k, v in unit.values.items() if k[0] in ("applications", "reviews"))
    assert len([k for k in unit.values if k[0] == "reviews"]) == 15
    assert {k[1] for k in unit.values if k[0] == "applications"} == {"results_total", "carried_out"}
    # Table 二 lost two rows in the scrape, table 三 its header and 23 rows: said, and read as far as it stands.
    assert findings == [("E002", "active", "", ""), ("E002", "active", "", ""),
                        ("E002", "applications", "", ""), ("E002", "applications", "", ""),
                        ("W109", "applications", "", "")]


def test_the_seed_reads_the_same_as_text_word_and_web_page(tmp_path):
    paths = _as_documents(tmp_path)
    readings = {kind: _reading(path) for kind, path in paths.items()}
    text_unit, text_findings = readings["text"]
    for kind in ("docx", "html"):
        unit, findings = readings[kind]
        assert (unit.name, unit.year) == (text_unit.name, text_unit.year), kind
        assert unit.values == text_unit.values, kind
        assert findings == text_findings, kind
