"""The shapes a report format is declared in: tables, rows, columns and value kinds."""

from __future__ import annotations

from dataclasses import dataclass, field

COUNT = "count"  # a whole number >= 0
AMOUNT = "amount"  # an exact decimal >= 0 with at most 4 places (万元)
SIGNED = "signed"  # a whole number that may be negative (2019 本年增/减)
# An exact decimal >= 0 whose unit (元 or 万元) the format does not state (2019 采购总金额): the unit is
# read from the cell (251000元) or the header (采购总金额（万元）); the value kept is in 万元, exactly.
MONEY = "money"


def memo(obj, name: str, make):
    """A value derived from a static schema object, computed once and kept on the object.

    The schema is frozen data shared by every unit: deriving its lookups once per process is
    cheaper than hashing the (deep) dataclasses on every call, as lru_cache would."""
    cache = obj.__dict__.get("_memo")
    if cache is None:
        cache = {}
        object.__setattr__(obj, "_memo", cache)
    try:
        return cache[name]
    except KeyError:
        cache[name] = value = make()
        return value


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    kind: str = COUNT
    aliases: tuple[str, ...] = ()
    total: bool = False  # a 总计 column: sum of the other columns of its row


@dataclass(frozen=True)
class Row:
    id: str
    label: str
    columns: tuple[Column, ...]
    group: str | None = None  # id of the Group this row is a numbered sub-row of
    aliases: tuple[str, ...] = ()
    legacy: tuple[str, ...] = ()  # labels of the earlier format, read with W104
    block: str | None = None  # the caption of the block the row stands in (table active)
    total: bool = False  # a total row (（七）总计): sum of other rows


@dataclass(frozen=True)
class Group:
    """A heading over numbered sub-rows (（三）不予公开) or over columns (行政复议)."""

    id: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    rows: tuple[Row, ...]
    groups: tuple[Group, ...] = ()
    section: str | None = None  # a heading spanning several rows with no numbers of its own
    note: str | None = None

    def row(self, row_id: str) -> Row:
        return memo(self, "rows", lambda: {r.id: r for r in self.rows})[row_id]

    def group(self, group_id: str) -> Group:
        return next(g for g in self.groups if g.id == group_id)

    def cells(self):
        """Every (row, column) pair that holds a number, in reading order."""
        for row in self.rows:
            for col in row.columns:
                yield row, col


@dataclass(frozen=True)
class Format:
    id: str  # "2021"
    title: str
    years: tuple[int, int]  # first and last report year it applies to (inclusive)
    tables: tuple[Table, ...]
    rules: tuple[str, ...] = field(default=())  # rule codes that apply

    def table(self, table_id: str) -> Table:
        return memo(self, "tables", lambda: {t.id: t for t in self.tables})[table_id]

    def __reduce__(self):
        # Pickled by name (units cross process boundaries): the format itself is static data.
        from .formats import by_id

        return (by_id, (self.id,))

    def keys(self) -> list[tuple[str, str, str]]:
        """Every (table, row, column) that holds a number, in the order the tables are read."""
        return memo(self, "keys", lambda: [(t.id, r.id, c.id) for t in self.tables for r, c in t.cells()])

    def kind(self, table_id: str, row_id: str, col_id: str) -> str:
        for col in self.table(table_id).row(row_id).columns:
            if col.id == col_id:
                return col.kind
        raise KeyError((table_id, row_id, col_id))
