"""The language of the command line itself: `--help`, usage errors and click's own messages in Chinese
under a zh locale or with --lang zh (English with --lang en), chosen before click parses anything.

click marks its messages for gettext and binds `gettext` in each of its modules when imported; those
bindings are pointed here, at the catalog in messages.click_zh. Our own help texts are swapped for
their Chinese (messages.help) while a Chinese command runs, and put back after it."""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Sequence

import click

from ..base.i18n import LANGS, default_lang
from ..messages import click_zh
from ..messages.help import COMMANDS, option_help

_STATE = {"lang": "en"}
# click's modules that call gettext for what a person reads.
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")


def early_lang(args: Sequence[str]) -> str:
    """--lang from the command line as typed (before click parses it: --help may come first), else
    the locale (base.i18n.default_lang)."""
    args = list(args)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else (
            arg.split("=", 1)[1] if arg.startswith("--lang=") else None)
        if value in LANGS:
            return value
    return default_lang()


def current() -> str:
    """The language the command line speaks now."""
    return _STATE["lang"]


def _gettext(message: str) -> str:
    return click_zh.MESSAGES.get(message, message) if _STATE["lang"] == "zh" else message


def _ngettext(singular: str, plural: str, n: int) -> str:
    if _STATE["lang"] == "zh" and (singular, plural) in click_zh.PLURALS:
        return click_zh.PLURALS[(singular, plural)]
    return singular if n == 1 else plural


def install() -> None:
    """Point click's gettext bindings at the catalog (English stays English)."""
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]


# While a command line runs: each command it has met, with the English help texts its Chinese replaced.
_MET: list[tuple[click.Command, list[tuple[object, str | None]]]] = []


def meet(name: str, command: click.Command) -> click.Command:
    """A command as the command line now running meets it (the group first, each command as it is loaded):
    in Chinese its help texts become Chinese until that command line is done."""
    if any(met is command for met, _ in _MET):
        return command
    saved: list[tuple[object, str | None]] = []
    if _STATE["lang"] == "zh":
        saved.append((command, command.help))
        command.help = COMMANDS.get(name, command.help)
        for param in command.params:
            if isinstance(param, click.Option):
                saved.append((param, param.help))
                param.help = option_help(name, param.name or "") or param.help
    _MET.append((command, saved))
    return command


@contextlib.contextmanager
def speaking(group: click.Group, lang: str):
    """Run a command line in `lang`: in Chinese, every help text of the commands it meets is Chinese
    until the command is done."""
    install()
    before = _STATE["lang"]
    _STATE["lang"] = lang
    mark = len(_MET)
    meet("disclosure", group)
    try:
        yield
    finally:
        for command, saved in _MET[mark:]:
            for obj, text in saved:
                obj.help = text  # type: ignore[attr-defined]
            if getattr(command, "_help_option", None) is not None:
                command._help_option = None  # click caches it with its text: made again in the next language
        del _MET[mark:]
        _STATE["lang"] = before
