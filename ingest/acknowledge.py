"""Acknowledged failures: reports known to fail an `error` check that should not fail a build.

`xxgk ack REPORT_ID --reason ...` records one in the warehouse (`raw.acknowledgements`, written
on a staged copy under the writer lock like every other write, so every later build sees it);
seeds/acknowledged_failures.csv holds the ones the project itself knows. A build still prints
and records acknowledged reports; they only stop turning its exit status red.
"""

from __future__ import annotations

import duckdb

DDL = """
create schema if not exists raw;
create table if not exists raw.acknowledgements (
    report_id varchar primary key,
    reason varchar not null,
    source_path varchar,
    acknowledged_at timestamptz not null default current_timestamp
);
"""
MIN_PREFIX = 8


class UnknownReportError(Exception):
    """The report id (or prefix) names no report, or more than one."""


def acknowledged(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """report_id -> reason, for every acknowledgement recorded in this warehouse."""
    exists = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'raw' and table_name = 'acknowledgements'"
    ).fetchone()
    if not exists or not exists[0]:
        return {}
    return dict(con.execute("select report_id, reason from raw.acknowledgements").fetchall())


def resolve_report(con: duckdb.DuckDBPyConnection, report_id: str) -> tuple[str, str]:
    """The full report id and source path for an id or a unique prefix of one."""
    wanted = report_id.strip().lower()
    if len(wanted) < MIN_PREFIX:
        raise UnknownReportError(
            f"{report_id!r}: give at least {MIN_PREFIX} characters of a report id"
        )
    try:
        rows = con.execute(
            "select report_id, source_path from raw.reports where starts_with(report_id, ?) "
            "order by report_id limit 2",
            [wanted],
        ).fetchall()
    except duckdb.CatalogException as error:
        raise UnknownReportError("the warehouse holds no reports yet") from error
    if not rows:
        raise UnknownReportError(f"{report_id}: no report has this id (see `xxgk build`'s list)")
    if len(rows) > 1:
        raise UnknownReportError(f"{report_id}: names several reports; give more characters")
    return rows[0][0], rows[0][1]


def acknowledge(con: duckdb.DuckDBPyConnection, report_id: str, reason: str) -> tuple[str, str]:
    """Record (or replace) the acknowledgement of one report; returns its id and path."""
    if not reason.strip():
        raise ValueError("an acknowledgement needs a reason (--reason)")
    full_id, source_path = resolve_report(con, report_id)
    con.execute(DDL)
    con.execute(
        "insert or replace into raw.acknowledgements (report_id, reason, source_path) "
        "values (?, ?, ?)",
        [full_id, reason.strip(), source_path],
    )
    return full_id, source_path


def withdraw(con: duckdb.DuckDBPyConnection, report_id: str) -> tuple[str, str]:
    """Remove a report's acknowledgement, so that it fails builds again."""
    full_id, source_path = resolve_report(con, report_id)
    con.execute(DDL)
    con.execute("delete from raw.acknowledgements where report_id = ?", [full_id])
    return full_id, source_path
