"""`xxgk ingest` on folders: idempotence, bad files recorded and skipped, atomic writes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from benchmarks.corpus import random_spec
from benchmarks.corpus.text import render_markdown, render_tabs
from ingest.parse import PARSER_VERSION
from ingest.paths import samples_dir
from ingest.warehouse import staged_copy
from tests.conftest import run_cli


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    (folder / "nested").mkdir(parents=True)
    for sample in (samples_dir() / "reports").iterdir():
        shutil.copy(sample, folder / sample.name)
    (folder / "nested" / "synthetic_2019.txt").write_text(
        render_tabs(random_spec(7, version="2019", year=2019)), encoding="utf-8"
    )
    return folder


def test_rerun_adds_nothing(corpus: Path, tmp_path: Path, query: Callable) -> None:
    db = tmp_path / "w.duckdb"
    first = run_cli("ingest", str(corpus), "--db", str(db), "--jobs", "2")
    assert first.exit_code == 0, first.output
    assert "4 ok" in first.output
    counts = query(
        db, "select (select count(*) from raw.reports), (select count(*) from raw.cells)"
    )
    second = run_cli("ingest", str(corpus), "--db", str(db))
    assert second.exit_code == 0
    assert "4 already loaded" in second.output
    assert (
        query(db, "select (select count(*) from raw.reports), (select count(*) from raw.cells)")
        == counts
    )
    # The same bytes under another name are the same document.
    copy = tmp_path / "copy.txt"
    shutil.copy(next(corpus.glob("*.txt")), copy)
    third = run_cli("ingest", str(copy), "--db", str(db))
    assert "1 already loaded" in third.output


def test_bad_files_are_recorded_and_the_others_load(
    corpus: Path, tmp_path: Path, query: Callable
) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02garbage" * 50)
    (corpus / "minutes.md").write_text("# 会议纪要\n\n今天开会讨论了工作安排。\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", str(corpus), "--db", str(db))
    assert result.exit_code == 0, result.output
    error_lines = [line for line in result.output.splitlines() if line.startswith("xxgk: failed")]
    assert len(error_lines) == 3
    for name, reason in (
        ("empty.txt", "empty"),
        ("binary.txt", "not_text"),
        ("minutes.md", "no_template_tables"),
    ):
        matching = [line for line in error_lines if name in line]
        assert len(matching) == 1 and f"[{reason}]" in matching[0], error_lines
    statuses = dict(
        query(db, "select regexp_extract(source_path, '[^/]+$'), status from raw.reports")
    )
    assert statuses["empty.txt"] == statuses["binary.txt"] == statuses["minutes.md"] == "failed"
    assert [s for s in statuses.values() if s == "ok"] == ["ok"] * 4
    failed_cells = query(
        db,
        "select count(*) from raw.cells where report_id in "
        "(select report_id from raw.reports where status = 'failed')",
    )
    assert failed_cells == [(0,)]


def test_exit_status_when_nothing_loads(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = run_cli("ingest", str(bad), "--db", str(tmp_path / "w.duckdb"))
    assert result.exit_code == 1
    missing = run_cli("ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "w.duckdb"))
    assert missing.exit_code != 0
    assert "nope" in missing.output


def test_a_failed_write_leaves_the_warehouse_untouched(tmp_path: Path, query: Callable) -> None:
    db = tmp_path / "w.duckdb"
    report = tmp_path / "a.md"
    report.write_text(render_markdown(random_spec(1)), encoding="utf-8")
    assert run_cli("ingest", str(report), "--db", str(db)).exit_code == 0
    before = query(db, "select count(*) from raw.cells")
    with pytest.raises(RuntimeError), staged_copy(db) as work:
        con = duckdb.connect(str(work))
        con.execute("delete from raw.cells")
        con.close()
        raise RuntimeError("the build broke half-way")
    assert query(db, "select count(*) from raw.cells") == before
    assert not list(tmp_path.glob(".w.duckdb.work*"))


def test_provenance_lines_point_at_the_printed_cells(
    corpus: Path, tmp_path: Path, query: Callable
) -> None:
    db = tmp_path / "w.duckdb"
    run_cli("ingest", str(corpus / "quanzhou_digital_office_2021.txt"), "--db", str(db))
    rows = query(
        db,
        "select source_line, printed_text from raw.cells where row_code = 'new_received' "
        "and column_code = 'natural_person'",
    )
    lines = (corpus / "quanzhou_digital_office_2021.txt").read_text(encoding="utf-8").split("\n")
    [(line, printed)] = rows
    assert printed == "2" and lines[line - 1].startswith("一、本年新收")


def test_documents_read_by_an_older_parser_are_read_again(tmp_path: Path, query: Callable) -> None:
    db = tmp_path / "w.duckdb"
    report = tmp_path / "a.txt"
    report.write_text(render_tabs(random_spec(2)), encoding="utf-8")
    assert run_cli("ingest", str(report), "--db", str(db)).exit_code == 0
    con = duckdb.connect(str(db))
    con.execute("update raw.reports set parser_version = '0.0.1'")
    con.close()
    again = run_cli("ingest", str(report), "--db", str(db))
    assert "0 already loaded, 1 ok" in again.output, again.output
    assert query(db, "select count(*), min(parser_version) from raw.reports") == [
        (1, PARSER_VERSION)
    ]
    assert query(db, "select count(*) from raw.cells") == [(200,)]
