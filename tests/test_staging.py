"""Staging rows come from the dataclass fields: a field that matches no column fails loudly."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pytest

from ingest.align import Section, TemplateCell
from ingest.normalize import ValueStatus
from ingest.parse import ParsedReport, ParseStatus
from ingest.readers import SourceFormat
from ingest.staging import (
    CELL_COLUMNS,
    REPORT_COLUMNS,
    STATEMENT_COLUMNS,
    connect,
    ensure_schema,
    load_reports,
)
from ingest.statements import Statement


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "select column_name from information_schema.columns "
        "where table_schema = 'raw' and table_name = ? order by ordinal_position",
        [table],
    ).fetchall()
    return [name for (name,) in rows]


def _report() -> ParsedReport:
    cell = TemplateCell(
        Section.APPLICATIONS, "received", "total", "12", 12.0, ValueStatus.VALUE, None,
        "一、本年新收政府信息公开申请数量", 7, None,
    )  # fmt: skip
    return ParsedReport(
        "r1", "reports/a.txt", 10, source_format=SourceFormat.TEXT, status=ParseStatus.OK,
        year=2022, cells=[cell], statements=[Statement("review_cases", 0.0, "未收到", 3)],
    )  # fmt: skip


def test_every_staging_column_is_a_field_and_every_field_a_column(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    ensure_schema(con)
    assert sorted(_columns(con, "reports")) == sorted(REPORT_COLUMNS)
    assert sorted(_columns(con, "cells")) == sorted(CELL_COLUMNS)
    assert sorted(_columns(con, "statements")) == sorted(STATEMENT_COLUMNS)


def test_enums_and_renamed_fields_load_as_their_values(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    ensure_schema(con)
    assert load_reports(con, [_report()]) == []
    assert con.execute("select status, source_format, year from raw.reports").fetchall() == [
        ("ok", "text", 2022)
    ]
    assert con.execute(
        "select section, value_status, source_line, value from raw.cells"
    ).fetchall() == [("applications", "value", 7, 12.0)]
    assert con.execute("select statement_code, value from raw.statements").fetchall() == [
        ("review_cases", 0.0)
    ]


def test_a_field_without_a_column_fails_the_load_instead_of_loading_null(tmp_path: Path) -> None:
    @dataclasses.dataclass
    class Renamed(ParsedReport):
        agency_title: str | None = None  # as if agency_name had been renamed

    con = connect(tmp_path / "w.duckdb")
    ensure_schema(con)
    report = Renamed(**{f.name: getattr(_report(), f.name) for f in dataclasses.fields(_report())})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("ingest.staging.ParsedReport", Renamed)
        patch.setattr("ingest.staging.REPORT_COLUMNS", [*REPORT_COLUMNS, "agency_title"])
        errors = load_reports(con, [report])
    assert len(errors) == 1 and "agency_title" in errors[0]
    assert con.execute("select count(*) from raw.reports").fetchone() == (0,)
