"""Incremental builds (the default) give the marts a full rebuild gives, and rebuild less."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from benchmarks.population import population
from tests.conftest import mart_snapshot, run_cli


@pytest.fixture(scope="module")
def batches(tmp_path_factory: pytest.TempPathFactory, codebook) -> tuple[Path, Path]:
    """Two nights: every agency's reports up to 2022, then 2023–2024 of a third of them."""
    root = tmp_path_factory.mktemp("nights")
    first, second = root / "first", root / "second"
    formats = ("text_tabs", "markdown", "html_utf8")
    for name, data in population(36, seed=3, formats=formats, codebook=codebook):
        agency, year = (int(part) for part in Path(name).name.split("_")[:2])
        if year > 2022 and agency % 3:
            continue
        path = (first if year <= 2022 else second) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return first, second


def _ok(*args: str) -> None:
    result = run_cli(*args)
    assert result.exit_code == 0, result.output


def _refreshed_in_last_build(db: Path) -> tuple[int, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(
            "select count(*) filter (where refreshed_at = (select max(refreshed_at)"
            " from intermediate.int_reports__refreshed)), count(*)"
            " from intermediate.int_reports__refreshed"
        ).fetchone()
    finally:
        con.close()
    assert row is not None
    return int(row[0]), int(row[1])


def test_an_incremental_build_gives_the_marts_of_a_full_build(
    batches: tuple[Path, Path], tmp_path: Path
) -> None:
    first, second = batches
    nightly = tmp_path / "nightly" / "xxgk.duckdb"
    _ok("ingest", str(first), "--db", str(nightly), "--jobs", "1")
    _ok("build", "--db", str(nightly), "--quiet")
    _ok("ingest", str(second), "--db", str(nightly), "--jobs", "1")
    _ok("build", "--db", str(nightly), "--quiet")  # incremental: the second night only
    refreshed, total = _refreshed_in_last_build(nightly)
    new = sum(1 for p in second.rglob("*") if p.is_file())
    assert new <= refreshed < total  # the new reports and their agencies', not the others

    full = tmp_path / "full" / "xxgk.duckdb"
    full.parent.mkdir()
    shutil.copyfile(nightly, full)
    _ok("build", "--db", str(full), "--quiet", "--full-refresh")
    assert _refreshed_in_last_build(full) == (total, total)
    assert mart_snapshot(nightly) == mart_snapshot(full)
