"""`disclosure audit`: check published reports — their tables, whether they are whole, their text against
their own tables, and with --previous how much repeats last year's."""

from __future__ import annotations

import sys
from pathlib import Path

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
    schema_option,
    use_lang,
)


@click.command(name="audit", cls=Command, context_settings=CONTEXT)
@click.argument("reports", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people; json prints the result object (with one `reports` row per report) on stdout "
                   "and nothing else there.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write one row per report (body, year, tables found, errors, warnings, text figures and "
                   "mismatches, sections missing, likeness to last year) and every finding: .xlsx, .csv or .json.")
@click.option("--similar", type=click.FloatRange(0.0, 1.0), default=0.8, show_default=True,
              help="With --previous: a section whose text is at least this share the same as last year's is "
                   "a warning (W606).")
@lang_option
@click.option("--strict", is_flag=True, help="Warnings count as errors for the exit status.")
@click.option("--quiet", "-q", is_flag=True,
              help="Print only what fails the run (errors; with --strict warnings too); nothing when all is well.")
@read_options
@schema_option
@previous_options
def audit(reports, fmt, output, similar, lang, strict, quiet, year, jobs, schema, previous, history_db):
    """Audit published annual reports: the tables, the sections, the text against the tables.

    REPORT is a published report — a web page (.html), a Word file (.docx), a PDF with a text layer
    (.pdf) or text (.txt) — or a folder of them (searched recursively), or a glob. For each: the
    tables are found and checked as check does; the title must name the body and the year, the six
    sections stand in order, the statistics period is stated and section 五 says something; every
    figure the text states for a quantity the tables hold (documents issued and in force,
    applications received and carried over, each outcome, reviews and lawsuits, the fee amount) is
    compared with the table, each contradiction an error quoting the sentence. A figure whose
    sentence speaks of something else (备案, 信息处理费, a change on last year, a part of the body)
    is not compared. With --previous (last year's reports), the cross-year rules and how much of
    each section's text repeats last year's.

    \b
    Examples:
      disclosure audit 2021年报.html
      disclosure audit reports/ -o audit.xlsx
      disclosure audit 2021年报.pdf --previous 2020年报.pdf
      disclosure audit reports/ --format json > audit.json

    \b
    Exit status: 0 no error (warnings may exist); 1 errors found (or warnings with --strict);
    2 wrong command (bad option, no report, unusable -o, --previous or --history).
    """
    from ..inputs.paths import DOCUMENT_SUFFIXES, scan
    from ..pipeline.auditing import AuditSettings, audit_output, write_audit
    from ..pipeline.auditing import audit as run_audit
    from ..read import ReadOptions
    from ..render.audit import render_audit_text

    documents, lang = document_lang(lang), use_lang(lang)
    if output is not None:
        audit_output(output)
    found = scan(list(reports), DOCUMENT_SUFFIXES)
    settings = AuditSettings(previous=tuple(previous), history=history_db, similar=similar, jobs=jobs)
    result = run_audit(found.paths, ReadOptions(year=year, schema=schema), settings, found=found)
    if output is not None:
        write_audit(result, output, documents)
    if fmt == "json":
        emit_json(result.to_dict(lang, lazy=True))
    else:
        emit(render_audit_text(result, lang, quiet=quiet, strict=strict))
    sys.exit(EXIT_FOUND if result.failed(strict) else EXIT_OK)
