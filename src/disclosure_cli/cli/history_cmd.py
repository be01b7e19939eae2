"""`disclosure history`: what a history store holds (read-only), and its series over the years (--trend)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..messages import say
from .helpwrap import Command
from .options import CONTEXT, emit_json, lang_option, use_lang


@click.command("history", cls=Command, context_settings=CONTEXT)
@click.argument("db", metavar="FILE.db")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people; json prints {store, records: [...]} on stdout ({store, unit, trend: [...]} "
                   "with --trend).")
@click.option("--trend", "trend_unit", is_flag=False, flag_value="", default=None, metavar="[UNIT]",
              help="The series over every recorded year instead of the list: each year's key figures and "
                   "indicators, added up over every unit recorded, or UNIT's alone.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="With --trend: write the series to this .xlsx (a table and line charts) or .csv (tidy rows).")
@lang_option
def history_cmd(db, fmt, trend_unit, output, lang):
    """List the unit-years a history store holds (read-only), or with --trend their series over the years.

    compile --history FILE.db records every compiled unit-year there (re-compiling a unit-year
    replaces its record); check --history FILE.db compares each unit with its previous year.
    A file that is not a disclosure history store is refused (exit 2) and left untouched.
    --trend UNIT with no record of UNIT exits 1.

    \b
    Examples:
      disclosure history history.db
      disclosure history history.db --format json --lang en
      disclosure history history.db --trend                   every unit, year by year
      disclosure history history.db --trend 某市交通运输局 -o trend.xlsx
      disclosure history history.db --trend -o trend.csv
    """
    lang = use_lang(lang)
    if trend_unit is not None:
        sys.exit(_trend(db, trend_unit or None, output, fmt, lang))
    if output is not None:
        from ..messages.errors import ToolError

        raise ToolError("trend.needs_trend")
    from tabulate import tabulate

    from ..history import entries
    from ..render.safe_text import terminal

    held = entries(db)
    if fmt == "json":
        emit_json({"store": str(db), "records": [e.to_dict() for e in held]})
        return
    if not held:
        click.echo(say("ui.history_empty", lang, path=db))
        return
    # Every field comes from a file anyone can edit: made safe for the terminal.
    rows = [tuple(terminal(str(v)) for v in (e.unit, e.year, e.format, e.numbers, e.errors, e.warnings, e.source,
                                              e.content_hash[:12], e.recorded_at)) for e in held]
    click.echo(tabulate(rows, headers=say("ui.history_head", lang).split("|"), disable_numparse=True))
    years = sorted({e.year for e in held})
    span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    click.echo(terminal(say("ui.history_total", lang, count=len(held), units=len({e.unit for e in held}),
                            years=span)))


def _trend(db, unit: str | None, output: Path | None, fmt: str, lang: str) -> int:
    """Print or write the series; 1 when UNIT has no record (nothing written), else 0."""
    from ..pipeline.trend import check_trend_output, history_trend, write_trend
    from ..render.safe_text import terminal
    from ..render.trend import trend_text

    if output is not None:
        check_trend_output(output)
    series = history_trend(db, unit)
    missing = unit is not None and not series.points
    if fmt == "json" and output is None:
        emit_json({"store": str(db), "unit": series.unit, "trend": series.records()})
        return 1 if missing else 0
    if not series.points:
        who = unit if unit is not None else say("trend.everyone", lang)
        click.echo(say("trend.empty", lang, path=db, who=who), err=missing)
        return 1 if missing else 0
    if output is None:
        click.echo(terminal(trend_text(series, lang, str(db))), nl=False)
        return 0
    write_trend(series, output, lang, str(db))
    click.echo(say("trend.wrote", lang, path=output, years=len(series.points)), err=True)
    return 0
