"""One inflation of each part: what the preflight inflated and checked reaches calamine stored, byte for byte,
every other part as it was compressed; the repacked zip is the same zip to any reader."""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

from builders import build, consistent_values
from hostile import cells_xml, minimal_xlsx, sheet_xml

from disclosure_cli.inputs import calamine
from disclosure_cli.inputs.memzip import MemoryZip, PartsCache
from disclosure_cli.read import read_input


def _repacked(data: bytes, names: list[str]) -> tuple[MemoryZip, zipfile.ZipFile]:
    zf = MemoryZip(data, PartsCache())
    for name in names:
        zf.read(name)
    return zf, zipfile.ZipFile(io.BytesIO(zf.repacked()))


def test_inflated_parts_are_stored_the_rest_keep_their_compressed_bytes():
    data = minimal_xlsx(sheet_xml(cells_xml({1: {"A": "单位名称", "B": "某局"}, 2: {"A": 3}})),
                        extra=(("xl/media/image1.png", b"\x89PNG" + bytes(range(256)) * 8),))
    zf, out = _repacked(data, ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
    before, after = zf.infolist(), out.infolist()
    assert [i.filename for i in after] == [i.filename for i in before]
    assert [(i.CRC, i.file_size) for i in after] == [(i.CRC, i.file_size) for i in before]
    methods = {i.filename: i.compress_type for i in after}
    assert methods["xl/worksheets/sheet1.xml"] == methods["xl/workbook.xml"] == zipfile.ZIP_STORED
    assert methods["xl/media/image1.png"] == methods["[Content_Types].xml"] == zipfile.ZIP_DEFLATED
    assert all(out.read(i) == zf.read(i.filename) for i in after)  # CRCs checked by zipfile as it reads
    assert out.testzip() is None


def test_a_name_given_twice_is_passed_on_twice_in_its_order():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name
        z.writestr("a.xml", b"<first/>")
        z.writestr("a.xml", b"<second/>")
    zf, out = _repacked(buf.getvalue(), [])
    for info in zf.infolist():
        zf.read(info)
    assert [out.open(i).read() for i in out.infolist()] == [b"<first/>", b"<second/>"]


def test_a_workbook_reads_the_same_through_the_repacked_zip(tmp_path: Path, monkeypatch):
    path = tmp_path / "2021.xlsx"
    build(path, consistent_values(7))
    units = read_input(path)
    handed: list[bytes] = []
    real = calamine._open_and_read
    monkeypatch.setattr(calamine, "_open_and_read", lambda data, *a: handed.append(data) or real(data, *a))
    again = read_input(path)
    assert [u.values for u in again] == [u.values for u in units] and units[0].values
    sheets = {i.filename: i.compress_type for i in zipfile.ZipFile(io.BytesIO(handed[0])).infolist()}
    assert sheets["xl/worksheets/sheet1.xml"] == zipfile.ZIP_STORED  # calamine does not inflate it again
    assert path.read_bytes() != handed[0]  # and the input itself is untouched


def test_names_keep_their_bytes_and_flags_ascii_utf8_and_cp437():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/a.xml", b"<a/>")
        z.writestr("xl/media/图一.png", b"png")  # zipfile sets flag 11 (UTF-8) for it
    data = bytearray(buf.getvalue())
    # A name written by an old archiver: a cp437 byte, no UTF-8 flag (é is 0x82 in cp437).
    data = bytes(data).replace(b"xl/a.xml", b"xl/\x82.xml")
    zf, out = _repacked(data, ["xl/\xe9.xml", "xl/media/图一.png"])
    assert [i.filename for i in out.infolist()] == ["xl/\xe9.xml", "xl/media/图一.png"]
    assert [i.flag_bits & 0x800 for i in out.infolist()] == [0, 0x800]
    assert out.read("xl/\xe9.xml") == b"<a/>" and out.testzip() is None
    raw = zf.repacked()
    assert b"xl/\x82.xml" in raw and "xl/media/图一.png".encode() in raw
