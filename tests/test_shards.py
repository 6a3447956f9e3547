"""Parsing into Parquet shards (`xxgk parse`, local processes or Dask) and loading them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from benchmarks.corpus import random_spec
from benchmarks.corpus.text import render_markdown, render_tabs
from ingest.cluster import Engine, parse_to_shards
from ingest.paths import samples_dir
from ingest.pipeline import ingest, ingest_shards
from ingest.shards import shard_dirs
from tests.conftest import mart_snapshot, run_cli


def _raw(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "reports": con.execute(
                "select * exclude (ingested_at) from raw.reports order by all"
            ).fetchall(),
            "cells": con.execute("select * from raw.cells order by all").fetchall(),
            "statements": con.execute("select * from raw.statements order by all").fetchall(),
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, codebook) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for seed in range(12):
        spec = random_spec(seed, version="2019" if seed % 3 == 0 else "2021", blank_rate=0.05,
                           codebook=codebook)  # fmt: skip
        render = render_tabs if seed % 2 else render_markdown
        (folder / f"report_{seed:02d}{'.txt' if seed % 2 else '.md'}").write_text(render(spec))
    (folder / "empty.txt").write_bytes(b"")  # recorded as failed, in shards too
    return folder


@pytest.fixture(scope="module")
def plain_raw(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    db = tmp_path_factory.mktemp("plain") / "w.duckdb"
    ingest([corpus], db, jobs=1, on_error=lambda _: None)
    return _raw(db)


def test_shards_load_the_same_rows_as_a_plain_ingest_and_load_once(
    corpus: Path, plain_raw, tmp_path: Path
) -> None:
    out = tmp_path / "shards"
    files = sorted(corpus.iterdir())
    summary = parse_to_shards(files, out, jobs=1, shard_size=5)
    assert len(summary.shards) == 3 and summary.statuses == {"ok": 12, "failed": 1}
    again = parse_to_shards(files, out, jobs=1, shard_size=5)
    assert again.shards == [] and again.skipped_known == 13
    db = tmp_path / "w.duckdb"
    loaded = ingest_shards(out, db)
    assert loaded.loaded["ok"] == 12
    assert _raw(db) == plain_raw
    reloaded = ingest_shards(out, db)
    assert reloaded.skipped_known == 12 and reloaded.loaded["ok"] == 0
    assert _raw(db) == plain_raw


def test_a_two_worker_dask_cluster_writes_the_same_shards(
    corpus: Path, plain_raw, tmp_path: Path
) -> None:
    out = tmp_path / "shards"
    summary = parse_to_shards(sorted(corpus.iterdir()), out, engine=Engine.DASK, jobs=2,
                              shard_size=4)  # fmt: skip
    assert len(summary.shards) == len(shard_dirs(out)) == 4
    db = tmp_path / "w.duckdb"
    ingest_shards(out, db)
    assert _raw(db) == plain_raw


def test_two_processes_sharding_into_one_folder_build_the_marts_of_one_ingest(
    demo_db: Path, tmp_path: Path
) -> None:
    files = sorted((samples_dir() / "reports").iterdir())
    out = tmp_path / "shards"
    halves = [files[:1], files[1:]]
    xxgk = str(Path(sys.executable).with_name("xxgk"))
    processes = [
        subprocess.Popen(
            [xxgk, "parse", *map(str, half), "--out", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for half in halves
    ]
    for process in processes:
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, output
    assert len(shard_dirs(out)) == 2
    db = tmp_path / "xxgk.duckdb"
    result = run_cli("ingest", "--from-shards", str(out), "--db", str(db))
    assert result.exit_code == 0, result.output
    result = run_cli("build", "--db", str(db), "--quiet")
    assert result.exit_code == 0, result.output
    assert mart_snapshot(db) == mart_snapshot(demo_db)
