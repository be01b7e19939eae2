"""Options shared by several commands, and the language a command speaks."""

from __future__ import annotations

import click

from ..base.i18n import LANGS, default_lang

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

# Exit statuses (README, docs/decisions.md): what a script can act on.
EXIT_OK = 0  # done: no error (compile: the summary written, every unit in it)
EXIT_FOUND = 1  # errors found (or warnings under --strict); compile wrote nothing
EXIT_USAGE = 2  # the command itself was wrong: an option, no input, an unusable output path or roster
EXIT_PARTIAL = 3  # compile wrote the summary, but units were left out or kept with errors


def use_lang(lang: str | None) -> str:
    """The language of this command's messages (its --lang, else the group's --lang, else the locale);
    remembered for its errors."""
    ctx = click.get_current_context(silent=True)
    lang = lang or (ctx.meta.get("disclosure.lang") if ctx is not None else None) or default_lang()
    if ctx is not None:
        ctx.meta["disclosure.lang"] = lang
    return lang


def document_lang(lang: str | None) -> str:
    """The language of the documents a command writes (summaries, tables, annotated copies, reports):
    Chinese unless --lang en is given, whatever the locale (a cron job's C locale included)."""
    return lang or "zh"


def lang_option(f):
    return click.option("--lang", type=click.Choice(LANGS), default=None,
                        help="Language of messages (default: from the locale; Chinese for zh_*) and of the documents "
                             "written (default: Chinese, whatever the locale).")(f)


def read_options(f):
    f = click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None,
                     help="Worker processes reading workbooks (default: the CPU count; 1 for a few files).")(f)
    f = click.option("--year", type=click.IntRange(1990, 2200), default=None,
                     help="Report year for workbooks that do not state it (no 年度 cell, no year in the file name).")(f)
    return f


def schema_option(f):
    from ..formats import FORMATS

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


def terminal_width() -> int | None:
    """Columns the tables print in: $COLUMNS, else the terminal's width; None when stdout is not a
    terminal (a file or a pipe takes the tables as wide as they are)."""
    import os
    import shutil
    import sys

    raw = os.environ.get("COLUMNS", "").strip()
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None
def writing_options(f):
    """--on-error, --name and --strict: how compile and report treat errors, and what the result is called."""
    f = click.option("--strict", is_flag=True, help="Warnings count as errors (they block writing, like errors).")(f)
    f = lang_option(f)
    f = click.option("--name", default=None,
                     help="Who the summary or report is of (e.g. 某某县): its 单位名称 when compiled again into a "
                          "larger summary. Default: the unit's name for one unit, else the output file's name.")(f)
    f = click.option("--on-error", type=click.Choice(["fail", "exclude", "include"]), default="fail",
                     show_default=True,
                     help="fail: any error-level finding means nothing is written. exclude: leave units with "
                          "errors out of the totals (listed as excluded). include: keep them; a value that could "
                          "not be read leaves its total empty (E401), never 0.")(f)
    return f


def roster_option(f):
    return click.option(
        "--roster", type=click.Path(dir_okay=False), default=None, metavar="FILE",
        help="The units expected to report: a .txt (one name a line), a .csv or a workbook with a 单位名称 "
             "column. Every unit missing (W501, 未报送) and every unit not on it (W502) is reported.")(f)


def emit_json(obj) -> None:
    """A JSON document on stdout, written as it is encoded (a result's generators are consumed here)."""
    from ..base.jsonout import text_chunks
    from .console import emit_pieces

    emit_pieces(text_chunks(obj))


def indicator_options(f):
    """--threshold NAME=VALUE (repeatable) and --no-anomalies: the indicators' and anomalies' thresholds."""
    f = click.option("--no-anomalies", is_flag=True,
                     help="No anomaly warnings (A001–A003: far from last year, 0 among busy peers, 纠错率 far "
                          "above the peers').")(f)
    f = click.option(
        "--threshold", "thresholds", multiple=True, metavar="NAME=VALUE",
        help="Change a threshold (repeatable): min-denominator=5 (a ratio over fewer cases is n/a), factor=5 and "
             "min-cases=30 (A001), peer-median=30 and min-peers=5 (A002, A003), gap=30 (A003, percentage "
             "points). docs/indicators.md.")(f)
    return f


def thresholds_of(given: tuple[str, ...]):
    """The Thresholds the --threshold settings make; ToolError (exit 2) for one that is not a setting."""
    from ..messages.errors import ToolError
    from ..model.ratios import Thresholds

    t = Thresholds()
    for text in given:
        try:
            t = t.with_setting(text)
        except ValueError as e:
            key, params = e.args
            raise ToolError(key, **params) from None
    return t
