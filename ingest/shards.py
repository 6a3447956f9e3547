"""Parquet shards of staging rows: parse anywhere (`xxgk parse`), load once (`--from-shards`).

A shard is a folder `shard-<id>/` holding `reports.parquet`, `cells.parquet` and
`statements.parquet`, typed exactly as the raw tables (raw.reports carries the parser version).
It is written under a temporary name and renamed into place, so a reader never sees half a shard
and any number of processes, on any number of machines sharing the folder, can write into one
folder at once. Loading is idempotent: a report already loaded by the same parser version is
skipped, and a report found in several shards (two workers parsed the same file) is loaded once.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from ingest.parse import PARSER_VERSION, parse_file, report_id_of
from ingest.staging import RAW_TABLES, staging_frames

SHARD_FILES = {"raw.reports": "reports.parquet", "raw.cells": "cells.parquet",
               "raw.statements": "statements.parquet"}  # fmt: skip
SHARD_PREFIX = "shard-"


@dataclass
class ShardResult:
    """What one worker wrote."""

    shard: str | None  # folder name, None when the chunk was empty
    reports: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    cells: int = 0
    errors: list[str] = field(default_factory=list)  # failed files: path, reason


def write_shard(out_dir: Path, frames: dict[str, pl.DataFrame]) -> str:
    """Write one shard atomically (temporary folder, then rename); return its folder name."""
    name = f"{SHARD_PREFIX}{uuid.uuid4().hex}"
    temporary = out_dir / f".{name}.tmp"
    temporary.mkdir(parents=True)
    for table, file_name in SHARD_FILES.items():
        frames[table].write_parquet(temporary / file_name, compression="zstd")
    os.replace(temporary, out_dir / name)
    return name


def parse_to_shard(paths: list[str], out_dir: str) -> ShardResult:
    """Parse files and write their staging rows as one shard (runs on a worker, any machine).

    Takes and returns plain data so that any engine (process pool, Dask) can ship it.
    """
    reports = [parse_file(Path(p)) for p in paths]
    if not reports:
        return ShardResult(None)
    result = ShardResult(write_shard(Path(out_dir), staging_frames(reports)), len(reports))
    for report in reports:
        result.statuses[str(report.status)] = result.statuses.get(str(report.status), 0) + 1
        result.cells += len(report.cells)
        if report.error_reason and str(report.status) == "failed":
            result.errors.append(f"{report.error_message} [{report.error_reason}]")
    return result


def shard_dirs(folder: Path) -> list[Path]:
    """Complete shards in `folder` (a shard being written has a temporary name), sorted."""
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such shard folder")
    return sorted(p for p in folder.iterdir() if p.is_dir() and p.name.startswith(SHARD_PREFIX))


def sharded_reports(folder: Path) -> set[str]:
    """Reports the shards already hold from this parser version (failures too: parsing the
    same bytes with the same parser again gives the same failure; a new version retries)."""
    files = [str(d / SHARD_FILES["raw.reports"]) for d in shard_dirs(folder)]
    if not files:
        return set()
    frame = (
        pl.scan_parquet(files)
        .filter(pl.col("parser_version") == PARSER_VERSION)
        .select("report_id")
        .collect()
    )
    return set(frame["report_id"].to_list())


def chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def files_to_parse(paths: Iterable[Path], known: set[str]) -> tuple[list[str], int]:
    """Files whose bytes are not yet parsed (by report id), and how many were skipped."""
    todo: list[str] = []
    seen = set(known)
    skipped = 0
    for path in paths:
        report_id = report_id_of(path.read_bytes())
        if report_id in seen:
            skipped += 1
            continue
        seen.add(report_id)
        todo.append(str(path))
    return todo, skipped


@dataclass
class ShardLoad:
    shards: int = 0
    loaded: dict[str, int] = field(default_factory=dict)  # status -> reports
    skipped_known: int = 0
    cells: int = 0


def load_shards(con: duckdb.DuckDBPyConnection, folder: Path) -> ShardLoad:
    """Load every shard of `folder` into the raw tables in one transaction (DuckDB reads the
    Parquet itself: no Python per row). Idempotent: loading the same folder twice changes nothing.
    """
    dirs = shard_dirs(folder)
    summary = ShardLoad(shards=len(dirs))
    if not dirs:
        return summary
    files = {t: [str(d / f) for d in dirs] for t, f in SHARD_FILES.items()}
    con.execute("begin transaction")
    try:
        # One copy of each report: a good read beats a failure, then the first shard by name.
        con.execute(
            """
            create or replace temp table shard_reports as
            select * exclude (filename), parse_dirpath(filename) as shard
            from read_parquet(?, filename = true, union_by_name = true)
            qualify row_number() over (
                partition by report_id order by status = 'failed', filename
            ) = 1
            """,
            [files["raw.reports"]],
        )
        known = con.execute(
            """
            select count(*) from shard_reports as s
            where exists (
                select 1 from raw.reports as r
                where r.report_id = s.report_id and r.status <> 'failed'
                    and r.parser_version = s.parser_version
            )
            """
        ).fetchone()
        summary.skipped_known = int(known[0]) if known else 0
        con.execute(
            """
            delete from shard_reports as s
            where exists (
                select 1 from raw.reports as r
                where r.report_id = s.report_id and r.status <> 'failed'
                    and r.parser_version = s.parser_version
            )
            """
        )
        replaced = con.execute(
            "select count(*) from raw.reports"
            " where report_id in (select report_id from shard_reports)"
        ).fetchone()
        if replaced and replaced[0]:
            for table in reversed(RAW_TABLES):
                con.execute(
                    f"delete from {table} where report_id in (select report_id from shard_reports)"
                )
        con.execute("insert into raw.reports by name select * exclude (shard) from shard_reports")
        for table in ("raw.cells", "raw.statements"):
            con.execute(
                f"""
                insert into {table} by name
                select rows.* exclude (filename)
                from read_parquet(?, filename = true, union_by_name = true) as rows
                semi join shard_reports as chosen
                    on rows.report_id = chosen.report_id
                    and parse_dirpath(rows.filename) = chosen.shard
                """,
                [files[table]],
            )
        summary.loaded = dict(
            con.execute("select status, count(*) from shard_reports group by 1").fetchall()
        )
        cells = con.execute(
            "select count(*) from raw.cells"
            " where report_id in (select report_id from shard_reports)"
        ).fetchone()
        summary.cells = int(cells[0]) if cells else 0
        con.execute("drop table shard_reports")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return summary
