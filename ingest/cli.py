"""The `xxgk` command line: ingest reports, build the marts, validate, run the demo."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ingest.acknowledge import UnknownReportError, acknowledge, withdraw
from ingest.build import BuildError, BuildResult, build_warehouse, builds_log
from ingest.cluster import DEFAULT_SHARD_SIZE, Engine, EngineUnavailableError, parse_to_shards
from ingest.paths import default_db, samples_dir
from ingest.pipeline import IngestSummary, default_jobs, discover, ingest, ingest_shards
from ingest.staging import WarehouseLockedError, connect
from ingest.warehouse import ForeignWriterError, WarehouseBusyError, staged_copy

DB_OPTION = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Warehouse file (default: $XXGK_DB, else warehouse/xxgk.duckdb).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="xxgk")
def main() -> None:
    """xxgk: a warehouse of 政府信息公开工作年度报告 (government information disclosure reports)."""


@main.command("ingest")
@click.argument("paths", nargs=-1, required=False, type=click.Path(path_type=Path))
@DB_OPTION
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for parsing (default: all cores).")  # fmt: skip
@click.option("--from-shards", "shards", type=click.Path(file_okay=False, path_type=Path),
              help="Load the Parquet shards `xxgk parse --out DIR` wrote.")  # fmt: skip
def ingest_command(
    paths: tuple[Path, ...], db_path: Path | None, jobs: int | None, shards: Path | None
) -> None:
    """Load report files (or folders, recursively) into the staging tables.

    A file already loaded (same bytes) is skipped; a bad file is recorded with its reason and the
    run continues. Exits non-zero only if files were found but none could be loaded. With
    --from-shards DIR, loads the shards of `xxgk parse` instead of parsing (idempotent: a
    report already loaded by the same parser version is skipped).
    """
    if not paths and shards is None:
        raise click.UsageError("give report files or folders, or --from-shards DIR")
    db = db_path or default_db()
    summary = _run_ingest(list(paths), db, jobs, shards)
    click.echo(_describe_ingest(summary, db))
    if summary.nothing_loaded:
        sys.exit(1)


@main.command("parse")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Shard folder (shared by all workers on a cluster).")  # fmt: skip
@click.option("--engine", type=click.Choice([e.value for e in Engine]), default="local",
              show_default=True, help="local: processes here; dask: Dask distributed.")  # fmt: skip
@click.option("--address", default=None,
              help="Dask scheduler (tcp://host:8786); default: a LocalCluster here.")  # fmt: skip
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Local worker processes (default: all cores).")  # fmt: skip
@click.option("--shard-size", type=click.IntRange(min=1), default=DEFAULT_SHARD_SIZE,
              show_default=True, help="Files per task, and per shard.")  # fmt: skip
def parse_command(
    paths: tuple[Path, ...],
    out_dir: Path,
    engine: str,
    address: str | None,
    jobs: int | None,
    shard_size: int,
) -> None:
    """Parse report files into Parquet shards of staging rows, without a warehouse.

    Each task parses --shard-size files and writes one shard (reports, cells, statements, with
    the parser version) into --out; files whose bytes the folder's shards already hold are
    skipped. Load the result with `xxgk ingest --from-shards DIR`.
    """
    try:
        files = list(discover(paths))
        summary = parse_to_shards(
            files, out_dir, engine=Engine(engine), address=address,
            jobs=jobs or default_jobs(), shard_size=shard_size,
        )  # fmt: skip
    except (FileNotFoundError, EngineUnavailableError) as error:
        raise click.ClickException(str(error)) from error
    for line in summary.errors:
        _echo_error(f"xxgk: failed: {line}")
    statuses = ", ".join(f"{n} {s}" for s, n in sorted(summary.statuses.items())) or "nothing new"
    click.echo(
        f"parse: {summary.files_seen} files, {summary.skipped_known} already in shards, "
        f"{statuses}, {summary.cells} cells, {len(summary.shards)} new shards "
        f"in {summary.seconds:.1f}s -> {out_dir}"
    )


@main.command("build")
@DB_OPTION
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary, not dbt's log.")
@click.option("--strict", is_flag=True,
              help="Exit 1 when any error check fails (unreadable, acknowledged too).")  # fmt: skip
@click.option("--full-refresh", is_flag=True,
              help="Rebuild every model, not only new and changed reports.")  # fmt: skip
@click.argument("dbt_args", nargs=-1, type=click.UNPROCESSED)
def build_command(
    db_path: Path | None, quiet: bool, strict: bool, full_refresh: bool, dbt_args: tuple[str, ...]
) -> None:
    """Run `dbt build` (seeds, models, tests) on the warehouse, validate it, publish it.

    Incremental: the facts, cells and checks rebuild only new or changed reports and their
    agencies' other reports; --full-refresh rebuilds every model (after a change to the
    template seeds or the models). Flags after `--` go to dbt: `xxgk build -- --select dim_report+`.
    dbt builds in a file of its own under the warehouse's writer lock; the GX suites then
    validate that file, and it replaces the warehouse by an atomic rename, so readers never see
    half-built marts; a failed build (a model, a key, a code: the dbt tests) publishes nothing.

    Exit status: 1 when the build failed (nothing published) or when a report that was read
    fails an `error` check nobody acknowledged (`xxgk ack`); unreadable files are listed and
    recorded in <warehouse>.builds.jsonl but do not fail the build, unless `--strict`.
    """
    db = db_path or default_db()
    result = _run_build(db, quiet, ("--full-refresh", *dbt_args) if full_refresh else dbt_args)
    click.echo(_describe_build(result))
    if result.validation is not None:
        click.echo(result.validation.describe())
    click.echo(_describe_problems(result, db))
    sys.exit(result.exit_code(strict))


@main.command("ack")
@click.argument("report_id")
@click.option("--reason", default=None, help="Why this report's failure is known and accepted.")
@click.option("--withdraw", "undo", is_flag=True, help="Remove the acknowledgement instead.")
@DB_OPTION
def ack_command(report_id: str, reason: str | None, undo: bool, db_path: Path | None) -> None:
    """Acknowledge a report that fails an `error` check (a scan, a saved error page).

    REPORT_ID is the id `xxgk build` prints (or at least 8 of its first characters). The
    acknowledgement is stored in the warehouse (raw.acknowledgements), so every later build
    honours it: the report is still listed, but no longer fails the build. Known failures can
    also be listed in seeds/acknowledged_failures.csv.
    """
    db = db_path or default_db()
    if not db.exists():
        raise click.ClickException(f"{db}: no warehouse yet; run `xxgk ingest PATH` first")
    if not undo and not (reason and reason.strip()):
        raise click.UsageError("give the reason: xxgk ack REPORT_ID --reason '...'")
    try:
        with staged_copy(db) as work:
            con = connect(work)
            try:
                if undo:
                    full_id, path = withdraw(con, report_id)
                else:
                    full_id, path = acknowledge(con, report_id, reason or "")
            finally:
                con.close()
    except (UnknownReportError, WarehouseBusyError, ForeignWriterError) as error:
        raise click.ClickException(str(error)) from error
    verb = "withdrew the acknowledgement of" if undo else "acknowledged"
    click.echo(f"ack: {verb} {full_id[:12]} {path}" + ("" if undo else f": {reason}"))


@main.command("validate")
@DB_OPTION
@click.option(
    "--data-docs",
    "data_docs",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Data Docs folder (default: data_docs/ beside the warehouse).",
)
def validate_command(db_path: Path | None, data_docs: Path | None) -> None:
    """Run the Great Expectations suites on the warehouse and write Data Docs (HTML).

    Suites: template_identities, cross_year, narrative_consistency and marts_contract (see
    expectations/). Exits 1 when a check of severity error fails (a missing section, an
    unreadable file), 0 with a summary when only warn checks fail (an agency's arithmetic), so
    a nightly job alerts on real breakage only.
    """
    from expectations.runner import WarehouseNotBuiltError, default_data_docs_dir, validate

    db = db_path or default_db()
    if not db.exists():
        raise click.ClickException(f"{db}: no warehouse yet; run `xxgk ingest PATH` first")
    try:
        summary = validate(db, data_docs or default_data_docs_dir(db))
    except WarehouseNotBuiltError as error:
        raise click.ClickException(str(error)) from error
    click.echo(summary.describe())
    sys.exit(summary.exit_code)


@main.command("export")
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["parquet", "csv"]),
    default="parquet",
    show_default=True,
    help="File format of the exported marts.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("export"),
    show_default=True,
    help="Folder to write the files and manifest.json into.",
)
@DB_OPTION
def export_command(file_format: str, out: Path, db_path: Path | None) -> None:
    """Write every mart (schema main) to OUT/<mart>.<format>, plus OUT/manifest.json.

    The manifest lists each file's row count and columns (name, type), when the warehouse was
    built and the parser versions. The warehouse is opened read-only: exporting never blocks
    or changes a build.
    """
    from ingest.export import ExportError, export_marts, write_manifest

    db = db_path or default_db()
    try:
        marts = list(export_marts(db, out, file_format))
    except ExportError as error:
        raise click.ClickException(str(error)) from error
    manifest = write_manifest(db, out, file_format, marts)
    for mart in marts:
        click.echo(f"export: {mart.name}: {mart.rows} rows -> {out / mart.file}")
    click.echo(f"export: {len(marts)} marts, manifest {manifest}")


@main.command("demo")
@DB_OPTION
def demo_command(db_path: Path | None) -> None:
    """Ingest the bundled sample reports, build the marts and print a summary."""
    db = db_path or default_db()
    summary = _run_ingest([samples_dir() / "reports"], db, None)
    click.echo(_describe_ingest(summary, db))
    result = _run_build(db, quiet=True)
    click.echo(_describe_build(result))
    if result.validation is not None:
        click.echo(result.validation.describe())
    click.echo(_describe_problems(result, db))
    click.echo(_describe_warehouse(db))


def _echo_error(line: str) -> None:
    click.echo(line, err=True)


def _run_ingest(
    paths: list[Path], db: Path, jobs: int | None, shards: Path | None = None
) -> IngestSummary:
    try:
        with staged_copy(db) as work:
            summary = IngestSummary()
            if shards is not None:
                summary = ingest_shards(shards, work)
            if paths:
                summary = _merge(
                    summary, ingest(paths, work, jobs=jobs or default_jobs(), on_error=_echo_error)
                )
            return summary
    except (FileNotFoundError, WarehouseBusyError, WarehouseLockedError) as error:
        raise click.ClickException(str(error)) from error


def _merge(first: IngestSummary, second: IngestSummary) -> IngestSummary:
    for status, n in second.loaded.items():
        first.loaded[status] = first.loaded.get(status, 0) + n
    first.files_seen += second.files_seen
    first.skipped_known += second.skipped_known
    first.cells += second.cells
    first.errors += second.errors
    first.seconds += second.seconds
    return first


def _run_build(db: Path, quiet: bool, dbt_args: tuple[str, ...] = ()) -> BuildResult:
    if not db.exists():
        raise click.ClickException(f"{db}: no warehouse yet; run `xxgk ingest PATH` first")
    try:
        return build_warehouse(db, quiet=quiet, dbt_args=dbt_args)
    except (BuildError, WarehouseBusyError, ForeignWriterError) as error:
        raise click.ClickException(str(error)) from error


def _describe_ingest(summary: IngestSummary, db: Path) -> str:
    loaded = summary.loaded
    return (
        f"ingest: {summary.files_seen} files, {summary.skipped_known} already loaded, "
        f"{loaded['ok']} ok, {loaded['partial']} partial, {loaded['failed']} failed, "
        f"{summary.cells} cells in {summary.seconds:.1f}s -> {db}"
    )


def _describe_build(result: BuildResult) -> str:
    counts = ", ".join(f"{n} {status}" for status, n in sorted(result.statuses.items()))
    lines = [f"build: {counts}", f"build: {len(result.warnings)} dbt tests warn"]
    lines += [f"  {w}" for w in result.warnings]
    return "\n".join(lines)


def _describe_problems(result: BuildResult, db: Path) -> str:
    lines = [
        f"build: published {db}; {len(result.unreadable)} unreadable files, "
        f"{len(result.new_errors)} reports with new error checks, "
        f"{len(result.acknowledged)} acknowledged (recorded in {builds_log(db).name})"
    ]
    for label, problems in (("unreadable", result.unreadable), ("NEW ERROR ", result.new_errors)):
        lines += [f"  {label} {p.report_id[:12]} {p.source_path} ({p.reason})" for p in problems]
    if result.new_errors or result.unreadable:
        lines.append("  known and accepted? xxgk ack REPORT_ID --reason '...'")
    for table in result.foreign_tables:
        lines.append(
            f"build: warning: carried over {table}, which the build does not produce; keep your "
            "own tables in your own DuckDB file that ATTACHes the warehouse read-only (README)"
        )
    return "\n".join(lines)


def _describe_warehouse(db: Path) -> str:
    con = connect(db, read_only=True)
    try:
        statuses = con.execute(
            "select parse_status, count(*) from main.dim_report group by 1 order by 1"
        ).fetchall()
        cells = con.execute(
            "select (select count(*) from main.fct_applications)"
            " + (select count(*) from main.fct_review_litigation)"
            " + (select count(*) from main.fct_proactive_disclosure)"
        ).fetchone()
        failed = con.execute(
            "select source_path, error_reason from main.dim_report where parse_status = 'failed'"
        ).fetchall()
    finally:
        con.close()
    lines = [
        "warehouse: reports " + ", ".join(f"{n} {s}" for s, n in statuses),
        f"warehouse: {cells[0] if cells else 0} template cells in the marts",
    ]
    lines += [f"warehouse: failed file {path} ({reason})" for path, reason in failed]
    return "\n".join(lines)
