"""The result of a run: units, findings and (for compile) tables, as one JSON-ready object."""

from __future__ import annotations

from dataclasses import dataclass, field

from .findings import Finding, count, sort_findings
from .unit import Unit


@dataclass
class Result:
    units: list[Unit]
    tables: list[dict] = field(default_factory=list)  # compiled totals as tidy records
    extra_findings: list[Finding] = field(default_factory=list)  # findings about no single unit
    compiled: bool = True  # False when a compile was blocked: no unit is in a summary then

    @property
    def findings(self) -> list[Finding]:
        return sort_findings([f for u in self.units for f in u.findings] + self.extra_findings)

    @property
    def errors(self) -> int:
        return count(self.findings)[0]

    @property
    def warnings(self) -> int:
        return count(self.findings)[1]

    @property
    def format_id(self) -> str | None:
        ids = sorted({u.format.id for u in self.units if u.format is not None})
        return ids[0] if len(ids) == 1 else ("mixed" if ids else None)

    def failed(self, strict: bool = False) -> bool:
        """Whether the exit status is 1: any error, or any warning under --strict."""
        return bool(self.errors or (strict and self.warnings))

    def to_dict(self, lang: str = "zh") -> dict:
        findings = self.findings
        included = [u for u in self.units if not u.excluded] if self.compiled else []
        return {
            "format": self.format_id,
            "units": [u.to_dict() for u in self.units],
            "findings": [f.to_dict(lang) for f in findings],
            "tables": self.tables,
            "summary": {
                "units": len(self.units),
                "included": len(included),
                "errors": sum(1 for f in findings if f.is_error),
                "warnings": sum(1 for f in findings if not f.is_error),
            },
        }
