"""Run the suites on a warehouse file: pandas batches from DuckDB queries, GX Data Docs, a summary.

GX's SQL datasource loses results on DuckDB files (GX 1.24), so every batch is a query run
here, read-only, into a pandas frame, and validated by an ephemeral GX context whose only Data
Docs site is `data_docs_dir` (rewritten on every run). Nothing is written to a gx/ folder.

Exit status: 1 when an expectation of severity `critical` fails (an `error` check of
fct_report_checks), 0 otherwise, with the `warning` failures (the sources' arithmetic) in the
summary. The marts' keys and codes are dbt tests: a broken one fails `dbt build` itself.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from expectations.offline_docs import make_offline
from expectations.suites import BATCHES, CHECKS_QUERY, Batch, Check, Reference

MAX_EXAMPLES = 5


class WarehouseNotBuiltError(Exception):
    """The warehouse has no marts to validate yet."""


@dataclass
class Failure:
    suite: str
    expectation: str  # GX expectation type and what it is about
    severity: str  # error | warn
    unexpected: int  # failing rows
    examples: list[str] = field(default_factory=list)


@dataclass
class ValidationSummary:
    data_docs: Path  # index.html
    expectations: int = 0
    failures: list[Failure] = field(default_factory=list)
    quality: dict[str, int] = field(default_factory=dict)  # dim_report.quality -> reports
    seconds: float = 0.0
    remote_assets: list[str] = field(default_factory=list)  # Data Docs assets not vendored

    @property
    def errors(self) -> list[Failure]:
        return [f for f in self.failures if f.severity == "error"]

    @property
    def warnings(self) -> list[Failure]:
        return [f for f in self.failures if f.severity == "warn"]

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0

    def describe(self) -> str:
        grades = ", ".join(f"{n} {q}" for q, n in sorted(self.quality.items()))
        lines = [
            f"validate: {self.expectations} expectations, {len(self.errors)} failed with severity "
            f"error, {len(self.warnings)} with severity warn ({self.seconds:.1f}s)",
            f"validate: reports {grades or 'none'}",
        ]
        for failure in self.errors + self.warnings:
            lines.append(
                f"  {failure.severity:5} {failure.suite}: {failure.expectation}: "
                f"{failure.unexpected} rows"
            )
            lines += [f"        {example}" for example in failure.examples]
        lines.append(f"validate: data docs {self.data_docs}")
        return "\n".join(lines)


def default_data_docs_dir(db_path: Path) -> Path:
    """Beside the warehouse: warehouse/data_docs/ for the default warehouse."""
    return db_path.resolve().parent / "data_docs"


def _read(db_path: Path) -> tuple[Reference, dict[str, pd.DataFrame], pd.DataFrame, dict]:
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.IOException as error:
        raise WarehouseNotBuiltError(f"{db_path}: cannot open the warehouse ({error})") from error
    try:
        try:
            checks = con.execute(CHECKS_QUERY).fetchall()
        except duckdb.CatalogException as error:
            raise WarehouseNotBuiltError(
                f"{db_path}: no marts to validate ({error}); run `xxgk build` first"
            ) from error
        reference = Reference(checks=tuple(Check(*row) for row in checks))
        frames = {batch.suite: con.execute(batch.query).df() for batch in BATCHES}
        reports = con.execute("select report_id, source_path from main.dim_report").df()
        quality = dict(
            con.execute("select quality, count(*) from main.dim_report group by 1").fetchall()
        )
    finally:
        con.close()
    return reference, frames, reports, quality


def _clear_data_docs(folder: Path) -> None:
    """Remove the previous run's Data Docs (only what GX writes: --data-docs may be any folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").unlink(missing_ok=True)
    for part in ("expectations", "validations", "static"):
        shutil.rmtree(folder / part, ignore_errors=True)


def _context(data_docs_dir: Path):  # -> great_expectations AbstractDataContext
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    for site, config in dict(context.variables.data_docs_sites or {}).items():
        # the ephemeral default site is an empty temporary folder: remove it with the site
        folder = config.get("store_backend", {}).get("base_directory")
        context.delete_data_docs_site(site)
        if folder and Path(folder).is_dir() and not any(Path(folder).iterdir()):
            Path(folder).rmdir()
    context.add_data_docs_site(
        site_name="xxgk",
        site_config={
            "class_name": "SiteBuilder",
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(data_docs_dir),
            },
        },
    )
    return context


def _examples(batch: Batch, frame: pd.DataFrame, indexes: list, paths: dict[str, str]) -> list[str]:
    examples = []
    for index in indexes[:MAX_EXAMPLES]:
        if not isinstance(index, int) or index not in frame.index:
            continue
        row = frame.loc[index]
        named = [
            c for c in batch.index_columns if c in row and c not in ("report_id", "check_code")
        ]
        parts = [f"{c}={row[c]}" for c in named]
        if {"expected", "observed"} <= set(row.index):
            parts += [f"expected={row['expected']:g}", f"observed={row['observed']:g}"]
        source = paths.get(str(row.get("report_id")), str(row.get("report_id")))
        examples.append(f"{source}: " + " ".join(parts))
    return examples


def _exception(info: dict | None) -> list[str]:
    """GX reports an expectation that could not run (e.g. a missing column) as failed."""
    infos = [info] if info and "raised_exception" in info else list((info or {}).values())
    return [
        f"could not run: {i.get('exception_message')}"
        for i in infos
        if isinstance(i, dict) and i.get("raised_exception")
    ]


def _describe_expectation(config) -> str:
    kwargs = config.kwargs
    about = kwargs.get("column") or kwargs.get("column_list") or ""
    check = (config.meta or {}).get("check_code")
    if check:
        about = check
    elif kwargs.get("column_A"):
        about = f"{kwargs['column_A']} = {kwargs['column_B']}"
    return f"{config.type}({about})"


def validate(db_path: Path, data_docs_dir: Path | None = None) -> ValidationSummary:
    """Validate every suite on `db_path`; write Data Docs to `data_docs_dir` (replaced)."""
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier

    started = dt.datetime.now(dt.UTC)
    data_docs_dir = (data_docs_dir or default_data_docs_dir(db_path)).resolve()
    reference, frames, reports, quality = _read(db_path)
    paths = dict(zip(reports["report_id"], reports["source_path"], strict=True))

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    _clear_data_docs(data_docs_dir)
    context = _context(data_docs_dir)
    datasource = context.data_sources.add_pandas("xxgk")
    run_id = RunIdentifier(run_name="xxgk-validate", run_time=started)
    summary = ValidationSummary(data_docs=data_docs_dir / "index.html", quality=quality)
    for batch in BATCHES:
        frame = frames[batch.suite]
        asset = datasource.add_dataframe_asset(batch.suite)
        definition = asset.add_batch_definition_whole_dataframe("warehouse")
        suite = context.suites.add(gx.ExpectationSuite(name=batch.suite))
        for expectation in batch.expectations(reference):
            suite.add_expectation(expectation)
        validation = context.validation_definitions.add(
            gx.ValidationDefinition(name=batch.suite, data=definition, suite=suite)
        )
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(
                name=batch.suite,
                validation_definitions=[validation],
                actions=[gx.checkpoint.UpdateDataDocsAction(name="docs", site_names=["xxgk"])],
                result_format={"result_format": "SUMMARY", "partial_unexpected_count": 20},
            )
        )
        result = checkpoint.run(batch_parameters={"dataframe": frame}, run_id=run_id)
        for run_result in result.run_results.values():
            for outcome in run_result.results:
                summary.expectations += 1
                if outcome.success:
                    continue
                config = outcome.expectation_config
                indexes = outcome.result.get("partial_unexpected_index_list") or []
                summary.failures.append(
                    Failure(
                        suite=batch.suite,
                        expectation=_describe_expectation(config),
                        severity=(config.meta or {}).get("xxgk_severity", "error"),
                        unexpected=int(outcome.result.get("unexpected_count") or 0),
                        examples=_examples(batch, frame, indexes, paths)
                        + _exception(outcome.exception_info),
                    )
                )
    # the pages load their scripts from CDNs: point them at vendored copies (offline, firewalls)
    summary.remote_assets = make_offline(data_docs_dir)
    summary.seconds = (dt.datetime.now(dt.UTC) - started).total_seconds()
    return summary
