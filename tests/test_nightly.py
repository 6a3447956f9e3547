"""A nightly job that can go green (issue 13): `dbt build` run directly and `xxgk build` both
build in a file of their own under the writer lock and publish atomically while a dashboard
holds the warehouse open; unreadable files are listed, acknowledged ones do not fail the build;
a researcher's own tables are carried over with a warning."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from benchmarks.corpus.spec import random_spec
from ingest.build import builds_log, dbt_executable
from ingest.paths import project_dir, samples_dir
from ingest.warehouse import (
    ForeignWriterError,
    acquire_writer_lock,
    build_path,
    prepare_build_copy,
    publish_build_copy,
)
from tests.conftest import run_cli
from tests.test_quality_checks import _without_section_four

# A dashboard: opens the warehouse read-only, answers once, waits, answers again from the same
# connection (the file it opened), then reports whether the marts were visible to it.
READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
def marts():
    return con.execute("select count(*) from information_schema.tables "
                       "where table_schema = 'main' and table_name = 'dim_report'").fetchone()[0]
print("open", marts(), flush=True)
sys.stdin.readline()
print("still", marts(), con.execute("select count(*) from raw.reports").fetchone()[0], flush=True)
"""

# A notebook connected read-write: holds DuckDB's exclusive lock until told to stop.
WRITER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
print("open", flush=True)
sys.stdin.readline()
"""


@contextmanager
def holding(script: str, db: Path) -> Iterator[list[str]]:
    """Run `script` on db in another process while the block runs; collect what it printed."""
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    lines = [process.stdout.readline().strip()]
    assert lines[0].startswith("open"), lines
    try:
        yield lines
    finally:
        out, _ = process.communicate("done\n", timeout=60)
        lines += out.splitlines()
    assert process.returncode == 0, lines


def _dbt_command(db: Path, *args: str) -> tuple[list[str], dict[str, str]]:
    """`dbt build` as a data engineer runs it: from the project, XXGK_DB naming the warehouse."""
    env = {**os.environ, "XXGK_DB": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    env.pop("XXGK_LOCK_FD", None)
    env.pop("XXGK_PUBLISH", None)
    target = db.parent / "direct_target"
    command = [dbt_executable(), "build", "--target-path", str(target),
               "--log-path", str(target / "logs"), *args]  # fmt: skip
    return command, env


def dbt_build(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command, env = _dbt_command(db, *args)
    return subprocess.run(command, cwd=project_dir(), env=env, capture_output=True, text=True,
                          check=False)  # fmt: skip


def start_dbt_build(db: Path, *args: str) -> subprocess.Popen[str]:
    command, env = _dbt_command(db, *args)
    return subprocess.Popen(command, cwd=project_dir(), env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)  # fmt: skip


def tables(db: Path) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "select table_schema || '.' || table_name from information_schema.tables"
        ).fetchall()
    finally:
        con.close()
    return {row[0] for row in rows}


@pytest.fixture
def ingested(tmp_path: Path) -> Path:
    """The bundled samples ingested, not built: no marts yet."""
    db = tmp_path / "xxgk.duckdb"
    result = run_cli("ingest", str(samples_dir() / "reports"), "--db", str(db), "--jobs", "1")
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def built(demo_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "xxgk.duckdb"
    shutil.copyfile(demo_db, db)
    return db


def test_dbt_build_directly_publishes_while_a_dashboard_reads_and_locks_out_ingest(
    ingested: Path, tmp_path: Path
) -> None:
    new_report = tmp_path / "late" / "report.txt"
    new_report.parent.mkdir()
    shutil.copyfile(next((samples_dir() / "reports").glob("*.txt")), new_report)
    with holding(READER, ingested) as reader:
        before = ingested.stat().st_ino
        running = start_dbt_build(ingested)
        marker = build_path(ingested).with_name(build_path(ingested).name + ".source")
        deadline = time.monotonic() + 120
        while not marker.exists() and running.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        # dbt holds the writer lock: an ingest now is refused, not silently lost or overwriting
        refused = run_cli("ingest", str(new_report.parent), "--db", str(ingested))
        out, _ = running.communicate(timeout=600)
    assert running.returncode == 0, out[-3000:]
    assert refused.exit_code == 1
    assert "is writing this warehouse" in refused.output
    assert "xxgk: published" in out
    assert ingested.stat().st_ino != before  # a new file, renamed into place
    assert {"main.dim_report", "main.fct_applications", "raw.reports"} <= tables(ingested)
    assert reader == ["open 0", "still 0 3"]  # the dashboard kept its file, undisturbed
    assert not list(ingested.parent.glob(".*.publish*"))


def test_dbt_build_refuses_while_another_writer_holds_the_lock(ingested: Path) -> None:
    before = ingested.stat().st_ino
    handle = acquire_writer_lock(ingested)
    try:
        completed = dbt_build(ingested)
    finally:
        handle.close()
    assert completed.returncode != 0
    assert "another xxgk command or dbt build is writing this warehouse" in completed.stdout
    assert ingested.stat().st_ino == before


def test_dbt_build_refuses_a_warehouse_open_for_writing_elsewhere(ingested: Path) -> None:
    with holding(WRITER, ingested):
        completed = dbt_build(ingested)
    assert completed.returncode != 0
    assert "open for writing" in completed.stdout, completed.stdout[-3000:]
    assert "main.dim_report" not in tables(ingested)


def test_unreadable_files_do_not_fail_the_build_acknowledged_errors_stop_and_flags_pass(
    built: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "no_section_four.txt").write_text(
        _without_section_four(random_spec(8, agency="夜间甲县人民政府办公室")), encoding="utf-8"
    )
    (folder / "empty.txt").write_bytes(b"")
    assert run_cli("ingest", str(folder), "--db", str(built), "--jobs", "1").exit_code == 0

    first = run_cli("build", "--db", str(built), "--quiet")
    assert first.exit_code == 1, first.output  # a report read with a section missing: new
    assert "1 unreadable files, 1 reports with new error checks" in first.output
    line = next(li for li in first.output.splitlines() if "NEW ERROR" in li)
    assert "no_section_four.txt (cells_complete, section_present)" in line
    assert any("unreadable" in li and "empty.txt (empty)" in li for li in first.output.splitlines())

    report_id = line.split()[2]
    unknown = run_cli("ack", "ffffffffffff", "--reason", "x", "--db", str(built))
    assert unknown.exit_code == 1 and "no report has this id" in unknown.output
    ack = run_cli("ack", report_id, "--reason", "section 四 not published", "--db", str(built))
    assert ack.exit_code == 0, ack.output

    con = duckdb.connect(str(built))  # a researcher's table, where it does not belong
    con.execute("create table main.my_notes as select 42 as answer")
    con.close()
    with holding(READER, built) as reader:  # flags after -- go to dbt
        again = run_cli("build", "--db", str(built), "--quiet", "--", "--select", "dim_year")
    assert again.exit_code == 0, again.output  # only the unreadable file is left: green
    run = json.loads((built.parent / "dbt_target" / "run_results.json").read_text())
    built_nodes = {r["unique_id"] for r in run["results"]}
    assert "model.xxgk.dim_year" in built_nodes
    assert not any(".fct_" in node for node in built_nodes)  # only the selection was built
    assert "carried over main.my_notes" in again.output
    assert "main.my_notes" in tables(built)
    assert reader == ["open 1", "still 1 5"]
    assert "1 unreadable files, 0 reports with new error checks, 1 acknowledged" in again.output
    strict = run_cli("build", "--db", str(built), "--quiet", "--strict", "--", "-s", "dim_year")
    assert strict.exit_code == 1, strict.output

    log = [json.loads(li) for li in builds_log(built).read_text().splitlines()]
    assert [entry["exit_code"] for entry in log] == [1, 0, 0]
    assert [p["source_path"].rsplit("/", 1)[1] for p in log[1]["unreadable"]] == ["empty.txt"]
    assert log[1]["acknowledged"][0]["acknowledged"] == "section 四 not published"

    withdrawn = run_cli("ack", report_id, "--withdraw", "--db", str(built))
    assert withdrawn.exit_code == 0, withdrawn.output
    con = duckdb.connect(str(built), read_only=True)
    assert con.execute("select count(*) from raw.acknowledgements").fetchone() == (0,)
    con.close()


def test_a_build_copy_is_reused_only_while_it_is_the_published_file(tmp_path: Path) -> None:
    db, build = tmp_path / "w.duckdb", build_path(tmp_path / "w.duckdb")
    prepare_build_copy(db, build, writing=True)  # no warehouse yet: dbt starts an empty file
    assert not build.exists()
    con = duckdb.connect(str(db))
    con.execute("create table t as select 1 as a")
    con.close()
    prepare_build_copy(db, build, writing=False)
    copied = (build.stat().st_ino, build.stat().st_mtime_ns)
    prepare_build_copy(db, build, writing=True)  # still the published file's copy: reused
    assert (build.stat().st_ino, build.stat().st_mtime_ns) == copied
    prepare_build_copy(db, build, writing=False)  # the writing run changed it: copied again
    assert (build.stat().st_ino, build.stat().st_mtime_ns) != copied
    prepare_build_copy(db, build, writing=True)
    con = duckdb.connect(str(db))  # a foreign write to the published file during the build
    con.execute("create table u as select 2 as b")
    con.close()
    with pytest.raises(ForeignWriterError, match="changed while it was being built"):
        publish_build_copy(build, db, keep=True)
    prepare_build_copy(db, build, writing=True)
    publish_build_copy(build, db, keep=False)
    assert not build.exists()
    assert tables(db) == {"main.t", "main.u"}
