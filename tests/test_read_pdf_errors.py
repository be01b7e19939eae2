"""Every Unreadable reason, the limits, and the promise of no other exception."""

from __future__ import annotations

import random
import time
from typing import Any

import pdfsamples as samples
import pytest

import disclosure_cli.inputs.pdf as pdfmod
from disclosure_cli.inputs.book import Unreadable
from disclosure_cli.inputs.document import Document, Paragraph
from disclosure_cli.inputs.pdf import REASONS, Limits, read_pdf
from pdfmaker import PdfMaker


def reason_of(data: bytes, **limits: Any) -> Unreadable:
    with pytest.raises(Unreadable) as info:
        read_pdf(data, limits=Limits(**limits))
    assert info.value.reason in REASONS
    return info.value


def test_every_reason_is_worded_for_e003() -> None:
    from disclosure_cli.messages.reasons import REASONS as WORDED

    assert REASONS <= set(WORDED)


@pytest.mark.parametrize("data", [b"", b"   \r\n\t "])
def test_empty(data: bytes) -> None:
    assert reason_of(data).reason == "empty"


def test_no_pages_is_empty() -> None:
    err = reason_of(PdfMaker().build())
    assert (err.reason, err.params) == ("empty", {"detail": "no pages"})


def test_random_bytes_are_parse() -> None:
    rng = random.Random(7)
    for _ in range(20):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4096)))
        assert reason_of(data).reason == "parse"


def test_header_after_junk() -> None:
    data = samples.small()
    assert isinstance(read_pdf(b"\x00junk" * 100 + data), Document)  # 500 bytes: allowed
    assert reason_of(b"x" * 2000 + data).reason == "parse"


@pytest.mark.parametrize("keep", [0.2, 0.5, 0.9, 0.99])
def test_truncated(keep: float) -> None:
    data = samples.report()
    err = reason_of(data[: int(len(data) * keep)])
    assert err.reason == "truncated"


def test_garbage_with_header_and_eof_is_parse() -> None:
    assert reason_of(b"%PDF-1.7\nthis is not a pdf\n%%EOF\n").reason == "parse"


def test_400_pages_too_large_fast() -> None:
    data = samples.many_pages(400)
    start = time.perf_counter()
    err = reason_of(data)
    elapsed = time.perf_counter() - start
    assert (err.reason, err.params["detail"], err.params["limit"]) == ("too_large", "pages", 300)
    assert elapsed < 2.0, elapsed


def test_300_pages_are_read() -> None:
    doc = read_pdf(samples.many_pages(300))
    assert len(doc.blocks) == 300 and doc.blocks[-1].page == 300


def test_too_many_bytes() -> None:
    err = reason_of(b"%PDF-1.7\n" + b"\x00" * (64 * 1024 * 1024))
    assert (err.reason, err.params["detail"]) == ("too_large", "bytes")
    assert reason_of(samples.small(), max_bytes=100).params["actual"] == len(samples.small())


def test_too_many_tables() -> None:
    err = reason_of(samples.report(), max_tables=3)
    assert (err.reason, err.params["detail"], err.params["limit"]) == ("too_large", "tables", 3)
    assert isinstance(read_pdf(samples.report(), limits=Limits(max_tables=4)), Document)


def test_page_content_limit() -> None:
    err = reason_of(samples.report(), max_page_content=1000)
    assert (err.reason, err.params["detail"], err.params["page"]) == ("too_large", "page_content", 1)


def test_timeout() -> None:
    err = reason_of(samples.report(), max_seconds=0.0)
    assert err.reason == "timeout" and err.params["limit"] == 0.0


def test_encrypted_with_user_password() -> None:
    err = reason_of(samples.encrypted("user"))
    assert (err.reason, err.params) == ("encrypted", {"detail": "password required"})


def test_owner_password_only_is_read() -> None:
    # Opens with the empty user password; the 'no copying' permission bit is not enforced.
    doc = read_pdf(samples.encrypted(""))
    assert doc.title == "加密样本"
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == [samples.H1, samples.SENTENCE]
    assert len(doc.blocks) == 2


def test_unsupported_encryption_is_encrypted() -> None:
    data = samples.encrypted("user").replace(b"/Filter /Standard", b"/Filter /Adobe.PubSec")
    assert reason_of(data).reason == "encrypted"


def test_scanned_pages() -> None:
    err = reason_of(samples.image_only())
    assert (err.reason, err.params) == ("scanned", {"pages": 2, "chars": 1})


def test_blank_page_is_scanned() -> None:
    maker = PdfMaker()
    maker.page()
    assert reason_of(maker.build()).reason == "scanned"


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (MemoryError(), "too_large"),
        (RecursionError("maximum recursion depth exceeded"), "parse"),
        (ValueError("bad"), "parse"),
        (KeyError("R"), "parse"),
    ],
)
def test_internal_errors_are_wrapped(monkeypatch: pytest.MonkeyPatch, error: Exception, reason: str) -> None:
    def boom(*_: object) -> Document:
        raise error

    monkeypatch.setattr(pdfmod, "_read", boom)
    err = reason_of(samples.small())
    assert err.reason == reason and err.__cause__ is error


def test_deeply_nested_object_is_parse() -> None:
    # pdfplumber resolves a page's MediaBox recursively; nesting blows the stack.
    data = samples.small()
    nested = b"[" * 100_000 + b"0 0 595 842" + b"]" * 100_000
    mutated = data.replace(b"/MediaBox [0 0 595 842]", b"/MediaBox " + nested)
    assert reason_of(mutated).reason == "parse"


def test_total_content_limit() -> None:
    err = reason_of(samples.report(), max_total_content=6000)
    assert (err.reason, err.params["detail"]) == ("too_large", "content")


def test_timeout_is_checked_between_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [0.0]
    read_page = pdfmod._read_page
    processed: list[int] = []

    def slow_page(page: Any, limits: Limits, tally: Any) -> None:
        processed.append(page.page_number)
        read_page(page, limits, tally)
        clock[0] += 12.0  # each page "takes" 12 s of a 20 s budget

    monkeypatch.setattr(pdfmod.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(pdfmod, "_read_page", slow_page)
    err = reason_of(samples.report())
    assert (err.reason, err.params) == ("timeout", {"limit": 20.0, "page": 3})
    assert processed == [1, 2]
