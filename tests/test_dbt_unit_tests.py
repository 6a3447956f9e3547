"""The SQL logic under dbt `unit_tests:` (given/expect rows), and every model with logic has one.

One `dbt build --empty` on a warehouse with empty staging tables creates every relation with no
rows (unit tests read their inputs' columns from them) and runs every unit test in DAG order.
"""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest

from ingest.build import dbt_executable
from ingest.paths import project_dir
from ingest.staging import connect, ensure_schema

# A model without a unit test may only select and rename: none of these may appear in its SQL.
LOGIC = re.compile(
    r"\b(join|where|group\s+by|case|coalesce|nullif|union|filter|having|qualify|over|distinct"
    r"|cast|sum|count|min|max|arg_max|any_value|range|md5|regexp_\w+|string_agg|list_\w+)\b"
    r"|<>|!=|\|\|",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def unit_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("unit")
    db = root / "xxgk.duckdb"
    con = connect(db)
    ensure_schema(con)
    con.close()
    target = root / "target"
    project = project_dir()
    command = [
        dbt_executable(), "build", "--empty", "--exclude-resource-type", "test",
        "--project-dir", str(project), "--profiles-dir", str(project),
        "--target-path", str(target), "--log-path", str(target / "logs"),
    ]  # fmt: skip
    completed = subprocess.run(
        command,
        cwd=project,
        env={**os.environ, "XXGK_DB": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
        capture_output=True,
        text=True,
        check=False,
    )
    return {
        "completed": completed,
        "results": json.loads((target / "run_results.json").read_text(encoding="utf-8")),
        "manifest": json.loads((target / "manifest.json").read_text(encoding="utf-8")),
    }


def test_every_unit_test_passes(unit_run: dict) -> None:
    completed = unit_run["completed"]
    assert completed.returncode == 0, completed.stdout[-4000:]
    units = [r for r in unit_run["results"]["results"] if r["unique_id"].startswith("unit_test.")]
    assert len(units) >= 25
    assert {r["status"] for r in units} == {"pass"}, [
        (r["unique_id"], r["status"], r["message"]) for r in units if r["status"] != "pass"
    ]


def _without_comments(sql: str) -> str:
    sql = re.sub(r"\{#.*?#\}", "", sql, flags=re.DOTALL)
    return re.sub(r"--[^\n]*", "", sql)


def test_every_model_with_logic_has_a_unit_test(unit_run: dict) -> None:
    manifest = unit_run["manifest"]
    tested = {test["model"] for test in manifest["unit_tests"].values()}
    untested = {
        node["name"]: _without_comments(node["raw_code"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["name"] not in tested
    }
    with_logic = {
        name: sorted({m.group(0).lower() for m in LOGIC.finditer(sql)})
        for name, sql in untested.items()
        if LOGIC.search(sql)
    }
    assert with_logic == {}, "models with logic and no unit test (name: what they do)"
