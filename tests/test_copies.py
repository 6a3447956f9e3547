"""Each report counted once: copies of the same agency and year through the real CLI.

The primary copy is the first ingested among identical ones, else the better quality grade, then
the later publication date, then the later ingest; the facts carry primary copies only, dim_report
keeps every copy, and duplicate_reports names the copies that disagree and where.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.corpus.spec import ReportSpec, random_spec
from benchmarks.corpus.text import render_cell_per_line, render_markdown
from tests.conftest import run_cli


def _dated(text: str, date: str) -> str:
    return f"{text}\n{date}\n"


def _ingest(folder: Path, db: Path) -> None:
    result = run_cli("ingest", str(folder), "--db", str(db), "--jobs", "1")
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("copies")
    first, second = root / "first", root / "second"
    first.mkdir()
    (second / "mirror").mkdir(parents=True)
    db = root / "xxgk.duckdb"

    same = random_spec(21, agency="复本甲县人民政府办公室")  # one report, two formats
    (first / "same_word.txt").write_text(render_cell_per_line(same), encoding="utf-8")
    (second / "same.md").write_text(render_markdown(same), encoding="utf-8")
    shutil.copyfile(second / "same.md", second / "mirror" / "same (1).md")  # identical bytes

    # two versions, both clean: the later publication wins over the later ingest
    republished = random_spec(22, agency="复本乙县人民政府办公室")
    revised = random_spec(23, agency="复本乙县人民政府办公室")
    (first / "revised.md").write_text(
        _dated(render_markdown(revised), "2023年2月20日"), encoding="utf-8"
    )
    (second / "republished.md").write_text(
        _dated(render_markdown(republished), "2023年1月10日"), encoding="utf-8"
    )

    # a clean version and a later one that breaks its own arithmetic: the clean one wins
    clean = random_spec(24, agency="复本丙县人民政府办公室")
    broken: ReportSpec = random_spec(24, agency="复本丙县人民政府办公室")
    granted = broken.applications[("granted", "natural_person")]
    assert granted is not None
    broken.applications[("granted", "natural_person")] = str(int(granted) + 2)
    (first / "clean.md").write_text(
        _dated(render_markdown(clean), "2023年1月5日"), encoding="utf-8"
    )
    (second / "broken.md").write_text(
        _dated(render_markdown(broken), "2023年3月1日"), encoding="utf-8"
    )

    _ingest(first, db)
    _ingest(second, db)
    build = run_cli("build", "--db", str(db), "--quiet")
    return {"db": db, "build": build, "root": root, "specs": (same, republished, revised, clean)}


def _by_path(query: Callable, db: Path) -> dict[str, tuple]:
    rows = query(
        db,
        "select source_path, report_id, is_primary_copy, duplicate_of, copies, cells_differing, "
        "copy_differences, source_path_count, source_paths from main.dim_report",
    )
    return {Path(path).name: row[1:] for row in rows for path in row[-1].split(" | ")}


def test_build_publishes_and_warns_only(copies: dict) -> None:
    assert copies["build"].exit_code == 0, copies["build"].output


def test_primary_copy_follows_the_rule(copies: dict, query: Callable) -> None:
    reports = _by_path(query, copies["db"])
    assert len({row[0] for row in reports.values()}) == 6  # identical bytes: one document
    primary = {name for name, row in reports.items() if row[1]}
    assert primary == {"same_word.txt", "revised.md", "clean.md"}
    assert reports["same.md"][2] == reports["same_word.txt"][0]  # identical cells: first ingested
    assert reports["republished.md"][2] == reports["revised.md"][0]  # later publication
    assert reports["broken.md"][2] == reports["clean.md"][0]  # better quality grade
    assert {row[3] for row in reports.values()} == {2}


def test_identical_bytes_keep_every_path(copies: dict, query: Callable) -> None:
    row = _by_path(query, copies["db"])["same.md"]
    assert row == _by_path(query, copies["db"])["same (1).md"]
    assert row[6] == 2
    assert sorted(row[7].split(" | ")) == [
        str(copies["root"] / "second" / "mirror" / "same (1).md"),
        str(copies["root"] / "second" / "same.md"),
    ]


def test_facts_count_each_report_once(copies: dict, query: Callable) -> None:
    db = copies["db"]
    same, _, revised, clean = copies["specs"]
    primaries = {
        report_id
        for (report_id,) in query(db, "select report_id from main.dim_report where is_primary_copy")
    }
    for table in ("fct_applications", "fct_review_litigation", "fct_proactive_disclosure"):
        found = {r for (r,) in query(db, f"select distinct report_id from main.{table}")}
        assert found == primaries, table
    received = dict(
        query(
            db,
            "select r.agency_name, sum(f.applications)::bigint from main.fct_applications f "
            "join main.dim_report r using (report_id) "
            "where f.outcome_code = 'new_received' and f.applicant_type = 'total' group by 1",
        )
    )
    expected = {
        spec.agency: int(spec.applications[("new_received", "total")])
        for spec in (same, revised, clean)
    }
    assert received == expected


def test_duplicate_reports_names_the_copies_and_cells(copies: dict, query: Callable) -> None:
    db = copies["db"]
    reports = _by_path(query, db)
    failing = query(
        db,
        "select r.source_path, c.subject, c.expected - c.observed from main.fct_report_checks c "
        "join main.dim_report r using (report_id) "
        "where c.check_code = 'duplicate_reports' and not c.passed order by 1, 2",
    )
    names = {(Path(path).name, subject) for path, subject, _ in failing}
    assert ("broken.md", "applications") in names
    assert ("republished.md", "applications") in names
    assert not any(name == "same.md" for name, _ in names)
    assert query(
        db,
        "select count(*) from main.fct_report_checks where check_code = 'duplicate_reports' "
        f"and report_id = '{reports['same.md'][0]}' and passed",
    ) == [(3,)]
    broken = reports["broken.md"]
    assert broken[4] == 1
    assert broken[5].startswith("applications.granted.natural_person: ")
    assert query(
        db, "select severity, suite from main.dim_check where check_code = 'duplicate_reports'"
    ) == [("warn", "marts_contract")]
