"""`xxgk parse`: spread parsing over worker processes or a Dask cluster, each chunk one shard.

Parsing is the cost that grows with the corpus; loading and building stay on one machine. Each
task parses a chunk of files and writes one Parquet shard into the output folder, which every
worker must see (a shared filesystem on a cluster). `xxgk ingest --from-shards` loads them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from ingest.shards import ShardResult, chunks, files_to_parse, parse_to_shard, sharded_reports

DEFAULT_SHARD_SIZE = 500


class Engine(StrEnum):
    LOCAL = "local"  # a pool of processes on this machine
    DASK = "dask"  # Dask distributed: a scheduler at --address, else a LocalCluster


class EngineUnavailableError(Exception):
    """The chosen engine cannot start (not installed, scheduler unreachable)."""


@dataclass
class ParseSummary:
    files_seen: int = 0
    skipped_known: int = 0
    shards: list[str] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    cells: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, result: ShardResult) -> None:
        if result.shard:
            self.shards.append(result.shard)
        for status, n in result.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + n
        self.cells += result.cells
        self.errors += result.errors


def _local(tasks: list[list[str]], out: str, jobs: int) -> Iterator[ShardResult]:
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield parse_to_shard(task, out)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(parse_to_shard, tasks, [out] * len(tasks))


def _dask(
    tasks: list[list[str]], out: str, jobs: int, address: str | None
) -> Iterator[ShardResult]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as error:  # pragma: no cover - distributed is a declared dependency
        raise EngineUnavailableError(
            "the dask engine needs the `distributed` package: uv sync (or pip install distributed)"
        ) from error
    cluster = None
    try:
        if address:
            client = Client(address, timeout="30s")
        else:
            cluster = LocalCluster(
                n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None
            )
            client = Client(cluster)
    except OSError as error:
        raise EngineUnavailableError(
            f"cannot reach the Dask scheduler at {address}: {error}"
        ) from error
    try:
        futures = client.map(parse_to_shard, tasks, out_dir=out, pure=False)
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def parse_to_shards(
    paths: Iterable[Path],
    out_dir: Path,
    *,
    engine: Engine = Engine.LOCAL,
    address: str | None = None,
    jobs: int = 1,
    shard_size: int = DEFAULT_SHARD_SIZE,
    on_result: Callable[[ShardResult], None] = lambda _: None,
) -> ParseSummary:
    """Parse the files not yet in `out_dir`'s shards; write one shard per chunk of files."""
    started = time.monotonic()
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = ParseSummary()
    files = list(paths)
    summary.files_seen = len(files)
    todo, summary.skipped_known = files_to_parse(files, sharded_reports(out_dir))
    tasks = list(chunks(todo, shard_size))
    out = str(out_dir.resolve())
    results = (
        _dask(tasks, out, jobs, address) if engine is Engine.DASK else _local(tasks, out, jobs)
    )
    for result in results:
        summary.add(result)
        on_result(result)
    summary.seconds = time.monotonic() - started
    return summary
