"""The DuckDB staging tables (schema `raw`) and the one writer that loads them.

Documents are loaded in batches, one transaction per batch: every document's rows appear
completely or not at all, and a failure rolls the batch back and retries its documents one by
one so a single bad row cannot take the others down.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

import duckdb
import pandas as pd

from ingest.align import TemplateCell
from ingest.parse import PARSER_VERSION, ParsedReport
from ingest.statements import Statement

SCHEMA = """
create schema if not exists raw;
create table if not exists raw.reports (
    report_id varchar not null,
    source_path varchar not null,
    source_format varchar,
    size_bytes bigint not null,
    ingested_at timestamp not null,
    parser_version varchar not null,
    status varchar not null,
    error_reason varchar,
    error_message varchar,
    title varchar,
    year integer,
    agency_name varchar,
    template_version varchar,
    applications_layout varchar,
    page_count integer,
    region_code varchar,
    region_method varchar,
    region_confidence double,
    canonical_agency_name varchar,
    agency_category varchar,
    published_on date
);
create table if not exists raw.cells (
    report_id varchar not null,
    section varchar not null,
    row_code varchar not null,
    column_code varchar not null,
    printed_text varchar,
    value double,
    value_status varchar not null,
    unit varchar,
    printed_label varchar,
    source_line integer,
    source_page integer
);
create table if not exists raw.statements (
    report_id varchar not null,
    statement_code varchar not null,
    value double,
    printed_text varchar,
    source_line integer
);
"""


def staged_columns(row_type: type) -> list[tuple[str, str]]:
    """(attribute, column) for each field of a staging dataclass that is a column.

    A field's column is its name unless `metadata={"column": ...}` says otherwise; a field
    marked `metadata={"staged": False}` (a report's cells) is not a column. Rows are inserted
    by name, so a field that no longer matches a column fails the load instead of loading NULL.
    """
    return [
        (f.name, f.metadata.get("column", f.name))
        for f in dataclasses.fields(row_type)
        if f.metadata.get("staged", True)
    ]


REPORT_COLUMNS = [c for _, c in staged_columns(ParsedReport)] + ["ingested_at", "parser_version"]
CELL_COLUMNS = ["report_id"] + [c for _, c in staged_columns(TemplateCell)]
STATEMENT_COLUMNS = ["report_id", *Statement._fields]


class WarehouseLockedError(Exception):
    """Another process holds the warehouse file."""


def connect(db_path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if not read_only:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(db_path), read_only=read_only)
    except duckdb.IOException as error:
        raise WarehouseLockedError(
            f"{db_path}: cannot open the warehouse ({error}). Another process (a dashboard, "
            "a notebook or another xxgk run) may hold it; close it and retry."
        ) from error


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA)


def up_to_date_reports(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Documents that need no new parse: read (ok or partial) by this parser version.

    A failed document is tried again (LibreOffice may have been installed since), and one read
    by an older parser is read again, so parser fixes reach yesterday's files too.
    """
    rows = con.execute(
        "select report_id from raw.reports where status <> 'failed' and parser_version = ?",
        [PARSER_VERSION],
    ).fetchall()
    return {report_id for (report_id,) in rows}


def _report_row(report: ParsedReport, now: dt.datetime) -> list[object]:
    return [getattr(report, a) for a, _ in staged_columns(ParsedReport)] + [now, PARSER_VERSION]


def _cell_rows(report: ParsedReport) -> Iterator[list[object]]:
    attributes = [a for a, _ in staged_columns(TemplateCell)]
    for cell in report.cells:
        yield [report.report_id, *(getattr(cell, a) for a in attributes)]


def _frames(reports: list[ParsedReport]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    report_rows = [_report_row(r, now) for r in reports]
    cell_rows = [row for r in reports for row in _cell_rows(r)]
    statement_rows = [[r.report_id, *s] for r in reports for s in r.statements]
    return (
        pd.DataFrame(report_rows, columns=REPORT_COLUMNS, dtype=object),
        pd.DataFrame(cell_rows, columns=CELL_COLUMNS, dtype=object),
        pd.DataFrame(statement_rows, columns=STATEMENT_COLUMNS, dtype=object),
    )


def load_batch(con: duckdb.DuckDBPyConnection, reports: list[ParsedReport]) -> None:
    """Replace these documents' rows in one transaction (a retried failure replaces its row)."""
    if not reports:
        return
    report_df, cell_df, statement_df = _frames(reports)
    ids = pd.DataFrame({"report_id": [r.report_id for r in reports]})
    con.execute("begin transaction")
    try:
        con.register("batch_ids", ids)
        for table in ("raw.cells", "raw.statements", "raw.reports"):
            con.execute(f"delete from {table} where report_id in (select report_id from batch_ids)")
        for table, frame in (
            ("raw.reports", report_df),
            ("raw.cells", cell_df),
            ("raw.statements", statement_df),
        ):
            if len(frame):
                con.register("batch_rows", frame)
                con.execute(f"insert into {table} by name select * from batch_rows")
                con.unregister("batch_rows")
        con.unregister("batch_ids")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def load_reports(con: duckdb.DuckDBPyConnection, reports: Iterable[ParsedReport]) -> list[str]:
    """Load a batch; if it fails, load one by one. Returns messages for documents not loaded."""
    batch = list(reports)
    try:
        load_batch(con, batch)
        return []
    except duckdb.Error:
        errors = []
        for report in batch:
            try:
                load_batch(con, [report])
            except duckdb.Error as error:
                errors.append(f"{report.source_path}: could not be stored: {error}")
        return errors
