"""Reading a summary written by `compile` (.json or .csv) back as one unit: roll-ups compose."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from .. import formats
from ..base.marker import SUMMARY
from ..formats.schema import AMOUNT, MONEY
from ..messages import part, reason
from ..model.tidy import CSV_DERIVED, CSV_HEADER, CSV_SUMMARY
from ..model.unit import Unit, unreadable
from ..model.values import OK, parse
from .units import ReadOptions

_WRITTEN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
MAX_BYTES = 50 * 1024 * 1024  # a summary is small; refuse what cannot be one before parsing it


_NO_HINT = part("part.empty")


class NotSummary(Exception):
    """The file is not a summary written by compile (E003 with reason not_summary): why, as a catalog
    key (summary.*) and its params, so the reason reads in the chosen language."""

    def __init__(self, why: str, **params: object):
        super().__init__(why)
        self.detail = part("summary." + why, **params)


def is_summary(path: Path) -> bool:
    """Whether a .csv starts with the header compile writes (else it is a table to read as text)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(256)
    except OSError:
        return True  # read_summary says why it cannot be read
    return head.decode("utf-8-sig", "replace").startswith(",".join(CSV_HEADER))


def read_summary(path: str | Path, options: ReadOptions = ReadOptions()) -> list[Unit]:
    """The summary as one unit whose values are its totals, checked by the same rules. Never raises."""
    path = Path(path)
    source = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise NotSummary("too_large")
        data = path.read_bytes()
        if path.suffix.lower() == ".json":
            meta, records = _from_json(data)
        else:
            meta, records = _from_csv(data)
        return [_unit(path, meta, records, options)]
    except OSError:
        return [unreadable(source, reason("missing"))]
    except NotSummary as e:
        return [unreadable(source, reason("not_summary", detail=e.detail))]


def _from_json(data: bytes):
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise NotSummary("json", error=type(e).__name__) from None
    if not isinstance(obj, dict) or not isinstance(obj.get("tables"), list) or "units" not in obj:
        raise NotSummary("no_tables")
    if not obj["tables"]:
        raise NotSummary("empty")
    meta = {"format": obj.get("format"), "year": obj.get("year"), "name": obj.get("name"),
            "units": obj.get("units")}
    records = []
    for i, r in enumerate(obj["tables"]):
        if not isinstance(r, dict) or not {"table", "row", "column", "value"} <= r.keys():
            raise NotSummary("record", where=f"tables[{i}]")
        records.append((r["table"], r["row"], r["column"], r["value"], ("tables", f"[{i}]")))
    return meta, records


def _from_csv(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotSummary("not_utf8") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header != CSV_HEADER:
            raise NotSummary("header", header=",".join(CSV_HEADER))
        meta: dict = {}
        records = []
        for line, row in enumerate(reader, start=2):
            if len(row) != len(CSV_HEADER):
                raise NotSummary("line", line=line)
            table, row_id, col, value, unit, _source = row
            if table == CSV_SUMMARY:
                meta[row_id] = value
            elif table in CSV_DERIVED:
                continue  # the summary's indicators and year on year: made from its tables, never added up
            elif not unit:
                # A record with no unit is a total; an empty value is a total the summary could not compute.
                records.append((table, row_id, col, None if value == "" else value, ("csv", f"D{line}")))
    except csv.Error as e:
        raise NotSummary("csv", error=str(e)) from None
    if "format" not in meta:
        raise NotSummary("no_format")
    year = meta.get("year")
    # At most four decimal digits (full-width ones too, as int() reads them), or no year (E004): isdigit()
    # took '²' and 5,000-digit strings, which int() refuses (found by fuzzing).
    meta["year"] = int(year) if year and year.isdecimal() and len(year) <= 4 else None
    name = meta.get("name") or None
    if name and name.startswith("'") and name[1:2] in ("=", "+", "-", "@"):
        name = name[1:]  # undo the CSV neutralisation: the name is only ever written out as text again
    meta["name"] = name
    return meta, records


def _unit(path: Path, meta: dict, records: list, options: ReadOptions) -> Unit:
    fmt = formats.FORMATS.get(str(meta.get("format")))
    if fmt is None:
        raise NotSummary("format", format=repr(meta.get('format')))
    year = meta.get("year") if isinstance(meta.get("year"), int) else None
    year = year or options.year
    source = str(path)
    given = meta.get("name")
    name = given if isinstance(given, str) and given else path.stem
    unit = Unit(name=name, source=source, format=fmt, year=year, sheet=path.name, made_by=SUMMARY)
    wanted = {k: fmt.kind(*k) for k in fmt.keys()}
    seen = set()
    for table, row, col, raw, (sheet, ref) in records:
        k = (table, row, col)
        if k not in wanted:
            raise NotSummary("unknown", record=f"{table}.{row}.{col}")
        if k in seen:
            raise NotSummary("duplicate", record=f"{table}.{row}.{col}")
        seen.add(k)
        unit.cells[k] = (path.name if sheet == "csv" else sheet, ref, 0)
        _value(unit, k, raw, wanted[k])
    missing = [k for k in wanted if k not in seen]
    if missing:
        raise NotSummary("missing", record=".".join(missing[0]))
    if year is None:
        unit.findings.append(unit.finding("E004", params={"detail": part("part.summary_no_year")}))
    if name != given:  # compile wrote no name (one to stdout without --name): called after its file
        unit.findings.append(unit.finding("N004", params={"what": part("part.named_file"), "name": name}))
    return unit


def _value(unit: Unit, k, raw, kind: str) -> None:
    if raw is None:
        # The summary itself could not compute this total (E401 when it was written): still unknown.
        unit.values[k] = None
        unit.findings.append(unit.finding("E101", k, {"value": "", "hint": part("part.summary_hole")}))
        return
    # What compile writes: counts as integers (signed in 2019's 本年增/减), amounts as decimal strings.
    if isinstance(raw, bool) or not isinstance(raw, (int, str)) or (
            isinstance(raw, str) and not _WRITTEN.fullmatch(raw)) or (isinstance(raw, str) and "." in raw
                                                                     and kind not in (AMOUNT, MONEY)):
        unit.values[k] = None
        unit.findings.append(unit.finding("E101", k, {"value": str(raw), "hint": _NO_HINT}))
        return
    parsed = parse(raw, kind)
    if parsed.status != OK:
        unit.values[k] = None
        unit.findings.append(unit.finding(parsed.code or "E101", k, parsed.params or {"value": str(raw),
                                                                                   "hint": _NO_HINT}))
        return
    # Counts as integers and fees.amount as a decimal string are the documented forms: no W102.
    unit.values[k] = parsed.value
