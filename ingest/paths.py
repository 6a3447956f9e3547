"""Where the project's files live: the dbt project, its seeds and the bundled samples.

From a clone (or an editable install) they are the repository's own folders. An installed wheel
carries a copy of them inside the package (`ingest/project/`, see pyproject.toml), so
`pip install xxgk` gives a working `xxgk demo`/`xxgk build` without a clone; its default
warehouse is then `warehouse/xxgk.duckdb` under the current directory, not inside the package.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = Path("warehouse") / "xxgk.duckdb"
_CLONE = Path(__file__).resolve().parent.parent
_PACKAGED = Path(__file__).resolve().parent / "project"


def running_from_clone() -> bool:
    """True in a clone or editable install: dbt_project.yml sits beside the ingest package."""
    return (_CLONE / "dbt_project.yml").is_file()


def project_dir() -> Path:
    """The folder holding dbt_project.yml: the repository root, or the wheel's packaged copy."""
    return _CLONE if running_from_clone() else _PACKAGED


def seeds_dir() -> Path:
    return project_dir() / "seeds"


def samples_dir() -> Path:
    return project_dir() / "samples"


def default_db() -> Path:
    """`XXGK_DB` if set, else warehouse/xxgk.duckdb under the clone (installed: the cwd)."""
    configured = os.environ.get("XXGK_DB")
    if configured:
        return Path(configured)
    return (_CLONE if running_from_clone() else Path.cwd()) / DEFAULT_DB
