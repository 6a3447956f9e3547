"""The DuckDB staging tables (schema `raw`) and the one writer that loads them.

Documents are loaded in batches, one transaction per batch: every document's rows appear
completely or not at all, and a failure rolls the batch back and retries its documents one by
one so a single bad row cannot take the others down.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

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
    published_on date,
    source_url varchar,
    unplaced_rows integer
);
-- Columns added since a warehouse was first made: yesterday's raw tables gain them too.
alter table raw.reports add column if not exists source_url varchar;
alter table raw.reports add column if not exists unplaced_rows integer;

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
    source_page integer,
    match_score double,
    placed_by varchar
);
alter table raw.cells add column if not exists match_score double;
alter table raw.cells add column if not exists placed_by varchar;
create table if not exists raw.statements (
    report_id varchar not null,
    statement_code varchar not null,
    value double,
    printed_text varchar,
    source_line integer
);
create table if not exists raw.report_paths (
    report_id varchar not null,
    source_path varchar not null,
    first_seen_at timestamp not null
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


# Batches go to DuckDB as Arrow tables built with polars, typed as the staging tables are:
# DuckDB scans Arrow buffers without copying or guessing (an object-dtype pandas frame is
# converted value by value), and Parquet shards (`xxgk parse`) carry the same types.
_POLARS_OF_DUCKDB: dict[str, pl.DataType] = {
    "VARCHAR": pl.String(), "BIGINT": pl.Int64(), "INTEGER": pl.Int32(), "DOUBLE": pl.Float64(),
    "TIMESTAMP": pl.Datetime("us"), "DATE": pl.Date(), "BOOLEAN": pl.Boolean(),
}  # fmt: skip
RAW_TABLES = ("raw.reports", "raw.cells", "raw.statements")


def record_paths(con: duckdb.DuckDBPyConnection, seen: Iterable[tuple[str, str]]) -> None:
    """Remember every (report_id, path) a run saw, identical bytes under other names included."""
    pairs = list(seen)
    if not pairs:
        return
    frame = pl.DataFrame(
        pairs, schema=[("report_id", pl.String), ("source_path", pl.String)], orient="row"
    )
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    con.register("seen_paths", frame.to_arrow())
    try:
        con.execute(
            "insert into raw.report_paths select distinct seen.report_id, seen.source_path, ? "
            "from seen_paths as seen anti join raw.report_paths as known "
            "on seen.report_id = known.report_id and seen.source_path = known.source_path",
            [now],
        )
    finally:
        con.unregister("seen_paths")


@cache
def column_types(table: str) -> dict[str, pl.DataType]:
    """A staging table's columns as polars types, read from SCHEMA (the one place they're typed)."""
    con = duckdb.connect()
    try:
        ensure_schema(con)
        described = con.execute(f"describe {table}").fetchall()
    finally:
        con.close()
    return {name: _POLARS_OF_DUCKDB[kind] for name, kind, *_ in described}


def _frame(table: str, columns: list[str], rows: Sequence[Sequence[object]]) -> pl.DataFrame:
    types = column_types(table)
    return pl.DataFrame(
        [
            pl.Series(name, [row[i] for row in rows], dtype=types[name])
            for i, name in enumerate(columns)
        ]
    )


def report_frame(reports: list[ParsedReport], now: dt.datetime | None = None) -> pl.DataFrame:
    """One row per report, typed as raw.reports."""
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    attributes = [a for a, _ in staged_columns(ParsedReport)]
    rows = [[getattr(r, a) for a in attributes] + [now, PARSER_VERSION] for r in reports]
    date_at = REPORT_COLUMNS.index("published_on")
    for row in rows:  # ISO text in the dataclass (picklable, printable), a DATE in staging
        row[date_at] = None if row[date_at] is None else dt.date.fromisoformat(str(row[date_at]))
    return _frame("raw.reports", REPORT_COLUMNS, rows)


def cell_frame(reports: list[ParsedReport]) -> pl.DataFrame:
    """One row per template cell, typed as raw.cells."""
    attributes = [a for a, _ in staged_columns(TemplateCell)]
    rows = [[r.report_id, *(getattr(c, a) for a in attributes)] for r in reports for c in r.cells]
    return _frame("raw.cells", CELL_COLUMNS, rows)


def statement_frame(reports: list[ParsedReport]) -> pl.DataFrame:
    """One row per statement found in the prose, typed as raw.statements."""
    rows = [[r.report_id, *s] for r in reports for s in r.statements]
    return _frame("raw.statements", STATEMENT_COLUMNS, rows)


def staging_frames(reports: list[ParsedReport]) -> dict[str, pl.DataFrame]:
    """raw table name -> its rows for these reports."""
    return {
        "raw.reports": report_frame(reports),
        "raw.cells": cell_frame(reports),
        "raw.statements": statement_frame(reports),
    }


def insert_frames(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame]) -> None:
    """Replace the frames' reports in the raw tables, in the caller's transaction.

    Only reports already present are deleted first: a delete scans the whole table, and at a
    national year raw.cells holds tens of millions of rows, so new reports must not pay for it.
    """
    con.register("batch_ids", frames["raw.reports"].select("report_id").to_arrow())
    try:
        present = con.execute(
            "select count(*) from raw.reports where report_id in (select report_id from batch_ids)"
        ).fetchone()
        if present and present[0]:
            for table in reversed(RAW_TABLES):
                con.execute(
                    f"delete from {table} where report_id in (select report_id from batch_ids)"
                )
    finally:
        con.unregister("batch_ids")
    for table, frame in frames.items():
        if frame.height:
            con.register("batch_rows", frame.to_arrow())  # zero-copy: DuckDB scans the buffers
            try:
                con.execute(f"insert into {table} by name select * from batch_rows")
            finally:
                con.unregister("batch_rows")


def load_batch(con: duckdb.DuckDBPyConnection, reports: list[ParsedReport]) -> None:
    """Replace these documents' rows in one transaction (a retried failure replaces its row)."""
    if not reports:
        return
    frames = staging_frames(reports)
    con.execute("begin transaction")
    try:
        insert_frames(con, frames)
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
