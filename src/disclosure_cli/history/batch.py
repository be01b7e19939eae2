"""What a compile will record, gathered while units stream by and written in one short transaction at
the end (the store is not locked while inputs are read); and the records read back, checked."""

from __future__ import annotations

import hashlib
import json
import pickle
import re
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO

from ..formats.schema import Key
from ..model.namekey import name_key
from ..model.tidy import known_records
from ..model.unit import Unit
from ..model.values import MAX_DIGITS


def content_hash(format_id: str, records: list[dict]) -> str:
    """sha256 of the format and the records: the same numbers give the same hash."""
    text = json.dumps({"format": format_id, "records": records}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Row:
    """One unit-year as the reports table holds it; its records JSON kept compressed (about 3 KB a unit)
    while it waits in the batch's file."""

    unit: str
    unit_key: str
    year: int
    format: str
    source: str
    content_hash: str
    errors: int
    warnings: int
    packed: bytes

    @property
    def records(self) -> str:
        return zlib.decompress(self.packed).decode("utf-8")


@dataclass
class Batch:
    """The unit-years to record, in the order compiled (a later one of the same unit-year wins). The rows
    wait in a temporary file (one of 50,000 units would be 150 MB held), read back once when recorded."""

    skipped: list[str] = field(default_factory=list)  # units with no year or format, or excluded
    _spool: IO[bytes] | None = None
    _count: int = 0
    _added: set[tuple[str, int]] = field(default_factory=set)  # (unit_key, year) of the rows written
    _removed: dict[tuple[str, int], int] = field(default_factory=dict)  # taken back -> rows written by then

    def add(self, u: Unit) -> None:
        if u.excluded or u.year is None or u.format is None:
            self.skipped.append(u.name)
            return
        records = known_records(u.format, u.values)
        text = json.dumps(records, ensure_ascii=False, separators=(",", ":"))
        row = Row(u.name, name_key(u.name), u.year, u.format.id, str(u.source), content_hash(u.format.id, records),
                  u.errors, u.warnings, zlib.compress(text.encode("utf-8"), 6))
        if self._spool is None:
            self._spool = tempfile.TemporaryFile()  # noqa: SIM115 - removed when closed, or by the system at once
        pickle.dump(row, self._spool, protocol=pickle.HIGHEST_PROTOCOL)
        self._count += 1
        self._added.add((row.unit_key, row.year))

    def remove(self, unit_name: str, year: int) -> None:
        """Take back what add() gathered for this unit-year (a unit-year read twice, E302: never recorded)."""
        key = (name_key(unit_name), year)
        if key in self._added:
            self._added.discard(key)
            self._removed[key] = self._count
            self.skipped.append(unit_name)

    @property
    def rows(self) -> Iterator[Row]:
        """The rows to record, in the order added, those taken back left out."""
        if self._spool is None:
            return
        self._spool.seek(0)
        for i in range(self._count):
            row = pickle.load(self._spool)  # our own file, written just now by this run
            taken_back = self._removed.get((row.unit_key, row.year))
            if taken_back is None or i >= taken_back:
                yield row

    @classmethod
    def of(cls, units) -> Batch:
        batch = cls()
        for u in units:
            batch.add(u)
        return batch


# -- reading records back: a store is a file anyone can edit, so nothing in it is trusted --

_DECIMAL = re.compile(rf"-?[0-9]{{1,{MAX_DIGITS}}}(?:\.[0-9]{{1,6}})?")
_LIMIT = 10 ** MAX_DIGITS


class BadRecord(ValueError):
    """A record the store holds that compile cannot have written."""


def values_of(text: object) -> dict[Key, int | Decimal]:
    """The values of a records column, each checked as compile writes it: a list of {table, row,
    column, value} with ids as text, counts as integers and amounts as decimal strings, every number
    below 10^15 in magnitude. BadRecord otherwise."""
    if not isinstance(text, (str, bytes)):
        raise BadRecord("records are not text")
    try:
        recs = json.loads(text)
    except (ValueError, RecursionError) as e:
        raise BadRecord(f"records are not JSON ({type(e).__name__})") from None
    if not isinstance(recs, list):
        raise BadRecord("records are not a list")
    out: dict[Key, int | Decimal] = {}
    for i, r in enumerate(recs):
        if not isinstance(r, dict) or not all(isinstance(r.get(k), str) for k in ("table", "row", "column")):
            raise BadRecord(f"record {i} is not {{table, row, column, value}}")
        v = r.get("value")
        if isinstance(v, bool) or not (isinstance(v, int) and -_LIMIT < v < _LIMIT
                                       or isinstance(v, str) and _DECIMAL.fullmatch(v)):
            raise BadRecord(f"record {i} holds no number compile writes: {str(v)[:40]!r}")
        out[(r["table"], r["row"], r["column"])] = Decimal(v) if isinstance(v, str) else v
    return out
