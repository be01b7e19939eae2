"""Fuzzing the reader: mutated bytes of valid workbooks never raise, they end in findings."""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path

from builders import build, consistent_values
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_cli.model.unit import Unit
from disclosure_cli.pipeline import read_checked as read_workbook

SHEET = "xl/worksheets/sheet1.xml"


@functools.cache
def valid_xlsx() -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "2021.xlsx"
        build(path, consistent_values(11))
        return path.read_bytes()


@functools.cache
def valid_sheet() -> bytes:
    return zipfile.ZipFile(io.BytesIO(valid_xlsx())).read(SHEET)


def _rezip(sheet: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(valid_xlsx()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, sheet if info.filename == SHEET else src.read(info))
    return buf.getvalue()


def _assert_reads(data: bytes) -> None:
    units = read_workbook(Path("2021.xlsx"), data=data)
    assert units and all(isinstance(u, Unit) for u in units)
    for u in units:
        for f in u.findings:
            assert f.message("zh") and f.message("en")


mutations = st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)),
                     min_size=1, max_size=8)
# derandomize: the same examples on every run (CI is a regression check; benchmarks/fuzz.py explores).
FUZZ = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(mutations, st.one_of(st.none(), st.integers(min_value=0)))
def test_mutated_zip_bytes(changes, cut):
    data = bytearray(valid_xlsx())
    for pos, byte in changes:
        data[pos % len(data)] = byte
    if cut is not None:
        data = data[:cut % len(data)]
    _assert_reads(bytes(data))


@FUZZ
@given(mutations, st.sampled_from([b"", b"<", b">", b'"', b"&", b'r="XFD1048576"', b"<c>", b"<row>", b"</c>",
                                   b'<!DOCTYPE x [<!ENTITY a "b">]>', b"\x01", b"\xff", b't="e"', b"<f>1</f>"]))
def test_mutated_sheet_xml(changes, insert):
    """Mutations inside the inflated sheet XML reach the XML parsers, not just the zip layer."""
    xml = bytearray(valid_sheet())
    for pos, byte in changes:
        xml[pos % len(xml)] = byte
    at = changes[0][0] % len(xml)
    xml[at:at] = insert
    _assert_reads(_rezip(bytes(xml)))


def test_cli_exit_codes_on_mutated_files(tmp_path):
    import random

    from click.testing import CliRunner

    from disclosure_cli.cli import cli

    rnd = random.Random(5)
    base = valid_xlsx()
    for i in range(12):
        data = bytearray(base)
        for _ in range(rnd.randint(1, 6)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        (tmp_path / f"m{i}-2021.xlsx").write_bytes(bytes(data))
    res = CliRunner().invoke(cli, ["check", str(tmp_path), "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    assert not isinstance(res.exception, Exception) or isinstance(res.exception, SystemExit)
