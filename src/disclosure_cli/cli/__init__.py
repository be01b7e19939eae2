"""Stage 10: the `disclosure` command. Each command parses its options, makes one library call,
renders the result and picks the exit status; a ToolError becomes exit 2 here, and only here."""

from __future__ import annotations

import click

from ..base.i18n import default_lang
from ..messages import say
from ..messages.errors import ToolError
from ..render.safe_text import terminal
from .check_cmd import check
from .codes_cmd import codes
from .compile_cmd import compile_command
from .history_cmd import history_cmd
from .options import CONTEXT
from .template_cmd import template


class UsageProblem(click.ClickException):
    """A wrong command or an unusable path (exit 2), with a message in the command's language.

    Not click.UsageError: that prints the whole usage line, noise when the problem is a path."""

    exit_code = 2


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ToolError as e:
            # The one place a tool failure becomes an exit status.
            lang = ctx.meta.get("disclosure.lang") or default_lang()
            # Paths and details may come from the inputs (a file's name, a store's content).
            raise UsageProblem(terminal(e.message(lang))) from None
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as e:  # noqa: BLE001 - a bug: said in a line and exit 2, never a traceback
            # (exit 1 would read as "errors found"; reading an input has its own boundary, E003).
            lang = ctx.meta.get("disclosure.lang") or default_lang()
            text = " ".join(str(e).split())[:200]
            raise UsageProblem(terminal(say("ui.internal", lang, detail=f"{type(e).__name__}: {text}"))) from None


@click.group(cls=_Group, context_settings=CONTEXT)
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


for _command in (check, codes, compile_command, history_cmd, template):
    cli.add_command(_command)


def main() -> None:
    cli(prog_name="disclosure")
