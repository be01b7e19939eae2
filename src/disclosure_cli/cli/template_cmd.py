"""`disclosure template`: the fill-in workbook a department starts from."""

from __future__ import annotations

from pathlib import Path

import click

from ..messages import say
from .helpwrap import Command
from .options import CONTEXT, emit_json, lang_option, use_lang


@click.command(cls=Command, context_settings=CONTEXT)
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), default=None,
              help="The workbook to write (.xlsx). Default: 年报统计表-<year>.xlsx in the current folder.")
@click.option("--year", type=click.IntRange(1990, 2200), default=None,
              help="Report year; chooses the format. Default: last calendar year.")
@click.option("--unit", default=None, help="Unit name (单位名称) to fill in.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists (by default an existing file is never overwritten).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json prints {output, year, format, unit, names} on stdout.")
@lang_option
@click.option("--quiet", "-q", is_flag=True, help="Print nothing on success.")
def template(out, year, unit, force, fmt, lang, quiet):
    """Write an empty fill-in workbook in the official layout, ready for a clerk.

    Yellow cells are typed in (unit name, year, every number); grey cells are totals computed by
    formulas. Whole-number validation (up to 4 decimals for the 万元 amount), label cells protected
    (no password), an instructions sheet (说明). Every value cell has a defined name
    <table>.<row>.<column> (e.g. applications.received.natural_person); the unit name and year
    cells are named unit and year, so scripts can fill the template by name.

    \b
    Examples:
      disclosure template                      年报统计表-<last year>.xlsx
      disclosure template -o 2024.xlsx --year 2024 --unit 某市交通运输局
      disclosure template -o t.xlsx --force    replace an existing t.xlsx

    \b
    The clerk's loop:
      disclosure template -o 2024.xlsx --year 2024
      (fill in 2024.xlsx in Excel or WPS, save)
      disclosure check 2024.xlsx --annotate 2024-标注.xlsx
    """
    from ..render.template import write as write_template

    lang = use_lang(lang)
    path, t = write_template(out, year, unit, force)
    if fmt == "json":
        emit_json({"output": str(path), "year": t.year, "format": t.format.id, "unit": unit,
                   "names": len(t.names)})
    elif not quiet:
        click.echo(say("template.written", lang, path=path, year=t.year, format=t.format.id))
