"""`xxgk build`: dbt build under the writer lock, validation, then publish; what to alert on.

dbt builds in its own file (`<warehouse>.build`, see ingest/dbt_publish.py). Here the lock is
taken first and handed down to dbt, which is told to leave publishing to us: the build file is
validated by the GX suites and published; a failed dbt build (a model, a key, a code)
publishes nothing.

A nightly job must be able to go green: reports that could not be read are printed and
recorded, not fatal. The exit status is non-zero when the build failed, when a report that was
read has a failing `error` check that nobody acknowledged (seeds/acknowledged_failures.csv or
`xxgk ack`), or, with `--strict`, when any `error` check fails.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from ingest.acknowledge import acknowledged
from ingest.dbt_publish import LOCK_FD_VARIABLE, PUBLISH_VARIABLE, publish_record_path
from ingest.paths import project_dir, seeds_dir
from ingest.warehouse import build_path, publish_build_copy, writer_lock

if TYPE_CHECKING:
    from expectations.runner import ValidationSummary


class BuildError(Exception):
    """dbt build failed: models did not build or an error-severity test failed."""


@dataclass
class ReportProblem:
    """A report with failing `error` checks in the built warehouse."""

    report_id: str
    source_path: str
    parse_status: str
    reason: str  # error_reason of an unreadable file, else the failing checks
    acknowledged: str | None = None  # the acknowledgement's reason

    @property
    def unreadable(self) -> bool:
        return self.parse_status == "failed"


@dataclass
class BuildResult:
    statuses: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # dbt tests that warned
    validation: ValidationSummary | None = None  # `xxgk validate` on the built copy
    problems: list[ReportProblem] = field(default_factory=list)
    foreign_tables: list[str] = field(default_factory=list)  # carried over, not produced
    dbt_args: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.statuses.get("error", 0) == 0 and self.statuses.get("fail", 0) == 0

    @property
    def unreadable(self) -> list[ReportProblem]:
        return [p for p in self.problems if p.unreadable and not p.acknowledged]

    @property
    def new_errors(self) -> list[ReportProblem]:
        """Reports that were read but fail an `error` check nobody acknowledged."""
        return [p for p in self.problems if not p.unreadable and not p.acknowledged]

    @property
    def acknowledged(self) -> list[ReportProblem]:
        return [p for p in self.problems if p.acknowledged]

    def exit_code(self, strict: bool = False) -> int:
        if strict:
            return 1 if self.problems or (self.validation and self.validation.errors) else 0
        return 1 if self.new_errors else 0


def dbt_executable() -> str:
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def run_dbt_build(
    db_path: Path,
    quiet: bool = False,
    dbt_args: Sequence[str] = (),
    lock_fd: int | None = None,
) -> BuildResult:
    """`dbt build` for the warehouse db_path (through XXGK_DB, which profiles.yml reads).

    With `lock_fd` (the caller holds the writer lock) dbt works under that lock and leaves its
    build file unpublished; without it, dbt takes the lock and publishes as `dbt build` does."""
    project = project_dir()
    env = {
        **os.environ,
        "XXGK_DB": str(db_path.absolute()),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    env.pop(LOCK_FD_VARIABLE, None)
    env.pop(PUBLISH_VARIABLE, None)
    if lock_fd is not None:
        env |= {LOCK_FD_VARIABLE: str(lock_fd), PUBLISH_VARIABLE: "defer"}
    # dbt's artefacts go beside the warehouse, so builds of different warehouses (tests run
    # several at once) never share a target folder.
    target = db_path.absolute().parent / "dbt_target"
    # Unit tests check the SQL, not the data: CI runs them (tests/test_dbt_unit_tests.py), the
    # warehouse's builds need not (dbt's advice for production runs).
    command = [
        dbt_executable(), "build", "--project-dir", str(project), "--profiles-dir", str(project),
        "--target-path", str(target), "--log-path", str(target / "logs"),
        "--exclude-resource-type", "unit_test", *dbt_args,
    ]  # fmt: skip
    (target / "run_results.json").unlink(missing_ok=True)
    completed = subprocess.run(
        command,
        cwd=project,
        env=env,
        stdout=subprocess.PIPE if quiet else None,
        stderr=subprocess.STDOUT if quiet else None,
        text=True,
        check=False,
        pass_fds=(lock_fd,) if lock_fd is not None else (),
    )
    result = read_run_results(target / "run_results.json")
    result.dbt_args = list(dbt_args)
    if completed.returncode != 0 or not result.passed:
        detail = (completed.stdout or "")[-3000:] if quiet else "see dbt's output above"
        raise BuildError(
            f"dbt build failed on {db_path} ({result.statuses}); nothing was published; {detail}"
        )
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


def build_warehouse(
    db_path: Path,
    quiet: bool = False,
    dbt_args: Sequence[str] = (),
    data_docs_dir: Path | None = None,
) -> BuildResult:
    """dbt build, GX validation and publication of `db_path`, all under one writer lock.

    Raises BuildError (nothing published) when dbt fails (a model, or a key, code or
    relationship test of the marts)."""
    from expectations.runner import default_data_docs_dir, validate

    build = build_path(db_path)
    with writer_lock(db_path) as lock_fd:
        publish_record_path(build).unlink(missing_ok=True)
        result = run_dbt_build(db_path, quiet=quiet, dbt_args=dbt_args, lock_fd=lock_fd)
        # keys, codes and relationships are dbt tests: a broken one failed dbt build above
        result.validation = validate(build, data_docs_dir or default_data_docs_dir(db_path))
        result.foreign_tables = _foreign_tables(build)
        result.problems = report_problems(build, db_path)
        publish_build_copy(build, db_path, keep=False)
    record_build(db_path, result)
    return result


def _foreign_tables(build: Path) -> list[str]:
    record = publish_record_path(build)
    if not record.exists():
        return []
    return list(json.loads(record.read_text(encoding="utf-8")).get("foreign_tables", []))


def seeded_acknowledgements(path: Path | None = None) -> dict[str, str]:
    """seeds/acknowledged_failures.csv: report_id -> reason, known unreadable or odd files."""
    path = path or seeds_dir() / "acknowledged_failures.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["report_id"]: row["reason"] for row in csv.DictReader(handle)}


def report_problems(build: Path, db_path: Path) -> list[ReportProblem]:
    """Every report with a failing `error` check, with its acknowledgement if there is one."""
    con = duckdb.connect(str(build), read_only=True)
    try:
        rows = con.execute(
            """
            select r.report_id, r.source_path, r.parse_status,
                   case when r.parse_status = 'failed' then r.error_reason
                        else string_agg(distinct c.check_code, ', ' order by c.check_code) end
            from main.fct_report_checks c
            join main.dim_report r using (report_id)
            where c.severity = 'error' and c.passed = false
            group by r.report_id, r.source_path, r.parse_status, r.error_reason
            order by r.source_path
            """
        ).fetchall()
        acks = seeded_acknowledgements() | acknowledged(con)
    finally:
        con.close()
    return [
        ReportProblem(report_id, path, status, reason, acks.get(report_id))
        for report_id, path, status, reason in rows
    ]


def builds_log(db_path: Path) -> Path:
    """One JSON line per published build, beside the warehouse."""
    return db_path.with_name(db_path.name + ".builds.jsonl")


def record_build(db_path: Path, result: BuildResult) -> None:
    entry = {
        "published_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "warehouse": str(db_path.absolute()),
        "dbt_args": result.dbt_args,
        "statuses": result.statuses,
        "exit_code": result.exit_code(),
        "unreadable": [asdict(p) for p in result.unreadable],
        "new_errors": [asdict(p) for p in result.new_errors],
        "acknowledged": [asdict(p) for p in result.acknowledged],
        "foreign_tables": result.foreign_tables,
    }
    with builds_log(db_path).open("a", encoding="utf-8") as log:
        log.write(json.dumps(entry, ensure_ascii=False) + "\n")
