"""`disclosure history`: what a history store holds (read-only)."""

from __future__ import annotations

import click

from ..messages import say
from .options import CONTEXT, emit_json, lang_option, use_lang


@click.command("history", context_settings=CONTEXT)
@click.argument("db", metavar="FILE.db")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people; json prints {store, records: [...]} on stdout.")
@lang_option
def history_cmd(db, fmt, lang):
    """List the unit-years a history store holds (read-only).

    compile --history FILE.db records every compiled unit-year there (re-compiling a unit-year
    replaces its record); check --history FILE.db compares each unit with its previous year.
    A file that is not a disclosure history store is refused (exit 2) and left untouched.

    \b
    Examples:
      disclosure history history.db
      disclosure history history.db --format json --lang en
    """
    from tabulate import tabulate

    from ..history import entries
    from ..render.safe_text import terminal

    lang = use_lang(lang)
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
