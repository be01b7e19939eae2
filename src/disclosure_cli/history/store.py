"""The history store: every compiled unit-year in one SQLite file (stdlib sqlite3, no server)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..base.i18n import Text
from ..formats.schema import Key
from ..messages.errors import ToolError
from ..model.namekey import name_key
from ..model.previous import Previous, change
from ..model.unit import Unit
from .batch import BadRecord, Batch, Row, content_hash, values_of
from .waiting import WAIT_SECONDS

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

__all__ = ["APPLICATION_ID", "WAIT_SECONDS", "Batch", "Entry", "Recorded", "Store", "content_hash", "entries",
           "not_recorded", "previous_for", "record", "writable", "year_on_year"]


def _failure(reason: str, path: str | Path, detail: str = "", **more: object) -> ToolError:
    """The store cannot be used (exit status 2): one of the catalog's history.* reasons."""
    return ToolError("history." + reason, path=str(path), detail=detail, **more)


# SQLite's primary result codes (sqlite3.Error.sqlite_errorcode & 0xFF) -> our reason.
_BY_CODE = {3: "unwritable", 5: "busy", 6: "busy", 8: "read_only", 10: "unwritable", 11: "corrupt",
            13: "full", 14: "unwritable", 23: "unwritable", 26: "not_sqlite"}


# sqlite3 decodes SQLite's own messages as UTF-8: a damaged schema can make that fail instead.
SQL_ERRORS = (sqlite3.Error, UnicodeDecodeError)


def _classified(e: Exception, path: Path, writing: bool, wait: float) -> ToolError:
    """What an SQLite error means for the person running the command: busy, full, read-only,
    corrupt, or cannot be written / opened."""
    if isinstance(e, UnicodeDecodeError):
        return _failure("corrupt", path, "text that is not UTF-8", seconds=f"{wait:g}")
    code = getattr(e, "sqlite_errorcode", None)
    reason = _BY_CODE.get(code & 0xFF) if isinstance(code, int) else None
    if reason is None:
        text = str(e).lower()
        reason = ("busy" if "locked" in text else "full" if "full" in text else "read_only" if "readonly" in text
                  else "corrupt" if "malformed" in text or not writing else "unwritable")
    return _failure(reason, path, str(e), seconds=f"{wait:g}")


# -- the store ------------------------------------------------------------------------------


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


_ENTRY_TYPES = (str, int, str, str, str, int, int, int, str)


@dataclass
class Recorded:
    """What `record` did: unit-years added, replaced (numbers changed), unchanged, and skipped."""

    added: list[tuple[str, int]] = field(default_factory=list)
    replaced: list[tuple[str, int]] = field(default_factory=list)
    unchanged: list[tuple[str, int]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # units with no year or format, or excluded


# -- the store ------------------------------------------------------------------------------


class Store:
    """An open history store. `Store.open(path)` opens it read-only (check never writes, and compile
    reads through it while inputs are read, holding no lock); `Store.open(path, write=True)` is only
    for `write()`, one short transaction, and creates the file when it does not exist. Every failure
    is a ToolError (history.*); a store another run is writing is waited for `wait` seconds."""

    def __init__(self, path: Path, conn: sqlite3.Connection, wait: float = WAIT_SECONDS):
        self.path, self.conn, self.wait = path, conn, wait
        # Text that is not UTF-8 (a damaged page) reads as replacement characters, checked later,
        # instead of a UnicodeDecodeError out of sqlite3.
        conn.text_factory = _text

    @classmethod
    def open(cls, path: str | Path, write: bool = False, wait: float = WAIT_SECONDS) -> Store:
        """(Long because each way a file can fail to be a usable store — a folder, missing, not SQLite,
        read-only, another program's, newer, damaged — is told apart here.)"""
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
            writable(path)
            if not exists:
                _create(path)
        try:
            if write:
                # Autocommit: write() opens the one transaction itself (BEGIN IMMEDIATE).
                conn = sqlite3.connect(path, timeout=wait, isolation_level=None)
            elif empty:
                conn = sqlite3.connect(":memory:")  # a 0-byte file: an empty store, nothing to read
            else:
                conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=wait)
        except SQL_ERRORS as e:
            raise _classified(e, path, write, wait) from None
        store = cls(path, conn, wait)
        try:
            store._check_or_create(write or empty)
            store._rekey()
        except ToolError:
            conn.close()
            raise
        except SQL_ERRORS as e:
            conn.close()
            if not exists:
                _remove_new(path)
            raise _classified(e, path, write, wait) from None
        return store

    @classmethod
    def empty(cls, path: str | Path) -> Store:
        """A store that holds nothing, named `path`: what compile --history reads last year from when
        the store is still to be created at its end."""
        store = cls(Path(path), sqlite3.connect(":memory:"))
        store._check_or_create(True)
        store._rekey()
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
        if app_id != 0 or tables or not may_create:
            raise _failure("foreign", self.path)
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            # Two runs creating the store at once: the second, let in once the first committed, finds
            # the store made and makes nothing.
            if self.conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                self.conn.execute(_SCHEMA)
                self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.conn.execute("COMMIT")
        except SQL_ERRORS:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise

    def _rekey(self) -> None:
        """Rows recorded under an older matching key (before brackets and case were folded) are found by
        today's, model.previous.name_key: looked up through an alias while the store is read, rewritten
        in the transaction of the next write()."""
        self._alias: dict[tuple[str, int], str] = {}
        self._stale = [(str(unit), str(old), year) for unit, old, year in
                       self._run("SELECT unit, unit_key, year FROM reports") if name_key(str(unit)) != old]
        self._alias = {(name_key(unit), year): old for unit, old, year in self._stale}

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _run(self, sql: str, params=()):
        try:
            return self.conn.execute(sql, params).fetchall()
        except SQL_ERRORS as e:
            raise _classified(e, self.path, False, self.wait) from None

    # -- reading ------------------------------------------------------------------------------
    def entries(self) -> list[Entry]:
        rows = self._run("SELECT unit, year, format, source, content_hash, errors, warnings,"
                         " json_array_length(records), recorded_at FROM reports ORDER BY unit_key, year")
        for row in rows:
            if not all(isinstance(v, t) and not isinstance(v, bool) for v, t in zip(row, _ENTRY_TYPES, strict=True)):
                raise _failure("corrupt", self.path, f"a record of unexpected types: {str(row)[:80]}")
        return [Entry(*row) for row in rows]

    def get(self, unit_name: str, year: int) -> Previous | None:
        k = name_key(unit_name)
        rows = self._run("SELECT unit, year, format, source, records FROM reports WHERE unit_key = ? AND year = ?",
                         (self._alias.get((k, year), k), year))
        if not rows:
            return None
        return self._previous(*rows[0])

    def _previous(self, unit, year, fmt, source, records) -> Previous:
        if not isinstance(year, int) or isinstance(year, bool) or not all(isinstance(v, str) for v in (unit, fmt, source)):
            raise _failure("corrupt", self.path, f"a record of unexpected types: {str((unit, year, fmt))[:80]}")
        try:
            values = values_of(records)
        except BadRecord as e:
            raise _failure("corrupt", self.path, f"{unit} {year}: {e}") from None
        return Previous(str(unit), year, str(fmt), dict(values), str(source), via=self.path.name)

    def reports(self, names: Iterable[str] | None = None) -> Iterator[Previous]:
        """Every recorded unit-year (or those of the units `names`, matched as names are), by year then
        unit; one row at a time, so a large store is not held in memory."""
        wanted = {name_key(n) for n in names} if names is not None else None
        try:
            rows = self.conn.execute("SELECT unit, year, format, source, records FROM reports ORDER BY year, unit_key")
            for row in rows:
                if wanted is None or name_key(str(row[0])) in wanted:
                    yield self._previous(*row)
        except SQL_ERRORS as e:
            raise _classified(e, self.path, False, self.wait) from None

    def previous_for(self, unit_name: str, year: int) -> Previous | None:
        """The unit's record for the year before `year`, or None."""
        return self.get(unit_name, year - 1)

    # -- writing: one short transaction -------------------------------------------------------
    def write(self, batch: Batch) -> Recorded:
        """Record every unit-year of the batch in one transaction (BEGIN IMMEDIATE: another run
        writing waits at most `wait` seconds); a unit-year already held is replaced. Nothing is
        changed unless all of it is."""
        done = Recorded(skipped=list(batch.skipped))
        now = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                if self._stale:  # rows under an older key: today's key, in this one transaction
                    self.conn.executemany("UPDATE OR REPLACE reports SET unit_key = ? WHERE unit_key = ? AND year = ?",
                                          [(name_key(unit), old, year) for unit, old, year in self._stale])
                for row in batch.rows:
                    self._put(row, now, done)
                self.conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
                raise
        except SQL_ERRORS as e:
            raise _classified(e, self.path, True, self.wait) from None
        return done

    def _put(self, row: Row, now: str, done: Recorded) -> None:
        old = self.conn.execute("SELECT content_hash FROM reports WHERE unit_key = ? AND year = ?",
                                (row.unit_key, row.year)).fetchone()
        self.conn.execute(
            "INSERT INTO reports (unit, unit_key, year, format, source, content_hash, errors, warnings,"
            " records, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (unit_key, year) DO UPDATE SET unit = excluded.unit, format = excluded.format,"
            " source = excluded.source, content_hash = excluded.content_hash, errors = excluded.errors,"
            " warnings = excluded.warnings, records = excluded.records, recorded_at = excluded.recorded_at",
            (row.unit, row.unit_key, row.year, row.format, row.source, row.content_hash, row.errors, row.warnings,
             row.records, now))
        which = done.added if old is None else done.unchanged if old[0] == row.content_hash else done.replaced
        which.append((row.unit, row.year))


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def writable(path: Path) -> None:
    """Before a run does its work: the store (or, for a new one, its folder, where SQLite also puts
    its journal) can be written. ToolError history.read_only / history.no_folder otherwise."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise _failure("no_folder", path)
    for target in ((path, folder) if path.exists() else (folder,)):
        if not os.access(target, os.W_OK):
            raise _failure("read_only", path, str(target))


def _create(path: Path) -> None:
    """Create the store as any new file is created (mode 0666 less the umask; SQLite alone would make it
    0644 whatever the umask); its journal files take the same mode."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except FileExistsError:
        pass  # made by a concurrent run in the meantime: opened as it is
    except OSError as e:
        raise _failure("unwritable", path, e.strerror or str(e)) from None


def _remove_new(path: Path) -> None:
    """A store this run created and could not finish (a full disk): leave no 0-byte file behind.
    Only a file still empty is removed: anything else may be another run's store."""
    with contextlib.suppress(OSError):
        if path.stat().st_size == 0:
            path.unlink()


# -- the library functions compile and check call --------------------------------------------


def record(db: str | Path, units: Iterable[Unit], wait: float = WAIT_SECONDS) -> Recorded:
    """Record every unit-year of a compile in the store at `db` (created if needed), in one transaction."""
    batch = Batch.of(units)
    with Store.open(db, write=True, wait=wait) as store:
        return store.write(batch)


def not_recorded(e: ToolError) -> ToolError:
    """The history could not be recorded after the summary was written: say both (exit status 2)."""
    return ToolError("history.not_recorded", detail=Text(e.message("zh"), e.message("en")))


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
