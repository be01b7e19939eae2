"""Options shared by several commands, and the language a command speaks."""

from __future__ import annotations

import click

from ..base.i18n import LANGS, default_lang

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def use_lang(lang: str | None) -> str:
    """The language of this command's messages (--lang, else the locale); remembered for its errors."""
    lang = lang or default_lang()
    ctx = click.get_current_context(silent=True)
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


def emit_json(obj) -> None:
    from ..base.jsonout import dumps

    click.echo(dumps(obj))
