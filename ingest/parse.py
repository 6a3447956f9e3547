"""One file in, one ParsedReport out: read, align to the template, extract metadata.

Runs in worker processes, so everything it returns is plain picklable data, and it never
raises for a bad file: the failure is the result.
"""

from __future__ import annotations

import hashlib
import traceback
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path

from ingest.align import Section, TemplateCell, align_document
from ingest.attribution import RegionIndex, RegionMethod, attribute
from ingest.codebook import Codebook
from ingest.document import ReaderError
from ingest.metadata import ReportMetadata, extract_metadata
from ingest.normalize import ValueStatus
from ingest.paths import seeds_dir
from ingest.readers import SourceFormat, read_document
from ingest.statements import Statement, extract_statements

# Bump when a change to the readers or the aligner changes what staging would hold.
PARSER_VERSION = "0.5.1"


class ParseStatus(StrEnum):
    """How far a file was read (`raw.reports.status`, `parse_status` in the marts)."""

    OK = "ok"  # every section found and every value readable
    PARTIAL = "partial"  # tables read, with problems named in error_message
    FAILED = "failed"  # nothing read; error_reason says why


@dataclass
class ParsedReport:
    """One file's result; a row of `raw.reports`, with its rows of `raw.cells` and
    `raw.statements` (fields marked `staged: False` are not columns of raw.reports)."""

    report_id: str
    source_path: str
    size_bytes: int
    source_format: SourceFormat | None = None
    status: ParseStatus = ParseStatus.FAILED
    error_reason: str | None = None
    error_message: str | None = None
    title: str | None = None
    year: int | None = None
    agency_name: str | None = None
    template_version: str | None = None
    applications_layout: str | None = None
    page_count: int | None = None
    region_code: str | None = None
    region_method: RegionMethod | None = None
    region_confidence: float | None = None
    canonical_agency_name: str | None = None
    agency_category: str | None = None
    published_on: str | None = None  # ISO date
    source_url: str | None = None  # the page an archive copied the report from (原文链接)
    unplaced_rows: int | None = None  # printed rows of 二/三 no template row took (None: failed)
    cells: list[TemplateCell] = field(default_factory=list, metadata={"staged": False})
    statements: list[Statement] = field(default_factory=list, metadata={"staged": False})


def report_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@cache
def _codebook() -> Codebook:
    """Loaded once per worker process: the seeds do not change during a run."""
    return Codebook.load()


@cache
def _regions() -> RegionIndex:
    """Loaded once per worker process, like the codebook."""
    return RegionIndex.load(seeds_dir())


def parse_file(path: Path, data: bytes | None = None) -> ParsedReport:
    """Parse one file. Failures come back as a report with status 'failed' and a reason."""
    if data is None:
        data = path.read_bytes()
    report = ParsedReport(report_id_of(data), path.as_posix(), len(data))
    try:
        parse_into(report, data, path)
    except ReaderError as error:
        report.status, report.error_reason, report.error_message = (
            ParseStatus.FAILED,
            error.reason,
            error.message,
        )
    except Exception as error:  # a parser bug must not stop the other 999 files
        report.status, report.error_reason = ParseStatus.FAILED, "parser_error"
        frame = traceback.extract_tb(error.__traceback__)[-1]
        report.error_message = (
            f"{path}: internal parser error {type(error).__name__}: {error} "
            f"({Path(frame.filename).name}:{frame.lineno}); please report it with the file"
        )
        report.cells = []
    return report


def describe(report: ParsedReport, text: str) -> ReportMetadata:
    """Title, year, agency, URL, region and date from the text, before its tables are read: a
    report whose tables cannot be read still says what it is and whose it is."""
    metadata = extract_metadata(text)
    report.title, report.year, report.agency_name = (
        metadata.title,
        metadata.year,
        metadata.agency_name,
    )
    report.source_url = metadata.source_url
    attribution = attribute(
        text=text,
        title=metadata.title,
        agency_name=metadata.agency_name,
        year=metadata.year,
        regions=_regions(),
    )
    report.region_code = attribution.region_code
    report.region_method = attribution.region_method
    report.region_confidence = attribution.region_confidence
    report.canonical_agency_name = attribution.canonical_agency_name
    report.agency_category = attribution.agency_category
    published = metadata.published_on or attribution.published_on
    if published is not None:
        report.published_on = published.isoformat()
    return metadata


def parse_into(report: ParsedReport, data: bytes, path: Path) -> None:
    report.source_format, document = read_document(data, path)
    report.page_count = document.page_count
    text = document.text()
    metadata = describe(report, text)
    alignment = align_document(document, _codebook(), metadata.year)
    if not alignment.sections_found or not alignment.cells:
        raise ReaderError(
            "no_template_tables",
            f"{path}: no table of the annual report template (sections 二/三/四) found; "
            "is this a 政府信息公开工作年度报告?",
        )
    report.cells = alignment.cells
    report.unplaced_rows = len(alignment.unplaced)
    # A glued row's splits travel as a statement: fct_report_checks' flattened_row_decoded.
    report.statements = extract_statements(document) + [
        Statement("flattened_row", float(row.splits), row.describe(), row.line)
        for row in alignment.flattened
    ]
    report.template_version = alignment.template_version(metadata.year)
    report.applications_layout = alignment.applications_layout
    problems = list(alignment.problems)
    missing = {Section.PROACTIVE: "二", Section.APPLICATIONS: "三", Section.REVIEW: "四"}
    found_sections = {c.section for c in alignment.cells}
    problems += [f"section {n} not found" for s, n in missing.items() if s not in found_sections]
    unparsed = [c for c in alignment.cells if c.status is ValueStatus.UNPARSED]
    problems += [
        f"unreadable value '{c.printed_text}' in {c.section}.{c.row_code}.{c.column_code}"
        for c in unparsed[:5]
    ]
    if problems:
        report.status, report.error_reason = ParseStatus.PARTIAL, "incomplete"
        report.error_message = f"{path}: " + "; ".join(problems)
    else:
        report.status = ParseStatus.OK
