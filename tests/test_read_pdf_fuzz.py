"""Property: any mutation of a valid PDF gives a Document or Unreadable, quickly."""

from __future__ import annotations

import re
import time

import pdfsamples as samples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_cli.inputs.book import Unreadable
from disclosure_cli.inputs.document import Document
from disclosure_cli.inputs.pdf import REASONS, read_pdf

BASES = [samples.small(), samples.small(compress=True), samples.encrypted("")]
_NUMBER = re.compile(rb"-?\d+(?:\.\d+)?")
# Numbers that tend to break parsers: lengths, counts, offsets, font sizes, widths.
_WEIRD = [b"0", b"-1", b"1", b"99999999", b"2147483648", b"1e308", b"0.0001", b"-99999"]

Mutation = tuple[str, int, bytes]
mutations = st.lists(
    st.one_of(
        st.tuples(st.just("flip"), st.integers(0, 1 << 20), st.binary(min_size=1, max_size=1)),
        st.tuples(st.just("delete"), st.integers(0, 1 << 20), st.binary(min_size=1, max_size=64)),
        st.tuples(st.just("insert"), st.integers(0, 1 << 20), st.binary(min_size=1, max_size=16)),
        st.tuples(st.just("token"), st.integers(0, 1 << 20), st.sampled_from([b"[", b"<<", b"(", b"stream", b"%"])),
        st.tuples(st.just("number"), st.integers(0, 1 << 20), st.sampled_from(_WEIRD)),
        st.tuples(st.just("truncate"), st.integers(0, 1 << 20), st.just(b"")),
    ),
    min_size=1,
    max_size=4,
)


def mutate(data: bytes, ops: list[Mutation]) -> bytes:
    buf = bytearray(data)
    for op, pos, arg in ops:
        at = pos % (len(buf) + 1)
        if op == "flip" and buf:
            buf[at % len(buf)] = arg[0]
        elif op == "delete":
            del buf[at : at + len(arg)]  # arg's length is the count
        elif op in ("insert", "token"):
            buf[at:at] = arg
        elif op == "number":
            found = list(_NUMBER.finditer(buf))
            if found:
                m = found[pos % len(found)]
                buf[m.start() : m.end()] = arg
        elif op == "truncate":
            del buf[at:]
    return bytes(buf)


@settings(derandomize=True, max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=st.sampled_from(range(len(BASES))), ops=mutations)
def test_mutated_pdfs_give_document_or_unreadable(base: int, ops: list[Mutation]) -> None:
    data = mutate(BASES[base], ops)
    start = time.perf_counter()
    try:
        doc = read_pdf(data)
    except Unreadable as err:
        assert err.reason in REASONS
    else:
        assert isinstance(doc, Document) and doc.kind == "pdf"
        assert [b.index for b in doc.blocks] == list(range(len(doc.blocks)))
    assert time.perf_counter() - start < 3.0
