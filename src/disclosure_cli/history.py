"""The history store: every compiled unit-year in one SQLite file (stdlib sqlite3, no server)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from .unit import Key, Unit
from .years import Previous, name_key

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

REASONS = {
    "missing": ("历史库 {path} 不存在（先用 compile --history 建立）",
                "the history store {path} does not exist (compile --history creates it)"),
    "is_dir": ("{path} 是文件夹，不是历史库文件", "{path} is a folder, not a history store file"),
    "not_sqlite": ("{path} 不是历史库：该文件不是 SQLite 数据库（可能已损坏或选错了文件）",
                   "{path} is not a history store: the file is not an SQLite database (corrupt, or the wrong file?)"),
    "foreign": ("{path} 是其他程序的 SQLite 数据库，不是 disclosure 的历史库；未作任何修改，请换一个文件名",
                "{path} is another program's SQLite database, not a disclosure history store; it was left "
                "untouched: use another file name"),
    "newer": ("历史库 {path} 由更新版本的 disclosure 建立（结构版本 {detail}），请升级本程序",
              "the history store {path} was made by a newer disclosure (layout version {detail}): upgrade this program"),
    "corrupt": ("历史库 {path} 已损坏：{detail}", "the history store {path} is corrupt: {detail}"),
    "unwritable": ("无法写入历史库 {path}：{detail}", "cannot write the history store {path}: {detail}"),
}


class HistoryError(Exception):
    """The store cannot be used; `message(lang)` says why in Chinese or English."""

    def __init__(self, reason: str, path: str | Path, detail: str = ""):
        super().__init__(reason)
        self.reason, self.path, self.detail = reason, str(path), detail

    def message(self, lang: str = "zh") -> str:
        from .i18n import pick

        return pick(REASONS[self.reason], lang, path=self.path, detail=self.detail)

    def __str__(self) -> str:
        return self.message("en")


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


# -- tidy records ---------------------------------------------------------------------------


def tidy_records(unit: Unit) -> list[dict]:
    """The unit's known numbers as tidy records, in the format's reading order (subtotals last)."""
    order: dict[Key, int] = {}
    if unit.format is not None:
        for table in unit.format.tables:
            for row, col in table.cells():
                order[(table.id, row.id, col.id)] = len(order)
    keys = sorted((k for k, v in unit.values.items() if v is not None), key=lambda k: (order.get(k, len(order)), k))
    return [{"table": t, "row": r, "column": c, "value": _plain(unit.values[(t, r, c)])} for t, r, c in keys]


def _plain(v):
    return format(v, "f") if isinstance(v, Decimal) else v


def _number(v):
    return Decimal(v) if isinstance(v, str) else v


def values_of(records: list[dict]) -> dict[Key, int | Decimal]:
    return {(r["table"], r["row"], r["column"]): _number(r["value"]) for r in records}


def content_hash(format_id: str, records: list[dict]) -> str:
    text = json.dumps({"format": format_id, "records": records}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- the store ------------------------------------------------------------------------------


class Store:
    """An open history store. `Store.open(path, write=False)` opens read-only (check never writes);
    `write=True` creates the file when it does not exist. Every failure is a HistoryError."""

    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path, self.conn = path, conn

    @classmethod
    def open(cls, path: str | Path, write: bool = False) -> Store:
        path = Path(path)
        if path.is_dir():
            raise HistoryError("is_dir", path)
        exists = path.exists()
        if not exists and not write:
            raise HistoryError("missing", path)
        if exists:
            try:
                with open(path, "rb") as fh:
                    head = fh.read(len(_SQLITE_MAGIC))
            except OSError as e:
                raise HistoryError("unwritable" if write else "missing", path, e.strerror or str(e)) from None
            if head and head != _SQLITE_MAGIC:
                raise HistoryError("not_sqlite", path)
            empty = not head
        else:
            empty = True
        try:
            if write:
                conn = sqlite3.connect(path, timeout=30)
            elif empty:
                conn = sqlite3.connect(":memory:")  # a 0-byte file: an empty store, nothing to read
            else:
                conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=30)
        except sqlite3.Error as e:
            raise HistoryError("unwritable" if write else "corrupt", path, str(e)) from None
        store = cls(path, conn)
        try:
            store._check_or_create(write or empty)
        except HistoryError:
            conn.close()
            raise
        except sqlite3.Error as e:
            conn.close()
            raise HistoryError("corrupt", path, str(e)) from None
        return store

    def _check_or_create(self, may_create: bool) -> None:
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id == APPLICATION_ID:
            if version > SCHEMA_VERSION:
                raise HistoryError("newer", self.path, str(version))
            # The header can be intact over broken pages: touch the table now, so a damaged store
            # is refused when opened rather than half-way through a run.
            self.conn.execute("SELECT count(*), max(length(records)) FROM reports").fetchone()
            return
        tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != 0 or tables:
            raise HistoryError("foreign", self.path)
        if not may_create:
            raise HistoryError("foreign", self.path)
        with self.conn:
            self.conn.executescript(_SCHEMA)
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

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
            raise HistoryError("corrupt", self.path, str(e)) from None

    # -- reading ------------------------------------------------------------------------------
    def entries(self) -> list[Entry]:
        rows = self._run("SELECT unit, year, format, source, content_hash, errors, warnings,"
                         " json_array_length(records), recorded_at FROM reports ORDER BY unit_key, year")
        return [Entry(*row) for row in rows]

    def get(self, unit_name: str, year: int) -> Previous | None:
        rows = self._run("SELECT unit, year, format, source, records FROM reports WHERE unit_key = ? AND year = ?",
                         (name_key(unit_name), year))
        if not rows:
            return None
        unit, year, fmt, source, records = rows[0]
        try:
            values = values_of(json.loads(records))
        except (ValueError, KeyError, TypeError, ArithmeticError) as e:
            raise HistoryError("corrupt", self.path, f"{unit} {year}: {e}") from None
        return Previous(unit, year, fmt, values, source, via=self.path.name)

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
        records = tidy_records(u)
        digest = content_hash(u.format.id, records)
        try:
            old = self.conn.execute("SELECT content_hash FROM reports WHERE unit_key = ? AND year = ?",
                                    (name_key(u.name), u.year)).fetchone()
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

    @property
    def _now(self) -> str:
        if not hasattr(self, "_stamp"):
            self._stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
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
        return done

    def rollback(self) -> None:
        self.conn.rollback()
        self._pending = Recorded()

    def _write_error(self, e: sqlite3.Error) -> HistoryError:
        reason = "corrupt" if isinstance(e, sqlite3.DatabaseError) and "malformed" in str(e) else "unwritable"
        return HistoryError(reason, self.path, str(e))


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


# The figure compile's per-unit breakdown compares year on year: applications received (total).
RECEIVED = ("applications", "received", "total")


def year_on_year(db: str | Path, units: Iterable[Unit], figure: Key = RECEIVED) -> list[dict]:
    """For each unit: {"unit", "year", "this_year", "last_year", "change"} for `figure`, last year's
    from the store (None, and change None, when the store has no record or the number is unknown).
    Both formats share table 三, so this works across the 2019 → 2021 change."""
    out = []
    with Store.open(db) as store:
        for u in units:
            now = u.values.get(figure)
            prev = store.previous_for(u.name, u.year) if u.year is not None else None
            before = prev.values.get(figure) if prev else None
            out.append({"unit": u.name, "year": u.year, "this_year": now, "last_year": before,
                        "change": now - before if now is not None and before is not None else None})
    return out
