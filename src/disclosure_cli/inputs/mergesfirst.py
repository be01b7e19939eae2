"""A sheet part handed to calamine with its merged ranges copied ahead of the cells: one pass over its XML, not two.

python-calamine reads a sheet's merged ranges with a second XML pass of its own (calamine's
`merge_cells_by_sheet_name`): from the part's first byte to the first <mergeCells>, which Excel, WPS
and openpyxl write after the cells, so every sheet was tokenised twice (75 of 217 us for a form's
sheet). A copy of the <mergeCells> element placed just before <sheetData> ends that pass at once.

What calamine then reads is exactly what it read before, or the part was refused before as after.
The cells: the reader of the cells passes over the copy (it looks for <dimension> and <sheetData>
only, and the copy holds neither) and stops at </sheetData>, before anything else changed. The merges:
calamine's second pass stops at the first element named mergeCells, which is the copy, whose tags are
read as they were where they stood. The copy is made only when that can be proved from the bytes,
with quick-xml's own rules (tests/test_mergesfirst.py reads every case both ways):
- no comment, CDATA section, DOCTYPE or processing instruction but the declaration (`<!`, `<?`), so a
  '<' begins a tag unless it stands in an attribute's quotes (quick-xml reads those leniently);
- `sheetData` is spelled nowhere before `<sheetData>` nor among the cells but in the one `</sheetData>`,
  and `mergeCells` nowhere before the last `<mergeCells` nor inside it but in its `</mergeCells>`: the
  first element of each name is the one found, in the original as in the copy;
- what comes before `<sheetData>`, and the copied element, are tags whose quotes close inside them
  (quick-xml ends a tag at the first '>' outside quotes: where these end is where it ends them), and
  the copy holds only <mergeCell> tags; between </sheetData> and <mergeCells stand only empty tags, so
  the first pass met there nothing that could fail (an end tag with nothing open fails it).
The cells' own bytes are read in both passes in the same state, so they fail or pass both alike; what
follows the original element is read by neither reading."""

from __future__ import annotations

import re
from functools import lru_cache

# A tag whose quoted values close inside it: attribute text with neither '<' nor '>' in quotes.
_BODY = rb"""[^<>"']*+(?:(?:"[^"<>]*+"|'[^'<>]*+')[^<>"']*+)*+"""
# Text and tags (start, end or empty), each ending where quick-xml ends it.
_TOKENS = re.compile(rb"(?:[^<]++|</?[A-Za-z_]" + _BODY + rb">)*+")
_EMPTY_TAGS = re.compile(rb"(?:\s++|<[A-Za-z_]" + _BODY + rb"(?<=/)>)*+")
_MERGES = re.compile(rb"<mergeCells\b" + _BODY + rb"(?<!/)>(?:\s*+<mergeCell\b" + _BODY
                     + rb">(?:\s*+</mergeCell>)?)*+\s*+</mergeCells>")
_END = b"</mergeCells>"


def merges_first(xml: bytes) -> bytes | None:
    """The part with its <mergeCells> element copied just before <sheetData>, or None when it has none
    or the copy could read otherwise than the original (then calamine gets the part as it was)."""
    start = xml.find(b"<sheetData>")
    if start < 0 or xml.find(b"sheetData", 0, start + 10) != start + 1:
        return None
    merges = xml.rfind(b"<mergeCells")
    end = xml.rfind(b"</sheetData>", start, merges)
    if merges < 0 or end < 0:
        return None
    stop = xml.find(_END, merges)
    if stop < 0:
        return None
    stop += len(_END)
    head = _declaration_end(xml)
    if head is None or _marked_up(xml, head):
        return None
    # Each name once: nothing in the cells spells either, nothing before the element spells mergeCells.
    if xml.find(b"sheetData", start + 10, end) >= 0 or xml.find(b"mergeCells", 0, merges) >= 0 \
            or xml.find(b"mergeCells", merges + 11, stop - len(_END)) >= 0:
        return None
    if not (_clean(xml[head:start]) and _EMPTY_TAGS.fullmatch(xml, end + 12, merges)
            and _merges_clean(xml[merges:stop])):
        return None
    return b"".join((xml[:start], xml[merges:stop], xml[start:]))


def _declaration_end(xml: bytes) -> int | None:
    """Where the XML declaration ends (0 without one); None if its end is not the first '>'."""
    if not xml.startswith(b"<?"):
        return 0
    gt = xml.find(b">")
    return gt + 1 if gt > 0 and xml[gt - 1:gt] == b"?" and xml.find(b"<", 1, gt) < 0 else None


def _marked_up(xml: bytes, head: int) -> bool:
    """A comment, CDATA section, DOCTYPE or processing instruction after the declaration. A byte search
    first: '!' and '?' are rare in a sheet, and two-byte needles starting '<' search slowly."""
    return (xml.find(b"!") >= 0 and b"<!" in xml) or (xml.find(b"?", head) >= 0 and xml.find(b"<?", head) >= 0)


def _clean(head: bytes) -> bool:
    return _remembered(_TOKENS, head)


def _merges_clean(block: bytes) -> bool:
    return _remembered(_MERGES, block)


def _remembered(pattern: re.Pattern, part: bytes) -> bool:
    """Whether the pattern matches the whole part; remembered for short parts, which a form's copies share."""
    return _matches(pattern, part) if len(part) <= _REMEMBER else pattern.fullmatch(part) is not None


_REMEMBER = 8192


@lru_cache(maxsize=512)
def _matches(pattern: re.Pattern, part: bytes) -> bool:
    return pattern.fullmatch(part) is not None
