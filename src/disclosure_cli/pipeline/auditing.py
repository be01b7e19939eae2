"""`audit` as one library call: each published report's tables checked as `check` does, its completeness and
its text against its own tables, and with last year's reports the cross-year rules and how much text repeats."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..audit import TextAudit, audit_text
from ..audit.complete import title_parts
from ..audit.similar import DEFAULT_LIMIT, similarity, similarity_findings
from ..formats import FORMATS, for_year
from ..formats.schema import Format
from ..inputs.document import Document
from ..inputs.paths import Files, Scan, expand
from ..messages import reason
from ..messages.errors import ToolError
from ..model.namekey import name_key
from ..model.unit import Unit, unreadable
from ..read import ReadOptions, read_report
from ..render.audit import render_audit
from ..render.files import atomic_write
from ..render.targets import check_target
from ..rules import check_input
from ..rules.years import compare_one
from ..summary.audit import Audited, ReportRow
from .previous import HistoryPrevious, WorkbookPrevious, previous_source
from .reading import Tasks, default_jobs, failure, in_workers, not_read


@dataclass
class Report:
    """One report as read and audited: its units (findings included), its row, its prose by section."""

    units: list[Unit]
    row: ReportRow
    texts: dict[str, str]


@dataclass(frozen=True)
class AuditSettings:
    """How to audit: last year's reports (--previous) or the history store (--history), the share of
    repeated text that is a warning (--similar), worker processes."""

    previous: tuple[str, ...] = ()
    history: str | None = None
    similar: float = DEFAULT_LIMIT
    jobs: int | None = None


def audit_report(path: str | Path, options: ReadOptions = ReadOptions()) -> Report:
    """Read one report, check its tables by the rules, audit its text (a document's; a workbook has none)."""
    source = str(path)
    doc, units = read_report(path, options)
    check_input(units)
    unit = next((u for u in units if u.format is not None), units[0] if units else None)
    if unit is None:  # no table and nothing else: still one row, still a finding
        unit = unreadable(source, reason("unknown"))
        units = [unit]
    fmt, year = _format_of(unit, doc, options)
    text = audit_text(doc, unit, fmt, source, year) if doc is not None else None
    if text is not None:
        unit.add(text.findings)
    return Report(units, _row(source, doc, unit, fmt, year, text), text.texts if text is not None else {})


def _format_of(unit: Unit, doc: Document | None, options: ReadOptions) -> tuple[Format, int | None]:
    """The format and year a report is in: its tables', else its title's year (a report whose tables were
    not found is still checked for its sections)."""
    if unit.format is not None:
        return unit.format, unit.year
    year = unit.year or options.year
    if year is None and doc is not None:
        first = next((p.text for p in doc.paragraphs if p.text.strip()), doc.title or "")
        year = title_parts(first)[1]
    fmt = FORMATS[options.schema] if options.schema else (for_year(year) if year else None)
    return fmt or FORMATS["2021"], year


def _row(source: str, doc: Document | None, unit: Unit, fmt: Format, year: int | None,
         text: TextAudit | None) -> ReportRow:
    missing_tables = {f.table for f in unit.findings if f.code == "E001"}
    found = 0 if unit.format is None else sum(1 for t in fmt.tables if t.id not in missing_tables)
    row = ReportRow(source, doc.kind if doc is not None else None, unit.name if unit.format is not None else None,
                    year, fmt.id if unit.format is not None else None, found)
    if text is not None:
        row.text_figures, row.text_mismatches, row.sections_missing = text.stated, text.mismatches, text.missing
    return row


def _task(args: tuple[Path, ReadOptions]) -> Report:
    return audit_report(*args)


def _crashed(args: tuple[str | Path, ReadOptions], error: BaseException | None) -> Report:
    """The report of an input whose reading took its worker down, or failed in a way its worker could
    not report (in_workers' on_crash): E003, and the audit goes on."""
    why = reason("crashed") if error is None else reason("failed", detail=failure(error))
    unit = unreadable(str(args[0]), why)
    return Report([unit], ReportRow(str(args[0]), None, None, None, None, 0), {})


def audit_reports(paths: Files, options: ReadOptions = ReadOptions(), jobs: int | None = None
                  ) -> Iterator[Report]:
    """audit_report for every path, in input order; in worker processes for many."""
    jobs = min(default_jobs(len(paths)) if jobs is None else max(1, jobs), max(1, len(paths)))
    if jobs == 1:
        for p in paths:
            yield audit_report(p, options)
        return
    yield from in_workers(_task, Tasks(paths, options), jobs, _crashed)


def audit(paths: Files, options: ReadOptions = ReadOptions(), settings: AuditSettings = AuditSettings(),
          found: Scan | None = None) -> Audited:
    """Audit every report. With `settings.previous`, last year's reports are read too: each report's tables
    against last year's (W301–W304) and its text against last year's text (W606 at `settings.similar`);
    with `settings.history`, the tables against the store's records."""
    found = found if found is not None else Scan.of(paths)
    last = list(audit_reports(expand(list(settings.previous)), options, settings.jobs)) if settings.previous else []
    source: WorkbookPrevious | HistoryPrevious | None
    if last:
        source = WorkbookPrevious([Path(p) for p in settings.previous], units=[u for r in last for u in r.units])
    else:
        source = previous_source((), settings.history)
    texts: dict[tuple[str, int | None], Report] = {(name_key(r.units[0].name), r.row.year): r for r in last
                                                    if r.row.year and r.texts}
    reports = []
    try:
        for report in audit_reports(found.paths, options, settings.jobs):
            if source is not None:
                for u in report.units:
                    compare_one(u, source, alone=len(found.paths) == 1)
            _compare_text(report, texts, settings.similar, alone=len(found.paths) == 1 and len(last) == 1)
            reports.append(report)
    finally:
        if isinstance(source, HistoryPrevious):
            source.close()
    extra = not_read(found.skipped) + (list(source.problems) if source is not None else [])
    return Audited([u for r in reports for u in r.units], extra_findings=extra, reports=[r.row for r in reports])


def _compare_text(report: Report, last: dict[tuple[str, int | None], Report], limit: float, alone: bool) -> None:
    """W606 for each section of the report's text that repeats last year's report of the same body."""
    row, unit = report.row, report.units[0]
    if not report.texts or row.year is None:
        return
    previous = last.get((name_key(unit.name), row.year - 1))
    if previous is None and alone:
        previous = next(iter(last.values()), None)
    if previous is None:
        return
    fmt = unit.format or for_year(row.year) or FORMATS["2021"]
    sim = similarity(report.texts, previous.texts, fmt.sections, Path(previous.row.source).name)
    row.similarity, row.by_section, row.previous = sim.whole, sim.by_section, previous.row.source
    unit.add(similarity_findings(sim, fmt.sections, limit, unit.source, unit.name))


AUDIT_OUTPUTS = {".xlsx": "xlsx", ".csv": "csv", ".json": "json"}


def audit_output(path: Path) -> str:
    """The format an audit output file is written in, by its suffix; ToolError for any other (exit 2),
    checked with the folder before any report is read."""
    fmt = AUDIT_OUTPUTS.get(path.suffix.lower())
    if fmt is None:
        raise ToolError("audit.suffix", path=path)
    check_target(path)
    return fmt


def write_audit(result: Audited, output: Path, lang: str) -> None:
    """The audit's rows (and findings) written to `output` atomically, in the format its suffix names."""
    data = render_audit(result, AUDIT_OUTPUTS[output.suffix.lower()], lang)

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    atomic_write(output, write)
