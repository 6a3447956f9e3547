"""The Arrow batches handed to DuckDB carry exactly the staging tables' columns and types."""

from __future__ import annotations

import duckdb

from ingest.parse import parse_file
from ingest.paths import samples_dir
from ingest.staging import RAW_TABLES, column_types, ensure_schema, load_batch, staging_frames


def _reports():
    return [parse_file(p) for p in sorted((samples_dir() / "reports").iterdir())[:2]]


def test_batches_have_the_staging_tables_columns_and_types() -> None:
    frames = staging_frames(_reports())
    for table in RAW_TABLES:
        assert dict(frames[table].schema) == column_types(table), table
    assert frames["raw.reports"]["published_on"].null_count() < 2  # dates parsed, not dropped


def test_a_reloaded_report_replaces_its_rows(tmp_path) -> None:
    reports = _reports()
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ensure_schema(con)
    load_batch(con, reports)
    load_batch(con, reports[:1])  # the same bytes again: replaced, not doubled
    counts = con.execute(
        "select (select count(*) from raw.reports), (select count(*) from raw.cells)"
    ).fetchone()
    assert counts == (2, sum(len(r.cells) for r in reports))
    stored = con.execute(
        "select section, row_code, column_code, value, value_status from raw.cells"
        " where report_id = ? order by all",
        [reports[0].report_id],
    ).fetchall()
    expected = sorted(
        (c.section, c.row_code, c.column_code, c.value, str(c.status)) for c in reports[0].cells
    )
    assert stored == expected
