"""Shared fixtures: real warehouses built by the real CLI in temporary folders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner, Result

from ingest.cli import main
from ingest.codebook import Codebook


@pytest.fixture(scope="session")
def codebook() -> Codebook:
    return Codebook.load()


def run_cli(*args: str) -> Result:
    """Run an xxgk command in-process (dbt still runs as its own process)."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse `xxgk demo` builds from the bundled samples."""
    db = tmp_path_factory.mktemp("demo") / "xxgk.duckdb"
    result = run_cli("demo", "--db", str(db))
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def query() -> Callable[[Path, str], list[tuple]]:
    def run(db: Path, sql: str) -> list[tuple]:
        con = duckdb.connect(str(db), read_only=True)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    return run


def mart_snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every mart's rows, sorted, without load times: two warehouses built from the same
    reports by different routes (shards, incremental builds) must give equal snapshots."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        marts = [
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'main'"
                " and table_type = 'BASE TABLE' and regexp_matches(table_name, '^(fct|dim|agg)_')"
                " order by 1"
            ).fetchall()
        ]
        snapshot = {}
        for mart in marts:
            info = con.execute(f"select name from pragma_table_info('main.{mart}')").fetchall()
            columns = [c for (c,) in info]
            kept = ", ".join(f'"{c}"' for c in columns if c != "ingested_at")
            snapshot[mart] = con.execute(f"select {kept} from main.{mart} order by all").fetchall()
        return snapshot
    finally:
        con.close()
