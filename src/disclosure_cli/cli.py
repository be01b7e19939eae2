"""The `disclosure` command: parse options, call the library, render, pick the exit status."""

from __future__ import annotations

import json
import sys

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


def schema_option(f):
    from .formats import FORMATS

    return click.option(
        "--schema", type=click.Choice(sorted(FORMATS)), default=None,
        help="Read every report in this format, whatever its year (default: 2019 for 2019–2020 reports, "
             "2021 from 2021).")(f)


def previous_options(f):
    f = click.option(
        "--history", "history_db", type=click.Path(dir_okay=False), default=None, metavar="FILE.db",
        help="Compare each unit with its previous year recorded in this history store (read-only; "
             "compile --history records years).")(f)
    f = click.option(
        "--previous", multiple=True, metavar="INPUT",
        help="Last year's report(s): a workbook, folder or glob (repeatable). Units are matched by name; "
             "enables the cross-year checks W301–W303.")(f)
    return f


def previous_source(previous, history_db, lang):
    """The source of previous-year reports the options name (None without either); exit 2 when unusable."""
    if previous and history_db:
        raise UsageProblem(ui("previous_and_history", lang))
    if previous:
        from .years import WorkbookPrevious

        return WorkbookPrevious(expand_inputs(previous, lang))
    if history_db:
        from .history import HistoryError
        from .years import HistoryPrevious

        try:
            return HistoryPrevious(history_db)
        except HistoryError as e:
            raise UsageProblem(e.message(lang)) from None
    return None


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
@schema_option
@previous_options
def check(inputs, fmt, lang, strict, quiet, year, schema, previous, history_db):
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
      disclosure check 2021.xlsx --previous 2020.xlsx
      disclosure check submissions/ --history history.db
      disclosure check old-2020.xlsx --schema 2019
    """
    from .check import check as run_check
    from .read import ReadOptions
    from .report import render_text

    lang = lang or default_lang()
    paths = expand_inputs(inputs, lang)
    source = previous_source(previous, history_db, lang)
    try:
        result = run_check(paths, ReadOptions(year=year, schema=schema), previous=source)
    finally:
        if hasattr(source, "close"):
            source.close()
    if fmt == "json":
        emit_json(result.to_dict(lang))
    else:
        text = render_text(result, lang, quiet=quiet)
        if text:
            click.echo(text, nl=False)
    sys.exit(1 if result.failed(strict) else 0)


# -- history: what the history store holds ------------------------------------------------------


@cli.command("history", context_settings=CONTEXT)
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

    from .history import HistoryError, entries

    lang = lang or default_lang()
    try:
        held = entries(db)
    except HistoryError as e:
        raise UsageProblem(e.message(lang)) from None
    if fmt == "json":
        emit_json({"store": str(db), "records": [e.to_dict() for e in held]})
        return
    if not held:
        click.echo(ui("history_empty", lang, path=db))
        return
    rows = [(e.unit, e.year, e.format, e.numbers, e.errors, e.warnings, e.source, e.content_hash[:12],
             e.recorded_at) for e in held]
    click.echo(tabulate(rows, headers=ui("history_head", lang).split("|"), disable_numparse=True))
    years = sorted({e.year for e in held})
    span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    click.echo(ui("history_total", lang, count=len(held), units=len({e.unit for e in held}), years=span))


def main() -> None:
    cli(prog_name="disclosure")


if __name__ == "__main__":
    main()
