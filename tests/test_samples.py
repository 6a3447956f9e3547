"""The bundled real samples, end to end: every cell as samples/README.md states it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

SHISHI, QUANZHOU, HUOJIA = "shishi", "quanzhou", "huojia"


def _by_sample(query: Callable, db: Path, sql: str) -> dict[str, list[tuple]]:
    rows = query(
        db,
        f"""
        with facts as ({sql})
        select split_part(regexp_extract(r.source_path, '[^/]+$'), '_', 1) as sample,
               facts.* exclude (report_id)
        from facts join main.dim_report r using (report_id)
        """,
    )
    grouped: dict[str, list[tuple]] = {}
    for sample, *rest in rows:
        grouped.setdefault(sample, []).append(tuple(rest))
    return grouped


def test_reports_metadata(demo_db: Path, query: Callable) -> None:
    rows = query(
        demo_db,
        "select regexp_extract(source_path, '[^/]+$'), year, template_version, parse_status, "
        "agency_name, title from main.dim_report order by 1",
    )
    assert rows == [
        (
            "huojia_gov_service_bureau_2022.md", 2022, "2021", "ok", "政务服务和大数据管理局",
            "政务服务和大数据管理局2022年政府信息公开工作年度报告",
        ),
        (
            "quanzhou_digital_office_2021.txt", 2021, "2021", "ok", "泉州市数字泉州建设办公室",
            "2021 年度政府信息公开工作报告",
        ),
        (
            "shishi_big_data_bureau_2022.txt", 2022, "2021", "ok", "石狮市大数据管理局",
            "2022 年政府信息公开工作年度报告",
        ),
    ]  # fmt: skip


def test_every_application_cell(demo_db: Path, query: Callable, codebook) -> None:
    facts = _by_sample(
        query, demo_db, "select report_id, outcome_code, applicant_type, applications "
        "from main.fct_applications",
    )  # fmt: skip
    rows_2021 = codebook.outcome_codes("2021")
    applicants = codebook.applicant_codes()
    huojia_null_rows = set(
        rows_2021[rows_2021.index("granted") : rows_2021.index("denied_internal_affairs") + 1]
    )
    quanzhou_twos = {
        (row, col)
        for row in ("new_received", "granted", "processed_total")
        for col in ("natural_person", "total")
    }
    for sample in (SHISHI, QUANZHOU, HUOJIA):
        cells = {(row, col): value for row, col, value in facts[sample]}
        assert set(cells) == {(r, c) for r in rows_2021 for c in applicants}, sample
        for (row, col), value in cells.items():
            if sample == QUANZHOU and (row, col) in quanzhou_twos:
                expected = 2
            elif sample == HUOJIA and row in huojia_null_rows and col != "total":
                expected = None
            else:
                expected = 0
            assert value == expected, (sample, row, col, value)


def test_every_review_cell_is_zero(demo_db: Path, query: Callable) -> None:
    facts = _by_sample(
        query,
        demo_db,
        "select report_id, proceeding, result, cases from main.fct_review_litigation",
    )
    for sample in (SHISHI, QUANZHOU, HUOJIA):
        assert len(facts[sample]) == 15
        assert {cases for _p, _r, cases in facts[sample]} == {0}, sample


def test_proactive_cells(demo_db: Path, query: Callable) -> None:
    facts = _by_sample(
        query, demo_db, "select report_id, item_code, measure_code, value, unit "
        "from main.fct_proactive_disclosure",
    )  # fmt: skip
    for sample in (SHISHI, QUANZHOU, HUOJIA):
        cells = {(item, measure): value for item, measure, value, _unit in facts[sample]}
        assert len(cells) == 10
        normative = {
            m: cells[("normative_documents", m)] for m in ("issued", "repealed", "in_force")
        }
        if sample == QUANZHOU:
            assert normative == {"issued": 1, "repealed": 0, "in_force": 3}
            others = {k: v for k, v in cells.items() if k[0] != "normative_documents"}
        else:
            others = cells
        assert set(others.values()) == {0}, sample
