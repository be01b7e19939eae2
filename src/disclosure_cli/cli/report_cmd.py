"""`disclosure report`: the annual report (年度报告) of one unit or a roll-up, as a Word document."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..messages import say
from .options import (
    CONTEXT,
    document_lang,
    lang_option,
    previous_options,
    read_options,
    schema_option,
    use_lang,
)


@click.command(name="report", context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The report to write (.docx).")
@click.option("--charts", is_flag=True,
              help="Add charts: how applications were handled, and with --previous/--history this year "
                   "against last.")
@click.option("--on-error", type=click.Choice(["fail", "exclude", "include"]), default="fail", show_default=True,
              help="As for compile: fail writes nothing when an input has errors; exclude leaves those units "
                   "out; include keeps them (a total that could not be read shows ?).")
@click.option("--name", default=None, help="Who the report is of (default: the unit's name, else the output file's name).")
@lang_option
@click.option("--strict", is_flag=True, help="Warnings count as errors (they block writing, like errors).")
@click.option("--quiet", "-q", is_flag=True, help="Print only error-level findings.")
@read_options
@schema_option
@previous_options
def report(inputs, output, charts, on_error, name, lang, strict, quiet, year, jobs, schema, previous, history_db):
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

    Exit status: 0 written, no error; 1 errors found (nothing written unless --on-error
    exclude/include); 2 wrong command or unusable output path.
    """
    from ..inputs.paths import scan
    from ..pipeline.compiling import CompileSettings
    from ..pipeline.reporting import write_report
    from ..read import ReadOptions
    from ..render.report import findings_text

    documents, lang = document_lang(lang), use_lang(lang)
    found = scan(list(inputs))
    settings = CompileSettings(on_error=on_error, strict=strict, name=name, jobs=jobs, output=output,
                               format="docx", lang=documents, previous=tuple(previous), history=history_db)

    def shown(result) -> None:
        if diagnostics := findings_text(result, lang, quiet):
            click.echo(diagnostics, nl=False, err=True)

    done = write_report(found.paths, ReadOptions(year=year, schema=schema), settings, charts=charts, report=shown,
                        skipped=found.skipped)
    if not done.written:
        click.echo(say("ui.not_written", lang), err=True)
        sys.exit(1)
    if not quiet:
        click.echo(say("report.written", lang, path=output), err=True)
    sys.exit(1 if done.result.failed() else 0)
