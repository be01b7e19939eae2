"""Stage 10: the `disclosure` command. Each command parses its options, makes one library call,
renders the result and picks the exit status; a ToolError becomes exit 2 here, and only here."""

from __future__ import annotations

import gc
import sys
from importlib import import_module

import click

from ..messages import say
from ..messages.errors import ToolError
from ..render.safe_text import terminal
from .console import protect_all
from .helpwrap import Group
from .lang import current, early_lang, meet, speaking
from .options import CONTEXT, EXIT_USAGE, lang_option

# Each command by name -> (its module, the command in it): a module is imported when its command runs or
# --help lists it, so `disclosure check` loads no other command (start-up).
COMMANDS = {
    "audit": ("audit_cmd", "audit"),
    "check": ("check_cmd", "check"),
    "codes": ("codes_cmd", "codes"),
    "compile": ("compile_cmd", "compile_command"),
    "history": ("history_cmd", "history_cmd"),
    "report": ("report_cmd", "report"),
    "template": ("template_cmd", "template"),
}


class UsageProblem(click.ClickException):
    """A wrong command or an unusable path (exit 2), with a message in the command's language.

    Not click.UsageError: that prints the whole usage line, noise when the problem is a path."""

    exit_code = EXIT_USAGE


class _Group(Group):
    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        # Before click reads anything: output that cannot be encoded falls back (console), and the
        # language of --help and of click's own messages is known (--lang may follow --help).
        protect_all()
        lang = early_lang(sys.argv[1:] if args is None else args)
        with speaking(self, lang):
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, name = COMMANDS[cmd_name]
        return meet(cmd_name, getattr(import_module(f".{module}", __name__), name))

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ToolError as e:
            # The one place a tool failure becomes an exit status.
            lang = ctx.meta.get("disclosure.lang") or current()
            # Paths and details may come from the inputs (a file's name, a store's content).
            raise UsageProblem(terminal(e.message(lang))) from None
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as e:  # noqa: BLE001 - a bug: said in a line and exit 2, never a traceback
            # (exit 1 would read as "errors found"; reading an input has its own boundary, E003).
            lang = ctx.meta.get("disclosure.lang") or current()
            text = " ".join(str(e).split())[:200]
            raise UsageProblem(terminal(say("ui.internal", lang, detail=f"{type(e).__name__}: {text}"))) from None


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(package_name="disclosure-cli", prog_name="disclosure")
@lang_option
def cli(lang):
    """Check and compile the statistical tables of 政府信息公开工作年度报告.

    \b
    Examples:
      disclosure check 2021.xlsx              check one department's workbook
      disclosure check submissions/           check every workbook in a folder
      disclosure check in/ --roster 名单.xlsx  who has not reported
      disclosure check a.xlsx --format json   findings for a script
      disclosure compile submissions/ -o 汇总.xlsx   the summary tables, official layout
      disclosure report 2024.xlsx -o 2024年报.docx    the annual report itself
      disclosure audit reports/ -o audit.xlsx   audit published reports: tables, sections, text
      disclosure template -o 2024.xlsx        the workbook a department fills in
      disclosure history 历史.db               what a history store holds
      disclosure history 历史.db --trend       every recorded year: key figures, 公开率, 纠错率 …
      disclosure codes                        every finding code
      disclosure codes E204                   one code: what it means, an example, what to do

    \b
    Exit status:
      0  done, no error (compile: the summary written, every unit counted)
      1  errors found (or warnings with --strict); compile wrote nothing
      2  wrong command: bad option, no input, unusable output path, roster or history store
      3  compile and report: written, but not clean (units left out with
         --on-error exclude, or kept with errors with --on-error include)
    """
    # --lang here (disclosure --lang zh check …) is read before parsing, by _Group.main; a command's
    # own --lang wins over it (use_lang).
    if lang:
        click.get_current_context().meta["disclosure.lang"] = lang


def main() -> None:
    """The `disclosure` console script: one command line, after which the process ends (library callers
    and tests call `cli`, which leaves the collector as it was)."""
    try:
        cli(prog_name="disclosure")
    finally:
        # Everything the run made lives until the process ends: the collector's passes over it while
        # the interpreter shuts down (11 ms of a one-file check's 90) would free nothing. Frozen, they
        # skip it; every exit handler and file still closes as before.
        gc.freeze()
