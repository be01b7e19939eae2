"""What the outputs call things: a finding's place in the table's own words, titles, unit statuses."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ..formats.schema import GRID, Format
from ..messages import say
from ..model.findings import Finding
from ..model.unit import Unit

if TYPE_CHECKING:
    from ..summary import Compilation


def h(key: str, lang: str, **params: object) -> str:
    """A heading or column name of the compiled tables (catalog table.*)."""
    return say("table." + key, lang, **params)


def describe(fmt: Format | None, f: Finding) -> str:
    """'三 › （一）予以公开 / 总计': the finding's place in the table, in the table's own words."""
    if fmt is None or not f.table or not fmt.has_table(f.table):
        return ""
    table = fmt.table(f.table)
    row_label = col_label = ""
    if f.row:
        if table.has_group(f.row):
            row_label = table.group(f.row).label + "（小计）"
        else:
            try:
                row = table.row(f.row)
            except KeyError:
                row = None
            if row is not None:
                group = table.group(row.group).label if row.group and table.shape == GRID else ""
                row_label = f"{group} {row.label}".strip() if group else row.label
                if f.column:
                    col_label = next((c.label for c in row.columns if c.id == f.column), f.column)
    return " / ".join(x for x in (row_label, col_label) if x)


def unit_heading(u: Unit, lang: str) -> str:
    where = u.source + (f" › {u.sheet}" if u.sheet else "")
    year = say("ui.year", lang, year=u.year) if u.year else "?"
    return f"{u.name}  ({where}, {year})"


def status_text(unit: Unit, comp: Compilation, lang: str) -> str:
    if unit.summary:
        return h("summary_sheet", lang)
    if any(f.code == "E302" for f in unit.findings):  # one of several copies of a unit-year
        return h("repeat_excluded" if unit.excluded else "repeat_kept", lang)
    if unit.excluded:
        return h("excluded", lang)
    if unit.errors:
        return h("error_blocking" if comp.blocked else "error_status", lang)
    return h("ok", lang)


def title(comp: Compilation, lang: str) -> str:
    n = comp.included_count
    year = comp.year or "?"
    if len(comp.units) == 1 and comp.name:
        return h("title_one", lang, name=comp.name, year=year)
    if comp.name:
        return h("title_named", lang, name=comp.name, year=year, n=n)
    return h("title_many", lang, year=year, n=n)


def shown_sources(sources: list[str]) -> dict[str, str]:
    """Each input path as a document shows it: relative to the folder above the one all inputs share
    (甲县/交通局.xlsx), never the absolute path of the machine the summary was made on."""
    show = source_shower(sources)
    return {s: show(s) for s in sources}


def source_shower(sources: Iterable[str]) -> Callable[[str], str]:
    """shown_sources() as a function of one path, the shared folder found in one pass over `sources`
    (nothing kept per input: the 单位 sheet of 50,000 units shows each as its row is written)."""
    import os

    common: str | None = None
    last = None
    for s in sources:
        folder = os.path.dirname(os.path.abspath(s))
        if folder == last:
            continue
        last = folder
        try:
            common = folder if common is None else os.path.commonpath([common, folder])
        except ValueError:  # different drives (Windows): nothing in common
            return os.path.basename
    if common is None:
        return os.path.basename
    base = os.path.dirname(common) or common
    return lambda s: os.path.relpath(os.path.abspath(s), base)
