"""The result of a run, for check and compile alike: units, findings and (compile) the summary.

Its `to_dict()` is the JSON a script reads (spec/cli.md); the CLI prints exactly that."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..messages import NOTICE
from ..model.findings import Counted, Finding, count, sort_findings
from ..model.kept import count_included
from ..model.unit import Unit

if TYPE_CHECKING:  # a check's result has no compilation: one-file checks do not load it (start-up)
    from ..model.roster import RosterCheck
    from .compilation import Compilation


@dataclass
class Result(Counted):
    units: Sequence[Unit]
    extra_findings: list[Finding] = field(default_factory=list)  # findings about no single unit
    compilation: Compilation | None = None  # what compile made of the units (None for check)
    strict: bool = False  # warnings count as errors
    roster: RosterCheck | None = None  # the units expected (--roster) against the units read

    @classmethod
    def of(cls, comp: Compilation) -> Result:
        return cls(comp.units, comp.extra_findings, comp, comp.strict, comp.roster)

    @property
    def findings(self) -> list[Finding]:  # type: ignore[override]  # every unit's, sorted: read-only
        return sort_findings([f for u in self.units for f in u.findings] + self.extra_findings)

    @property
    def format_id(self) -> str | None:
        ids = sorted({u.format.id for u in self.units if u.format is not None})
        return ids[0] if len(ids) == 1 else ("mixed" if ids else None)

    @property
    def written(self) -> bool:
        """Whether a compile's summary may be written (no error blocked it); True for check."""
        return self.compilation is None or not self.compilation.blocked

    def failed(self, strict: bool | None = None) -> bool:
        """Whether the exit status is 1: any error, or any warning under strict."""
        strict = self.strict if strict is None else strict
        errors, warnings = count(self.findings)
        return bool(errors or (strict and warnings))

    def to_dict(self, lang: str = "zh", lazy: bool = False) -> dict:
        """The JSON result object. A compile adds `year`, `name`, `breakdown`, `indicators` and
        `year_on_year` (docs/decisions.md, docs/indicators.md);
        with `lazy` the units, findings, breakdown and indicators are generators (of records, or of
        runs of encoded ones), made as they are written: a run of 50,000 units holds none of them."""
        findings = self.findings
        comp = self.compilation
        included = count_included(self.units) if self.written else 0
        tables: list[dict] = []
        if comp is not None and self.written:
            from ..model.tidy import records

            tables = records(comp.format, comp.totals)
        d: dict[str, object] = {
            "format": self.format_id,
            "units": (u.to_dict() for u in self.units) if lazy else [u.to_dict() for u in self.units],
            "findings": (f.to_dict(lang) for f in findings) if lazy else [f.to_dict(lang) for f in findings],
            "tables": tables,
            "summary": {
                "units": len(self.units),
                "included": included,
                "errors": sum(1 for f in findings if f.is_error),
                "warnings": sum(1 for f in findings if f.is_warning),
                "notices": sum(1 for f in findings if f.severity == NOTICE),
            },
        }
        if self.roster is not None:
            d["roster"] = self.roster.to_dict()  # only with --roster: the object stays as it was without
        if comp is not None:
            # Imported here: a check (no compilation) never loads the breakdown or the indicators.
            from .breakdown import breakdown, encoded_breakdown
            from .indicators import encoded_indicator_records, indicator_records, year_on_year_records

            d["year"] = comp.year
            d["name"] = comp.name
            d["breakdown"] = [] if comp.blocked else (encoded_breakdown(comp) if lazy else breakdown(comp))
            # Added by issue 16 (docs/indicators.md): the ratios, and each key figure against last year's.
            d["indicators"] = [] if comp.blocked else (encoded_indicator_records(comp) if lazy
                                                       else list(indicator_records(comp)))
            d["year_on_year"] = [] if comp.blocked else (year_on_year_records(comp) if lazy
                                                         else list(year_on_year_records(comp)))
        return d
