"""`xxgk export`: every mart of schema `main` to Parquet or CSV files, with a manifest.

Files are written with DuckDB's COPY from a read-only connection, so an export never blocks
or changes the warehouse. The manifest (manifest.json) says what each file holds: row count,
columns and types, the build time (when the warehouse file was published) and the parser
versions that read the reports.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from ingest.parse import PARSER_VERSION
from ingest.staging import connect

FORMATS = ("parquet", "csv")
MART_PREFIXES = ("fct_", "dim_", "agg_")


class ExportError(Exception):
    """The warehouse cannot be exported (missing, or not built yet)."""


@dataclass(frozen=True)
class ExportedMart:
    name: str
    file: str
    rows: int
    columns: list[dict[str, str]]


def mart_names(db: Path) -> list[str]:
    con = connect(db, read_only=True)
    try:
        rows = con.execute(
            "select table_name from information_schema.tables where table_schema = 'main' "
            "and table_type = 'BASE TABLE' order by 1"
        ).fetchall()
    finally:
        con.close()
    return [name for (name,) in rows if name.startswith(MART_PREFIXES)]


def _copy_options(file_format: str) -> str:
    return (
        "(format parquet, compression zstd)"
        if file_format == "parquet"
        else "(header, delimiter ',')"
    )


def export_marts(db: Path, out: Path, file_format: str = "parquet") -> Iterator[ExportedMart]:
    """Write each mart to `out/<mart>.<format>`, yielding what was written."""
    if file_format not in FORMATS:
        raise ExportError(f"format {file_format!r}: choose one of {', '.join(FORMATS)}")
    if not db.exists():
        raise ExportError(f"{db}: no warehouse yet; run `xxgk ingest PATH` and `xxgk build`")
    names = mart_names(db)
    if not names:
        raise ExportError(f"{db}: no marts in schema main; run `xxgk build` first")
    out.mkdir(parents=True, exist_ok=True)
    con = connect(db, read_only=True)
    try:
        for name in names:
            target = out / f"{name}.{file_format}"
            path_literal = str(target).replace("'", "''")
            con.execute(f"copy main.{name} to '{path_literal}' {_copy_options(file_format)}")
            (rows,) = con.execute(f"select count(*) from main.{name}").fetchone() or (0,)
            columns = [
                {"name": column, "type": kind}
                for column, kind in con.execute(
                    "select column_name, data_type from information_schema.columns "
                    "where table_schema = 'main' and table_name = ? order by ordinal_position",
                    [name],
                ).fetchall()
            ]
            yield ExportedMart(name, target.name, int(rows), columns)
    finally:
        con.close()


def report_parser_versions(db: Path) -> list[str]:
    con = connect(db, read_only=True)
    try:
        rows = con.execute(
            "select distinct parser_version from main.dim_report order by 1"
        ).fetchall()
    finally:
        con.close()
    return [version for (version,) in rows]


def write_manifest(db: Path, out: Path, file_format: str, marts: list[ExportedMart]) -> Path:
    built = dt.datetime.fromtimestamp(db.stat().st_mtime, dt.UTC)
    manifest = {
        "warehouse": str(db.resolve()),
        "built_at": built.isoformat(timespec="seconds"),
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "format": file_format,
        "parser_version": PARSER_VERSION,
        "report_parser_versions": report_parser_versions(db),
        "marts": [asdict(mart) for mart in marts],
    }
    path = out / "manifest.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
