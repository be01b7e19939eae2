"""Hostile and odd inputs built in code: minimal xlsx/ods/xls packages, zip bombs, lying files."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from xml.sax.saxutils import escape

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CT = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
       b'+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
       b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
       b'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       b'spreadsheetml.worksheet+xml"/></Types>')
_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
         b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WB = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="' + MAIN_NS.encode() + b'" xmlns:r="http://'
       b'schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" '
       b'r:id="rId1"/></sheets></workbook>')
_WBRELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
           b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           b'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
           b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
           b'</Relationships>')

BILLION_LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%s;" % (str(i - 1).encode() if i > 1 else b"")) * 10)
                             for i in range(1, 10))
                  + b"]>")


def sheet_xml(body: bytes, prolog: bytes = b"") -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?>' + prolog + b'<worksheet xmlns="' + MAIN_NS.encode() + b'">'
            + body + b"</worksheet>")


def cells_xml(rows: dict[int, dict[str, object]]) -> bytes:
    """<sheetData> for {row_number: {"A": value}}; str values inline, numbers as <v>."""
    out = [b"<sheetData>"]
    for r, cols in sorted(rows.items()):
        out.append(b'<row r="%d">' % r)
        for col, v in cols.items():
            ref = f"{col}{r}".encode()
            if isinstance(v, str):
                out.append(b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, escape(v).encode()))
            else:
                out.append(b'<c r="%s"><v>%s</v></c>' % (ref, str(v).encode()))
        out.append(b"</row>")
    out.append(b"</sheetData>")
    return b"".join(out)


def minimal_xlsx(sheet: bytes, shared_strings: bytes | None = None, extra: tuple = ()) -> bytes:
    """A valid xlsx package around one worksheet part (the part's XML given whole)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WB)
        z.writestr("xl/_rels/workbook.xml.rels", _WBRELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared_strings is not None:
            z.writestr("xl/sharedStrings.xml", shared_strings)
        for name, data in extra:
            z.writestr(name, data)
    return buf.getvalue()


def deflate_repeated(chunk: bytes, times: int, head: bytes = b"", tail: bytes = b"") -> tuple[bytes, int, int]:
    """A raw deflate stream of head + chunk*times + tail, built without ever holding the inflated
    bytes: a full flush makes each compressed chunk independent, so it can simply be repeated."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    piece = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    last = c.compress(tail) + c.flush()
    stream = first + piece * times + last
    crc = zlib.crc32(head)
    for _ in range(times):  # the CRC of the repeats, without building them
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    return stream, crc, len(head) + len(chunk) * times + len(tail)


def zip_with_raw_entry(entries: list[tuple[str, bytes]], raw_name: str, raw_stream: bytes, crc: int,
                       declared_size: int) -> bytes:
    """A zip holding normal entries plus one deflated entry written byte by byte, so its declared
    (uncompressed) size can be anything — the zip-bomb trick of a header that lies."""
    out = io.BytesIO()
    central = []
    for name, data in entries + [(raw_name, None)]:
        offset = out.tell()
        if data is None:
            comp, size, c = raw_stream, declared_size, crc
        else:
            co = zlib.compressobj(6, zlib.DEFLATED, -15)
            comp, size, c = co.compress(data) + co.flush(), len(data), zlib.crc32(data)
        n = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, c, len(comp), size, len(n), 0) + n)
        out.write(comp)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, c, len(comp), size,
                                   len(n), 0, 0, 0, 0, 0, offset) + n)
    cd_start = out.tell()
    cd = b"".join(central)
    out.write(cd)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), len(cd), cd_start, 0))
    return out.getvalue()


def xlsx_parts() -> list[tuple[str, bytes]]:
    return [("[Content_Types].xml", _CT), ("_rels/.rels", _RELS), ("xl/workbook.xml", _WB),
            ("xl/_rels/workbook.xml.rels", _WBRELS)]


def bomb_xlsx(inflated_bytes: int, declared: int | None = None) -> bytes:
    """An xlsx whose sheet part inflates to `inflated_bytes` (one giant inline string) while its
    header declares `declared` bytes (default: the truth)."""
    head = sheet_xml(b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')[:-len(b"</worksheet>")]
    tail = b"</t></is></c></row></sheetData></worksheet>"
    chunk = b"A" * (1 << 20)
    stream, crc, size = deflate_repeated(chunk, max(1, inflated_bytes >> 20), head, tail)
    return zip_with_raw_entry(xlsx_parts(), "xl/worksheets/sheet1.xml", stream, crc,
                              size if declared is None else declared)


# -- OpenDocument spreadsheet, written by hand (no LibreOffice needed) --

_ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def ods_cell(v) -> str:
    if v is None or v == "":
        return "<table:table-cell/>"
    if isinstance(v, str):
        return f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'


def ods_table(name: str, rows: list[list]) -> str:
    body = "".join("<table:table-row>" + "".join(ods_cell(v) for v in row) + "</table:table-row>" for row in rows)
    return f'<table:table table:name="{escape(name)}">{body}</table:table>'


def ods(tables_xml: str) -> bytes:
    """An .ods package around the given <table:table> elements."""
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} office:version="1.2">'
               f"<office:body><office:spreadsheet>{tables_xml}</office:spreadsheet></office:body>"
               "</office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        # ODF: "mimetype" first and stored, so the type shows in the first bytes.
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


# -- .xls (BIFF8 in an OLE2 container) through xlwt, a test-only dependency --

def xls(rows: dict[tuple[int, int], object], sheet: str = "S", password: bool = False,
        errors: dict[tuple[int, int], str] | None = None) -> bytes:
    """A real .xls; `password` inserts a FILEPASS record (RC4), as a password-protected file has."""
    import xlwt

    class Book(xlwt.Workbook):
        def get_biff_data(self):
            data = super().get_biff_data()
            if not password:
                return data
            _, length = struct.unpack("<HH", data[:4])  # the BOF record comes first
            filepass = struct.pack("<HHHHH", 0x002F, 54, 1, 1, 1) + bytes(48)
            return data[:4 + length] + filepass + data[4 + length:]

    wb = Book()
    ws = wb.add_sheet(sheet)
    for (r, c), v in rows.items():
        ws.write(r, c, v)
    for (r, c), code in (errors or {}).items():
        ws.row(r).set_cell_error(c, code)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def encrypted_ooxml() -> bytes:
    """An OLE2 container with the streams of an encrypted xlsx (MS-OFFCRYPTO): what Excel writes
    when a workbook gets an open password. Built by renaming the stream of a real .xls."""
    data = bytearray(xls({(0, 0): 1}))
    old = "Workbook".encode("utf-16-le")
    new = "EncryptionInfo".encode("utf-16-le")
    at = data.index(old + b"\x00\x00")
    # A directory entry: 64 bytes of UTF-16 name, then its length in bytes with the terminator.
    data[at:at + 64] = (new + b"\x00\x00").ljust(64, b"\x00")
    data[at + 64:at + 66] = struct.pack("<H", len(new) + 2)
    return bytes(data)


def sheet_rows(xlsx_path) -> tuple[str, list[list]]:
    """The first sheet of a workbook built by builders.build, as (name, rows of values)."""
    import openpyxl

    wb = openpyxl.load_workbook(xlsx_path)
    ws = wb.worksheets[0]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    return ws.title, rows


def xls_from(xlsx_path, errors: dict[tuple[int, int], str] | None = None) -> bytes:
    """The same report as a real .xls (values only; merges are not needed to find the tables)."""
    name, rows = sheet_rows(xlsx_path)
    cells = {(r, c): v for r, row in enumerate(rows) for c, v in enumerate(row) if v is not None}
    for pos in errors or {}:
        cells.pop(pos, None)
    return xls(cells, sheet=name, errors=errors)


def ods_from(xlsx_path) -> bytes:
    name, rows = sheet_rows(xlsx_path)
    return ods(ods_table(name, rows))


def _char_refs(text: bytes) -> bytes:
    """Non-ASCII characters as XML character references (&#35268;), as lxml writes them."""
    return "".join(ch if ord(ch) < 128 else f"&#{ord(ch)};" for ch in text.decode()).encode()


def replace_in_part(xlsx: bytes, part: str, old: bytes, new: bytes) -> bytes:
    """A copy of a zip with one part's bytes edited (re-zipped properly)."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == part:
                # openpyxl writes non-ASCII text as it is, or (with lxml installed) as character
                # references: edit whichever the part holds.
                if old not in data:
                    old, new = (_char_refs(x) for x in (old, new))
                assert old in data, old
                data = data.replace(old, new)
            out.writestr(info.filename, data)
    return buf.getvalue()


# -- the second round (issue 17): budgets per workbook, values, parsers that panic or loop --

_WB_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="' + MAIN_NS.encode() + b'" xmlns:r="http://'
            b'schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>')
_REL = (b'<Relationship Id="%s" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/%s" '
        b'Target="%s"/>')


def book_xlsx(sheets: list[bytes], shared_strings: bytes | None = None, styles: bytes | None = None) -> bytes:
    """A valid xlsx of several worksheet parts (S0, S1, …), with shared strings and styles if given."""
    wb = _WB_HEAD + b"".join(b'<sheet name="S%d" sheetId="%d" r:id="rId%d"/>' % (i, i + 1, i + 1)
                             for i in range(len(sheets))) + b"</sheets></workbook>"
    rels = [_REL % (b"rId%d" % (i + 1), b"worksheet", b"worksheets/sheet%d.xml" % (i + 1)) for i in range(len(sheets))]
    rels += [_REL % (b"rIdS", b"sharedStrings", b"sharedStrings.xml"), _REL % (b"rIdT", b"styles", b"styles.xml")]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://'
                   b'schemas.openxmlformats.org/package/2006/relationships">' + b"".join(rels) + b"</Relationships>")
        for i, xml in enumerate(sheets):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", xml)
        if shared_strings is not None:
            z.writestr("xl/sharedStrings.xml", shared_strings)
        if styles is not None:
            z.writestr("xl/styles.xml", styles)
    return buf.getvalue()


def many_sheets(count: int = 300) -> bytes:
    """`count` sheets, each just under the per-sheet cell limit (1,999 rows x 1,000 columns): 97 KB that
    asked calamine for 4.85 GB when the limit was per sheet."""
    sheet = sheet_xml(cells_xml({1: {"A": "x"}, 1999: {"ALL": 1}}))
    return book_xlsx([sheet] * count)


def shared_string_bomb(size: int = 15 << 20, uses: int = 100) -> bytes:
    """One shared string of `size` bytes used by `uses` cells (17 KB on disk, 3.1 GB once read)."""
    sst = (b'<sst xmlns="' + MAIN_NS.encode() + b'" count="1" uniqueCount="1"><si><t>' + b"A" * size
           + b"</t></si></sst>")
    body = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (r, r) for r in range(1, uses + 1))
    return book_xlsx([sheet_xml(b"<sheetData>" + body + b"</sheetData>")], shared_strings=sst)


def ods_spaces(count: int = 1_000_000_000) -> bytes:
    """An ODS cell holding <text:s text:c="count"/>: 781 bytes that calamine expands to `count` spaces."""
    return ods('<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p>'
               f'a<text:s text:c="{count}"/>b</text:p></table:table-cell></table:table-row></table:table>')


def ods_repeated_text(cols: int = 16384, rows: int = 120) -> bytes:
    """A text cell repeated over a whole row, and the row repeated: few cells, a lot of text."""
    cell = (f'<table:table-cell table:number-columns-repeated="{cols}" office:value-type="string"><text:p>'
            + "长" * 2000 + "</text:p></table:table-cell>")
    return ods(f'<table:table table:name="S"><table:table-row table:number-rows-repeated="{rows}">{cell}'
               "</table:table-row></table:table>")


def duration_xlsx(value: float = 3e9) -> bytes:
    """A number formatted [h]:mm:ss so large no Python timedelta holds it (OverflowError in to_python)."""
    styles = (b'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="' + MAIN_NS.encode() + b'"><numFmts count="1">'
              b'<numFmt numFmtId="164" formatCode="[h]:mm:ss"/></numFmts><fonts count="1"><font/></fonts>'
              b'<fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/>'
              b'</cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/>'
              b"</cellXfs></styleSheet>")
    rows = cells_xml({1: {"A": "单位名称", "B": "某局"}})[:-len(b"</sheetData>")]
    rows += b'<row r="4"><c r="B4" s="1"><v>%s</v></c></row></sheetData>' % repr(value).encode()
    return book_xlsx([sheet_xml(rows)], styles=styles)


def merged_xlsx(ref: str = "Z100:XFD1048576") -> bytes:
    """A sheet of one cell whose merged range covers most of the sheet (openpyxl makes a cell of each)."""
    return book_xlsx([sheet_xml(cells_xml({1: {"A": "x"}}) + b'<mergeCells count="1"><mergeCell ref="%s"/>'
                                b"</mergeCells>" % ref.encode())])


def long_cell_beside_label(chars: int = 200_000) -> bytes:
    """单位名称 beside a cell of `chars` characters (a 1.7 KB file on which the label pattern was quadratic)."""
    return minimal_xlsx(sheet_xml(cells_xml({1: {"A": "单位名称", "B": "x" * chars}})))


def unclosed_tags(count: int = 2_000_000) -> bytes:
    """A sheet part of `<c` repeated with no tag ever closed: each attempt of a pattern allowing '<' in
    a tag scanned to the end of the part (quadratic)."""
    return minimal_xlsx(sheet_xml(b"<sheetData><row>" + b"<c" * count + b"</row></sheetData>"))


def truncated_xls(cut: int = 100) -> bytes:
    """A real .xls cut `cut` bytes short of its end: calamine panics (a BaseException) on its directory."""
    data = xls({(0, 0): "单位名称", (0, 1): "某局", (1, 1): 3.5})
    return data[:len(data) - cut]


def difat_loop_xls() -> bytes:
    """A real .xls whose DIFAT chain points at itself: calamine follows it forever, growing its list."""
    data = bytearray(xls({(0, 0): 1}))
    struct.pack_into("<II", data, 0x44, 1, 1)  # first DIFAT sector 1, one DIFAT sector
    size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    struct.pack_into("<I", data, (1 + 1) * size + size - 4, 1)  # its last entry: the next DIFAT sector, itself
    return bytes(data)


def xls_dimensions_bomb(first_row: int = 5, last_row: int = 1) -> bytes:
    """A real .xls whose DIMENSIONS record ends before it starts: calamine's unsigned arithmetic wraps
    and it reserves room for trillions of cells (an abort, found by fuzzing)."""
    data = bytearray(xls({(0, 0): "单位名称", (0, 1): "某局", (3, 1): 1}))
    at = data.find(struct.pack("<HH", 0x0200, 14))
    struct.pack_into("<II", data, at + 4, first_row, last_row)
    return bytes(data)


def sst_count_bomb(count: str = "99999999999") -> bytes:
    """A shared-string table declaring `count` strings: calamine reserves room for all before reading
    one (an abort, found by fuzzing)."""
    sst = b'<sst xmlns="' + MAIN_NS.encode() + b'" count="1" uniqueCount="' + count.encode() + b'"><si><t>x</t></si></sst>'
    return book_xlsx([sheet_xml(b'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>')],
                     shared_strings=sst)


def many_report_sheets(count: int = 200) -> bytes:
    """A county's workbook: `count` sheets, each a whole department's report. Every budget must let it
    through (the fast extent bound of one sheet, summed over 200, is far over the workbook's)."""
    import tempfile

    from builders import build, consistent_values

    with tempfile.TemporaryDirectory() as d:
        path = f"{d}/r.xlsx"
        build(path, consistent_values(9))
        sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    return book_xlsx([sheet] * count)


def duplicate_sheet_entry() -> bytes:
    """Two zip entries named xl/worksheets/sheet1.xml: a far cell in the first, a plain sheet in the
    second. Whichever a reader takes, the preflight must have checked it."""
    far = sheet_xml(cells_xml({1: {"A": "x"}, 1048576: {"XFD": 1}}))
    plain = sheet_xml(cells_xml({1: {"A": "x"}}))
    buf = io.BytesIO()
    import warnings

    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        warnings.simplefilter("ignore", UserWarning)
        for name, data in [*xlsx_parts(), ("xl/worksheets/sheet1.xml", far), ("xl/worksheets/sheet1.xml", plain)]:
            z.writestr(name, data)
    return buf.getvalue()


def workbook_elsewhere(target: str = "evil/workbook.xml", sheet: str = "EVIL/Worksheets\\Far.xml") -> bytes:
    """A decoy xl/workbook.xml with a plain sheet, while the root relationships send calamine to another
    workbook whose sheet, named in another case and with a backslash, holds a far cell."""
    far = sheet_xml(cells_xml({1: {"A": "x"}, 1048576: {"XFD": 1}}))
    folder = target[:target.rfind("/") + 1]
    root = _RELS.replace(b'Target="xl/workbook.xml"', b'Target="/' + target.encode() + b'"')
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/relationships"><Relationship Id=\'rId1\' Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/worksheet" Target=\'worksheets/far.xml\'/></Relationships>')
    parts = [("[Content_Types].xml", _CT), ("_rels/.rels", root), ("xl/workbook.xml", _WB),
             ("xl/_rels/workbook.xml.rels", _WBRELS), ("xl/worksheets/sheet1.xml", sheet_xml(cells_xml({1: {"A": 1}}))),
             (target, _WB), (folder + "_rels/workbook.xml.rels", rels), (sheet, far)]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            z.writestr(name, data)
    return buf.getvalue()


def lying_central_directory(by: int = 4096) -> bytes:
    """A workbook whose end record places the central directory `by` bytes later than it is, and whose
    entries (all but the first) say so too: zipfile finds every part but the first, whose offset it
    computes as before the start of the file — a negative seek once calamine has refused the file and
    the parts are searched for entity declarations (found by fuzzing)."""
    data = bytearray(minimal_xlsx(sheet_xml(cells_xml({1: {"A": "x"}}))))
    end = data.rfind(b"PK\x05\x06")
    offset, = struct.unpack_from("<I", data, end + 16)
    struct.pack_into("<I", data, end + 16, offset + by)
    pos, first = offset, True
    while data[pos:pos + 4] == b"PK\x01\x02":
        if not first:
            struct.pack_into("<I", data, pos + 42, struct.unpack_from("<I", data, pos + 42)[0] + by)
        first = False
        name, extra, comment = struct.unpack_from("<HHH", data, pos + 28)
        pos += 46 + name + extra + comment
    return bytes(data)


def broken_unread_part() -> bytes:
    """A sound workbook with one part no reader of values opens (docProps/app.xml) whose deflate data is
    garbage: the check reads it normally, an annotated copy must not trip over it (found by fuzzing)."""
    sheet = ("xl/worksheets/sheet1.xml", sheet_xml(cells_xml({1: {"A": "单位名称", "B": "某局"}})))
    return zip_with_raw_entry([*xlsx_parts(), sheet], "docProps/app.xml", b"\xff\xfe\x00 not deflate", 0, 200)
