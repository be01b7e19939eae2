"""`disclosure compile`: the summary tables of one unit or of many, in the official layout or as data."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from ..messages import say
from ..model.findings import count
from ..render.outputs import OUTPUT_FORMATS
from .console import emit, is_terminal, stdout_for
from .helpwrap import Command
from .options import (
    CONTEXT,
    EXIT_FOUND,
    EXIT_OK,
    EXIT_PARTIAL,
    document_lang,
    emit_json,
    indicator_options,
    previous_options,
    read_options,
    roster_option,
    schema_option,
    terminal_width,
    thresholds_of,
    use_lang,
    writing_options,
)

PROGRESS_FROM = 20  # files: below this a progress bar is only noise


@click.command(cls=Command, name="compile", context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              help="Write the summary to this file (format from its suffix: .xlsx .docx .md .csv .json); - for "
                   "stdout. Without -o the tables print to the terminal.")
@click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default=None,
              help="Output format; default: from the -o suffix, else text. json without -o prints the "
                   "result object on stdout and nothing else there. A format the -o suffix contradicts "
                   "is refused.")
@writing_options
@click.option("--quiet", "-q", is_flag=True,
              help="No progress bar; print only what fails the run (errors; with --strict warnings too).")
@read_options
@roster_option
@schema_option
@previous_options
@indicator_options
def compile_command(inputs, output, fmt, on_error, name, lang, strict, quiet, year, jobs, roster, schema,
                    previous, history_db, thresholds, no_anomalies):
    """Compile the summary tables: one unit's three tables, or the totals over many units.

    INPUT is a report (workbook, Word, web page, text table), a folder (searched recursively), a glob, or a
    summary written earlier by compile (.xlsx, .json, .csv): a county's summaries compile into a
    city's, and totals of totals equal totals of units. Several units give the totals, a
    per-unit breakdown of key figures, and the findings; the summary always lists its units.
    Every unit and the totals get their indicators (公开率, 纠错率 …; the totals' from the summed
    counts); an .xlsx adds a 指标 sheet with charts; anomalies (A001–A003) are warnings.
    A unit is its name (as matched: width, brackets and spaces aside) and year: the same
    unit-year twice is an error (E302). In a folder, the tool's own summaries and annotated
    copies beside unit reports are not added, and this run's output is never an input.

    \b
    Examples:
      disclosure compile 2021.xlsx                       print the three tables
      disclosure compile 2021.xlsx -o 汇总.xlsx          official layout, ready to print
      disclosure compile 2021.xlsx -o 统计表.docx        the tables in Word, ready to paste
      disclosure compile submissions/ -o county.xlsx     totals + 单位 sheet + 问题清单
      disclosure compile in/ --roster 名单.xlsx -o a.xlsx who has not reported (未报送)
      disclosure compile in/ --on-error exclude -o a.csv leave broken workbooks out
      disclosure compile county-*.json -o city.json      a roll-up of summaries
      disclosure compile in/ --format json > result.json for a script
      disclosure compile in/ -o - --format xlsx > a.xlsx the summary on stdout
      disclosure compile in/ --history 历史.db -o 2022.xlsx compare with last year, record this one
      disclosure compile in/ --threshold factor=10 -o a.xlsx  anomalies only past ×10

    \b
    Exit status:
      0  written; no error (every unit counted)
      1  errors found (or warnings with --strict): nothing written
      2  wrong command: bad option, no input, unusable output path, roster or history store
      3  written, but not clean: units left out (--on-error exclude) or kept with errors
         (--on-error include)
    """
    from ..inputs.paths import scan
    from ..messages.errors import ToolError
    from ..pipeline.compiling import CompileSettings, compile_inputs, output_format
    from ..read import ReadOptions

    documents, lang = document_lang(lang), use_lang(lang)
    limits = thresholds_of(thresholds)  # a wrong one is exit 2 before anything is read
    to_stdout = output == "-"
    out = Path(output) if output and not to_stdout else None
    fmt = output_format(out, fmt, stdout=to_stdout)
    if to_stdout and fmt in ("xlsx", "docx") and is_terminal():
        raise ToolError("ui.binary_to_terminal", format=fmt)
    found = scan(list(inputs))
    settings = CompileSettings(on_error=on_error, strict=strict, name=name, jobs=jobs, output=out, format=fmt,
                               lang=documents, previous=tuple(previous), history=history_db,
                               width=terminal_width() if out is None else None,
                               thresholds=limits, anomalies=not no_anomalies)
    json_stdout = fmt == "json" and out is None

    with _progress(len(found.paths), quiet) as step:
        done = compile_inputs(found.paths, ReadOptions(year=year, schema=schema), settings, progress=step,
                              report=None if json_stdout else _diagnostics(lang, quiet), stdout=stdout_for(fmt),
                              found=found, roster=roster, stdout_asked=to_stdout)
    sys.exit(_status(done, lang, out, quiet, json_stdout, history_db))


def _diagnostics(lang: str, quiet: bool):
    """What to do with the result once compiled, before anything is written: print its findings (stderr)."""
    from ..render.report import diagnostic_lines, text_pieces

    def report(result) -> None:
        for piece in text_pieces(diagnostic_lines(result, lang, quiet)):  # written as made, never held whole
            emit(piece, err=True)
    return report


def _status(done, lang: str, out: Path | None, quiet: bool, json_stdout: bool, history_db) -> int:
    """Say what was written (stderr) and pick the exit status: 1 nothing written, 3 written but not
    clean (units left out or kept with errors), 0 written and clean."""
    if not done.written:
        if json_stdout:
            emit_json(done.result.to_dict(lang, lazy=True))
        else:
            emit(say("ui.not_written_strict" if done.result.strict else "ui.not_written", lang) + "\n", err=True)
        return EXIT_FOUND
    comp = done.result.compilation
    assert comp is not None
    partial = done.result.failed()
    if out is not None and not quiet:
        emit(say("ui.wrote", lang, path=out, included=comp.included_count) + "\n", err=True)
    if partial:
        left_out = sum(1 for u in comp.units if u.excluded and not u.summary)
        kept = sum(1 for u in comp.included if u.errors)
        errors, warnings = count(done.result.findings)
        problems = errors + (warnings if done.result.strict else 0)
        emit(say("ui.wrote_partial", lang, problems=problems, excluded=left_out, kept=kept) + "\n", err=True)
    if done.recorded is not None and not quiet:
        r = done.recorded
        emit(say("ui.recorded", lang, path=history_db, added=len(r.added), replaced=len(r.replaced),
                 unchanged=len(r.unchanged)) + "\n", err=True)
    return EXIT_PARTIAL if partial else EXIT_OK


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
