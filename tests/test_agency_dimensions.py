"""Region, agency and year marts built by the real CLI and dbt from the samples and synthetic
reports of one agency in several years."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import duckdb
import pytest

from benchmarks.corpus import random_spec
from benchmarks.corpus.text import render_tabs
from ingest.paths import samples_dir
from tests.conftest import run_cli

# (file, agency as printed, year): one agency twice, and a county renamed in 2019.
SYNTHETIC = [
    ("huojia_education_2021.txt", "获嘉县教育局", 2021),
    ("huojia_education_2023.txt", "获嘉县教育局", 2023),
    ("taigu_county_2018.txt", "太谷县人民政府办公室", 2018),
    ("taigu_district_2020.txt", "太谷区人民政府办公室", 2020),
]


def synthetic_report(seed: int, agency: str, year: int) -> str:
    """A tab-separated report. Its opening prose lines are set apart by blank lines: the text
    reader takes a block of short lines with no blank line between them (title, heading, two
    sentences) for a cell-per-line table row, and the title would be lost to metadata."""
    text = render_tabs(random_spec(seed, agency=agency, year=year))
    head, rest = text.split("\n\n", 1)
    return head.replace("\n", "\n\n") + "\n\n" + rest


@pytest.fixture(scope="module")
def marts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    folder = tmp_path_factory.mktemp("agencies")
    reports = folder / "reports"
    shutil.copytree(samples_dir() / "reports", reports)
    for seed, (file, agency, year) in enumerate(SYNTHETIC):
        (reports / file).write_text(synthetic_report(seed, agency, year), encoding="utf-8")
    db = folder / "xxgk.duckdb"
    result = run_cli("ingest", str(reports), "--db", str(db), "--jobs", "1")
    assert result.exit_code == 0, result.output
    result = run_cli("build", "--db", str(db), "--quiet")
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def by_file(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    found = rows(
        con,
        """
        select regexp_extract(r.source_path, '[^/]+$'), r.region_code, r.region_method,
               a.agency_name, a.agency_id, r.published_on
        from dim_report r left join dim_agency a using (agency_id)
        """,
    )
    return {name: rest for name, *rest in found}


def test_samples_resolve_to_their_regions_and_agencies(marts):
    reports = by_file(marts)
    expected = {
        "shishi_big_data_bureau_2022.txt": ("350581", "石狮市大数据管理局"),
        "quanzhou_digital_office_2021.txt": ("350500", "泉州市数字泉州建设办公室"),
        "huojia_gov_service_bureau_2022.md": ("410724", "获嘉县政务服务和大数据管理局"),
    }
    for file, (code, agency) in expected.items():
        region_code, method, name, agency_id, _ = reports[file]
        assert (region_code, name) == (code, agency), file
        assert method is not None and agency_id is not None
    assert str(reports["quanzhou_digital_office_2021.txt"][4]) == "2022-01-07"


def test_same_agency_shares_its_id_across_years(marts):
    reports = by_file(marts)
    first, second = reports["huojia_education_2021.txt"], reports["huojia_education_2023.txt"]
    assert first[3] == second[3]
    assert first[0] == second[0] == "410724"
    (agency,) = rows(
        marts,
        f"select agency_name, agency_category, region_code, first_year, last_year, report_count "
        f"from dim_agency where agency_id = '{first[3]}'",
    )
    assert agency == ("获嘉县教育局", "education", "410724", 2021, 2023, 2)
    # the 获嘉 bureaus are two agencies
    assert reports["huojia_gov_service_bureau_2022.md"][3] != first[3]


def test_renamed_county_keeps_its_agency(marts):
    reports = by_file(marts)
    county, district = reports["taigu_county_2018.txt"], reports["taigu_district_2020.txt"]
    assert (county[0], district[0]) == ("140726", "140703")  # the code in force each year
    assert county[3] == district[3]
    (agency,) = rows(
        marts,
        f"select agency_name, agency_category, region_code from dim_agency "
        f"where agency_id = '{county[3]}'",
    )
    assert agency == ("太谷区人民政府办公室", "government_office", "140703")


def test_dim_region(marts):
    assert rows(
        marts,
        "select region_name, region_level, province_code from dim_region "
        "where region_code = '100000'",
    ) == [("全国", "national", None)]
    assert rows(
        marts,
        "select region_name, region_level, province_name, prefecture_code, prefecture_name "
        "from dim_region where region_code = '410724'",
    ) == [("获嘉县", "county", "河南省", "410700", "新乡市")]
    assert rows(
        marts,
        "select valid_to_year, lineage_code from dim_region where region_code = '140726'",
    ) == [(2018, "140703")]
    levels = dict(rows(marts, "select region_level, count(*) from dim_region group by 1"))
    assert levels["national"] == 1 and levels["province"] == 34 and levels["prefecture"] == 333


def test_dim_year(marts):
    found = dict(rows(marts, "select year, template_version from dim_year"))
    assert (found[2018], found[2019], found[2020], found[2021], found[2023]) == (
        None,
        "2019",
        "2019",
        "2021",
        "2021",
    )


def test_facts_carry_agency_and_region(marts):
    for fact in ("fct_applications", "fct_review_litigation", "fct_proactive_disclosure"):
        mismatched = rows(
            marts,
            f"""
            select count(*) from {fact} f join dim_report r using (report_id)
            where f.agency_id is distinct from r.agency_id
               or f.region_code is distinct from r.region_code
            """,
        )
        assert mismatched == [(0,)], fact
        (with_region,) = rows(marts, f"select count(*) from {fact} where region_code = '350581'")
        assert with_region[0] > 0, fact


def test_fujian_filter_needs_no_join_beyond_dim_region(marts):
    # "denial rates of county governments in Fujian": facts filter on region_code directly.
    found = rows(
        marts,
        """
        select distinct f.region_code from fct_applications f
        join dim_region g on f.region_code = g.region_code
        where g.province_code = '350000' and g.region_level = 'county'
        """,
    )
    assert found == [("350581",)]
