"""The history store: every compiled unit-year in one SQLite file (stdlib sqlite3, no server)."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..formats.schema import Key
from ..messages.errors import ToolError
from ..model.previous import Previous, change, name_key
from ..model.tidy import known_records, values_of
from ..model.unit import Unit

# PRAGMA application_id marks the file as ours ('DSCL'): any other SQLite file is refused, never
# altered. PRAGMA user_version is the layout version of the tables below.
APPLICATION_ID = 0x4453434C
SCHEMA_VERSION = 1
_SQLITE_MAGIC = b"SQLite format 3\x00"

_SCHEMA = """
CREATE TABLE reports (
    unit          TEXT    NOT NULL,  -- the unit's name as written
    unit_key      TEXT    NOT NULL,  -- the name as matched (labels.clean)
    year          INTEGER NOT NULL,
    format        TEXT    NOT NULL,  -- format id: '2019' or '2021'
    source        TEXT    NOT NULL,  -- the workbook it was read from
    content_hash  TEXT    NOT NULL,  -- sha256 of format + records: same numbers, same hash
    errors        INTEGER NOT NULL,
    warnings      INTEGER NOT NULL,
    records       TEXT    NOT NULL,  -- JSON tidy records [{table,row,column,value}]; amounts as strings
    recorded_at   TEXT    NOT NULL,
    UNIQUE (unit_key, year)
);
"""



_COLUMNS = "unit, unit_key, year, format, source, content_hash, errors, warnings, records, recorded_at"


def _create(path: Path) -> None:
    """Create the store as any new file is created (mode 0666 less the umask; SQLite alone would make it
    0644 whatever the umask); its journal files take the same mode."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except FileExistsError:
        pass  # made by a concurrent run in the meantime: opened as it is
    except OSError as e:
        raise _failure("unwritable", path, e.strerror or str(e)) from None


def _failure(reason: str, path: str | Path, detail: str = "") -> ToolError:
    """The store cannot be used (exit status 2): one of the catalog's history.* reasons."""
    return ToolError("history." + reason, path=str(path), detail=detail)


@dataclass(frozen=True)
class Entry:
    """One recorded unit-year, as `disclosure history` lists it."""

    unit: str
    year: int
    format: str
    source: str
    content_hash: str
    errors: int
    warnings: int
    numbers: int
    recorded_at: str

    def to_dict(self) -> dict:
        return {"unit": self.unit, "year": self.year, "format": self.format, "source": self.source,
                "content_hash": self.content_hash, "errors": self.errors, "warnings": self.warnings,
                "numbers": self.numbers, "recorded_at": self.recorded_at}


@dataclass
class Recorded:
    """What `record` did: unit-years added, replaced (numbers changed), unchanged, and skipped."""

    added: list[tuple[str, int]] = field(default_factory=list)
    replaced: list[tuple[str, int]] = field(default_factory=list)
    unchanged: list[tuple[str, int]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # units with no year or format, or excluded


def content_hash(format_id: str, records: list[dict]) -> str:
    text = json.dumps({"format": format_id, "records": records}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- the store ------------------------------------------------------------------------------


class Store:
    """An open history store. `Store.open(path, write=False)` opens read-only (check never writes);
    `write=True` creates the file when it does not exist. Every failure is a ToolError (history.*)."""

    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path, self.conn = path, conn

    @classmethod
    def open(cls, path: str | Path, write: bool = False) -> Store:
        path = Path(path)
        if path.is_dir():
            raise _failure("is_dir", path)
        exists = path.exists()
        if not exists and not write:
            raise _failure("missing", path)
        if exists:
            try:
                with open(path, "rb") as fh:
                    head = fh.read(len(_SQLITE_MAGIC))
            except OSError as e:
                raise _failure("unwritable" if write else "missing", path, e.strerror or str(e)) from None
            if head and head != _SQLITE_MAGIC:
                raise _failure("not_sqlite", path)
            empty = not head
        else:
            empty = True
            if write:
                _create(path)
        try:
            if write:
                conn = sqlite3.connect(path, timeout=30)
            elif empty:
                conn = sqlite3.connect(":memory:")  # a 0-byte file: an empty store, nothing to read
            else:
                conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=30)
        except sqlite3.Error as e:
            raise _failure("unwritable" if write else "corrupt", path, str(e)) from None
        store = cls(path, conn)
        try:
            store._check_or_create(write or empty)
            store._rekey(write)
        except ToolError:
            conn.close()
            raise
        except sqlite3.Error as e:
            conn.close()
            raise _failure("corrupt", path, str(e)) from None
        return store

    def _check_or_create(self, may_create: bool) -> None:
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id == APPLICATION_ID:
            if version > SCHEMA_VERSION:
                raise _failure("newer", self.path, str(version))
            # The header can be intact over broken pages: touch the table now, so a damaged store
            # is refused when opened rather than half-way through a run.
            self.conn.execute("SELECT count(*), max(length(records)) FROM reports").fetchone()
            return
        tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != 0 or tables:
            raise _failure("foreign", self.path)
        if not may_create:
            raise _failure("foreign", self.path)
        with self.conn:
            self.conn.executescript(_SCHEMA)
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _rekey(self, write: bool) -> None:
        """Rows recorded under an older matching key (before brackets and case were folded) are found
        by today's, model.previous.name_key: rewritten inside the transaction a writing run commits or
        rolls back, and looked up through an alias when the store is only read."""
        self._alias: dict[tuple[str, int], str] = {}
        stale = [(unit, old, year) for unit, old, year in self._run("SELECT unit, unit_key, year FROM reports")
                 if name_key(unit) != old]
        if write and stale:
            try:
                self.conn.executemany("UPDATE OR REPLACE reports SET unit_key = ? WHERE unit_key = ? AND year = ?",
                                      [(name_key(unit), old, year) for unit, old, year in stale])
            except sqlite3.Error as e:
                raise self._write_error(e) from None
        elif stale:
            self._alias = {(name_key(unit), year): old for unit, old, year in stale}

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _run(self, sql: str, params=()):
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as e:
            raise _failure("corrupt", self.path, str(e)) from None

    # -- reading ------------------------------------------------------------------------------
    def entries(self) -> list[Entry]:
        rows = self._run("SELECT unit, year, format, source, content_hash, errors, warnings,"
                         " json_array_length(records), recorded_at FROM reports ORDER BY unit_key, year")
        return [Entry(*row) for row in rows]

    def get(self, unit_name: str, year: int) -> Previous | None:
        k = name_key(unit_name)
        rows = self._run("SELECT unit, year, format, source, records FROM reports WHERE unit_key = ? AND year = ?",
                         (self._alias.get((k, year), k), year))
        if not rows:
            return None
        return self._previous(*rows[0])

    def _previous(self, unit: str, year: int, fmt: str, source: str, records: str) -> Previous:
        try:
            values = values_of(json.loads(records))
        except (ValueError, KeyError, TypeError, ArithmeticError) as e:
            raise _failure("corrupt", self.path, f"{unit} {year}: {e}") from None
        return Previous(unit, year, fmt, values, source, via=self.path.name)

    def reports(self, names: Iterable[str] | None = None) -> Iterator[Previous]:
        """Every recorded unit-year (or those of the units `names`, matched as names are), by year then
        unit; one row at a time, so a large store is not held in memory."""
        wanted = {name_key(n) for n in names} if names is not None else None
        try:
            rows = self.conn.execute("SELECT unit, year, format, source, records FROM reports ORDER BY year, unit_key")
            for row in rows:
                if wanted is None or name_key(row[0]) in wanted:
                    yield self._previous(*row)
        except sqlite3.Error as e:
            raise _failure("corrupt", self.path, str(e)) from None

    def previous_for(self, unit_name: str, year: int) -> Previous | None:
        """The unit's record for the year before `year`, or None."""
        return self.get(unit_name, year - 1)

    # -- writing ------------------------------------------------------------------------------
    def record(self, units: Iterable[Unit]) -> Recorded:
        """Record each unit-year (one transaction); a unit-year already held is replaced."""
        done = Recorded()
        try:
            for u in units:
                self.put(u, done)
            self.commit()
        except BaseException:
            self.rollback()
            raise
        return done

    def put(self, u: Unit, done: Recorded | None = None) -> None:
        """Record one unit-year inside the open transaction (commit() makes it last)."""
        done = done if done is not None else self.pending
        if u.excluded or u.year is None or u.format is None:
            done.skipped.append(u.name)
            return
        records = known_records(u.format, u.values)
        digest = content_hash(u.format.id, records)
        try:
            before = self.conn.execute(f"SELECT {_COLUMNS} FROM reports WHERE unit_key = ? AND year = ?",
                                       (name_key(u.name), u.year)).fetchone()
            self._before.setdefault((name_key(u.name), u.year), before)
            old = (before[5],) if before is not None else None
            self.conn.execute(
                "INSERT INTO reports (unit, unit_key, year, format, source, content_hash, errors, warnings,"
                " records, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (unit_key, year) DO UPDATE SET unit = excluded.unit, format = excluded.format,"
                " source = excluded.source, content_hash = excluded.content_hash, errors = excluded.errors,"
                " warnings = excluded.warnings, records = excluded.records, recorded_at = excluded.recorded_at",
                (u.name, name_key(u.name), u.year, u.format.id, str(u.source), digest, u.errors, u.warnings,
                 json.dumps(records, ensure_ascii=False, separators=(",", ":")), self._now))
        except sqlite3.Error as e:
            raise self._write_error(e) from None
        which = done.added if old is None else done.unchanged if old[0] == digest else done.replaced
        which.append((u.name, u.year))

    def unput(self, unit_name: str, year: int) -> None:
        """Undo what put() did to this unit-year in the open transaction: the record held before it (if
        any) is back, and the pending counts forget it (a unit-year read twice: E302)."""
        k = (name_key(unit_name), year)
        if k not in self._before:
            return
        before = self._before.pop(k)
        try:
            self.conn.execute("DELETE FROM reports WHERE unit_key = ? AND year = ?", k)
            if before is not None:
                self.conn.execute(f"INSERT INTO reports ({_COLUMNS}) VALUES ({', '.join('?' * len(before))})",
                                  before)
        except sqlite3.Error as e:
            raise self._write_error(e) from None
        done = self.pending
        for which in (done.added, done.replaced, done.unchanged):
            which[:] = [(n, y) for n, y in which if (name_key(n), y) != k]
        done.skipped.append(unit_name)

    @property
    def _before(self) -> dict[tuple[str, int], tuple | None]:
        """The record of each unit-year put() touched in the open transaction, as it was before."""
        if not hasattr(self, "_touched"):
            self._touched: dict[tuple[str, int], tuple | None] = {}
        return self._touched

    @property
    def _now(self) -> str:
        if not hasattr(self, "_stamp"):
            self._stamp = datetime.now(UTC).isoformat(timespec="seconds")
        return self._stamp

    @property
    def pending(self) -> Recorded:
        """What put() has recorded since the last commit."""
        if not hasattr(self, "_pending"):
            self._pending = Recorded()
        return self._pending

    def commit(self) -> Recorded:
        try:
            self.conn.commit()
        except sqlite3.Error as e:
            raise self._write_error(e) from None
        done, self._pending = self.pending, Recorded()
        self._before.clear()
        return done

    def rollback(self) -> None:
        self.conn.rollback()
        self._pending = Recorded()
        self._before.clear()

    def _write_error(self, e: sqlite3.Error) -> ToolError:
        reason = "corrupt" if isinstance(e, sqlite3.DatabaseError) and "malformed" in str(e) else "unwritable"
        return _failure(reason, self.path, str(e))


# -- the library functions compile and check call --------------------------------------------


def record(db: str | Path, units: Iterable[Unit]) -> Recorded:
    """Record every unit-year of a compile in the store at `db` (created if needed)."""
    with Store.open(db, write=True) as store:
        return store.record(units)


def previous_for(db: str | Path, unit_name: str, year: int) -> Previous | None:
    """The unit's record for `year - 1` in the store at `db` (read-only), or None."""
    with Store.open(db) as store:
        return store.previous_for(unit_name, year)


def entries(db: str | Path) -> list[Entry]:
    """What the store holds, by unit then year (read-only)."""
    with Store.open(db) as store:
        return store.entries()


def year_on_year(db: str | Path, units: Iterable[Unit], figure: Key | None = None) -> list[dict]:
    """For each unit: {"unit", "year", "this_year", "last_year", "change"} for `figure` (default: the
    format's headline, applications received), last year's from the store (None, and change None, when
    the store has no record or the number is unknown). Both formats share table 三, so this works
    across the 2019 → 2021 change."""
    out = []
    with Store.open(db) as store:
        for u in units:
            k = figure or (u.format.headline if u.format is not None else None)
            now = u.values.get(k) if k else None
            prev = store.previous_for(u.name, u.year) if u.year is not None else None
            before = prev.values.get(k) if prev and k else None
            out.append({"unit": u.name, "year": u.year, "this_year": now, "last_year": before,
                        "change": change(now, before)})
    return out
