"""The result of an audit: check's result (every report's units and findings, the text's included) and one row
per report, as an evaluator sorts them: body, year, tables found, errors, text mismatches, sections missing."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.findings import count
from .result import Result

ROW_FIELDS = ("source", "body", "year", "format", "kind", "tables_found", "errors", "warnings", "text_figures",
              "text_mismatches", "sections_missing", "similarity")


@dataclass
class ReportRow:
    """One report audited. `kind`: docx, html, pdf or text (None: a workbook or a file not read, whose text
    was not audited); `similarity`: the share of its text that repeats last year's (with --previous)."""

    source: str
    kind: str | None
    body: str | None
    year: int | None
    format: str | None
    tables_found: int  # of the format's three
    text_figures: int = 0
    text_mismatches: int = 0
    sections_missing: list[str] = field(default_factory=list)
    similarity: float | None = None
    by_section: dict[str, float | None] = field(default_factory=dict)
    previous: str | None = None  # last year's report the text was compared with

    def to_dict(self, errors: int, warnings: int) -> dict:
        return {"source": self.source, "body": self.body, "year": self.year, "format": self.format,
                "kind": self.kind, "tables_found": self.tables_found, "errors": errors, "warnings": warnings,
                "text_figures": self.text_figures if self.kind else None,
                "text_mismatches": self.text_mismatches if self.kind else None,
                "sections_missing": self.sections_missing if self.kind else None,
                "similarity": None if self.similarity is None else round(self.similarity, 3),
                "similarity_by_section": {k: None if v is None else round(v, 3) for k, v in self.by_section.items()},
                "previous": self.previous}


@dataclass
class Audited(Result):
    """check's Result of the reports audited, and their rows (in input order)."""

    reports: list[ReportRow] = field(default_factory=list)

    def counts(self, source: str) -> tuple[int, int]:
        """(errors, warnings) of one report."""
        return count(f for u in self.units if u.source == source for f in u.findings)

    def rows(self) -> list[dict]:
        return [r.to_dict(*self.counts(r.source)) for r in self.reports]

    def to_dict(self, lang: str = "zh", lazy: bool = False) -> dict:
        """check's JSON result, and `reports`: one object per report (ROW_FIELDS and the similarity of each
        section)."""
        d = super().to_dict(lang, lazy)
        d["reports"] = self.rows()
        return d
