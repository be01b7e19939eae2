"""Zips written record by record (base.ziprecords): the documents the tool writes are dated afresh with
their parts passed on as they were compressed, and come out as the bytes zipfile re-compressing every
part gave (the reference below is that former way, kept here to compare against)."""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest

from disclosure_cli.base import xlsxzip
from disclosure_cli.base.xlsxzip import _STAMP, deterministic, fixed_time
from disclosure_cli.base.ziprecords import UTF8, ZipRecords, dos_time, encoded_name, part_offset

CORE = (b'<cp:coreProperties><dcterms:created xsi:type="dcterms:W3CDTF">2026-12-01T10:11:12Z</dcterms:created>'
        b'<dcterms:modified xsi:type="dcterms:W3CDTF">2026-12-01T10:11:12Z</dcterms:modified></cp:coreProperties>')


def recompressed(data: bytes) -> bytes:
    """How deterministic() used to work: every part inflated and deflated again by zipfile."""
    when = fixed_time()
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            member.create_system = 0
            if info.filename == "docProps/core.xml":
                dst.writestr(member, _STAMP.sub(lambda m: m.group(1) + stamp + m.group(3), src.read(info)))
                continue
            with src.open(info) as body, dst.open(member, "w") as copy:
                shutil.copyfileobj(body, copy, 1 << 20)
    return out.getvalue()


def document(parts: dict[str, bytes], stored: tuple[str, ...] = ()) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(name, body, zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED)
    return buf.getvalue()


PARTS = {"[Content_Types].xml": b"<Types/>" * 50, "docProps/core.xml": CORE,
         "xl/worksheets/sheet1.xml": b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i)
                                              for i in range(1, 5000)),
         "xl/media/image1.png": bytes(range(256)) * 40, "xl/单位.xml": "<单位/>".encode()}


@pytest.mark.parametrize("epoch", [None, "1700000000"])
def test_a_document_is_dated_afresh_the_bytes_recompressing_gave(monkeypatch, epoch):
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    data = document(PARTS, stored=("xl/media/image1.png",))
    fixed = deterministic(data)
    assert fixed == recompressed(data)
    with zipfile.ZipFile(io.BytesIO(fixed)) as z:
        assert z.testzip() is None
        assert [i.filename for i in z.infolist()] == list(PARTS)
        assert {i.date_time for i in z.infolist()} == {fixed_time().timetuple()[:6]}
        assert all(i.compress_type == zipfile.ZIP_DEFLATED and i.external_attr == 0o600 << 16
                   for i in z.infolist())
        stamp = fixed_time().strftime("%Y-%m-%dT%H:%M:%SZ").encode()
        assert z.read("docProps/core.xml").count(stamp) == 2 and b"2026-12-01" not in z.read("docProps/core.xml")
        assert z.read("xl/worksheets/sheet1.xml") == PARTS["xl/worksheets/sheet1.xml"]
        assert z.getinfo("xl/单位.xml").flag_bits & UTF8


def test_a_deflated_part_is_passed_on_not_deflated_again(monkeypatch):
    calls = []
    real = xlsxzip._deflated
    monkeypatch.setattr(xlsxzip, "_deflated", lambda body: calls.append(len(body)) or real(body))
    data = document(PARTS, stored=("xl/media/image1.png",))
    deterministic(data)
    assert sorted(calls) == sorted([len(CORE), len(PARTS["xl/media/image1.png"])])  # the dated and the stored


def test_records_read_back_as_written():
    out = ZipRecords((2024, 2, 29, 13, 45, 58))
    for name, body in (("a.xml", b"<a/>" * 100), ("名.txt", "中文".encode())):
        raw, flags = encoded_name(name)
        out.add(raw, flags, zipfile.ZIP_STORED, body, zipfile.crc32(body), len(body))
    data = out.bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None and z.namelist() == ["a.xml", "名.txt"]
        assert z.read("名.txt") == "中文".encode() and z.getinfo("a.xml").date_time == (2024, 2, 29, 13, 45, 58)
        assert part_offset(data, z.getinfo("a.xml")) == 30 + len("a.xml")
    assert dos_time((1980, 1, 1, 0, 0, 0)) == (0, 33)
    cut = zipfile.ZipInfo("x")
    cut.header_offset = 0
    assert part_offset(b"PK\x03\x04", cut) is None  # a header cut short
    cut.header_offset = -5
    assert part_offset(data, cut) is None  # an offset before the archive
