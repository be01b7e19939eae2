"""`disclosure check`: read and validate; print every finding; write nothing (but annotated copies)."""

from __future__ import annotations

import contextlib
import sys

import click

from .console import emit
from .helpwrap import Command
from .options import (
    CONTEXT,
    EXIT_FOUND,
    EXIT_OK,
    document_lang,
    emit_json,
    lang_option,
    previous_options,
    read_options,
    roster_option,
    schema_option,
    use_lang,
)


@click.command(cls=Command, context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people; json prints the result object on stdout and nothing else there.")
@lang_option
@click.option("--strict", is_flag=True, help="Warnings count as errors for the exit status.")
@click.option("--quiet", "-q", is_flag=True,
              help="Print only what fails the run (errors; with --strict warnings too); nothing when all is well.")
@read_options
@roster_option
@click.option("--annotate", "annotate_to", type=click.Path(), default=None, metavar="OUT",
              help="Also write a copy of each input with the cells that have findings highlighted and "
                   "commented, plus a findings sheet: OUT.xlsx for one input, a folder for several "
                   "(<input>-annotated.xlsx each). Inputs are never changed.")
@schema_option
@previous_options
def check(inputs, fmt, lang, strict, quiet, year, schema, previous, history_db, jobs, roster, annotate_to):
    """Read and validate workbooks; print every finding; write nothing.

    INPUT is a report: a workbook (.xlsx .xlsm .xls .ods .et), a Word document (.docx), a web
    page (.html), a text table (.txt .csv); a folder (searched recursively; every other file is
    named by a notice) or a glob. A file is read by what it is, whatever its name says.
    Each finding names its code, the sheet and cell (年报附表!J25), the row and column in words,
    and what was expected and found. In a folder, the tool's own summaries and annotated copies
    beside unit reports are not read (a notice names each); the same unit-year twice is an error.

    \b
    Examples:
      disclosure check 2021.xlsx
      disclosure check 2021.xlsx --lang en
      disclosure check submissions/ --quiet --strict
      disclosure check submissions/ --roster 名单.xlsx    who has not reported
      disclosure check "in/*.xlsx" --format json > findings.json
      disclosure check 2021.xlsx --previous 2020.xlsx
      disclosure check submissions/ --history history.db
      disclosure check old-2020.xlsx --schema 2019
      disclosure check 2021.xlsx --annotate 2021-标注.xlsx
      disclosure check submissions/ --annotate annotated/

    \b
    Exit status: 0 no error (warnings may exist); 1 errors found (or warnings with --strict);
    2 wrong command (bad option, no input, unusable --annotate, --roster or --history).
    """
    from ..inputs.paths import scan
    from ..pipeline.checking import check as run_check
    from ..read import ReadOptions
    from ..render.report import check_lines, text_pieces

    lang_given, lang = lang, use_lang(lang)
    found = scan(list(inputs))
    pairs = _annotate_plan(found, annotate_to) if annotate_to else None
    opened: contextlib.AbstractContextManager = contextlib.nullcontext(None)
    if previous or history_db:  # the history store's module is loaded only when asked for
        from ..pipeline.previous import opened_source

        opened = opened_source(previous, history_db)
    with opened as source:
        result = run_check(found.paths, ReadOptions(year=year, schema=schema), previous=source, jobs=jobs,
                           light=pairs is None, found=found, roster=roster)
    if fmt == "json":
        emit_json(result.to_dict(lang, lazy=True))
    else:
        for piece in text_pieces(check_lines(result, lang, quiet=quiet, strict=strict)):  # written as made
            emit(piece)
    if pairs:
        _annotate(result, pairs, document_lang(lang_given), lang, quiet)
    sys.exit(EXIT_FOUND if result.failed(strict) else EXIT_OK)


def _annotate(result, pairs, documents: str, lang: str, quiet: bool) -> None:
    """Write the annotated copies (in the documents' language) and say of each what became of it."""
    from ..render.annotate import annotate_all
    from ..render.annotate import text as annotate_text

    read = {u.source for u in result.units}  # a copy held back by the screen has no unit
    for given, out in annotate_all(result.units, [(s, o) for s, o in pairs if str(s) in read], documents,
                                   result.extra_findings):
        if not quiet:
            emit((annotate_text("written", lang, path=out) if out is not None else
                  annotate_text("clean", lang, path=given)) + "\n", err=True)


def _annotate_plan(found, target):
    """Where the annotated copies go, checked before anything is read (a bad OUT is exit 2); this run's
    copies are never among its inputs."""
    from ..inputs.safety import require_defusedxml
    from ..render.annotate import plan_run

    require_defusedxml()  # annotate parses the inputs with openpyxl: refuse without protection
    return plan_run(found, target)
