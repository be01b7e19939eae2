"""`disclosure report`: the annual report (年度报告) of one unit or a roll-up, as a Word document."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..messages import say
from .console import emit
from .helpwrap import Command
from .options import (
    CONTEXT,
    EXIT_PARTIAL,
    document_lang,
    indicator_options,
    previous_options,
    read_options,
    roster_option,
    schema_option,
    thresholds_of,
    use_lang,
    writing_options,
)


@click.command(cls=Command, name="report", context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The report to write (.docx).")
@click.option("--charts", is_flag=True,
              help="Add charts: how applications were handled, and with --previous/--history this year "
                   "against last.")
@writing_options
@click.option("--quiet", "-q", is_flag=True, help="Print only what fails the run (errors; with --strict warnings too).")
@read_options
@roster_option
@schema_option
@previous_options
@indicator_options
def report(inputs, output, charts, on_error, name, lang, strict, quiet, year, jobs, roster, schema, previous,
           history_db, thresholds, no_anomalies):
    """Write the annual report (年度报告) of one unit, or of a roll-up of many, as a Word document.

    The structure of 国办公开办函〔2021〕30号: the title, the opening paragraph, the six sections;
    sections 二–四 hold the tables; 一 and 三 the standard statements generated from the numbers
    (本年度共新收政府信息公开申请N件，上年结转N件；…), with --previous/--history the change on last
    year. The prose is left as highlighted places to write. GB/T 9704 fonts and page. Chinese unless
    --lang en.

    \b
    Examples:
      disclosure report 2024.xlsx -o 2024年报.docx
      disclosure report submissions/ -o 全县2024年报.docx --name 某县
      disclosure report 2024.xlsx --previous 2023.xlsx -o 2024年报.docx --charts
      disclosure report submissions/ --history 历史.db -o 2024年报.docx

    Exit status: 0 written, no error; 1 errors found, nothing written; 2 wrong command or
    unusable output path; 3 written, but not clean (units left out with --on-error exclude, or kept
    with errors with --on-error include).
    """
    from ..inputs.paths import scan
    from ..pipeline.compiling import CompileSettings
    from ..pipeline.reporting import write_report
    from ..read import ReadOptions
    from ..render.report import diagnostic_lines, text_pieces

    documents, lang = document_lang(lang), use_lang(lang)
    limits = thresholds_of(thresholds)  # a wrong one is exit 2 before anything is read
    found = scan(list(inputs))
    settings = CompileSettings(on_error=on_error, strict=strict, name=name, jobs=jobs, output=output,
                               format="docx", lang=documents, previous=tuple(previous), history=history_db,
                               thresholds=limits, anomalies=not no_anomalies)

    def shown(result) -> None:
        for piece in text_pieces(diagnostic_lines(result, lang, quiet)):
            emit(piece, err=True)

    done = write_report(found.paths, ReadOptions(year=year, schema=schema), settings, charts=charts, report=shown,
                        found=found, roster=roster)
    if not done.written:
        emit(say("ui.not_written", lang) + "\n", err=True)
        sys.exit(1)
    if not quiet:
        emit(say("report.written", lang, path=output) + "\n", err=True)
    sys.exit(EXIT_PARTIAL if done.result.failed() else 0)
