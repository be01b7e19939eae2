"""`disclosure codes`: every finding code with its severity and meaning."""

from __future__ import annotations

import click

from .options import CONTEXT, emit_json, lang_option, use_lang


@click.command(context_settings=CONTEXT)
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
    from ..messages import CODES, say
    from ..render.codes_doc import markdown

    lang = use_lang(lang)
    if fmt == "md":
        click.echo(markdown(), nl=False)
    elif fmt == "json":
        emit_json([{"code": c.code, "severity": c.severity, "title": c.title[lang], "message": c.message[lang]}
                   for c in CODES.values()])
    else:
        for c in CODES.values():
            click.echo(f"{c.code}  {say('ui.' + c.severity, lang)}  {c.title[lang]}")
