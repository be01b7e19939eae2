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
    f = click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None,
                     help="Worker processes reading workbooks (default: the CPU count; 1 for a few files).")(f)
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
def check(inputs, fmt, lang, strict, quiet, year, jobs):
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
    """
    from .check import check as run_check
    from .read import ReadOptions
    from .report import render_text

    lang = lang or default_lang()
    paths = expand_inputs(inputs, lang)
    result = run_check(paths, ReadOptions(year=year), jobs=jobs)
    if fmt == "json":
        emit_json(result.to_dict(lang))
    else:
        text = render_text(result, lang, quiet=quiet)
        if text:
            click.echo(text, nl=False)
    sys.exit(1 if result.failed(strict) else 0)


@cli.command(context_settings=CONTEXT)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True,
              help="text for people, json for scripts, md for the documentation page.")
@lang_option
def codes(fmt, lang):
    """List every finding code with its severity and meaning.

    \b
    Examples:
      disclosure codes
      disclosure codes --lang en
      disclosure codes --format json
    """
    from . import codes as registry

    lang = lang or default_lang()
    if fmt == "md":
        click.echo(registry.markdown(), nl=False)
    elif fmt == "json":
        emit_json([{"code": c.code, "severity": c.severity, "title": c.title[lang], "message": c.message[lang]}
                   for c in registry.CODES.values()])
    else:
        for c in registry.CODES.values():
            click.echo(f"{c.code}  {ui(c.severity, lang)}  {c.title[lang]}")


def main() -> None:
    cli(prog_name="disclosure")


if __name__ == "__main__":
    main()
