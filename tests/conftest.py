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
