"""Files that are not workbooks give E003 with a reason a clerk can act on, never a traceback."""

import io
import zipfile

import pytest
from builders import build

from disclosure_cli.pipeline import check


def e003(path):
    result = check([path])
    (unit,) = result.units
    (f,) = unit.findings
    assert f.code == "E003" and f.source == str(path) and f.cell is None
    return f.message("en")


@pytest.mark.parametrize("name, data, words", [
    ("empty.xlsx", b"", "empty"),
    ("page.xls", b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n", "MHTML"),
    ("notes.docx", b"{\\rtf1\\ansi some text}", "RTF or ODT"),
    ("scan.xlsx", b"%PDF-1.4\n...", "truncated"),  # a PDF cut short (no %%EOF), whatever its name
    ("x.xlsx", b"\x00\x01\x02\x03garbage" * 10, "not recognised"),
])
def test_not_a_workbook(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    assert words in e003(path)


def test_truncated_xlsx(tmp_path, values):
    good = tmp_path / "good.xlsx"
    build(good, values)
    data = good.read_bytes()
    bad = tmp_path / "2021.xlsx"
    bad.write_bytes(data[: len(data) // 2])
    assert "truncated" in e003(bad)


def test_a_broken_word_document(tmp_path):
    """A zip with a Word body but no valid package around it: E003 with the reason, not a crash."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    path = tmp_path / "report.xlsx"
    path.write_bytes(buf.getvalue())
    assert "cannot be parsed" in e003(path) or "not a Word document" in e003(path)


def test_batch_goes_on_after_a_bad_file(tmp_path, values):
    (tmp_path / "a.xlsx").write_bytes(b"")
    build(tmp_path / "b.xlsx", values, unit="乙")
    result = check([tmp_path / "a.xlsx", tmp_path / "b.xlsx"])
    assert [(u.name, u.status) for u in result.units] == [("a", "error"), ("乙", "ok")]
