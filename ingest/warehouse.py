"""Change the warehouse file without ever exposing a half-written one.

Every writing command works on a copy beside the published file and swaps it in with an atomic
rename when it succeeds. Readers (dashboards, notebooks) keep the file they opened until they
reconnect, so they are never blocked and never see a half-built mart; a crash or a failed build
leaves yesterday's warehouse exactly as it was. A lock file serialises writers.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb


class WarehouseBusyError(Exception):
    """Another xxgk command is writing the same warehouse."""


@contextmanager
def writer_lock(db_path: Path) -> Iterator[None]:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = db_path.with_name(f".{db_path.name}.lock")
    with lock_path.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise WarehouseBusyError(
                f"{db_path}: another xxgk command is writing this warehouse; wait for it to finish"
            ) from error
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the file so the file alone is the whole database."""
    con = duckdb.connect(str(path))
    try:
        con.execute("checkpoint")
    finally:
        con.close()


def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)


@contextmanager
def staged_copy(db_path: Path) -> Iterator[Path]:
    """Yield a working copy of `db_path` (or a new file); publish it only if the block succeeds."""
    with writer_lock(db_path):
        work = db_path.with_name(f".{db_path.name}.work")
        _remove(work)
        if db_path.exists():
            shutil.copyfile(db_path, work)
            wal = db_path.with_name(db_path.name + ".wal")
            if wal.exists():
                shutil.copyfile(wal, work.with_name(work.name + ".wal"))
        try:
            yield work
            if work.exists():
                _checkpoint(work)
                os.replace(work, db_path)
                db_path.with_name(db_path.name + ".wal").unlink(missing_ok=True)
        finally:
            _remove(work)
