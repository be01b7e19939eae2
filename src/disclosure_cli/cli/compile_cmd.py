"""`disclosure compile`: the summary tables of one unit or of many, in the official layout or as data."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from ..messages import say
from ..render.outputs import OUTPUT_FORMATS
from .options import (
    CONTEXT,
    document_lang,
    emit_json,
    lang_option,
    previous_options,
    read_options,
    schema_option,
    terminal_width,
    use_lang,
)

PROGRESS_FROM = 20  # files: below this a progress bar is only noise


@click.command(name="compile", context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the summary to this file (format from its suffix: .xlsx .docx .md .csv .json). "
                   "Without -o the tables print to the terminal.")
@click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default=None,
              help="Output format; default: from the -o suffix, else text. json without -o prints the "
                   "result object on stdout and nothing else there.")
@click.option("--on-error", type=click.Choice(["fail", "exclude", "include"]), default="fail", show_default=True,
              help="fail: any error-level finding means nothing is written. exclude: leave units with errors "
                   "out of the totals (listed as excluded). include: keep them; a value that could not be "
                   "read leaves its total empty (E401), never 0.")
@click.option("--name", default=None,
              help="What the summary is called (e.g. 某某县): its 单位名称 when compiled again into a "
                   "larger summary. Default: the unit's name for one unit, else the output file's name.")
@lang_option
@click.option("--strict", is_flag=True, help="Warnings count as errors (they block writing, like errors).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; print only error-level findings.")
@read_options
@schema_option
@previous_options
def compile_command(inputs, output, fmt, on_error, name, lang, strict, quiet, year, jobs, schema, previous,
                    history_db):
    """Compile the summary tables: one unit's three tables, or the totals over many units.

    INPUT is a report (workbook, Word, web page, text table), a folder (searched recursively), a glob, or a
    summary written earlier by compile (.xlsx, .json, .csv): a county's summaries compile into a
    city's, and totals of totals equal totals of units. Several units give the totals, a
    per-unit breakdown of key figures, and the findings; the summary always lists its units.

    \b
    Examples:
      disclosure compile 2021.xlsx                       print the three tables
      disclosure compile 2021.xlsx -o 汇总.xlsx          official layout, ready to print
      disclosure compile 2021.xlsx -o 统计表.docx        the tables in Word, ready to paste
      disclosure compile submissions/ -o county.xlsx     totals + 单位 sheet + 问题清单
      disclosure compile in/ --on-error exclude -o a.csv leave broken workbooks out
      disclosure compile county-*.json -o city.json      a roll-up of summaries
      disclosure compile in/ --format json > result.json for a script
      disclosure compile in/ --history 历史.db -o 2022.xlsx compare with last year, record this one

    Exit status: 0 written, no error; 1 errors found (nothing written unless --on-error
    exclude/include); 2 wrong command or unusable output path (e.g. the output is an input).
    """
    from ..inputs.paths import scan
    from ..pipeline.compiling import CompileSettings, compile_inputs, output_format
    from ..read import ReadOptions
    from ..render.report import findings_text

    documents, lang = document_lang(lang), use_lang(lang)
    out = Path(output) if output else None
    fmt = output_format(out, fmt)
    found = scan(list(inputs))
    paths = found.paths
    settings = CompileSettings(on_error=on_error, strict=strict, name=name, jobs=jobs, output=out, format=fmt,
                               lang=documents, previous=tuple(previous), history=history_db,
                               width=terminal_width() if out is None else None)
    json_stdout = fmt == "json" and out is None

    def report(result) -> None:
        if (diagnostics := findings_text(result, lang, quiet)) and not json_stdout:
            click.echo(diagnostics, nl=False, err=True)

    with _progress(len(paths), quiet) as step:
        done = compile_inputs(paths, ReadOptions(year=year, schema=schema), settings, progress=step,
                              report=report, stdout=click.get_binary_stream("stdout"), skipped=found.skipped)
    if not done.written:
        if json_stdout:
            emit_json(done.result.to_dict(lang))
        else:
            click.echo(say("ui.not_written", lang), err=True)
        sys.exit(1)
    if out is not None and not quiet:
        comp = done.result.compilation
        assert comp is not None
        click.echo(say("ui.wrote", lang, path=out, included=len(comp.included)), err=True)
    if done.recorded is not None and not quiet:
        r = done.recorded
        click.echo(say("ui.recorded", lang, path=history_db, added=len(r.added), replaced=len(r.replaced),
                       unchanged=len(r.unchanged)), err=True)
    sys.exit(1 if done.result.failed() else 0)


@contextlib.contextmanager
def _progress(files: int, quiet: bool):
    """A progress bar on stderr for a long run in a terminal, one step per file (a file may hold
    several units); a callback that does nothing otherwise."""
    if files <= PROGRESS_FROM or quiet or not sys.stderr.isatty():
        yield None
        return
    seen: list[str] = []
    with click.progressbar(length=files, file=sys.stderr, label="disclosure compile") as bar:
        def step(unit) -> None:
            if not seen or seen[-1] != unit.source:
                seen.append(unit.source)
                bar.update(1)

        yield step
