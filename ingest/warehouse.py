"""Change the warehouse file without ever exposing a half-written one.

Every writing command works on a copy beside the published file and swaps it in with an atomic
rename when it succeeds. Readers (dashboards, notebooks) keep the file they opened until they
reconnect, so they are never blocked and never see a half-built mart; a crash or a failed build
leaves yesterday's warehouse exactly as it was. A lock file serialises writers: every xxgk
command and every `dbt build` (through ingest/dbt_publish.py) takes the same one.

dbt works in a file of its own, `<warehouse>.build` (DuckDB names the catalog after the part of
the file name before the first dot, so it is the same catalog as the warehouse's). A marker
beside it, `<warehouse>.build.source`, records which published file the build copy was taken
from; a copy whose marker matches the published file is reused instead of copied again.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import duckdb


class WarehouseBusyError(Exception):
    """Another xxgk command (or `dbt build`) is writing the same warehouse."""


class ForeignWriterError(Exception):
    """A process outside xxgk's lock has the published warehouse open for writing."""


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.lock")


def build_path(db_path: Path) -> Path:
    """The file dbt builds in (profiles.yml names the same file)."""
    return db_path.with_name(db_path.name + ".build")


def acquire_writer_lock(db_path: Path) -> IO[str]:
    """Take the writer lock, held until the returned handle is closed or the process ends."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    handle = lock_path(db_path).open("w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as error:
        handle.close()
        raise WarehouseBusyError(
            f"{db_path}: another xxgk command or dbt build is writing this warehouse; "
            "wait for it to finish"
        ) from error
    return handle


def adopt_writer_lock(db_path: Path, fd: int) -> bool:
    """Whether file descriptor `fd`, inherited from a parent xxgk command, is this warehouse's
    lock file and holds its lock: then this process writes under the parent's lock."""
    try:
        held, wanted = os.fstat(fd), os.stat(lock_path(db_path))
    except OSError:
        return False
    if (held.st_dev, held.st_ino) != (wanted.st_dev, wanted.st_ino):
        return False
    try:  # succeeds at once if this open file already holds the lock; fails if another does
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


@contextmanager
def writer_lock(db_path: Path) -> Iterator[int]:
    """Hold the writer lock for the block; yields the lock file's descriptor (to hand down)."""
    handle = acquire_writer_lock(db_path)
    try:
        yield handle.fileno()
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the file so the file alone is the whole database."""
    con = duckdb.connect(str(path))
    try:
        con.execute("checkpoint")
    finally:
        con.close()


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _remove(path: Path) -> None:
    for candidate in (path, _wal(path)):
        candidate.unlink(missing_ok=True)


def _identity(path: Path) -> dict[str, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return {"inode": stat.st_ino, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def copy_published(db_path: Path, dest: Path) -> None:
    """Copy the published warehouse (and its WAL) to `dest`, refusing while a process outside
    the lock has it open for writing: its later writes would go to a file about to be replaced.

    A read-only DuckDB connection is held during the copy: DuckDB lets readers share the file
    but not a writer, so no foreign writer can start while the bytes are read."""
    _remove(dest)
    try:
        guard = duckdb.connect(str(db_path), read_only=True)
    except duckdb.IOException as error:
        if "lock" not in str(error).lower():
            raise
        raise ForeignWriterError(
            f"{db_path}: another process has the warehouse open for writing (a notebook or tool "
            "connected read-write?); close it, or open the warehouse with read_only=True, and "
            "keep your own tables in your own DuckDB file that ATTACHes the warehouse"
        ) from error
    try:
        shutil.copyfile(db_path, dest)
        if _wal(db_path).exists():
            shutil.copyfile(_wal(db_path), _wal(dest))
    finally:
        guard.close()


def _marker(build: Path) -> Path:
    return build.with_name(build.name + ".source")


def prepare_build_copy(db_path: Path, build: Path, writing: bool) -> None:
    """Make `build` a copy of the published warehouse (reusing it if it already is one).

    Call under the writer lock. A writing run marks the copy as changed, so that a failed build
    is never reused as if it were the published warehouse."""
    marker = _marker(build)
    source = _identity(db_path)
    recorded = json.loads(marker.read_text()) if marker.exists() else None
    fresh = (
        recorded is not None
        and recorded.get("pristine") is True
        and recorded.get("source") == source
        and build.exists()
    )
    if not fresh:
        marker.unlink(missing_ok=True)
        if source is None:
            _remove(build)  # no warehouse yet: dbt starts an empty one
        else:
            copy_published(db_path, build)
    state = {"source": source, "pristine": not writing}
    marker.write_text(json.dumps(state))


def publish_build_copy(build: Path, db_path: Path, keep: bool) -> None:
    """Replace the published warehouse by the (checkpointed) build copy, atomically.

    Refuses when the published file changed since the copy was taken: only a process outside
    the lock can have done that, and its work would be lost silently. With `keep`, the build
    file stays (dbt still has it open) and is marked as a faithful copy of the new warehouse."""
    marker = _marker(build)
    recorded = json.loads(marker.read_text()) if marker.exists() else {}
    if recorded.get("source") != _identity(db_path):
        raise ForeignWriterError(
            f"{db_path}: the warehouse changed while it was being built, outside xxgk's writer "
            "lock (a read-write connection?); nothing was published. Close that connection and "
            "build again."
        )
    if _wal(build).exists() and _wal(build).stat().st_size > 0:
        raise RuntimeError(f"{build}: not checkpointed (a write-ahead log is left); not published")
    if keep:
        staging = db_path.with_name(f".{db_path.name}.publish")
        _remove(staging)
        try:
            shutil.copyfile(build, staging)
            _fsync(staging)
            os.replace(staging, db_path)
        finally:
            _remove(staging)
    else:
        _fsync(build)
        os.replace(build, db_path)
    _wal(db_path).unlink(missing_ok=True)
    _fsync_dir(db_path.parent)
    if keep:
        marker.write_text(json.dumps({"source": _identity(db_path), "pristine": True}))
    else:
        marker.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextmanager
def staged_copy(db_path: Path) -> Iterator[Path]:
    """Yield a working copy of `db_path` (or a new file); publish it only if the block succeeds."""
    with writer_lock(db_path):
        work = db_path.with_name(f".{db_path.name}.work")
        _remove(work)
        if db_path.exists():
            copy_published(db_path, work)
        try:
            yield work
            if work.exists():
                _checkpoint(work)
                os.replace(work, db_path)
                _wal(db_path).unlink(missing_ok=True)
        finally:
            _remove(work)
