"""The test PDF writer itself: its output must be what pdfplumber/pdfminer read back."""

from __future__ import annotations

import io

import pdfplumber
import pdfsamples as samples
import pytest
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from pdfmaker import PdfMaker, wrap


def test_type0_text_and_metadata_round_trip() -> None:
    maker = PdfMaker(title="标题 Title")
    maker.page().text(72, 72, "汉字abc，１２３", 12)
    with pdfplumber.open(io.BytesIO(maker.build())) as pdf:
        assert pdf.metadata["Title"] == "标题 Title"
        page = pdf.pages[0]
        assert "".join(c["text"] for c in page.chars) == "汉字abc，１２３"
        # Glyph boxes are where the writer put them (top-down coordinates).
        first = page.chars[0]
        assert first["x0"] == pytest.approx(72) and first["top"] == pytest.approx(72)
        assert first["x1"] == pytest.approx(84)  # full-width glyph, 12 pt


def test_pages_and_ruled_table_geometry() -> None:
    with pdfplumber.open(io.BytesIO(samples.report())) as pdf:
        assert len(pdf.pages) == 3
        tables = pdf.pages[0].find_tables()
        assert len(tables) == 1 and len(tables[0].cells) == 12
        assert pdf.pages[0].lines and pdf.pages[0].rects  # both 'l' segments and an 're' border
        # pdfplumber marks merge-covered positions with None.
        assert pdf.pages[1].find_tables()[0].extract()[1][:2] == [None, None]


def test_compressed_variant_reads_the_same() -> None:
    with pdfplumber.open(io.BytesIO(samples.report(compress=True))) as a:
        with pdfplumber.open(io.BytesIO(samples.report())) as b:
            assert a.pages[2].extract_text() == b.pages[2].extract_text()


def test_encryption_user_password_is_required() -> None:
    with pytest.raises(PdfminerException) as info:
        pdfplumber.open(io.BytesIO(samples.encrypted("user")))
    assert isinstance(info.value.args[0], PDFPasswordIncorrect)
    with pdfplumber.open(io.BytesIO(samples.encrypted("user")), password="user") as pdf:
        assert "总体情况" in pdf.pages[0].extract_text()


def test_encryption_owner_only_opens_without_password() -> None:
    data = samples.encrypted("")
    # The ToUnicode CMap entry for 总 is readable in a plain file, not in an encrypted one.
    entry = b"<" + "总".encode("utf-16-be").hex().upper().encode() + b">"
    assert entry in samples.small() and entry not in data and b"/Encrypt" in data
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert pdf.metadata["Title"] == "加密样本"  # strings are decrypted too
        assert "总体情况" in pdf.pages[0].extract_text()


def test_wrap_breaks_by_width() -> None:
    assert wrap("一二三四五", 24, 12) == ["一二", "三四", "五"]
    assert wrap("一二三四五", 36, 12, indent=24) == ["一", "二三四", "五"]
