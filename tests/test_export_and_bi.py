"""`xxgk export` writes every mart with a manifest that the files agree with (read back in DuckDB
and polars); a dashboard connects read-only through duckdb-engine/SQLAlchemy, reflects the
marts' columns and their descriptions, and sees a new build after reconnecting."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest
import sqlalchemy

from tests.conftest import run_cli


def _mart_counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [
            n
            for (n,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'main'"
            ).fetchall()
        ]
        return {n: con.execute(f"select count(*) from main.{n}").fetchone()[0] for n in names}  # type: ignore[index]
    finally:
        con.close()


@pytest.mark.parametrize("file_format", ["parquet", "csv"])
def test_export_every_mart_with_a_manifest(demo_db: Path, tmp_path: Path, file_format: str) -> None:
    out = tmp_path / file_format
    result = run_cli("export", "--db", str(demo_db), "--out", str(out), "--format", file_format)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    counts = _mart_counts(demo_db)
    assert {m["name"]: m["rows"] for m in manifest["marts"]} == counts
    assert {"agg_applications_region_year", "fct_applications", "dim_report"} <= set(counts)
    assert manifest["format"] == file_format and manifest["parser_version"]
    assert manifest["built_at"] and manifest["report_parser_versions"]
    con = duckdb.connect()
    for mart in manifest["marts"]:
        path = out / mart["file"]
        read = "read_parquet" if file_format == "parquet" else "read_csv_auto"
        assert con.execute(f"select count(*) from {read}('{path}')").fetchone() == (mart["rows"],)
        frame = pl.read_parquet(path) if file_format == "parquet" else pl.read_csv(path)
        assert frame.height == mart["rows"], mart["name"]
        assert frame.columns == [c["name"] for c in mart["columns"]]
    if file_format == "parquet":  # types survive: counts stay 64-bit integers
        frame = pl.read_parquet(out / "agg_applications_region_year.parquet")
        assert frame.schema["reports"] == pl.Int64 and frame.schema["denial_rate"] == pl.Float64


def test_export_without_a_warehouse_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "none.duckdb"
    result = run_cli("export", "--db", str(missing), "--out", str(tmp_path / "out"))
    assert result.exit_code != 0 and str(missing) in result.output


def _engine(db: Path) -> sqlalchemy.Engine:
    return sqlalchemy.create_engine(
        f"duckdb:///{db}", connect_args={"read_only": True}, poolclass=sqlalchemy.NullPool
    )


def test_dashboard_reflects_the_marts_read_only_and_sees_a_new_build(
    demo_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "xxgk.duckdb"
    shutil.copyfile(demo_db, db)
    engine = _engine(db)
    inspector = sqlalchemy.inspect(engine)
    tables = inspector.get_table_names(schema="main")
    assert "agg_applications_region_year" in tables and "template_outcomes" not in tables
    assert "template_outcomes" in inspector.get_table_names(schema="codebook")
    columns = {c["name"]: c for c in inspector.get_columns("agg_applications_region_year", "main")}
    assert isinstance(columns["reports"]["type"], sqlalchemy.BigInteger)
    assert columns["denial_rate"]["comment"]  # descriptions reach the BI tool
    with engine.connect() as connection:
        before = connection.execute(
            sqlalchemy.text("select count(*) from main.dim_report")
        ).scalar()
        with pytest.raises(sqlalchemy.exc.DBAPIError):  # read-only: a dashboard cannot write
            connection.execute(sqlalchemy.text("create table main.scratch (x int)"))
        connection.rollback()
        # a build publishes while the dashboard is connected: it is never blocked
        samples = Path(__file__).resolve().parent.parent / "samples" / "reports"
        extra = tmp_path / "extra"
        extra.mkdir()
        source = next(samples.iterdir())
        (extra / source.name).write_text(
            source.read_text(encoding="utf-8").replace("2022", "2023"), encoding="utf-8"
        )
        # the dashboard is another process: the build runs as one too
        xxgk = str(Path(sys.executable).with_name("xxgk"))
        for command in (["ingest", str(extra), "--jobs", "1"], ["build", "--quiet"]):
            done = subprocess.run(
                [xxgk, *command, "--db", str(db)], capture_output=True, text=True, check=False
            )
            assert done.returncode == 0, done.stdout + done.stderr
        same = connection.execute(sqlalchemy.text("select count(*) from main.dim_report")).scalar()
        assert same == before  # the open connection keeps the file it opened
    engine.dispose()
    with _engine(db).connect() as connection:  # reconnecting sees the new build
        after = connection.execute(sqlalchemy.text("select count(*) from main.dim_report")).scalar()
    assert before is not None and after == before + 1
