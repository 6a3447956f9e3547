"""Researchers' corrections (seeds/corrections.csv): applied in the facts beside the printed value,
checked on both, and a correction naming no cell fails the build.

The real `dbt build` runs on a copy of the project whose corrections seed the test writes, so the
repository's seed is never touched (other builds may be reading it).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from benchmarks.corpus.spec import random_spec
from benchmarks.corpus.text import render_markdown
from ingest.build import dbt_executable
from ingest.paths import project_dir
from tests.conftest import run_cli

PROJECT_PARTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds")
COLUMNS = ["report_id", "section", "row_code", "column_code", "corrected_value", "reason", "source"]


@pytest.fixture(scope="module")
def typo(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A staged warehouse holding one report whose 行政复议 total is a typo (8 printed, 5 true)."""
    root = tmp_path_factory.mktemp("corrections")
    spec = random_spec(11, agency="更正测试县人民政府办公室")
    parts = [int(spec.review[("administrative_review", r)] or 0)
             for r in ("upheld", "corrected", "other", "pending")]  # fmt: skip
    spec.review[("administrative_review", "total")] = str(sum(parts) + 3)
    reports = root / "reports"
    reports.mkdir()
    (reports / "typo.md").write_text(render_markdown(spec), encoding="utf-8")
    db = root / "staged.duckdb"
    result = run_cli("ingest", str(reports), "--db", str(db), "--jobs", "1")
    assert result.exit_code == 0, result.output
    return {"root": root, "db": db, "true_total": sum(parts), "printed_total": sum(parts) + 3}


def _report_id(db: Path) -> str:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        (report_id,) = con.execute("select report_id from raw.reports").fetchall()
        return str(report_id[0])
    finally:
        con.close()


def dbt_build_with(root: Path, db: Path, corrections: list[dict]) -> tuple[int, Path, dict]:
    """`dbt build` of a copy of the project with these corrections, on a copy of `db`."""
    project = root / f"project{len(list(root.glob('project*')))}"
    for part in PROJECT_PARTS:
        source = project_dir() / part
        if source.is_dir():
            shutil.copytree(source, project / part)
        else:
            project.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, project / part)
    with (project / "seeds" / "corrections.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, COLUMNS)
        writer.writeheader()
        writer.writerows(corrections)
    work = project / "xxgk.duckdb"
    shutil.copyfile(db, work)
    env = {**os.environ, "XXGK_DB": str(work), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    completed = subprocess.run(
        [dbt_executable(), "build", "--project-dir", str(project), "--profiles-dir", str(project),
         "--target-path", str(project / "target"), "--log-path", str(project / "logs")],
        env=env, cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    results = json.loads((project / "target" / "run_results.json").read_text(encoding="utf-8"))
    statuses = {r["unique_id"]: r["status"] for r in results["results"]}
    return completed.returncode, work, statuses


def _query(db: Path, sql: str) -> list[tuple]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_correction_applies_in_the_facts_and_the_checks_run_on_both(typo: dict) -> None:
    report_id = _report_id(typo["db"])
    correction = {
        "report_id": report_id, "section": "review_litigation", "row_code": "administrative_review",
        "column_code": "total", "corrected_value": typo["true_total"],
        "reason": "total = upheld + corrected + other + pending; 3 more is a typo",
        "source": "test",
    }  # fmt: skip
    code, db, statuses = dbt_build_with(typo["root"], typo["db"], [correction])
    assert code == 0, [k for k, v in statuses.items() if v not in ("pass", "success")]
    assert _query(
        db,
        "select cases, printed_cases, is_corrected from main.fct_review_litigation "
        "where proceeding = 'administrative_review' and result = 'total'",
    ) == [(typo["true_total"], typo["printed_total"], True)]
    assert _query(db, "select count(*) from main.fct_review_litigation where is_corrected") == [
        (1,)
    ]
    assert _query(
        db,
        "select expected, observed, passed, printed_expected, printed_observed, "
        "passed_as_printed, is_corrected from main.fct_report_checks "
        "where check_code = 'review_total_is_sum' and subject = 'administrative_review'",
    ) == [
        (
            float(typo["true_total"]), float(typo["true_total"]), True,
            float(typo["true_total"]), float(typo["printed_total"]), False, True,
        )
    ]  # fmt: skip
    assert _query(db, "select quality, checks_failed from main.dim_report") == [("clean", 0)]


def test_a_correction_naming_no_cell_fails_the_build(typo: dict) -> None:
    bad = {
        "report_id": _report_id(typo["db"]), "section": "review_litigation",
        "row_code": "administrative_reveiw", "column_code": "total", "corrected_value": 5,
        "reason": "a typo in the correction itself", "source": "test",
    }  # fmt: skip
    code, _db, statuses = dbt_build_with(typo["root"], typo["db"], [bad])
    assert code != 0
    failed = {k for k, v in statuses.items() if v in ("fail", "error")}
    assert any("correction_names_a_cell_of_the_marts" in k for k in failed), failed
