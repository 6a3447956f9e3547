"""Style is part of the build: ruff for Python, sqlfluff (dbt templater, DuckDB) for the models."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ingest.paths import project_dir


def _run(*command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    bin_dir = Path(sys.executable).parent
    return subprocess.run(
        [str(bin_dir / command[0]), *command[1:]],
        cwd=project_dir(),
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_ruff() -> None:
    check = _run("ruff", "check", ".")
    assert check.returncode == 0, check.stdout
    formatted = _run("ruff", "format", "--check", ".")
    assert formatted.returncode == 0, formatted.stdout


def test_sqlfluff(tmp_path: Path) -> None:
    # The dbt templater connects to the profile's database: give it one of its own, since a
    # fresh clone has no warehouse/ yet.
    env = {**os.environ, "XXGK_DB": str(tmp_path / "lint.duckdb")}
    lint = _run("sqlfluff", "lint", "models", env=env)
    assert lint.returncode == 0, lint.stdout[-3000:]
