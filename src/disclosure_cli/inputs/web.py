"""Read saved web pages (.html/.htm) into paragraphs and rowspan/colspan-expanded tables."""

from __future__ import annotations

import codecs
import warnings
from html.parser import HTMLParser

from bs4 import BeautifulSoup, ParserRejectedMarkup, UnusualUsageWarning
from bs4.element import Tag

from .decoding import decode_bom, try_decode
from .doclimits import (
    MAX_CELLS,
    MAX_HTML_BYTES,
    MAX_HTML_DEPTH,
    too_large,
)
from .document import Document, Unreadable, shielded
from .webwalk import Walker, collapse

_PRESCAN_BYTES = 4096
_REPLACEMENT = "\ufffd"
_BYTES_PER_TOLERATED_ERROR = 1000
# Decoding these must give back the same ASCII, or the codec cannot be what a <meta> in
# ASCII announced (UTF-16, EBCDIC, UTF-7 and Python's escape codecs all fail it).
_ASCII_PROBE = bytes(range(0x20, 0x7F)) + b"\t\n\r\\n+-"
# A WHATWG label that Python's codec registry does not know.
_WHATWG_ONLY_LABELS = {"x-gbk": "gbk"}


@shielded
def read_html(data: bytes) -> Document:
    """Read a saved web page without fetching anything or running scripts.

    Raises Unreadable: ``empty``, ``too_large``, ``too_deep`` (more than 200 nested
    elements), ``encoding``, or ``parse``.
    """
    if len(data) > MAX_HTML_BYTES:
        raise too_large(f"{len(data):,} bytes (limit {MAX_HTML_BYTES:,})")
    text, encoding = _decode(data)
    if not text.strip():
        raise Unreadable("empty", detail="no text")
    with warnings.catch_warnings():
        # bs4 warns when markup looks like a file name, a URL or XML; such input is still
        # just a page to read here, and warnings-as-errors must not turn it into a crash.
        warnings.simplefilter("ignore", UnusualUsageWarning)
        try:
            soup = _DepthLimitedSoup(text, "lxml")
        except ParserRejectedMarkup as exc:
            raise Unreadable(
                "parse", detail=f"lxml rejected the markup: {exc}", short="html"
            ) from exc
    title_tag = soup.find("title")
    title = collapse(title_tag.get_text()) if title_tag is not None else ""
    return Document(kind="html", blocks=Walker().run(soup), title=title or None, encoding=encoding)


# --- encoding -------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str]:
    """BOM, then the declared charset, then strict UTF-8, then GB18030, then the least bad.

    One exception to that order: bytes that are valid UTF-8 and not plain ASCII are read as
    UTF-8 whatever the page declares. Multi-byte UTF-8 practically never arises by chance
    from GBK or other legacy text, while pages that copied a template's "gb2312" meta but
    were saved as UTF-8 are common, and GB18030 would decode them without error into garbage.
    """
    found = decode_bom(data)
    if found is not None:
        return found
    declared = _declared_charset(data[:_PRESCAN_BYTES])
    utf8 = try_decode(data, "utf-8")
    if utf8 is not None and (declared in (None, "utf-8") or not data.isascii()):
        return utf8, "utf-8"
    # Declared first, so that it also wins ties below; strict UTF-8 has already failed.
    candidates = [e for e in dict.fromkeys((declared, "gb18030", "utf-8")) if e is not None]
    for encoding in candidates:
        text = None if encoding == "utf-8" else try_decode(data, encoding)
        if text is not None:
            return text, encoding
    # Last resort: CMS list pages often cut titles mid-character, leaving a few stray bytes
    # in an otherwise sound page. Accept the candidate with the fewest bad bytes, replaced
    # by U+FFFD, when they are rare; random binary has far more.
    decoded = [(data.decode(encoding, "replace"), encoding) for encoding in candidates]
    text, encoding = min(decoded, key=lambda pair: pair[0].count(_REPLACEMENT))
    if text.count(_REPLACEMENT) <= len(data) // _BYTES_PER_TOLERATED_ERROR:
        return text, encoding
    raise Unreadable("encoding", detail=f"neither {declared or 'UTF-8'} nor GB18030 (GBK)")


class _MetaCharset(HTMLParser):
    """Finds the first <meta charset> or <meta http-equiv=content-type> declaration."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.label: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta" or self.label is not None:
            return
        values = {name: value or "" for name, value in attrs}
        if "charset" in values:
            self.label = values["charset"]
        elif values.get("http-equiv", "").strip().lower() == "content-type":
            for part in values.get("content", "").split(";"):
                key, equals, value = part.partition("=")
                if equals and key.strip().lower() == "charset":
                    self.label = value
                    break


def _declared_charset(head: bytes) -> str | None:
    """The Python codec named by the page's <meta>, if it is one that can be trusted."""
    scanner = _MetaCharset()
    try:
        # Latin-1 maps every byte to one character, so ASCII markup survives whatever the
        # real encoding is; the stdlib tokenizer keeps <meta> inside comments out.
        scanner.feed(head.decode("latin-1"))
    except AssertionError:
        # _markupbase raises AssertionError on malformed declarations; whatever was found
        # before that point still counts.
        pass
    if scanner.label is None:
        return None
    label = scanner.label.strip().strip("\"'").strip().lower()
    try:
        name = codecs.lookup(_WHATWG_ONLY_LABELS.get(label, label)).name
        if name in ("gb2312", "gbk"):
            # GB18030 is a superset, and pages labelled GB2312 routinely use GBK characters.
            name = "gb18030"
        elif name in ("ascii", "iso8859-1"):
            # Browsers read these labels as windows-1252 (WHATWG Encoding); it is also
            # strict about five bytes, so mislabelled GBK more often falls through to sniffing.
            name = "cp1252"
        if _ASCII_PROBE.decode(name) != _ASCII_PROBE.decode("ascii"):
            return None
    except (LookupError, ValueError):
        # Unknown labels, and codecs that are not text encodings (rot13, base64...).
        return None
    return name


# --- parsing --------------------------------------------------------------------------


class _DepthLimitedSoup(BeautifulSoup):
    """A BeautifulSoup that stops building past MAX_HTML_DEPTH nesting or MAX_CELLS cells.

    Checked while the tree is built, because bs4's own tree operations recurse and a deep
    tree must never exist to be walked.
    """

    cells: int = 0  # td/th seen so far; an instance attribute once incremented

    def pushTag(self, tag: Tag) -> None:  # noqa: N802 - bs4's name
        # tagStack starts with the soup object itself, so its length is the new tag's depth.
        if len(self.tagStack) > MAX_HTML_DEPTH:
            raise Unreadable("too_deep", detail=f"elements nested more than {MAX_HTML_DEPTH} deep")
        if tag.name in ("td", "th"):
            # Every cell takes a grid slot of its own, so more cells than MAX_CELLS can
            # only end as too_large: stop before building (slowly) the rest of the tree.
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise too_large(f"more than {MAX_CELLS:,} table cells in all")
        super().pushTag(tag)
