"""A published report as a PDF with a text layer is read like its Word version: the same units, values and
findings; a scan (no text layer) is E003 saying so, never an empty result."""

from __future__ import annotations

import pdfsamples
from builders import consistent_values
from documents import docx_report, official_tables, pdf_report

from disclosure_cli.pipeline import check

TITLE = "某市交通运输局2021年政府信息公开工作年度报告"


def test_a_pdf_report_reads_as_its_word_version(tmp_path):
    values = consistent_values(7)
    values[("applications", "received", "natural_person")] += 1  # one broken total: the same E201 in both
    tables = official_tables(values)
    (tmp_path / "r.pdf").write_bytes(pdf_report(tables, TITLE, ("一、总体情况", "本年度工作正常开展。")))
    (tmp_path / "r.docx").write_bytes(docx_report(tables, TITLE, ("一、总体情况", "本年度工作正常开展。")))
    pdf, word = check([tmp_path / "r.pdf"]), check([tmp_path / "r.docx"])
    assert [(u.name, u.year) for u in pdf.units] == [("某市交通运输局", 2021)]
    assert pdf.units[0].values == word.units[0].values
    assert sorted((f.code, f.table, f.row, f.column) for f in pdf.findings) == \
        sorted((f.code, f.table, f.row, f.column) for f in word.findings)
    assert [f.code for f in pdf.findings].count("E201") >= 1
    cell = next(f for f in pdf.findings if f.code == "E201")
    assert cell.sheet and cell.sheet.startswith("T") and cell.place("en").startswith("table ")


def test_a_scanned_pdf_is_e003_saying_so(tmp_path):
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(pdfsamples.image_only(pages=2))
    (f,) = check([path]).findings
    assert f.code == "E003" and "no text layer" in f.message("en") and "2 page(s)" in f.message("en")
    assert "没有文字层" in f.message("zh")
