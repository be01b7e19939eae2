"""The summary of a compile in the format asked for, as pieces of bytes (JSON streamed, the others whole)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..summary import Result

OUTPUT_FORMATS = ("text", "xlsx", "docx", "md", "csv", "json")
BY_SUFFIX = {".xlsx": "xlsx", ".docx": "docx", ".md": "md", ".markdown": "md", ".csv": "csv", ".json": "json",
             ".txt": "text"}


def summary_pieces(result: Result, fmt: str, lang: str, width: int | None = None) -> Iterable[bytes]:
    """The output file (or stdout) of compile; each renderer is imported only when it is used."""
    comp = result.compilation
    assert comp is not None
    if fmt == "json":
        from .json import json_chunks

        return json_chunks(result, lang)
    if fmt == "xlsx":
        from .xlsx import render_xlsx

        return [render_xlsx(comp, lang)]
    if fmt == "docx":
        from .docx import render_docx

        return [render_docx(comp, lang)]
    if fmt == "csv":
        from .csv import csv_pieces

        return csv_pieces(comp)
    from .plain import render_markdown, render_terminal

    text = render_markdown(comp, lang) if fmt == "md" else render_terminal(comp, lang, width)
    return [text.encode("utf-8")]
