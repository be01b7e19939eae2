"""What a document reader returns: paragraphs and table grids in document order (Word, web page, PDF, text)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import ParamSpec

from .book import Unreadable

# Why a document cannot be read: the reasons are messages/reasons.py's (E003). The document readers use
# empty, too_large, truncated, encrypted, unsafe_xml, bomb, too_deep, encoding, not_docx, doc_old and
# parse (params: detail, and short — a stable code: not_zip, zip_corrupt, bad_xml, bad_package, html,
# binary, csv, unexpected).


@dataclass(frozen=True)
class Paragraph:
    """A run of text outside tables, in document order."""

    index: int
    text: str
    style: str | None = None
    line: int | None = None  # a text file's line
    page: int | None = None  # a PDF's page (1-based)


@dataclass
class TableBlock:
    """A table expanded to a rectangular grid; merged cells keep text at their top-left."""

    index: int
    number: int
    grid: list[list[str]]
    merges: list[tuple[tuple[int, int], tuple[int, int]]]
    lines: list[int] | None = None
    page: int | None = None  # a PDF's page (1-based)


Block = Paragraph | TableBlock
Merge = tuple[tuple[int, int], tuple[int, int]]


@dataclass
class Document:
    """What a reader found: blocks in document order plus metadata."""

    kind: str
    blocks: list[Paragraph | TableBlock]
    title: str | None = None
    encoding: str | None = None
    made_by: str | None = None  # the tool's own output (base.marker): its custom-properties mark

    @property
    def tables(self) -> list[TableBlock]:
        return [b for b in self.blocks if isinstance(b, TableBlock)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]


_P = ParamSpec("_P")


def shielded(read: Callable[_P, Document]) -> Callable[_P, Document]:
    """Make a reader raise nothing but Unreadable, whatever a library does on odd input."""

    @functools.wraps(read)
    def guarded(*args: _P.args, **kwargs: _P.kwargs) -> Document:
        try:
            return read(*args, **kwargs)
        except Unreadable:
            raise
        except MemoryError:
            # No chaining: the traceback would keep the frames holding the big buffers alive.
            raise Unreadable("too_large", detail="ran out of memory") from None
        except RecursionError:
            raise Unreadable("too_deep", detail="nesting exhausted the parser") from None
        except Exception as exc:
            # Last line of defence: a library failing in a way the reader did not foresee
            # is still a bad input to the caller, never a crash.
            raise Unreadable(
                "parse", detail=f"{type(exc).__name__}: {exc}"[:300], short="unexpected"
            ) from exc

    return guarded
