"""Crawler copies end to end: glued rows decoded into the marts, ambiguous ones checked, archive
headers in dim_report, and a report whose tables fail still attributed."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.corpus import expected_cells, random_spec
from benchmarks.corpus.distort import render
from benchmarks.corpus.spec import ReportSpec
from ingest.parse import parse_file
from tests.conftest import run_cli

HEADER = (
    "标题：测试县人民政府办公室2022年政府信息公开工作年度报告\n"
    "发布时间：2023-01-16 10:12\n"
    "原文链接：http://www.example.gov.cn/zwgk/art/2023/1/16/art_1_2.html\n\n"
)


def _decodable_spec(seed: int, agency: str = "测试县人民政府办公室") -> ReportSpec:
    """A random report whose section 二 cells are single digits (a run of single digits has one
    split; section 二 has no arithmetic to tell longer ones apart) and fees one amount."""
    spec = random_spec(seed, agency=agency)
    rng = random.Random(seed)
    for key in spec.proactive:
        if key[1] != "fee_amount":
            spec.proactive[key] = str(rng.randint(0, 9))
    return spec


def _ambiguous_spec(seed: int) -> ReportSpec:
    """规章 printed 5 0 12: glued, 5012 is also 50 1 2."""
    spec = _decodable_spec(seed, agency="测试镇人民政府")  # another agency: no duplicate
    spec.proactive[("regulations", "issued")] = "5"
    spec.proactive[("regulations", "repealed")] = "0"
    spec.proactive[("regulations", "in_force")] = "12"
    return spec


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("flattened")
    decodable = _decodable_spec(4)
    ambiguous = _ambiguous_spec(5)
    (folder / "glued.txt").write_bytes(
        HEADER.encode() + render(decodable, "text_tabs", ["flat_glued"], seed=4)
    )
    (folder / "ambiguous.txt").write_bytes(
        render(ambiguous, "text_tabs", ["flat_label_space"], seed=5)
    )
    (folder / "no_tables.txt").write_text(
        "标题：石狮市大数据管理局2022年政府信息公开工作年度报告\n发布时间：2023-01-20\n\n"
        "石狮市大数据管理局2022年政府信息公开工作年度报告\n本年度我局认真贯彻落实条例。\n",
        encoding="utf-8",
    )
    db = folder / "w.duckdb"
    ingest = run_cli("ingest", str(folder), "--db", str(db))
    assert ingest.exit_code == 0, ingest.output
    build = run_cli("build", "--db", str(db), "--quiet")
    # Error checks fail (the ambiguous row, the report without tables): exit 1, published.
    assert build.exit_code == 1, build.output
    return {"db": db, "folder": folder, "decodable": decodable, "ambiguous": ambiguous}


def _facts(query: Callable, db: Path, name: str) -> dict[tuple[str, str, str], tuple]:
    rows = query(
        db,
        f"""
        with report as (
            select report_id from main.dim_report where source_path like '%/{name}'
        )
        select 'applications', outcome_code, applicant_type, applications, value_status
        from main.fct_applications where report_id in (select report_id from report)
        union all
        select 'review_litigation', proceeding, result, cases, value_status
        from main.fct_review_litigation where report_id in (select report_id from report)
        union all
        select 'proactive', item_code, measure_code, value, value_status
        from main.fct_proactive_disclosure where report_id in (select report_id from report)
        """,
    )
    return {(s, r, c): (v, status) for s, r, c, v, status in rows}


# Items with one measure print one number after the label: read as printed, nothing to decode.
SINGLE = {"administrative_licensing", "administrative_penalty", "administrative_coercion",
          "administrative_fees"}  # fmt: skip


def _status(section: str, row: str) -> str:
    return "value" if section == "proactive" and row in SINGLE else "decoded"


def test_the_decoder_sees_every_glued_row_of_the_fixture(built) -> None:
    report = parse_file(built["folder"] / "glued.txt")
    assert report.status == "ok", report.error_message
    assert {(c.status, _status(c.section, c.row_code)) for c in report.cells} == {
        ("decoded", "decoded"),
        ("value", "value"),
    }


def test_a_glued_report_round_trips_to_exact_decoded_facts(built, query: Callable) -> None:
    facts = _facts(query, built["db"], "glued.txt")
    expected = expected_cells(built["decodable"])
    assert expected and facts.keys() >= expected.keys()
    for key, value in expected.items():
        got, status = facts[key]
        assert got == value, key
        assert status == _status(key[0], key[1]), key
    checks = query(
        built["db"],
        "select count(*), bool_and(passed) from main.fct_report_checks c join main.dim_report r "
        "using (report_id) where r.source_path like '%/glued.txt' "
        "and c.check_code = 'flattened_row_decoded'",
    )
    assert checks == [(len({(s, r) for s, r, _c in expected if s != "review_litigation"}) + 1,
                       True)]  # fmt: skip


def test_an_ambiguous_row_is_null_with_an_error_check_naming_its_splits(
    built, query: Callable
) -> None:
    facts = _facts(query, built["db"], "ambiguous.txt")
    for measure in ("issued", "repealed", "in_force"):
        assert facts[("proactive", "regulations", measure)] == (None, "ambiguous")
    assert facts[("proactive", "normative_documents", "issued")][1] == "decoded"
    failed = query(
        built["db"],
        "select c.subject, c.expected, c.observed, c.severity, r.quality "
        "from main.fct_report_checks c join main.dim_report r using (report_id) "
        "where r.source_path like '%/ambiguous.txt' and not c.passed",
    )
    assert len(failed) == 1, failed
    subject, expected, observed, severity, quality = failed[0]
    assert subject == "proactive.regulations 5012 → 5 0 12 | 50 1 2"
    assert (expected, observed, severity, quality) == (1.0, 2.0, "error", "parse_suspect")


def test_archive_headers_reach_dim_report(built, query: Callable) -> None:
    rows = query(
        built["db"],
        "select title, published_on::varchar, source_url from main.dim_report "
        "where source_path like '%/glued.txt'",
    )
    assert rows == [
        (
            "测试县人民政府办公室2022年政府信息公开工作年度报告",
            "2023-01-16",
            "http://www.example.gov.cn/zwgk/art/2023/1/16/art_1_2.html",
        )
    ]


def test_a_report_that_fails_keeps_its_metadata_and_region(built, query: Callable) -> None:
    rows = query(
        built["db"],
        "select parse_status, error_reason, title, year, agency_name, region_code, "
        "published_on::varchar from main.dim_report where source_path like '%/no_tables.txt'",
    )
    assert rows == [
        ("failed", "no_template_tables", "石狮市大数据管理局2022年政府信息公开工作年度报告", 2022,
         "石狮市大数据管理局", "350581", "2023-01-20")
    ]  # fmt: skip
