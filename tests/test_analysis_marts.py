"""The analysis marts (agg_*) against the numbers the synthetic reports print, through the real
CLI: every level of the region hierarchy, each report once, only acceptable quality, BIGINT
counts, basis columns that re-aggregate; and the warehouse's layout for BI tools (only marts in
`main`, the codebook in its own schema, every table and column described in the database).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.corpus.spec import ReportSpec, random_spec
from benchmarks.corpus.text import render_cell_per_line, render_markdown
from tests.conftest import run_cli

REVIEW_HEADING = "四、政府信息公开行政复议、行政诉讼情况"
NEXT_HEADING = "五、存在的主要问题及改进情况"
DENIED_ROWS = [
    "denied_state_secret", "denied_prohibited_by_law", "denied_security_stability",
    "denied_third_party_rights", "denied_internal_affairs", "denied_process_information",
    "denied_enforcement_files", "denied_administrative_inquiry",
]  # fmt: skip


def _total(spec: ReportSpec, row: str) -> int:
    return int(spec.applications[(row, "total")] or 0)


def _denied(spec: ReportSpec) -> int:
    return sum(_total(spec, row) for row in DENIED_ROWS)


def _review_total(spec: ReportSpec, proceeding: str) -> int:
    return int(spec.review[(proceeding, "total")] or 0)


@pytest.fixture(scope="module")
def marts(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("analysis")
    folder = root / "reports"
    folder.mkdir()
    specs = {
        "shishi": random_spec(31, agency="石狮市人民政府办公室"),  # 泉州市, 福建省
        "jinjiang": random_spec(32, agency="晋江市人民政府办公室"),  # 泉州市, 福建省
        "shishi_2021": random_spec(33, agency="石狮市人民政府办公室", year=2021),
        "huojia": random_spec(34, agency="获嘉县人民政府办公室"),  # 新乡市, 河南省
        "huixian": random_spec(35, agency="辉县市人民政府办公室"),  # 新乡市: section 四 missing
    }
    for name, spec in specs.items():
        (folder / f"{name}.md").write_text(render_markdown(spec), encoding="utf-8")
    text = render_cell_per_line(specs["huixian"])
    (folder / "huixian.md").write_text(
        text[: text.index(REVIEW_HEADING)] + text[text.index(NEXT_HEADING) :], encoding="utf-8"
    )
    # the same report as another file: counted once
    (folder / "shishi_word.txt").write_text(render_cell_per_line(specs["shishi"]), encoding="utf-8")
    db = root / "xxgk.duckdb"
    ingest = run_cli("ingest", str(folder), "--db", str(db), "--jobs", "1")
    assert ingest.exit_code == 0, ingest.output
    build = run_cli("build", "--db", str(db), "--quiet")
    assert (db.parent / "data_docs").exists(), build.output
    return {"db": db, "specs": specs, "build": build}


def _row(query: Callable, db: Path, table: str, columns: str, where: str) -> tuple:
    rows = query(db, f"select {columns} from main.{table} where {where}")
    assert len(rows) == 1, rows
    return rows[0]


def test_every_level_of_the_hierarchy_counts_each_report_once(marts: dict, query) -> None:
    db, s = marts["db"], marts["specs"]
    counted = [s["shishi"], s["jinjiang"], s["huojia"]]
    expected_2022 = {
        "350581": [s["shishi"]],  # 石狮市 (county level)
        "350500": [s["shishi"], s["jinjiang"]],  # 泉州市
        "350000": [s["shishi"], s["jinjiang"]],  # 福建省
        "410700": [s["huojia"]],  # 新乡市: 辉县市 left out (parse_suspect)
        "100000": counted,  # 全国
    }
    for region, reports in expected_2022.items():
        row = _row(
            query, db, "agg_applications_region_year",
            "reports, applications_received, applications_processed, denied, basis_processed, "
            "basis_denied, denial_rate, copies_not_counted",
            f"region_code = '{region}' and year = 2022 and agency_category = 'government_office'",
        )  # fmt: skip
        received = sum(_total(r, "new_received") for r in reports)
        processed = sum(_total(r, "processed_total") for r in reports)
        denied = sum(_denied(r) for r in reports)
        assert row[:6] == (len(reports), received, processed, denied, processed, denied), region
        assert row[6] == pytest.approx(denied / processed)
        assert row[7] == (1 if region in ("350581", "350500", "350000", "100000") else 0)


def test_reports_left_out_and_why(marts: dict, query) -> None:
    row = _row(
        query, marts["db"], "agg_applications_region_year",
        "reports, reports_left_out, reports_left_out_parse_suspect, reports_left_out_not_read",
        "region_code = '410700' and year = 2022",
    )  # fmt: skip
    assert row == (1, 1, 1, 0)


def test_review_litigation_per_100_and_correction_rates(marts: dict, query) -> None:
    s = marts["specs"]
    reports = [s["shishi"], s["jinjiang"]]
    row = _row(
        query, marts["db"], "agg_review_litigation_region_year",
        "reviews, lawsuits, basis_processed, reviews_per_100_processed, "
        "basis_reviews_concluded, basis_reviews_corrected, review_correction_rate",
        "region_code = '350000' and year = 2022",
    )  # fmt: skip
    reviews = sum(_review_total(r, "administrative_review") for r in reports)
    lawsuits = sum(
        _review_total(r, "litigation_direct") + _review_total(r, "litigation_after_review")
        for r in reports
    )
    processed = sum(_total(r, "processed_total") for r in reports)
    concluded = sum(
        int(r.review[("administrative_review", k)] or 0)
        for r in reports
        for k in ("upheld", "corrected", "other")
    )
    corrected = sum(int(r.review[("administrative_review", "corrected")] or 0) for r in reports)
    assert row[:3] == (reviews, lawsuits, processed)
    assert row[3] == pytest.approx(100 * reviews / processed)
    assert row[4:6] == (concluded, corrected)
    assert row[6] == (pytest.approx(corrected / concluded) if concluded else None)


def test_agency_year_says_who_did_not_report(marts: dict, query) -> None:
    s = marts["specs"]
    rows = query(
        marts["db"],
        "select agency_name, year, has_report, is_counted, quality, applications_received "
        "from main.agg_agency_year order by 1, 2",
    )
    assert rows == [
        ("晋江市人民政府办公室", 2021, False, False, None, None),
        ("晋江市人民政府办公室", 2022, True, True, "clean", _total(s["jinjiang"], "new_received")),
        # its carried_forward is not 2022's carried_over: counted, as source_inconsistent
        ("石狮市人民政府办公室", 2021, True, True, "source_inconsistent",
         _total(s["shishi_2021"], "new_received")),
        ("石狮市人民政府办公室", 2022, True, True, "clean", _total(s["shishi"], "new_received")),
        ("获嘉县人民政府办公室", 2021, False, False, None, None),
        ("获嘉县人民政府办公室", 2022, True, True, "clean", _total(s["huojia"], "new_received")),
        ("辉县市人民政府办公室", 2021, False, False, None, None),
        ("辉县市人民政府办公室", 2022, True, False, "parse_suspect", None),
    ]  # fmt: skip


def test_rates_re_aggregate_from_the_basis_columns(marts: dict, query) -> None:
    """Summing the counties' basis columns gives the prefecture's rate, never averaging rates."""
    counties = query(
        marts["db"],
        "select sum(basis_denied), sum(basis_processed) from main.agg_applications_region_year "
        "where region_level = 'county' and region_code in ('350581', '350582') and year = 2022",
    )[0]
    prefecture = _row(
        query, marts["db"], "agg_applications_region_year", "basis_denied, basis_processed, "
        "denial_rate", "region_code = '350500' and year = 2022",
    )  # fmt: skip
    assert counties == prefecture[:2]
    assert prefecture[2] == pytest.approx(counties[0] / counties[1])


def test_counts_are_bigint_and_only_marts_live_in_main(marts: dict, query) -> None:
    db = marts["db"]
    assert (
        query(
            db,
            "select table_name, column_name, data_type from information_schema.columns "
            "where table_schema = 'main' and data_type in ('HUGEINT', 'DECIMAL(38,0)')",
        )
        == []
    )
    for table in ("agg_applications_region_year", "agg_review_litigation_region_year"):
        types = dict(
            query(
                db,
                "select column_name, data_type from information_schema.columns "
                f"where table_schema = 'main' and table_name = '{table}'",
            )
        )
        assert types["reports"] == types["basis_processed"] == "BIGINT"
    tables = query(
        db,
        "select table_schema, table_name, table_type from information_schema.tables "
        "where table_schema in ('main', 'codebook')",
    )
    assert tables and all(
        kind == "BASE TABLE"
        and (schema == "codebook") != bool(name.startswith(("fct_", "dim_", "agg_")))
        for schema, name, kind in tables
    ), tables
    assert ("codebook", "template_outcomes", "BASE TABLE") in tables


def test_every_mart_and_column_is_described_in_the_database(marts: dict, query) -> None:
    db = marts["db"]
    undocumented = query(
        db,
        "select t.table_name from duckdb_tables() t where t.schema_name = 'main' "
        "and coalesce(t.comment, '') = ''",
    )
    assert undocumented == []
    columns = query(
        db,
        "select c.table_name, c.column_name, c.comment from duckdb_columns() c "
        "join duckdb_tables() t using (database_name, schema_name, table_name) "
        "where c.schema_name = 'main'",
    )
    assert len(columns) > 150
    assert [(t, c) for t, c, comment in columns if not comment] == []
    assert not [c for _, _, c in columns if "{{" in c or "doc(" in c]  # doc blocks rendered
