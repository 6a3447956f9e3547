"""Run `dbt build` against a warehouse file and summarise what it reported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.paths import project_dir

if TYPE_CHECKING:
    from expectations.runner import ValidationSummary


class BuildError(Exception):
    """dbt build failed: models did not build or an error-severity test failed."""


@dataclass
class BuildResult:
    statuses: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # dbt tests that warned
    validation: ValidationSummary | None = None  # `xxgk validate` on the built copy

    @property
    def passed(self) -> bool:
        return self.statuses.get("error", 0) == 0 and self.statuses.get("fail", 0) == 0


def dbt_executable() -> str:
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def run_dbt_build(db_path: Path, quiet: bool = False) -> BuildResult:
    """`dbt build` on db_path (through XXGK_DB, which profiles.yml reads)."""
    project = project_dir()
    env = {
        **os.environ,
        "XXGK_DB": str(db_path.resolve()),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    # dbt's artefacts go beside the warehouse, so builds of different warehouses (tests run
    # several at once) never share a target folder.
    target = db_path.resolve().parent / "dbt_target"
    # Unit tests check the SQL, not the data: CI runs them (tests/test_dbt_unit_tests.py), the
    # warehouse's builds need not (dbt's advice for production runs).
    command = [
        dbt_executable(), "build", "--project-dir", str(project), "--profiles-dir", str(project),
        "--target-path", str(target), "--log-path", str(target / "logs"),
        "--exclude-resource-type", "unit_test",
    ]  # fmt: skip
    completed = subprocess.run(
        command,
        cwd=project,
        env=env,
        stdout=subprocess.PIPE if quiet else None,
        stderr=subprocess.STDOUT if quiet else None,
        text=True,
        check=False,
    )
    result = read_run_results(target / "run_results.json")
    if completed.returncode != 0 or not result.passed:
        detail = (completed.stdout or "")[-3000:] if quiet else "see dbt's output above"
        raise BuildError(f"dbt build failed on {db_path} ({result.statuses}); {detail}")
    return result


def read_run_results(path: Path) -> BuildResult:
    result = BuildResult()
    if not path.exists():
        return result
    for node in json.loads(path.read_text(encoding="utf-8")).get("results", []):
        status = str(node.get("status"))
        result.statuses[status] = result.statuses.get(status, 0) + 1
        if status == "warn":
            result.warnings.append(f"{node.get('unique_id')}: {node.get('failures')} rows")
    return result
