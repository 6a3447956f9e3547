"""`xxgk ingest`: find files, skip those already loaded, parse in worker processes, load.

Parsing runs in a pool of worker processes; loading stays in this process, the only writer.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import duckdb

from ingest.parse import ParsedReport, ParseStatus, parse_file, report_id_of
from ingest.readers import REPORT_SUFFIXES
from ingest.staging import (
    connect,
    ensure_schema,
    load_reports,
    record_paths,
    up_to_date_reports,
)

BATCH_SIZE = 100


@dataclass
class IngestSummary:
    files_seen: int = 0
    skipped_known: int = 0
    loaded: dict[str, int] = field(default_factory=lambda: {"ok": 0, "partial": 0, "failed": 0})
    cells: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def attempted(self) -> int:
        return sum(self.loaded.values())

    @property
    def nothing_loaded(self) -> bool:
        return self.attempted > 0 and self.loaded["ok"] + self.loaded["partial"] == 0


def _print_error(line: str) -> None:
    print(line, file=sys.stderr)


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and report files found recursively under folders, sorted."""
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file() and found.suffix.lower() in REPORT_SUFFIXES:
                    yield found
        elif path.exists():
            yield path
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")


def default_jobs() -> int:
    return os.cpu_count() or 1


class Progress:
    """A one-line progress bar on a terminal; silent otherwise."""

    def __init__(self, total: int, stream: TextIO = sys.stderr) -> None:
        self.total, self.stream = total, stream
        self.enabled = stream.isatty() and total > 0
        self.done = self.failed = 0
        self.started = time.monotonic()

    def update(self, report: ParsedReport) -> None:
        self.done += 1
        self.failed += report.status is ParseStatus.FAILED
        if self.enabled:
            rate = self.done / max(time.monotonic() - self.started, 1e-9)
            self.stream.write(
                f"\r[{self.done}/{self.total}] {rate:.1f} files/s, {self.failed} failed "
            )
            self.stream.flush()

    def interrupt(self) -> None:
        """End the bar's line so that a message prints on a line of its own."""
        if self.enabled:
            self.stream.write("\n")

    close = interrupt


def _parse_all(paths: list[Path], jobs: int) -> Iterator[ParsedReport]:
    if jobs <= 1 or len(paths) <= 1:
        yield from map(parse_file, paths)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(parse_file, paths, chunksize=max(1, min(16, len(paths) // (jobs * 4))))


def ingest(
    paths: Iterable[Path],
    db_path: Path,
    jobs: int | None = None,
    on_error: Callable[[str], None] = _print_error,
) -> IngestSummary:
    started = time.monotonic()
    summary = IngestSummary()
    con = connect(db_path)
    try:
        ensure_schema(con)
        up_to_date = up_to_date_reports(con)
        todo: list[Path] = []
        seen_ids: set[str] = set()
        seen_paths: list[tuple[str, str]] = []
        for path in discover(paths):
            summary.files_seen += 1
            report_id = report_id_of(path.read_bytes())
            seen_paths.append((report_id, str(path)))
            if report_id in seen_ids or report_id in up_to_date:
                summary.skipped_known += 1
                continue
            seen_ids.add(report_id)
            todo.append(path)
        progress = Progress(len(todo))
        batch: list[ParsedReport] = []
        for report in _parse_all(todo, jobs or default_jobs()):
            progress.update(report)
            summary.loaded[report.status] += 1
            summary.cells += len(report.cells)
            if report.status is ParseStatus.FAILED:
                line = f"xxgk: failed: {report.error_message} [{report.error_reason}]"
                summary.errors.append(line)
                progress.interrupt()
                on_error(line)
            batch.append(report)
            if len(batch) >= BATCH_SIZE:
                summary.errors += _store(con, batch, on_error)
                batch = []
        summary.errors += _store(con, batch, on_error)
        record_paths(con, seen_paths)
        progress.close()
    finally:
        con.close()
    summary.seconds = time.monotonic() - started
    return summary


def _store(
    con: duckdb.DuckDBPyConnection, batch: list[ParsedReport], on_error: Callable[[str], None]
) -> list[str]:
    errors = [f"xxgk: {line}" for line in load_reports(con, batch)]
    for line in errors:
        on_error(line)
    return errors


def ingest_shards(folder: Path, db_path: Path) -> IngestSummary:
    """`xxgk ingest --from-shards`: load the Parquet shards that `xxgk parse` wrote."""
    from ingest.shards import load_shards

    started = time.monotonic()
    con = connect(db_path)
    try:
        ensure_schema(con)
        load = load_shards(con, folder)
    finally:
        con.close()
    summary = IngestSummary(skipped_known=load.skipped_known, cells=load.cells)
    for status, n in load.loaded.items():
        summary.loaded[status] = summary.loaded.get(status, 0) + n
    summary.files_seen = summary.attempted + summary.skipped_known
    summary.seconds = time.monotonic() - started
    return summary
