"""Data quality as data, end to end: broken synthetic reports through the real CLI (ingest, dbt
build, Great Expectations), flagged in fct_report_checks with the right check, subject, expected
and observed values; the build publishes; `xxgk validate` exits by severity.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.corpus.spec import ReportSpec, random_spec
from benchmarks.corpus.text import render_cell_per_line, render_markdown
from tests.conftest import run_cli

APPLICANTS = [
    "natural_person", "commercial_enterprise", "research_institution", "social_organization",
    "legal_service_institution", "other_organization",
]  # fmt: skip
REVIEW_HEADING = "四、政府信息公开行政复议、行政诉讼情况"
NEXT_HEADING = "五、存在的主要问题及改进情况"


def _int(cells: dict, key: tuple[str, str]) -> int:
    return int(cells[key])


def _bump(cells: dict, key: tuple[str, str], by: int) -> None:
    cells[key] = str(_int(cells, key) + by)


def _retotal(spec: ReportSpec, rows: tuple[str, ...]) -> None:
    for row in rows:
        total = sum(_int(spec.applications, (row, a)) for a in APPLICANTS)
        spec.applications[(row, "total")] = str(total)


def continue_from(previous: ReportSpec, spec: ReportSpec) -> ReportSpec:
    """`spec` with carried_over = previous year's carried_forward, still balanced (identity 1)."""
    cells = spec.applications
    for a in APPLICANTS:
        carried_over = _int(previous.applications, ("carried_forward", a))
        new = _int(cells, ("processed_total", a)) + _int(cells, ("carried_forward", a))
        new -= carried_over
        if new < 0:
            _bump(cells, ("carried_forward", a), -new)
            new = 0
        cells[("carried_over", a)], cells[("new_received", a)] = str(carried_over), str(new)
    _retotal(spec, ("new_received", "carried_over", "carried_forward"))
    return replace(spec, prose_received=_int(cells, ("new_received", "total")))


def _specs() -> dict[str, ReportSpec]:
    specs = {"clean": random_spec(1, agency="质量甲县人民政府办公室")}

    review = random_spec(2, agency="质量乙县人民政府办公室")
    _bump(review.review, ("administrative_review", "total"), 3)  # 四: total ≠ parts
    specs["review"] = review

    processed = random_spec(3, agency="质量丙县人民政府办公室")
    _bump(processed.applications, ("granted", "natural_person"), 2)  # 三: (一) … ≠ (七)
    _retotal(processed, ("granted",))
    specs["processed"] = processed

    balance = random_spec(4, agency="质量丁县人民政府办公室")
    _bump(balance.applications, ("new_received", "commercial_enterprise"), 1)  # 一+二 ≠ 七+四
    _retotal(balance, ("new_received",))
    specs["balance"] = replace(
        balance, prose_received=_int(balance.applications, ("new_received", "total"))
    )

    narrative = random_spec(5, agency="质量戊县人民政府办公室")
    specs["narrative"] = replace(narrative, prose_received=(narrative.prose_received or 0) + 7)

    earlier = random_spec(6, agency="质量己县人民政府办公室", year=2021)
    later = continue_from(earlier, random_spec(7, agency="质量己县人民政府办公室", year=2022))
    _bump(later.applications, ("carried_over", "natural_person"), 1)  # ≠ 2021's carried_forward
    _bump(later.applications, ("carried_forward", "natural_person"), 1)  # 2022 stays balanced
    _retotal(later, ("carried_over", "carried_forward"))
    specs["earlier"], specs["later"] = earlier, later

    # one report published in two formats: explained; two different reports: not
    specs["copy"] = random_spec(9, agency="质量辛县人民政府办公室")
    specs["twin"] = random_spec(10, agency="质量壬县人民政府办公室")
    specs["twin2"] = random_spec(11, agency="质量壬县人民政府办公室")
    # a row whose label was lost: placed by its neighbours, and flagged (see _write)
    specs["garbled"] = random_spec(12, agency="质量癸县人民政府办公室")
    return specs


def _write(folder: Path, specs: dict[str, ReportSpec]) -> dict[str, ReportSpec]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, spec in specs.items():
        if name == "copy":  # the same report as Markdown and as a copy from Word
            (folder / f"{name}.txt").write_text(render_cell_per_line(spec), encoding="utf-8")
        if name in ("review", "balance", "later"):  # one cell per line, as copied from Word
            (folder / f"{name}.txt").write_text(render_cell_per_line(spec), encoding="utf-8")
        elif name == "garbled":  # the label of one section 三 row lost, its values kept
            text = render_markdown(spec).replace("| 3.要求提供公开出版物 |", "| 3. |")
            (folder / f"{name}.md").write_text(text, encoding="utf-8")
        else:
            (folder / f"{name}.md").write_text(render_markdown(spec), encoding="utf-8")
    return specs


def _without_section_four(spec: ReportSpec) -> str:
    text = render_cell_per_line(spec)
    return text[: text.index(REVIEW_HEADING)] + text[text.index(NEXT_HEADING) :]


@pytest.fixture(scope="module")
def warn_db(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Reports that break the template's arithmetic only: the build succeeds (exit 0)."""
    root = tmp_path_factory.mktemp("quality")
    specs = _write(root / "reports", _specs())
    db = root / "xxgk.duckdb"
    ingest = run_cli("ingest", str(root / "reports"), "--db", str(db), "--jobs", "1")
    assert ingest.exit_code == 0, ingest.output
    build = run_cli("build", "--db", str(db), "--quiet")
    return {"db": db, "specs": specs, "build": build, "root": root}


def _failures(query: Callable, db: Path) -> dict[str, set[tuple]]:
    rows = query(
        db,
        """
        select regexp_extract(r.source_path, '([^/]+)\\.\\w+$', 1), c.check_code, c.subject,
            c.expected, c.observed, c.severity
        from main.fct_report_checks c join main.dim_report r using (report_id)
        where not c.passed
        """,
    )
    failures: dict[str, set[tuple]] = {}
    for name, *rest in rows:
        failures.setdefault(name, set()).add(tuple(rest))
    return failures


def test_build_succeeds_and_publishes_with_only_warn_checks(warn_db: dict) -> None:
    build = warn_db["build"]
    assert build.exit_code == 0, build.output
    assert "0 failed with severity error" in build.output
    assert (warn_db["db"].parent / "data_docs" / "index.html").exists()
    # Each identity has one judge, the GX suites (the build's last step): visible, not fatal.
    for check in ("received_balances", "processed_total_is_sum", "review_total_is_sum"):
        assert (
            f"warn  template_identities: expect_column_pair_values_to_be_equal({check})"
            in build.output
        ), check
    assert "build: 0 dbt tests warn" in build.output  # no dbt test repeats an identity


def _disagreements(copy: ReportSpec, primary: ReportSpec) -> set[tuple]:
    """duplicate_reports on a copy of another report (same agency and year): cells agreeing."""
    sections = {
        "applications": "applications",
        "review_litigation": "review",
        "proactive": "proactive",
    }
    found = set()
    for section, attribute in sections.items():
        cells, primary_cells = getattr(copy, attribute), getattr(primary, attribute)
        agree = sum(cells[key] == primary_cells.get(key) for key in cells)
        found.add(("duplicate_reports", section, float(len(cells)), float(agree), "warn"))
    return found


def test_each_broken_report_is_flagged_with_the_right_check(warn_db: dict, query) -> None:
    s = {n: spec.applications for n, spec in warn_db["specs"].items()}
    review = warn_db["specs"]["review"].review
    review_parts = sum(
        _int(review, ("administrative_review", r))
        for r in ("upheld", "corrected", "other", "pending")
    )

    def balance(name: str, column: str) -> tuple[float, float]:
        cells = s[name]
        return (
            float(_int(cells, ("new_received", column)) + _int(cells, ("carried_over", column))),
            float(
                _int(cells, ("processed_total", column)) + _int(cells, ("carried_forward", column))
            ),
        )

    def processed_total(column: str) -> float:
        return float(_int(s["processed"], ("processed_total", column)))

    narrative = warn_db["specs"]["narrative"]
    assert _failures(query, warn_db["db"]) == {
        "review": {
            ("review_total_is_sum", "administrative_review", float(review_parts),
             float(review_parts + 3), "warn"),
        },
        "processed": {
            ("processed_total_is_sum", "natural_person", processed_total("natural_person") + 2,
             processed_total("natural_person"), "warn"),
            ("processed_total_is_sum", "total", processed_total("total") + 2,
             processed_total("total"), "warn"),
        },
        "balance": {
            ("received_balances", "commercial_enterprise",
             *balance("balance", "commercial_enterprise"), "warn"),
            ("received_balances", "total", *balance("balance", "total"), "warn"),
        },
        "narrative": {
            ("narrative_matches_tables", "applications_received",
             float(_int(narrative.applications, ("new_received", "total"))),
             float(narrative.prose_received), "warn"),
        },
        "earlier": {
            ("carried_forward_continues", "natural_person",
             float(_int(s["later"], ("carried_over", "natural_person"))),
             float(_int(s["earlier"], ("carried_forward", "natural_person"))), "warn"),
            ("carried_forward_continues", "total",
             float(_int(s["later"], ("carried_over", "total"))),
             float(_int(s["earlier"], ("carried_forward", "total"))), "warn"),
        },
        "twin": {("one_report_per_agency_year", "agency_year", 1.0, 2.0, "warn"),
                 *_disagreements(warn_db["specs"]["twin"], warn_db["specs"]["twin2"])},
        "twin2": {("one_report_per_agency_year", "agency_year", 1.0, 2.0, "warn")},
        "garbled": {("rows_placed_by_position", "applications", 0.0, 1.0, "warn")},
    }  # fmt: skip
    expected, observed = balance("balance", "commercial_enterprise")
    assert expected == observed + 1


def test_grades_and_counts_in_dim_report(warn_db: dict, query) -> None:
    rows = query(
        warn_db["db"],
        "select regexp_extract(source_path, '([^/]+)\\.\\w+$', 1), checks_failed, quality "
        "from main.dim_report order by 1",
    )
    assert rows == [
        ("balance", 2, "source_inconsistent"),
        ("clean", 0, "clean"),
        ("copy", 0, "clean"),
        ("copy", 0, "clean"),
        ("earlier", 2, "source_inconsistent"),
        ("garbled", 1, "source_inconsistent"),
        ("later", 0, "clean"),
        ("narrative", 1, "source_inconsistent"),
        ("processed", 2, "source_inconsistent"),
        ("review", 1, "source_inconsistent"),
        ("twin", 4, "source_inconsistent"),  # also a copy of twin2 that disagrees
        ("twin2", 1, "source_inconsistent"),
    ]


def test_every_check_is_recorded_for_every_report(warn_db: dict, query) -> None:
    """Passing results are data too: each report carries every check that applies to it."""
    rows = query(
        warn_db["db"],
        "select check_code, count(distinct report_id), count(*) from main.fct_report_checks "
        "group by 1 order by 1",
    )
    reports = len(warn_db["specs"]) + 1  # the copy is there twice
    assert rows == [
        ("carried_forward_continues", 1, 7),
        ("cells_complete", reports, 3 * reports),
        ("cells_readable", reports, 3 * reports),
        ("counts_non_negative", reports, 3 * reports),
        ("duplicate_reports", 2, 6),  # copy.txt (agrees) and twin (a later twin2 wins), 3 sections
        ("narrative_matches_tables", reports, reports),
        ("one_report_per_agency_year", reports, reports),
        ("processed_total_is_sum", reports, 7 * reports),
        ("received_balances", reports, 7 * reports),
        ("report_parsed", reports, reports),
        ("review_total_is_sum", reports, 3 * reports),
        ("row_total_is_sum", reports, 25 * reports),
        ("rows_placed_by_position", reports, 2 * reports),  # sections 二 and 三
        ("rows_unplaced", reports, reports),
        ("section_present", reports, 3 * reports),
    ]


def test_validate_exits_zero_with_a_summary_when_only_warn_checks_fail(warn_db: dict) -> None:
    docs = warn_db["root"] / "docs"
    result = run_cli("validate", "--db", str(warn_db["db"]), "--data-docs", str(docs))
    assert result.exit_code == 0, result.output
    assert "0 failed with severity error" in result.output
    assert (
        "warn  template_identities: expect_column_pair_values_to_be_equal(received_balances)"
        in (result.output)
    )
    assert "warn  cross_year" in result.output and "warn  narrative_consistency" in result.output
    assert "earlier.md: subject=natural_person expected=" in result.output
    assert (docs / "index.html").exists()
    suites = {p.stem for p in (docs / "expectations").rglob("*.html")}
    assert {
        "template_identities",
        "cross_year",
        "narrative_consistency",
        "marts_contract",
    } == suites


@pytest.fixture(scope="module")
def error_db(warn_db: dict) -> dict:
    """The same warehouse plus reports with error checks: section 四 missing, a file that
    cannot be read."""
    root = warn_db["root"]
    db = root / "error" / "xxgk.duckdb"
    db.parent.mkdir()
    shutil.copyfile(warn_db["db"], db)
    missing = root / "missing"
    missing.mkdir()
    spec = random_spec(8, agency="质量庚县人民政府办公室")
    (missing / "no_section_four.txt").write_text(_without_section_four(spec), encoding="utf-8")
    (missing / "empty.txt").write_bytes(b"")
    ingest = run_cli("ingest", str(missing), "--db", str(db), "--jobs", "1")
    assert ingest.exit_code == 0, ingest.output
    build = run_cli("build", "--db", str(db), "--quiet")
    return {"db": db, "build": build}


def test_missing_section_is_an_error_and_the_build_still_publishes(error_db: dict, query) -> None:
    assert error_db["build"].exit_code == 1, error_db["build"].output
    # section_present, cells_complete, report_parsed
    assert "3 failed with severity error" in error_db["build"].output
    failures = _failures(query, error_db["db"])
    assert failures["no_section_four"] == {
        ("section_present", "review_litigation", 1.0, 0.0, "error"),
        ("cells_complete", "review_litigation", 15.0, 0.0, "error"),
    }
    assert failures["empty"] == {("report_parsed", "document", 1.0, 0.0, "error")}
    assert query(
        error_db["db"],
        "select regexp_extract(source_path, '[^/]+$'), parse_status, quality, checks_failed "
        "from main.dim_report where quality = 'parse_suspect' order by 1",
    ) == [
        ("empty.txt", "failed", "parse_suspect", 1),
        ("no_section_four.txt", "partial", "parse_suspect", 2),
    ]


def test_validate_exits_non_zero_on_an_error_check(error_db: dict) -> None:
    result = run_cli("validate", "--db", str(error_db["db"]))
    assert result.exit_code == 1, result.output
    assert "error template_identities: expect_column_pair_values_to_be_equal(section_present)" in (
        result.output
    )
    assert "no_section_four.txt: subject=review_litigation expected=1 observed=0" in (result.output)


def test_the_samples_are_clean(demo_db: Path, query) -> None:
    assert (
        query(demo_db, "select quality, checks_failed from main.dim_report") == [("clean", 0)] * 3
    )
    assert query(
        demo_db,
        "select check_code, subject, observed from main.fct_report_checks "
        "where check_code = 'narrative_matches_tables' and passed order by observed desc limit 1",
    ) == [("narrative_matches_tables", "applications_received", 2.0)]
