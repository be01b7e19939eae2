"""Fuzzing material: valid seed inputs (workbooks of every kind, compile's summaries, a history store)
and mutators at every level a hostile file can work at — raw bytes, zip entries, the XML of sheet,
shared-string, style and workbook parts, ODS content, BIFF records, summary JSON and CSV values.

Everything is driven by a random.Random, so a case is reproduced from its seed alone
(benchmarks/fuzz.py --case N)."""

from __future__ import annotations

import csv
import functools
import io
import json
import random
import re
import sqlite3
import struct
import tempfile
import warnings
import zipfile
from pathlib import Path

# -- what a mutation inserts: the values and constructs that broke the tool before ---------------

NUMBERS = ["1e308", "-1e308", "1e28", "-1e28", "1e15", "999999999999999", "-0", "-0.0", "NaN", "nan", "inf",
           "-inf", "Infinity", "1" * 400, "9" * 5000, "0." + "0" * 400 + "1", "1e-320", "4.9e-324", "3e9",
           "2958466", "-1", "0.00001", "12.5", "1,234", "１２", "1E+400", "0x10", "+5", "00000000000000000000001"]
TEXTS = ["\x1b]0;pwned\x07", "\x1b[2J\x1b[31m", "\u202eexe.xslx", "\u2066x\u2069", "<script>alert(1)</script>",
         "[x](javascript:alert(1))", "=HYPERLINK(\"http://x\",\"y\")", "=cmd|' /C calc'!A0", "@SUM(1)",
         "单位名称", "填报单位：", "年度", "2021", "政府信息公开工作年度报告", "x" * 5000, "单位名称" * 300,
         "\x00\x01\x02", "\ufffe", "汇总", "-", "/", "无", "\u3000" * 100, "1\n2\r3\t4", "&amp;&lt;", "../../etc"]
XML_SNIPPETS = [
    b'<c r="XFD1048576"><v>1</v></c>', b'<c r="A1048577"><v>1</v></c>', b'<c r="XFE1"><v>1</v></c>',
    b'<c r = "ZZ99999"><v>1</v></c>', b"<c r='AAA1'><v>1</v></c>", b'<c\tr="B2"\tt="n"><v>1e308</v></c>',
    b'<c r="B3" t="s"><v>999999</v></c>', b'<c r="B4" t="s"><v>0</v></c>' * 50, b'<c r="B5" t="e"><v>#DIV/0!</v></c>',
    b'<c r="B6"><f>HYPERLINK("http://evil","x")</f></c>', b'<c r="B7" t="str"><f>1+1</f><v>=cmd|x</v></c>',
    b'<c r="B8" s="1"><v>3000000000</v></c>', b'<c r="B9" t="d"><v>99999-01-01</v></c>', b'<c r="B10" t="b"><v>7</v></c>',
    b'<c r="B11"><v>' + b"1" * 400 + b"</v></c>", b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>',
    b'<row r="5000000000">', b"<row>" + b"<c><v>1</v></c>" * 300 + b"</row>", b"<c" * 2000, b'<c r="' * 500,
    b'<mergeCells count="1"><mergeCell ref="Z100:XFD1048576"/></mergeCells>',
    b'<mergeCells><mergeCell ref="A1:ZZ9999"/><mergeCell ref="A1:A1"/></mergeCells>',
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', b"&a;", b"<![CDATA[<c r='XFD1'>]]>", b"<!-- <c r=\"XFD9\"> -->",
    b'<dimension ref="A1:XFD1048576"/>', b"\xff\xfe", b"\x00", b"<x:c r=\"C1\"><x:v>1</x:v></x:c>",
    b'<c r="A1" t="inlineStr"><is><t>' + "\u202e\x1b[2J单位名称".encode() + b"</t></is></c>",
    # Spellings of a position the gate and the placed tier must see (calamine trims a form feed from a name, keeps
    # a second r, reads one that is not its tag's first), and names and values they must pass over.
    b'<c r\x0c="XFD1048576"><v>1</v></c>', b'<c r="A1"\x0cr="XFD1048576"><v>1</v></c>', b'<c s="1" r="Z999"><v>1</v></c>',
    b'<c r="B2" r="Z999"><v>1</v></c>', b'<c x:r="XFD1048576"><v>1</v></c>', b'<c operator="XFD1048576"><v>1</v></c>',
    b' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"', b'<c r="http://XFD1"><v>1</v></c>',
]
STYLE_SNIPPETS = [
    b'<numFmts count="2"><numFmt numFmtId="164" formatCode="[h]:mm:ss"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/>'
    b"</numFmts>", b'<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/>'
    b'<xf numFmtId="165" applyNumberFormat="1"/></cellXfs>', b'<xf numFmtId="22"/>' * 100, b'<numFmt numFmtId="1"',
]
WORKBOOK_SNIPPETS = [
    b'<sheet name="S2" sheetId="2" r:id="rId9"/>', b'<sheet name="' + "\u202e汇总".encode() + b'" sheetId="3" r:id="rId1"/>',
    b'<definedNames><definedName name="x">WEBSERVICE("http://evil")</definedName>'
    b'<definedName name="applications.received.total">S!$A$1</definedName></definedNames>',
    b'<workbookPr date1904="1"/>', b'<sheet name="' + b"n" * 5000 + b'" sheetId="4" r:id="rId1"/>',
    b'<sheet name="a" sheetId="5" state="hidden" r:id="rId1"/>' * 20,
]
ODS_SNIPPETS = [
    b'<table:table-row table:number-rows-repeated="1048576"><table:table-cell office:value-type="float" '
    b'office:value="1"/></table:table-row>',
    b'<table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p>'
    b"</table:table-cell>", b'<text:s text:c="1000000000"/>', b"<text:s text:c='+0001000000'/>",
    b'<table:table-cell office:value-type="time" office:time-value="PT99999999999H"/>',
    b'<table:table-cell office:value-type="date" office:date-value="-99999-01-01"/>',
    b'<table:table-cell office:value-type="float" office:value="1e400"/>', b'<table:table table:name="T">',
    b'<table:table-row table:number-rows-repeated = \'2000000\'>', b'<table:table-cell table:number-columns-spanned='
    b'"16384" table:number-rows-spanned="1048576"/>',
]


# -- seeds: valid inputs built in code --------------------------------------------------------------

@functools.cache
def seeds() -> dict[str, bytes]:
    """name -> bytes of a valid input; the name's suffix is the file's."""
    from builders import build, consistent_values, multi_unit
    from hostile import ods_from, xls_from

    from disclosure_cli.render.layout import Style

    out: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        path = folder / "a-2021.xlsx"
        build(path, consistent_values(3))
        out["report-2021.xlsx"] = path.read_bytes()
        out["shared-2021.xlsx"] = shared_strings(path.read_bytes())
        out["report-2021.xls"] = xls_from(path)
        out["report-2021.ods"] = ods_from(path)
        build(folder / "b.xlsx", consistent_values(4), style=Style(label_cols=1, merged=False), per_table_sheets=True)
        out["tables-2021.xlsx"] = (folder / "b.xlsx").read_bytes()
        multi_unit(folder / "m.xlsx", {"甲局": consistent_values(5), "乙局": consistent_values(6)})
        out["units-2021.xlsx"] = (folder / "m.xlsx").read_bytes()
        out["template-2021.xlsx"] = _template(folder)
        out["summary-2021.json"], out["summary-2021.csv"] = _summaries(folder, path)
        out["history.db"] = _store(folder, path)
    return out


def _template(folder: Path) -> bytes:
    from disclosure_cli.render.template import write as write_template

    target = folder / "t.xlsx"
    write_template(target, 2021, "某局", True)
    return target.read_bytes()


def _summaries(folder: Path, report: Path) -> tuple[bytes, bytes]:
    from disclosure_cli.pipeline import CompileSettings, compile_inputs

    made = []
    for suffix in (".json", ".csv"):
        out = folder / f"s{suffix}"
        compile_inputs([report], settings=CompileSettings(output=out))
        made.append(out.read_bytes())
    return made[0], made[1]


def _store(folder: Path, report: Path) -> bytes:
    from disclosure_cli.history import record
    from disclosure_cli.pipeline import check

    db = folder / "h.db"
    record(db, check([report]).units)
    return db.read_bytes()


def shared_strings(xlsx: bytes) -> bytes:
    """The same workbook with its inline strings moved into xl/sharedStrings.xml, as Excel writes it."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    strings: list[bytes] = []

    def share(m: re.Match) -> bytes:
        strings.append(m.group(2))
        return m.group(1) + b't="s"><v>%d</v></c>' % (len(strings) - 1)

    cell = re.compile(rb'(<c [^>]*?)t="inlineStr"><is><t>(.*?)</t></is></c>')
    parts = {i.filename: src.read(i) for i in src.infolist()}
    for name in list(parts):
        if name.startswith("xl/worksheets/"):
            parts[name] = cell.sub(share, parts[name])
    ns = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts["xl/sharedStrings.xml"] = (b'<sst xmlns="' + ns + b'" count="%d" uniqueCount="%d">' % (len(strings), len(strings))
                                     + b"".join(b"<si><t>" + s + b"</t></si>" for s in strings) + b"</sst>")
    rel = (b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           b'sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", rel)
    return zip_parts(list(parts.items()))


def zip_parts(parts: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of these parts, in this order; a name given twice is written twice (a hostile zip does)."""
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name": on purpose
        with zipfile.ZipFile(buf, "w", method) as z:
            for name, data in parts:
                # ODF: "mimetype" stored (calamine detects an .ods by it), whatever the others are.
                kind = zipfile.ZIP_STORED if name == "mimetype" else method
                z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, compress_type=kind)
    return buf.getvalue()


# -- mutators ---------------------------------------------------------------------------------------

# What one mutation may add: enough to reach the limits of one part (16 MiB), never so much that making
# the case costs the harness gigabytes and minutes (one duplicated range repeated over four rounds did).
MAX_GROWTH = 4 << 20
MAX_INPUT = 24 << 20

def mutate_bytes(data: bytes, rnd: random.Random) -> bytes:
    """Raw bytes: flips, insertions, deletions, duplicated ranges, a cut."""
    out = bytearray(data)
    for _ in range(rnd.randint(1, 8)):
        if not out:
            break
        what, at = rnd.random(), rnd.randrange(len(out))
        if what < 0.5:
            out[at] = rnd.randrange(256)
        elif what < 0.7:
            out[at:at] = rnd.randbytes(rnd.randint(1, 16))
        elif what < 0.85:
            del out[at:at + rnd.randint(1, 64)]
        else:
            out[at:at] = out[at:at + rnd.randint(1, 512)]
    if rnd.random() < 0.2:
        out = out[:rnd.randrange(len(out) + 1)]
    return bytes(out)


def mutate_xml(xml: bytes, rnd: random.Random, snippets: list[bytes]) -> bytes:
    """XML: snippets inserted at tag boundaries, attributes and text replaced by hostile values."""
    out = xml
    for _ in range(rnd.randint(1, 4)):
        what = rnd.random()
        tags = [m.start() for m in re.finditer(rb"<", out[:200000])] or [0]
        at = rnd.choice(tags)
        if what < 0.45:
            out = out[:at] + rnd.choice(snippets) + out[at:]
        elif what < 0.65:
            values = list(re.finditer(rb"<v>[^<]*</v>|<t>[^<]*</t>|<text:p>[^<]*</text:p>", out[:200000]))
            if values:
                m = rnd.choice(values)
                tag = m.group(0)[:m.group(0).index(b">") + 1]
                value = rnd.choice(NUMBERS + TEXTS).encode("utf-8", "surrogatepass")
                value = value.replace(b"&", b"&amp;").replace(b"<", b"&lt;") if rnd.random() < 0.8 else value
                out = out[:m.start()] + tag + value + b"</" + tag[1:] + out[m.end():]
        elif what < 0.8:
            # A name bounded and at a word's start: a run of megabytes of word characters (made by the
            # repeat below) made the unbounded (\w+)= try every position of it, 56 s for one case.
            attrs = list(re.finditer(rb'\b(\w{1,64})="([^"]*)"', out[:200000]))
            if attrs:
                m = rnd.choice(attrs)
                value = rnd.choice([b"XFD1048576", b"1048577", b"-1", b"99999999999", b"", b"s", b"e", b"str",
                                    b"A1:XFD1048576", b"1" * 30, b"\xe2\x80\xae", b"'", b'"'])
                out = out[:m.start(2)] + value + out[m.end(2):]
        elif what < 0.9:
            a, b = sorted(rnd.randrange(len(out) + 1) for _ in range(2))
            times = min(rnd.randint(2, 50), MAX_GROWTH // max(1, b - a))  # a few MB: big, never gigabytes
            out = out[:a] + out[a:b] * times + out[b:]
        else:
            out = mutate_bytes(out, rnd)
    return out


_PART_SNIPPETS = [("sheet", XML_SNIPPETS), ("sharedstrings", XML_SNIPPETS), ("styles", STYLE_SNIPPETS),
                  ("workbook.xml", WORKBOOK_SNIPPETS), ("content.xml", ODS_SNIPPETS), (".rels", WORKBOOK_SNIPPETS)]


def mutate_zip(data: bytes, rnd: random.Random) -> bytes:
    """Zip entries: an XML part mutated, entries dropped, doubled, renamed (case, slashes), stored,
    reordered, or the whole written with lying headers."""
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
        parts = [(i.filename, src.read(i)) for i in src.infolist()]
    except Exception:  # noqa: BLE001 - whatever a mutated zip does to zipfile: mutate its bytes instead
        return mutate_bytes(data, rnd)
    for _ in range(rnd.randint(1, 3)):
        if not parts:
            break
        what = rnd.random()
        # The parts a reader parses for values, most often: sheets, shared strings, ODS content.
        rich = [i for i, (n, _) in enumerate(parts) if re.search(r"sheet\d*\.xml|sharedstrings|content\.xml", n.lower())]
        i = rnd.choice(rich) if rich and rnd.random() < 0.6 else rnd.randrange(len(parts))
        name, body = parts[i]
        if what < 0.55:
            snippets = next((s for key, s in _PART_SNIPPETS if key in name.lower()), XML_SNIPPETS)
            parts[i] = (name, mutate_xml(body, rnd, snippets))
        elif what < 0.65:
            del parts[i]
            if not parts:
                break
        elif what < 0.75:
            parts.append((name, mutate_xml(body, rnd, XML_SNIPPETS)))
        elif what < 0.85:
            parts[i] = (rnd.choice([name.upper(), name.replace("/", "\\"), "xl/worksheets/../" + name,
                                    name + ".bak", "/" + name]), body)
        elif what < 0.92:
            rnd.shuffle(parts)
        else:
            parts.append((f"xl/worksheets/sheet{rnd.randint(2, 9)}.xml", rnd.choice(XML_SNIPPETS) * rnd.randint(1, 9)))
    method = zipfile.ZIP_STORED if rnd.random() < 0.1 else zipfile.ZIP_DEFLATED
    out = zip_parts(parts, method)
    return lie_in_headers(out, rnd) if rnd.random() < 0.15 else out


def lie_in_headers(data: bytes, rnd: random.Random) -> bytes:
    """A zip whose local or central headers state other sizes, CRCs or methods than the bytes hold."""
    out = bytearray(data)
    for sig, size_at in ((b"PK\x03\x04", 18), (b"PK\x01\x02", 20)):
        spots = [m.start() for m in re.finditer(re.escape(sig), bytes(out))]
        if spots:
            at = rnd.choice(spots) + size_at + rnd.choice([0, 4, -4])
            if 0 <= at <= len(out) - 4:
                out[at:at + 4] = struct.pack("<I", rnd.choice([0, 1, 0xFFFFFFFF, 1 << 30, rnd.randrange(1 << 32)]))
    return bytes(out)


_BIFF_TYPES = [0x0203, 0x027E, 0x00FD, 0x0204, 0x0006, 0x00E5, 0x0085, 0x00FC, 0x003C, 0x041E, 0x0809, 0x000A]


def mutate_biff(data: bytes, rnd: random.Random) -> bytes:
    """BIFF8 records inside an .xls (xlwt writes its workbook stream in one run of sectors): values
    (NaN, inf, huge), string indexes, merged ranges, sheet offsets, record lengths and types."""
    out = bytearray(data)
    start = out.find(b"\x09\x08\x10\x00\x00\x06")  # BOF, BIFF8, workbook globals
    if start < 0:
        return mutate_bytes(data, rnd)
    records = []
    pos = start
    while pos + 4 <= len(out) and len(records) < 5000:
        typ, length = struct.unpack_from("<HH", out, pos)
        records.append((pos, typ, length))
        pos += 4 + length
    for _ in range(rnd.randint(1, 6)):
        pos, typ, length = rnd.choice(records)
        body = pos + 4
        length = max(0, min(length, len(out) - body))  # the last record may run past the end
        what = rnd.random()
        if what < 0.35 and typ == 0x0203 and length >= 14:  # NUMBER: rw col ixfe value
            out[body + 6:body + 14] = struct.pack("<d", rnd.choice([float("nan"), float("inf"), 1e308, -1e28,
                                                                     3e9, -0.0, 5e-324, 1e15]))
        elif what < 0.5 and length >= 4:
            at = body + rnd.randrange(0, max(1, length - 3))
            out[at:at + 4] = struct.pack("<I", rnd.choice([0xFFFFFFFF, 0x7FFFFFFF, 65535, 256, 0, rnd.randrange(1 << 32)]))
        elif what < 0.65:
            out[pos + 2:pos + 4] = struct.pack("<H", rnd.choice([0, 1, 0xFFFF, length + 1, max(0, length - 1)]))
        elif what < 0.75:
            out[pos:pos + 2] = struct.pack("<H", rnd.choice(_BIFF_TYPES))
        elif length:
            at = body + rnd.randrange(length)
            out[at] = rnd.randrange(256)
    return bytes(out)


def mutate_json(data: bytes, rnd: random.Random) -> bytes:
    """A summary's JSON: values replaced by hostile numbers and texts, keys dropped, types changed,
    deep nesting; sometimes not JSON at all any more."""
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        return mutate_bytes(data, rnd)
    if not isinstance(doc, dict):
        return mutate_bytes(data, rnd)
    for _ in range(rnd.randint(1, 5)):
        what = rnd.random()
        records = [r for r in doc.get("tables") or () if isinstance(r, dict)] if isinstance(doc.get("tables"), list) else []
        if what < 0.5 and records:
            rec = rnd.choice(records)
            rec["value"] = rnd.choice([*NUMBERS, *(json.loads(x) for x in ("1e308", "-0", "1e400", "12")),
                                       int("9" * 400), True, None, [], {}, "1" * 4400, -(10 ** 20)])
        elif what < 0.6:
            doc[rnd.choice(["name", "year", "format", "units"])] = rnd.choice([*TEXTS, 1e308, -1, None, [], "2021"])
        elif what < 0.7 and doc:
            doc.pop(rnd.choice(list(doc)))
        elif what < 0.8:
            doc["tables"] = [[[[[[1]]]]]] * rnd.randint(1, 3)
        else:
            text = json.dumps(doc, ensure_ascii=False)
            return ("[" * 100000 + text if rnd.random() < 0.3 else mutate_bytes(text.encode(), rnd).decode(
                "utf-8", "replace")).encode()
    return json.dumps(doc, ensure_ascii=False, allow_nan=True).encode()


def mutate_csv(data: bytes, rnd: random.Random) -> bytes:
    """A summary's CSV: value cells replaced by hostile numbers and texts, rows cut or doubled."""
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error):
        return mutate_bytes(data, rnd)
    for _ in range(rnd.randint(1, 6)):
        if len(rows) < 2:
            break
        i = rnd.randrange(1, len(rows))
        what = rnd.random()
        if what < 0.6 and len(rows[i]) > 3:
            rows[i][3] = rnd.choice(NUMBERS + TEXTS)
        elif what < 0.7:
            rows[i] = rows[i][:rnd.randrange(len(rows[i]) + 1)]
        elif what < 0.8:
            rows.insert(i, list(rows[i]))
        elif len(rows[i]) > 4:
            rows[i][rnd.choice([0, 1, 2, 4])] = rnd.choice(TEXTS)
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    text = buf.getvalue().encode("utf-8")
    return mutate_bytes(text, rnd) if rnd.random() < 0.15 else text


def mutate_store(data: bytes, rnd: random.Random) -> bytes:
    """A history store: records edited through SQLite (bad JSON, wrong types, huge numbers), or its
    pages hit at random."""
    if rnd.random() < 0.4:
        return mutate_bytes(data, rnd)
    with tempfile.TemporaryDirectory() as d:
        db = Path(d) / "h.db"
        db.write_bytes(data)
        conn = sqlite3.connect(db)
        value = rnd.choice(["not json", "{}", "[1,2]", '[{"table":1}]', '[{"table":"a","row":"b","column":"c",'
                            '"value":"1e999999"}]', json.dumps([{"table": "applications", "row": "received",
                                                                 "column": "total", "value": "9" * 30}]),
                            "[" * 5000, None, 12, "\x1b[2J"])
        column = rnd.choice(["records", "year", "unit", "source", "format", "errors", "recorded_at"])
        try:
            conn.execute(f"UPDATE reports SET {column} = ?, year = CASE WHEN ? THEN 2020 ELSE year END",
                         (value, rnd.random() < 0.7))
            conn.commit()
        except sqlite3.Error:
            pass
        conn.close()
        return db.read_bytes()


def mutate(name: str, data: bytes, rnd: random.Random) -> bytes:
    """One mutation fitting the input's kind (and, now and then, one at a lower level), at most
    MAX_INPUT bytes."""
    return _mutate(name, data, rnd)[:MAX_INPUT]


def _mutate(name: str, data: bytes, rnd: random.Random) -> bytes:
    low = name.lower()
    if rnd.random() < 0.15:
        return mutate_bytes(data, rnd)
    if low.endswith(".json"):
        return mutate_json(data, rnd)
    if low.endswith(".csv"):
        return mutate_csv(data, rnd)
    if low.endswith(".db"):
        return mutate_store(data, rnd)
    if low.endswith(".xls"):
        return mutate_biff(data, rnd)
    return mutate_zip(data, rnd)
