"""Where the project's files live. The CLI runs from a clone, so paths hang off the repo root."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = Path("warehouse") / "xxgk.duckdb"


def project_dir() -> Path:
    """The repository root: the folder holding dbt_project.yml."""
    return Path(__file__).resolve().parent.parent


def seeds_dir() -> Path:
    return project_dir() / "seeds"


def samples_dir() -> Path:
    return project_dir() / "samples"


def default_db() -> Path:
    """`XXGK_DB` if set, else warehouse/xxgk.duckdb under the project root."""
    configured = os.environ.get("XXGK_DB")
    return Path(configured) if configured else project_dir() / DEFAULT_DB
