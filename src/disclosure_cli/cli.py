"""The `disclosure` command: parse options, call the library, render, pick the exit status."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .i18n import LANGS, default_lang, ui

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class UsageProblem(click.UsageError):
    """A wrong command (exit 2), with a message in the chosen language."""


def lang_option(f):
    return click.option("--lang", type=click.Choice(LANGS), default=None,
                        help="Language of messages: zh or en (default: from the locale; Chinese for zh_*).")(f)


def read_options(f):
    f = click.option("--year", type=click.IntRange(1990, 2200), default=None,
                     help="Report year for workbooks that do not state it (no 年度 cell, no year in the file name).")(f)
    return f


def expand_inputs(inputs, lang, suffixes=None):
    from .inputs import WORKBOOK_SUFFIXES, NoInput, expand

    try:
        paths = expand(list(inputs), suffixes or WORKBOOK_SUFFIXES)
    except NoInput as e:
        raise UsageProblem(ui("no_input", lang, arg=e.args[0])) from None
    if not paths:
        raise UsageProblem(ui("no_files", lang))
    return paths


def emit_json(obj) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False))


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="disclosure-cli", prog_name="disclosure")
def cli():
    """Check and compile the statistical tables of 政府信息公开工作年度报告.

    \b
    Examples:
      disclosure check 2021.xlsx            check one department's workbook
      disclosure check submissions/         check every workbook in a folder
      disclosure check a.xlsx --format json findings for a script

    Exit status: 0 no error, 1 errors found (or warnings with --strict), 2 wrong command.
    """


@cli.command(context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people; json prints the result object on stdout and nothing else there.")
@lang_option
@click.option("--strict", is_flag=True, help="Warnings count as errors for the exit status.")
@click.option("--quiet", "-q", is_flag=True, help="Print only error-level findings; nothing when all is well.")
@read_options
@click.option("--annotate", "annotate_to", type=click.Path(path_type=Path), default=None, metavar="OUT",
              help="Also write a copy of each input with the cells that have findings highlighted and "
                   "commented, plus a findings sheet: OUT.xlsx for one input, a folder for several "
                   "(<input>-annotated.xlsx each). Inputs are never changed.")
def check(inputs, fmt, lang, strict, quiet, year, annotate_to):
    """Read and validate workbooks; print every finding; write nothing.

    INPUT is a workbook (.xlsx .xlsm .xls .ods), a folder (searched recursively) or a glob.
    Each finding names its code, the sheet and cell (年报附表!J25), the row and column in words,
    and what was expected and found.

    \b
    Examples:
      disclosure check 2021.xlsx
      disclosure check 2021.xlsx --lang en
      disclosure check submissions/ --quiet --strict
      disclosure check "in/*.xlsx" --format json > findings.json
      disclosure check 2021.xlsx --annotate 2021-标注.xlsx
      disclosure check submissions/ --annotate annotated/
    """
    from .check import check as run_check
    from .read import ReadOptions
    from .report import render_text

    lang = lang or default_lang()
    paths = expand_inputs(inputs, lang)
    pairs = annotate_plan(paths, annotate_to, lang) if annotate_to else None
    result = run_check(paths, ReadOptions(year=year))
    if fmt == "json":
        emit_json(result.to_dict(lang))
    else:
        text = render_text(result, lang, quiet=quiet)
        if text:
            click.echo(text, nl=False)
    if pairs:
        annotate_write(result, pairs, lang, quiet)
    sys.exit(1 if result.failed(strict) else 0)


# -- template and annotate (issue 4) ----------------------------------------------------------


def annotate_plan(paths, target, lang):
    """Where the annotated copies go, checked before anything is read (a bad OUT is exit 2)."""
    from .annotate import AnnotateError, plan
    from .output import OutputError, describe

    try:
        return plan(paths, target)
    except AnnotateError as e:
        raise UsageProblem(e.message(lang)) from None
    except OutputError as e:
        raise UsageProblem(describe(e, lang)) from None


def annotate_write(result, pairs, lang, quiet):
    from .annotate import annotate_all, text
    from .output import OutputError, describe

    try:
        written = annotate_all(result.units, pairs, lang, result.extra_findings)
    except OutputError as e:
        click.echo(describe(e, lang), err=True)
        sys.exit(2)
    if not quiet:
        for out in written:
            click.echo(text("written", lang, path=out), err=True)


@cli.command(context_settings=CONTEXT)
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
    from .output import OutputError, describe
    from .template import TemplateError, message
    from .template import write as write_template

    lang = lang or default_lang()
    try:
        path, t = write_template(out, year, unit, force)
    except TemplateError as e:
        raise UsageProblem(e.message(lang)) from None
    except OutputError as e:
        raise UsageProblem(describe(e, lang)) from None
    if fmt == "json":
        emit_json({"output": str(path), "year": t.year, "format": t.format.id, "unit": unit,
                   "names": len(t.names)})
    elif not quiet:
        click.echo(message("written", lang, path=path, year=t.year, format=t.format.id))


def main() -> None:
    cli(prog_name="disclosure")


if __name__ == "__main__":
    main()
