"""Test-only writer of small valid PDFs: CJK text in a Type0 font, ruled tables, RC4 encryption."""

from __future__ import annotations

import hashlib
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

# Glyph box in 1/1000 em. The FontDescriptor states the same numbers, so the
# char boxes pdfminer computes (baseline + descent .. + size) match our layout.
ASCENT = 0.88
DESCENT = -0.12
# Algorithm 3.2's padding string (PDF 1.7, 7.6.3.3).
_PADDING = b"(\xbfN^Nu\x8aAd\x00NV\xff\xfa\x01\x08..\x00\xb6\xd0h>\x80/\x0c\xa9\xfedSiz"


class Name(str):
    """A PDF name object, written as /Name."""


@dataclass(frozen=True)
class Ref:
    """An indirect reference 'n 0 R'."""

    num: int


@dataclass
class Stream:
    """A stream object; /Length is added when written."""

    attrs: dict[str, object]
    data: bytes


def glyph_width(ch: str) -> int:
    """Advance width in 1/1000 em: full width for East Asian wide chars, half otherwise."""
    return 1000 if unicodedata.east_asian_width(ch) in ("W", "F") else 500


def text_width(text: str, size: float) -> float:
    """Natural width of text at size (no extra character spacing)."""
    return sum(glyph_width(ch) for ch in text) * size / 1000


def wrap(text: str, width: float, size: float, indent: float = 0.0) -> list[str]:
    """Break text into lines no wider than width, character by character (as CJK typesetting does).

    indent shortens the first line only.
    """
    lines: list[str] = []
    current = ""
    avail = width - indent
    for ch in text:
        if current and text_width(current + ch, size) > avail:
            lines.append(current)
            current = ""
            avail = width
        current += ch
    if current:
        lines.append(current)
    return lines


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _num(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"


class _Crypt:
    """Standard security handler, revision 2 (40-bit RC4): enough for pdfminer to test against."""

    P = -64  # no permission bits set: extraction is "not allowed", the reader must not care

    def __init__(self, user: str, owner: str, doc_id: bytes) -> None:
        pad_user = (user.encode("latin1") + _PADDING)[:32]
        pad_owner = (owner.encode("latin1") + _PADDING)[:32]
        self.o = _rc4(hashlib.md5(pad_owner).digest()[:5], pad_user)  # Algorithm 3.3
        digest = hashlib.md5(pad_user + self.o + (self.P & 0xFFFFFFFF).to_bytes(4, "little") + doc_id)
        self.key = digest.digest()[:5]  # Algorithm 3.2
        self.u = _rc4(self.key, _PADDING)  # Algorithm 3.4

    def for_object(self, num: int) -> bytes:
        # Algorithm 3.1: per-object key from the object number and generation 0.
        raw = self.key + num.to_bytes(3, "little") + b"\x00\x00"
        return hashlib.md5(raw).digest()[: len(self.key) + 5]

    def encrypt_dict(self) -> dict[str, object]:
        return {"Filter": Name("Standard"), "V": 1, "R": 2, "Length": 40, "O": self.o, "U": self.u, "P": self.P}


def _ser(obj: object, key: bytes | None) -> bytes:
    """Serialise a Python value as a PDF object; strings are RC4-encrypted when key is given."""
    if obj is None:
        return b"null"
    if isinstance(obj, bool):
        return b"true" if obj else b"false"
    if isinstance(obj, Name):
        return b"/" + obj.encode("ascii")
    if isinstance(obj, int):
        return str(obj).encode()
    if isinstance(obj, float):
        return _num(obj).encode()
    if isinstance(obj, Ref):
        return f"{obj.num} 0 R".encode()
    if isinstance(obj, bytes):
        return b"<" + (_rc4(key, obj) if key else obj).hex().encode() + b">"
    if isinstance(obj, list):
        return b"[" + b" ".join(_ser(item, key) for item in obj) + b"]"
    if isinstance(obj, dict):
        body = b" ".join(b"/" + k.encode("ascii") + b" " + _ser(v, key) for k, v in obj.items())
        return b"<<" + body + b">>"
    raise TypeError(f"cannot write {type(obj).__name__} as a PDF object")


@dataclass
class PageBuilder:
    """Content of one page; coordinates are top-down (like pdfplumber's), in points."""

    maker: PdfMaker
    width: float
    height: float
    ops: list[str] = field(default_factory=list)

    def _baseline(self, top: float, size: float) -> float:
        return self.height - top - ASCENT * size

    def text(
        self,
        x: float,
        top: float,
        text: str,
        size: float = 12.0,
        *,
        spacing: float = 0.0,
        per_glyph: bool = False,
        bold_offset: float = 0.0,
        gbk: bool = False,
    ) -> float:
        """Draw one line with its glyph box top at top; return its right edge.

        spacing is extra space after each glyph (Tc, as in justified text); per_glyph places
        every glyph with its own Tm, as many Chinese PDF producers do; bold_offset > 0 draws
        the line a second time shifted right (the 'fake bold' of WPS/Word exports). gbk uses
        the second font: GBK bytes through the predefined GBK-EUC-H CMap, no ToUnicode, as
        公文 typesetting systems write (every glyph 1 em wide: use it for full-width text).
        """
        y = self._baseline(top, size)
        font = "F2" if gbk else "F1"

        def encode(chunk: str) -> str:
            return chunk.encode("gbk").hex().upper() if gbk else self.maker.encode(chunk)

        def advance(ch: str) -> float:
            return (1000 if gbk else glyph_width(ch)) * size / 1000

        passes = [0.0, bold_offset] if bold_offset else [0.0]
        for dx in passes:
            if per_glyph:
                parts, pos = [], x + dx
                for ch in text:
                    parts.append(f"1 0 0 1 {_num(pos)} {_num(y)} Tm <{encode(ch)}> Tj")
                    pos += advance(ch) + spacing
                body = " ".join(parts)
            else:
                body = f"{_num(spacing)} Tc 1 0 0 1 {_num(x + dx)} {_num(y)} Tm <{encode(text)}> Tj"
            self.ops.append(f"BT /{font} {_num(size)} Tf 0 Tc {body} ET")
        return x + sum(advance(ch) for ch in text) + spacing * max(len(text) - 1, 0)

    def lines(
        self,
        x: float,
        top: float,
        width: float,
        lines: list[str],
        size: float = 12.0,
        *,
        indent: float = 0.0,
        leading: float = 1.75,
        justify_last: bool = False,
        per_glyph: bool = False,
    ) -> float:
        """Draw wrapped lines justified to width (the last one left-aligned); return next top."""
        for i, line in enumerate(lines):
            left = x + (indent if i == 0 else 0.0)
            natural = text_width(line, size)
            last = i == len(lines) - 1
            gap = 0.0
            if len(line) > 1 and (not last or justify_last):
                gap = max(0.0, (x + width - left - natural) / (len(line) - 1))
            self.text(left, top, line, size, spacing=gap, per_glyph=per_glyph)
            top += size * leading
        return top

    def paragraph(
        self, x: float, top: float, width: float, text: str, size: float = 12.0, *, per_glyph: bool = False
    ) -> float:
        """Wrap text with a two-character first-line indent and draw it justified; return next top."""
        indent = 2 * size
        lines = wrap(text, width, size, indent)
        return self.lines(x, top, width, lines, size, indent=indent, per_glyph=per_glyph)

    def segment(self, x0: float, top0: float, x1: float, top1: float) -> None:
        """Stroke a straight line ('m'/'l'/'S')."""
        h = self.height
        self.ops.append(f"0.5 w {_num(x0)} {_num(h - top0)} m {_num(x1)} {_num(h - top1)} l S")

    def rect(self, x: float, top: float, w: float, h: float) -> None:
        """Stroke a rectangle ('re'/'S')."""
        self.ops.append(f"0.5 w {_num(x)} {_num(self.height - top - h)} {_num(w)} {_num(h)} re S")

    def image(self, x: float, top: float, w: float, h: float) -> None:
        """Paint the shared 2x2 grey image scaled to the box (a 'scanned page' stand-in)."""
        self.ops.append(f"q {_num(w)} 0 0 {_num(h)} {_num(x)} {_num(self.height - top - h)} cm /Im1 Do Q")

    def table(
        self,
        x: float,
        top: float,
        col_widths: list[float],
        row_heights: list[float],
        rows: Sequence[Sequence[str | None]],
        spans: dict[tuple[int, int], tuple[int, int]] | None = None,
        size: float = 10.5,
    ) -> float:
        """Draw a ruled table; return its bottom.

        rows[r][c] is the text of the cell anchored there, None where a span covers it;
        spans maps an anchor (r, c) to (rowspan, colspan). The outer border is one 're',
        inner rules are 'l' segments drawn per cell side (duplicates, as Word emits them).
        Cell text is wrapped to the cell width and centred vertically.
        """
        spans = spans or {}
        xs = [x]
        for w in col_widths:
            xs.append(xs[-1] + w)
        tops = [top]
        for h in row_heights:
            tops.append(tops[-1] + h)
        self.rect(x, top, xs[-1] - x, tops[-1] - top)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if cell is None:
                    continue
                rs, cs = spans.get((r, c), (1, 1))
                left, right, ctop, cbottom = xs[c], xs[c + cs], tops[r], tops[r + rs]
                if c + cs < len(col_widths):
                    self.segment(right, ctop, right, cbottom)
                if r + rs < len(row_heights):
                    self.segment(left, cbottom, right, cbottom)
                cell_lines = wrap(cell, right - left - 6, size) if cell else []
                block = len(cell_lines) * size * 1.2
                line_top = ctop + (cbottom - ctop - block) / 2 + 0.1 * size
                for line in cell_lines:
                    self.text(left + 3, line_top, line, size)
                    line_top += size * 1.2
        return tops[-1]


class PdfMaker:
    """Collects pages and writes them as one PDF; fonts F1 (Identity-H) and F2 (GBK-EUC-H).

    In F1 every distinct character gets a 2-byte code (= CID) on first use; the
    ToUnicode CMap maps the codes back, so pdfminer extracts any Unicode text without
    a font program being embedded (none is, so viewers may draw nothing; extraction
    works). F2 relies on pdfminer's bundled GBK-EUC-H and Adobe-GB1 tables instead.
    """

    def __init__(self, title: str | bytes | None = None) -> None:
        self.title = title  # bytes are written as they are (to test odd encodings)
        self.pages: list[PageBuilder] = []
        self._codes: dict[str, int] = {}

    def page(self, width: float = 595.0, height: float = 842.0) -> PageBuilder:
        """Start a new page (A4 by default) and return its builder."""
        page = PageBuilder(self, width, height)
        self.pages.append(page)
        return page

    def encode(self, text: str) -> str:
        """Hex string of the 2-byte codes for text, assigning new codes as needed."""
        for ch in text:
            self._codes.setdefault(ch, len(self._codes) + 1)
        return "".join(f"{self._codes[ch]:04X}" for ch in text)

    def _tounicode(self) -> bytes:
        items = sorted(self._codes.items(), key=lambda kv: kv[1])
        chunks = []
        for start in range(0, len(items), 100):  # a bfchar block holds at most 100 entries
            part = items[start : start + 100]
            body = "\n".join(f"<{code:04X}> <{ch.encode('utf-16-be').hex().upper()}>" for ch, code in part)
            chunks.append(f"{len(part)} beginbfchar\n{body}\nendbfchar")
        return (
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + "\n".join(chunks)
            + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
        ).encode("ascii")

    def build(
        self, *, user_password: str | None = None, owner_password: str = "owner", compress: bool = False
    ) -> bytes:
        """Write the PDF; user_password='' gives an owner-password-only file, 'x' a locked one."""
        doc_id = hashlib.md5(f"{self.title!r}|{len(self.pages)}".encode()).digest()
        crypt = _Crypt(user_password, owner_password, doc_id) if user_password is not None else None
        first_page = 11
        page_refs = [Ref(first_page + 2 * i) for i in range(len(self.pages))]
        widths = [glyph_width(ch) for ch, _ in sorted(self._codes.items(), key=lambda kv: kv[1])]
        objects: dict[int, object] = {
            1: {"Type": Name("Catalog"), "Pages": Ref(2)},
            2: {"Type": Name("Pages"), "Kids": page_refs, "Count": len(self.pages)},
            3: {
                "Type": Name("Font"),
                "Subtype": Name("Type0"),
                "BaseFont": Name("TestCJK"),
                "Encoding": Name("Identity-H"),
                "DescendantFonts": [Ref(4)],
                "ToUnicode": Ref(6),
            },
            4: {
                "Type": Name("Font"),
                "Subtype": Name("CIDFontType2"),
                "BaseFont": Name("TestCJK"),
                "CIDSystemInfo": {"Registry": b"Adobe", "Ordering": b"Identity", "Supplement": 0},
                "FontDescriptor": Ref(5),
                "DW": 1000,
                "W": [1, widths],
                "CIDToGIDMap": Name("Identity"),
            },
            5: {
                "Type": Name("FontDescriptor"),
                "FontName": Name("TestCJK"),
                "Flags": 4,
                "FontBBox": [0, int(DESCENT * 1000), 1000, int(ASCENT * 1000)],
                "ItalicAngle": 0,
                "Ascent": int(ASCENT * 1000),
                "Descent": int(DESCENT * 1000),
                "CapHeight": 700,
                "StemV": 80,
            },
            6: Stream({}, self._tounicode()),
            7: Stream(
                {
                    "Type": Name("XObject"),
                    "Subtype": Name("Image"),
                    "Width": 2,
                    "Height": 2,
                    "ColorSpace": Name("DeviceGray"),
                    "BitsPerComponent": 8,
                },
                b"\x00\xff\xff\x00",
            ),
            8: {"Producer": b"pdfmaker"},
            9: {
                "Type": Name("Font"),
                "Subtype": Name("Type0"),
                "BaseFont": Name("SimSun"),
                "Encoding": Name("GBK-EUC-H"),
                "DescendantFonts": [Ref(10)],
            },
            10: {
                "Type": Name("Font"),
                "Subtype": Name("CIDFontType2"),
                "BaseFont": Name("SimSun"),
                "CIDSystemInfo": {"Registry": b"Adobe", "Ordering": b"GB1", "Supplement": 2},
                "FontDescriptor": Ref(5),
                "DW": 1000,
            },
        }
        if self.title is not None:
            raw = self.title if isinstance(self.title, bytes) else b"\xfe\xff" + self.title.encode("utf-16-be")
            objects[8] = {"Title": raw, "Producer": b"pdfmaker"}
        resources = {"Font": {"F1": Ref(3), "F2": Ref(9)}, "XObject": {"Im1": Ref(7)}}
        for i, page in enumerate(self.pages):
            num = first_page + 2 * i
            objects[num] = {
                "Type": Name("Page"),
                "Parent": Ref(2),
                "MediaBox": [0, 0, page.width, page.height],
                "Resources": resources,
                "Contents": Ref(num + 1),
            }
            objects[num + 1] = Stream({}, "\n".join(page.ops).encode("ascii"))

        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets: dict[int, int] = {}
        for num in sorted(objects):
            obj = objects[num]
            key = crypt.for_object(num) if crypt else None
            offsets[num] = len(out)
            out += f"{num} 0 obj\n".encode()
            if isinstance(obj, Stream):
                data = zlib.compress(obj.data) if compress else obj.data
                attrs = dict(obj.attrs, Length=len(data))
                if compress:
                    attrs["Filter"] = Name("FlateDecode")
                out += _ser(attrs, key) + b"\nstream\n" + (_rc4(key, data) if key else data) + b"\nendstream"
            else:
                out += _ser(obj, key)
            out += b"\nendobj\n"
        size = max(objects) + 1
        xref_at = len(out)
        out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
        for num in range(1, size):
            out += f"{offsets[num]:010d} 00000 n \n".encode()
        trailer: dict[str, object] = {"Size": size, "Root": Ref(1), "Info": Ref(8), "ID": [doc_id, doc_id]}
        if crypt:
            trailer["Encrypt"] = crypt.encrypt_dict()
        out += b"trailer\n" + _ser(trailer, None) + f"\nstartxref\n{xref_at}\n%%EOF\n".encode()
        return bytes(out)
