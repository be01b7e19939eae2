"""Stage 6: auditing a published report's document — whether it is whole, and its text against its own tables.

`audit_text` takes the document a reader made (inputs.document) and the unit its tables were read into, and
returns findings (E601–E602, W601–W605) and what the summary rows need; `similar` compares its text with
last year's (W606). The words it reads are formats.prose's."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..formats.schema import Format
from ..inputs.document import Document
from ..model.findings import Finding
from ..model.unit import Unit
from .compare import text_findings
from .complete import Where, period_findings, section_findings, title_findings
from .outline import outline
from .similar import comparable
from .statements import statements

__all__ = ["TextAudit", "audit_text"]


@dataclass
class TextAudit:
    """What the text of one report shows: its findings, its sections, and its prose to compare next year."""

    findings: list[Finding] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # the section numbers present, in the format's order
    missing: list[str] = field(default_factory=list)  # the section numbers missing
    stated: int = 0  # figures the text states that the tables hold
    mismatches: int = 0  # of which the tables contradict (E601)
    texts: dict[str, str] = field(default_factory=dict)  # section number -> its prose, as compared


def _title(doc: Document) -> str | None:
    """The report's title: its first paragraph when that reads like one, else the document's own title."""
    first = next((p.text for p in doc.paragraphs if p.text.strip()), None)
    if first and "报告" in first:
        return first
    return doc.title or first


def audit_text(doc: Document, unit: Unit | None, fmt: Format, source: str, year: int | None) -> TextAudit:
    """Audit one report's document. `unit`: its tables as read (None when none was found: nothing to compare
    the text with); `fmt`, `year`: the format and year it reports in."""
    where = Where(source, unit.name if unit is not None else None, year)
    o = outline([p.text for p in doc.paragraphs], fmt.sections, [p.line for p in doc.paragraphs])
    tables = {t for t in (s.table for s in fmt.sections) if t and unit is not None and _has_table(unit, t)}
    found = list(title_findings(_title(doc), where))
    found += section_findings(o, fmt.sections, tables, where)
    found += period_findings(o, where)
    names = {s.number: f"{s.number}、{s.title}" for s in fmt.sections}
    read = statements(o.paragraphs, fmt.claims, year)
    said = read.stated
    wrong = list(text_findings(said, unit, names)) if unit is not None and unit.format is fmt else []
    if read.cut is not None:  # never silently: the rest of the text was not compared
        found.append(Finding("N006", source, unit=where.unit, cell=read.cut.ref,
                             params={"limit": read.limit, "section": names.get(read.cut.section or "", "")}))
    missing = [f.params["number"] for f in found if f.code == "E602"]
    return TextAudit(found + wrong, [s.number for s in fmt.sections if s.number not in missing],
                     [str(m) for m in missing], len(said), len(wrong),
                     {s.number: comparable(o.text_of(s.number)) for s in fmt.sections if s.prose})


def _has_table(unit: Unit, table: str) -> bool:
    """The table was found (E001 names the ones that were not)."""
    return not any(f.code == "E001" and f.table == table for f in unit.findings)
