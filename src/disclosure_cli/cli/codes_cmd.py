"""`disclosure codes`: every finding code with its severity and meaning; one code explained."""

from __future__ import annotations

import click

from .console import emit, emit_data
from .helpwrap import Command
from .options import CONTEXT, emit_json, lang_option, use_lang


@click.command(cls=Command, context_settings=CONTEXT)
@click.argument("code", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True,
              help="text for people, json for scripts, md for the documentation page.")
@lang_option
def codes(code, fmt, lang):
    """List every finding code with its severity and when it is given; with CODE, what it means, an
    example and what to do.

    \b
    Examples:
      disclosure codes
      disclosure codes E204
      disclosure codes w501 --lang en
      disclosure codes --format json
    """
    from ..messages import CODES, say
    from ..messages.errors import ToolError
    from ..render.codes_doc import explain_text, markdown, to_dict, when

    lang = use_lang(lang)
    if code is not None:
        code = code.strip().upper()
        if code not in CODES:
            raise ToolError("codes.unknown", code=code, codes=", ".join(CODES))
        if fmt == "json":
            emit_json(to_dict(code, lang))
        else:
            emit(explain_text(code, lang))
    elif fmt == "md":
        emit_data(markdown(), nl=False)  # docs/codes.md: UTF-8 whatever the console
    elif fmt == "json":
        emit_json([to_dict(c, lang) for c in CODES])
    else:
        colon = "：" if lang == "zh" else ": "
        emit("".join(f"{c.code}  {say('ui.' + c.severity, lang)}  {c.title[lang]}{colon}{when(c.code, lang)}\n"
                     for c in CODES.values()))
