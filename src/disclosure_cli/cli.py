"""The `disclosure` command: parse options, call the library, render, pick the exit status."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .i18n import LANGS, default_lang, ui

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class UsageProblem(click.ClickException):
    """A wrong command or an unusable path (exit 2), with a message in the chosen language.

    Not click.UsageError: that prints the whole usage line, noise when the problem is a path."""

    exit_code = 2


def lang_option(f):
    return click.option("--lang", type=click.Choice(LANGS), default=None,
                        help="Language of messages: zh or en (default: from the locale; Chinese for zh_*).")(f)


def read_options(f):
    f = click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None,
                     help="Worker processes reading workbooks (default: the CPU count; 1 for a few files).")(f)
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

        from .inputs import SUMMARY_SUFFIXES, WORKBOOK_SUFFIXES

        # Last year may be a workbook or a summary written by compile (.xlsx/.json/.csv).
        return WorkbookPrevious(expand_inputs(previous, lang, WORKBOOK_SUFFIXES + SUMMARY_SUFFIXES))
    if history_db:
        from .history import HistoryError
        from .years import HistoryPrevious

        try:
            return HistoryPrevious(history_db)
        except HistoryError as e:
            raise UsageProblem(e.message(lang)) from None
    return None


def compile_history(previous, history_db, lang):
    """For compile: (source of last year's numbers, store to record into). --history does both:
    it compares with the store and records this year's units once the summary is written."""
    if not history_db:
        return previous_source(previous, history_db, lang), None
    if previous:
        raise UsageProblem(ui("previous_and_history", lang))
    from .history import HistoryError, Store
    from .years import HistoryPrevious

    try:
        store = Store.open(history_db, write=True)
    except HistoryError as e:
        raise UsageProblem(e.message(lang)) from None
    return HistoryPrevious(history_db, store=store), store


def finish_history(store, lang, quiet):
    """Commit what compile recorded and say so."""
    from .history import HistoryError

    try:
        done = store.commit()
    except HistoryError as e:
        click.echo(e.message(lang), err=True)
        sys.exit(2)
    finally:
        store.close()
    if not quiet:
        click.echo(ui("recorded", lang, path=store.path, added=len(done.added), replaced=len(done.replaced),
                      unchanged=len(done.unchanged)), err=True)


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
    from .jsonout import dumps

    click.echo(dumps(obj))


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="disclosure-cli", prog_name="disclosure")
def cli():
    """Check and compile the statistical tables of 政府信息公开工作年度报告.

    \b
    Examples:
      disclosure check 2021.xlsx              check one department's workbook
      disclosure check submissions/           check every workbook in a folder
      disclosure check a.xlsx --format json   findings for a script
      disclosure compile submissions/ -o 汇总.xlsx   the summary tables, official layout
      disclosure template -o 2024.xlsx        the workbook a department fills in
      disclosure history 历史.db               what a history store holds
      disclosure codes                        every finding code

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
@schema_option
@previous_options
def check(inputs, fmt, lang, strict, quiet, year, schema, previous, history_db, jobs, annotate_to):
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
      disclosure check 2021.xlsx --annotate 2021-标注.xlsx
      disclosure check submissions/ --annotate annotated/
    """
    from .check import check as run_check
    from .read import ReadOptions
    from .report import render_text

    lang = lang or default_lang()
    paths = expand_inputs(inputs, lang)
    pairs = annotate_plan(paths, annotate_to, lang) if annotate_to else None
    source = previous_source(previous, history_db, lang)
    try:
        result = run_check(paths, ReadOptions(year=year, schema=schema), previous=source, jobs=jobs,
                           light=pairs is None)
    finally:
        if hasattr(source, "close"):
            source.close()
    if fmt == "json":
        emit_json(result.to_dict(lang))
    else:
        text = render_text(result, lang, quiet=quiet)
        if text:
            click.echo(text, nl=False)
    if pairs:
        annotate_write(result, pairs, lang, quiet)
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


# -- compile ------------------------------------------------------------------------------------------

OUTPUT_FORMATS = ("text", "xlsx", "md", "csv", "json")
_BY_SUFFIX = {".xlsx": "xlsx", ".md": "md", ".markdown": "md", ".csv": "csv", ".json": "json", ".txt": "text"}
PROGRESS_FROM = 20  # files: below this a progress bar is only noise


@cli.command(name="compile", context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the summary to this file (format from its suffix: .xlsx .md .csv .json). "
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

    INPUT is a workbook (.xlsx .xlsm .xls .ods), a folder (searched recursively), a glob, or a
    summary written earlier by compile (.xlsx, .json, .csv): a county's summaries compile into a
    city's, and totals of totals equal totals of units. Several units give the totals, a
    per-unit breakdown of key figures, and the findings; the summary always lists its units.

    \b
    Examples:
      disclosure compile 2021.xlsx                       print the three tables
      disclosure compile 2021.xlsx -o 汇总.xlsx          official layout, ready to paste
      disclosure compile submissions/ -o county.xlsx     totals + 单位 sheet + 问题清单
      disclosure compile in/ --on-error exclude -o a.csv leave broken workbooks out
      disclosure compile county-*.json -o city.json      a roll-up of summaries
      disclosure compile in/ --format json > result.json for a script
      disclosure compile in/ --history 历史.db -o 2022.xlsx compare with last year, record this one

    Exit status: 0 written, no error; 1 errors found (nothing written unless --on-error
    exclude/include); 2 wrong command or unusable output path (e.g. the output is an input).
    """
    from pathlib import Path

    from .compile import compile_paths
    from .inputs import SUMMARY_SUFFIXES, WORKBOOK_SUFFIXES
    from .output import OutputError, atomic_write, describe, refuse_inputs
    from .read import ReadOptions
    from .render_plain import findings_text

    lang = lang or default_lang()
    out = Path(output) if output else None
    if fmt is None:
        fmt = _BY_SUFFIX.get(out.suffix.lower()) if out else "text"
        if fmt is None:
            raise UsageProblem(ui("bad_suffix", lang, path=out))
    if fmt == "xlsx" and out is None:
        raise UsageProblem(ui("xlsx_needs_output", lang))
    paths = expand_inputs(inputs, lang, WORKBOOK_SUFFIXES + SUMMARY_SUFFIXES)
    if out is not None:
        try:
            refuse_inputs(out, paths)
            folder = out.parent if str(out.parent) else Path(".")
            if not folder.is_dir():
                raise OutputError("no_folder", out)
            if out.is_dir():
                raise OutputError("is_folder", out)
        except OutputError as e:
            raise UsageProblem(describe(e, lang)) from None

    show_bar = len(paths) > PROGRESS_FROM and not quiet and sys.stderr.isatty()
    with click.progressbar(length=len(paths), file=sys.stderr, label="disclosure compile") if show_bar \
            else _NoBar() as bar:
        seen: list[str] = []

        def step(unit):
            if not seen or seen[-1] != unit.source:  # one step per file (a file may hold several units)
                seen.append(unit.source)
                bar.update(1)

        source, store = compile_history(previous, history_db, lang)
        try:
            comp = compile_paths(paths, ReadOptions(year=year, schema=schema), on_error, strict, name, jobs=jobs,
                                 progress=step, previous=source, record=store)
        except BaseException:
            if store is not None:
                store.rollback()
                store.close()
            raise
    if comp.name is None and out is not None and len(comp.units) > 1:
        comp.name = out.stem

    json_stdout = fmt == "json" and out is None
    diagnostics = findings_text(comp, lang, quiet)
    if diagnostics and not json_stdout:
        click.echo(diagnostics, nl=False, err=True)
    if comp.blocked:
        if store is not None:
            store.rollback()  # nothing written, nothing recorded
            store.close()
        if json_stdout:
            emit_json(_json_result(comp, lang))
        else:
            click.echo(ui("not_written", lang), err=True)
        sys.exit(1)
    pieces = _render(comp, fmt, lang)
    if out is not None:
        try:
            atomic_write(out, lambda tmp: _write_pieces(tmp, pieces))
        except OutputError as e:
            raise UsageProblem(describe(e, lang)) from None
        if not quiet:
            click.echo(ui("wrote", lang, path=out, included=len(comp.included)), err=True)
    else:
        stdout = click.get_binary_stream("stdout")
        for piece in pieces:
            stdout.write(piece)
        stdout.flush()
    if store is not None:
        finish_history(store, lang, quiet)
    sys.exit(1 if comp.failed() else 0)


class _NoBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n):
        pass


def _json_result(comp, lang):
    from .render_json import result_dict

    return result_dict(comp, lang)


def _write_pieces(path, pieces) -> None:
    with open(path, "wb") as fh:
        for piece in pieces:
            fh.write(piece)


def _render(comp, fmt: str, lang: str):
    """The output as an iterable of bytes: JSON piece by piece (memory flat), the others whole."""
    if fmt == "json":
        from .render_json import json_chunks

        return json_chunks(comp, lang)
    return [_render_bytes(comp, fmt, lang)]


def _render_bytes(comp, fmt: str, lang: str) -> bytes:
    if fmt == "xlsx":
        from .render_xlsx import render_xlsx

        return render_xlsx(comp, lang)
    if fmt == "csv":
        from .render_csv import render_csv

        return render_csv(comp)
    from .render_plain import render_markdown, render_terminal

    text = render_markdown(comp, lang) if fmt == "md" else render_terminal(comp, lang)
    return text.encode("utf-8")


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


# -- template and annotate (issue 4) ----------------------------------------------------------


def annotate_plan(paths, target, lang):
    """Where the annotated copies go, checked before anything is read (a bad OUT is exit 2)."""
    from .annotate import AnnotateError, plan
    from .output import OutputError, describe
    from .safety import UnsafeXML, require_defusedxml

    try:
        require_defusedxml()  # annotate parses the inputs with openpyxl: refuse without protection
    except UnsafeXML as e:
        raise click.ClickException(str(e)) from None
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
