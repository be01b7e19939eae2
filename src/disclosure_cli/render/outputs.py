"""The summary of a compile in the format asked for, as pieces of bytes (JSON streamed, the others whole)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..summary import Compilation, Result

OUTPUT_FORMATS = ("text", "xlsx", "docx", "md", "csv", "json")
BY_SUFFIX = {".xlsx": "xlsx", ".docx": "docx", ".md": "md", ".markdown": "md", ".csv": "csv", ".json": "json",
             ".txt": "text"}


def made_ahead(comp: Compilation, fmt: str, spool: Path | None = None) -> object | None:
    """What the format can start making once every unit is read, in a copy of this process while the run
    goes on (render.ahead; `spool`: the folder of its temporary file, the output's): a large JSON's
    indicator records. None for the others. Given back to summary_pieces."""
    if fmt != "json":
        return None
    from .json import indicators_ahead

    return indicators_ahead(comp, spool)


def summary_pieces(result: Result, fmt: str, lang: str, width: int | None = None,
                   spool: Path | None = None, ahead: object | None = None) -> Iterable[bytes]:
    """The output file (or stdout) of compile, made as it is iterated; each renderer is imported only
    when it is used. `ahead`: what made_ahead started; without it a large JSON starts its indicator
    records now, so the caller asks for the pieces as soon as the result is known and prints the
    findings meanwhile."""
    comp = result.compilation
    assert comp is not None
    if fmt == "json":
        from ..base.jsonout import Made
        from .json import json_chunks

        return json_chunks(result, lang, spool, ahead if isinstance(ahead, Made) else None)
    return _whole(result, fmt, lang, width)


def _whole(result: Result, fmt: str, lang: str, width: int | None) -> Iterator[bytes]:
    """The formats made whole (csv streamed), when first asked for."""
    comp = result.compilation
    assert comp is not None
    if fmt == "xlsx":
        from .xlsx import render_xlsx

        yield render_xlsx(comp, lang)
    elif fmt == "docx":
        from .docx import render_docx

        yield render_docx(comp, lang)
    elif fmt == "csv":
        from .csv import csv_pieces

        yield from csv_pieces(comp)
    else:
        from .plain import render_markdown, render_terminal

        text = render_markdown(comp, lang) if fmt == "md" else render_terminal(comp, lang, width)
        yield text.encode("utf-8")
