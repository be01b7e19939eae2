"""Read .txt reports (tab-separated table lines among prose) and .csv files into blocks."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from .decoding import decode_bom, try_decode
from .doclimits import MAX_TEXT_BYTES, MAX_TEXT_LINES, TableBudget, too_large
from .document import Block, Document, Paragraph, TableBlock, Unreadable, shielded

# Only ASCII whitespace is trimmed: no-break and full-width spaces are content that the
# project normalises later, like the HTML reader keeps them.
_ASCII_WS = " \t\r\n\f\v"
_DELIMITED_SUFFIXES = (".csv", ".tsv")
# csv.Sniffer's regexes backtrack heavily, so it only ever sees a small sample.
_SNIFF_LINES = 20
_SNIFF_CHARS = 4096
_DELIMITERS = ",\t;"


@shielded
def read_text(data: bytes, name: str = "") -> Document:
    """Read a text export; ``name`` ending in .csv/.tsv selects delimited mode.

    Raises Unreadable: ``empty``, ``too_large``, ``encoding``, or ``parse`` (binary data or
    malformed CSV).
    """
    if len(data) > MAX_TEXT_BYTES:
        raise too_large(f"{len(data):,} bytes (limit {MAX_TEXT_BYTES:,})")
    text, encoding = _decode(data)
    if not text.strip():
        raise Unreadable("empty", detail="no text")
    # Editors count only \n, \r\n and \r as line ends; str.splitlines would also split on
    # form feeds and U+2028 and so disagree with the line numbers a person sees.
    text = text.replace("\r\n", "\n").replace("\r", "\n").removesuffix("\n")
    # Counted before splitting: 32 MiB of newlines would be a list of 33 million lines.
    count = text.count("\n") + 1
    if count > MAX_TEXT_LINES:
        raise too_large(f"{count:,} lines (limit {MAX_TEXT_LINES:,})")
    lines = text.split("\n")
    if name.lower().endswith(_DELIMITED_SUFFIXES):
        blocks: list[Block] = _delimited(lines)
    else:
        blocks = _report(lines)
    return Document(kind="text", blocks=blocks, encoding=encoding)


def _decode(data: bytes) -> tuple[str, str]:
    """BOM, else strict UTF-8, else GB18030; NUL characters mean binary data."""
    found = decode_bom(data)
    if found is None:
        # Checked on the bytes first so that binary files fail as binary, not as encoding.
        if b"\x00" in data:
            raise _binary()
        for encoding in ("utf-8", "gb18030"):
            text = try_decode(data, encoding)
            if text is not None:
                found = text, encoding
                break
        else:
            raise Unreadable("encoding", detail="neither UTF-8 nor GB18030 (GBK)")
    if "\x00" in found[0]:
        raise _binary()
    return found


def _binary() -> Unreadable:
    return Unreadable("parse", detail="binary data (NUL bytes), not text", short="binary")


def _cells(values: Iterable[str]) -> list[str]:
    return [value.strip(_ASCII_WS) for value in values]


def _table(
    number: int, index: int, rows: list[tuple[int, list[str]]], budget: TableBudget
) -> TableBlock:
    """Pad rows to the widest and make the block; ``rows`` pairs a source line with cells."""
    width = max(len(cells) for _, cells in rows)
    budget.add(len(rows), width)
    grid = [cells + [""] * (width - len(cells)) for _, cells in rows]
    return TableBlock(
        index=index, number=number, grid=grid, merges=[], lines=[no for no, _ in rows]
    )


def _report(lines: list[str]) -> list[Block]:
    """Prose lines become paragraphs; runs of tab-separated lines become tables.

    One blank line inside a run is kept in it (scraped tables are often double-spaced);
    two blank lines, or a line of prose, end it. A line of nothing but whitespace (tabs
    included) is blank: scrapers emit such lines as spacers, and they carry no cells.
    """
    blocks: list[Block] = []
    budget = TableBudget()
    run: list[tuple[int, list[str]]] = []
    tables = 0

    def close_run() -> None:
        nonlocal tables
        if run:
            tables += 1
            blocks.append(_table(tables, len(blocks), run.copy(), budget))
            run.clear()

    blank_streak = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            blank_streak += 1
            if blank_streak >= 2:
                close_run()
            continue
        blank_streak = 0
        if "\t" in line:
            run.append((number, _cells(line.split("\t"))))
        else:
            close_run()
            blocks.append(Paragraph(index=len(blocks), text=line.strip(_ASCII_WS), line=number))
    close_run()
    return blocks


def _sniff(lines: list[str]) -> str:
    """csv.Sniffer's delimiter among comma, tab and semicolon.

    The sniffer insists that every sample line agrees, which ragged exports defeat; then
    the candidate present on the most lines wins (ties in the order , tab ;), and ',' if
    none is present.
    """
    try:
        return (
            csv.Sniffer().sniff("\n".join(lines)[:_SNIFF_CHARS], delimiters=_DELIMITERS).delimiter
        )
    except csv.Error:
        counts = {candidate: sum(candidate in line for line in lines) for candidate in _DELIMITERS}
        best = max(counts, key=lambda candidate: counts[candidate])
        return best if counts[best] else ","


def _delimited(lines: list[str]) -> list[Block]:
    """The whole file is one table; the delimiter is sniffed among comma, tab and semicolon."""
    delimiter = _sniff(lines[:_SNIFF_LINES])
    # Only the delimiter is taken from the sniffer: its guesses about quoting are unreliable
    # on a few lines, and the standard double-quote convention is what spreadsheets write.
    reader = csv.reader((line + "\n" for line in lines), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    previous_end = 0
    try:
        for record in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if record:  # csv yields [] for a blank line
                rows.append((start, _cells(record)))
    except csv.Error as exc:
        raise Unreadable("parse", detail=f"CSV line {reader.line_num}: {exc}", short="csv") from exc
    return [_table(1, 0, rows, TableBudget())]
