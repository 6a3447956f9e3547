"""Style is part of the build: ruff for Python, sqlfluff (dbt templater, DuckDB) for the models."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ingest.paths import project_dir


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    bin_dir = Path(sys.executable).parent
    return subprocess.run(
        [str(bin_dir / command[0]), *command[1:]],
        cwd=project_dir(),
        capture_output=True,
        text=True,
        check=False,
    )


def test_ruff() -> None:
    check = _run("ruff", "check", ".")
    assert check.returncode == 0, check.stdout
    formatted = _run("ruff", "format", "--check", ".")
    assert formatted.returncode == 0, formatted.stdout


def test_sqlfluff() -> None:
    lint = _run("sqlfluff", "lint", "models")
    assert lint.returncode == 0, lint.stdout[-3000:]
