"""The shapes a report format is declared in: tables, rows, columns, value kinds and table roles.

A format is static data. Everything the stages above need to know about a table's shape — which
rows balance, which rows a total adds up, where the in-force counts stand, which figures a summary
shows per unit — is declared here as a role, so a format revision is one new module in this package."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # the prose is imported when first asked for (Format.sections, Format.claims)
    from .prose import Claim, Section


COUNT = "count"  # a whole number >= 0
AMOUNT = "amount"  # an exact decimal >= 0 with at most 4 places (万元)
SIGNED = "signed"  # a whole number that may be negative (2019 本年增/减)
# An exact decimal >= 0 whose unit (元 or 万元) the format does not state (2019 采购总金额): the unit is
# read from the cell (251000元) or the header (采购总金额（万元）); the value kept is in 万元, exactly.
MONEY = "money"

# How a table is laid out, which decides how it is found, read back and written.
BLOCKS = "blocks"  # table 二: rows under article captions, each block with its own column headers
GRID = "grid"  # table 三: numbered rows (some under group headings) × the same columns
GROUPS = "groups"  # table 四: one row of values under group headings × the same columns

Key = tuple[str, str, str]  # (table id, row id, column id); group subtotals use the group id as row


@dataclass(frozen=True, eq=False)
class Column:
    id: str
    label: str
    kind: str = COUNT
    aliases: tuple[str, ...] = ()
    total: bool = False  # a 总计 column: sum of the other columns of its row


@dataclass(frozen=True, eq=False)
class Row:
    id: str
    label: str
    columns: tuple[Column, ...]
    group: str | None = None  # id of the Group this row is a numbered sub-row of
    aliases: tuple[str, ...] = ()
    legacy: tuple[str, ...] = ()  # labels of the earlier format, read with W104
    block: str | None = None  # the caption of the block the row stands in (table active)
    total: bool = False  # a total row (（七）总计): sum of other rows


@dataclass(frozen=True, eq=False)
class Group:
    """A heading over numbered sub-rows (（三）不予公开) or over columns (行政复议)."""

    id: str
    label: str
    aliases: tuple[str, ...] = ()


class Balance(NamedTuple):
    """The table's own balance (勾稽关系), column by column: sum(inflow) = sum(outflow). The finding
    points at the last outflow row (四、结转下年度继续办理)."""

    inflow: tuple[str, ...]
    outflow: tuple[str, ...]

    @property
    def carried_in(self) -> str:
        """The last inflow row is what last year carried over (W301 compares it with last year's)."""
        return self.inflow[-1]

    @property
    def carried_out(self) -> str:
        """The last outflow row is what goes on to next year."""
        return self.outflow[-1]


class InForce(NamedTuple):
    """Rows whose in-force count follows from last year's: in_force >= issued − repealed (E206) and
    in_force = last year's in_force + issued − repealed (W302)."""

    rows: tuple[str, ...]
    issued: str
    repealed: str
    in_force: str


class Figure(NamedTuple):
    """A key figure a summary shows per unit: a cell, or (row names a group) the sum over the group's rows."""

    table: str
    row: str
    column: str
    label: str

    @property
    def key(self) -> Key:
        return (self.table, self.row, self.column)


class Term(NamedTuple):
    """A count an indicator is made of: a cell, or (row names a group) the sum over the group's rows;
    with its short name in each language, which the indicator's formula is written in."""

    table: str
    row: str
    column: str
    zh: str
    en: str

    @property
    def key(self) -> Key:
        return (self.table, self.row, self.column)


class Indicator(NamedTuple):
    """A ratio of a format's counts: sum(numerator) / (sum(denominator) − sum(less)) (formats.indicators)."""

    id: str
    zh: str
    en: str
    numerator: tuple[Term, ...]
    denominator: tuple[Term, ...]
    less: tuple[Term, ...] = ()
    ranked: bool = False  # shown per unit in the summary's 单位 sheet (the rest: JSON, CSV, DataFrames)
    peers: bool = False  # compared with the peers' in a summary (A003)


@dataclass(frozen=True, eq=False)
class Table:
    id: str
    title: str
    rows: tuple[Row, ...]
    shape: str
    anchor: str  # the label E001 names when the table is not found
    groups: tuple[Group, ...] = ()
    section: str | None = None  # a heading spanning several rows with no numbers of its own
    note: str | None = None
    header: str | None = None  # the heading over all value columns (申请人情况)
    column_group: tuple[str, ...] = ()  # column ids under a shared heading (法人或其他组织 …)
    column_group_label: str | None = None
    label_heading: str | None = None  # the heading over the row labels (信息内容, table 二)
    results: tuple[str, str] | None = None  # first result row and the total row that adds the results up
    balance: Balance | None = None
    in_force: InForce | None = None
    _rows: dict[str, Row] = field(init=False, repr=False)
    _groups: dict[str, Group] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Lookups derived once, when the format is declared (formats are static data).
        object.__setattr__(self, "_rows", {r.id: r for r in self.rows})
        object.__setattr__(self, "_groups", {g.id: g for g in self.groups})

    def row(self, row_id: str) -> Row:
        return self._rows[row_id]

    def group(self, group_id: str) -> Group:
        return self._groups[group_id]

    def has_group(self, group_id: str) -> bool:
        return group_id in self._groups

    def cells(self):
        """Every (row, column) pair that holds a number, in reading order."""
        for row in self.rows:
            for col in row.columns:
                yield row, col

    @property
    def columns(self) -> tuple[Column, ...]:
        """The value columns of a GRID table (every row has the same)."""
        return self.rows[0].columns

    def group_rows(self, group_id: str) -> list[str]:
        """The ids of a group's numbered sub-rows."""
        return [r.id for r in self.rows if r.group == group_id]

    def result_rows(self) -> list[str]:
        """The rows the results total adds up: every non-total row from the first result row down to
        the total row, as declared (in 2019 （六）其他处理 is itself such a row: it has no sub-rows)."""
        if self.results is None:
            return []
        ids = [r.id for r in self.rows]
        first, total = (ids.index(x) for x in self.results)
        return [r.id for r in self.rows[first:total] if not r.total]


@dataclass(frozen=True, eq=False)
class Format:
    id: str  # "2021"
    title: str
    years: tuple[int, int]  # first and last report year it applies to (inclusive)
    tables: tuple[Table, ...]
    rules: tuple[str, ...] = ()  # rule codes that apply
    key_figures: tuple[Figure, ...] = ()  # the per-unit breakdown of a summary
    headline: Key | None = None  # the figure compared year on year in a summary (applications received)
    # What its text says (formats.prose: the sections, the sentences stating a figure), for audit: read from
    # there when asked for, so a check of workbooks never builds them (2.6 ms of its start-up).
    prose: str | None = None  # the id of its claims in prose.CLAIMS
    indicators: tuple[Indicator, ...] = ()  # the ratios a summary shows (formats.indicators)
    _tables: dict[str, Table] = field(init=False, repr=False)
    _keys: tuple[Key, ...] = field(init=False, repr=False)
    _key_set: frozenset[Key] = field(init=False, repr=False)
    _key_index: dict[Key, int] = field(init=False, repr=False)
    _kinds: dict[Key, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        keys = tuple((t.id, r.id, c.id) for t in self.tables for r, c in t.cells())
        object.__setattr__(self, "_tables", {t.id: t for t in self.tables})
        object.__setattr__(self, "_keys", keys)
        object.__setattr__(self, "_key_set", frozenset(keys))
        object.__setattr__(self, "_key_index", {k: i for i, k in enumerate(keys)})
        object.__setattr__(self, "_kinds", {(t.id, r.id, c.id): c.kind for t in self.tables for r, c in t.cells()})

    @property
    def sections(self) -> tuple[Section, ...]:
        """The report's six sections (prose.SECTIONS); none for a format without prose."""
        from .prose import SECTIONS

        return SECTIONS if self.prose is not None else ()

    @property
    def claims(self) -> tuple[Claim, ...]:
        """The figures its text states for the tables (prose.CLAIMS)."""
        from .prose import CLAIMS

        return CLAIMS[self.prose] if self.prose is not None else ()

    def table(self, table_id: str) -> Table:
        return self._tables[table_id]

    def has_table(self, table_id: str) -> bool:
        return table_id in self._tables

    def keys(self) -> tuple[Key, ...]:
        """Every (table, row, column) that holds a number, in the order the tables are read."""
        return self._keys

    def key_set(self) -> frozenset[Key]:
        return self._key_set

    def key_index(self) -> dict[Key, int]:
        """Each key's place in keys() (read only)."""
        return self._key_index

    def kind(self, table_id: str, row_id: str, col_id: str) -> str:
        return self._kinds[(table_id, row_id, col_id)]

    @property
    def last_year(self) -> int | None:
        """The last report year the format applies to, None when it is open-ended."""
        return None if self.years[1] > 3000 else self.years[1]
