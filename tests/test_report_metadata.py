"""What a report says about itself: archive headers, and metadata on reports that fail."""

from __future__ import annotations

import datetime
from pathlib import Path

from ingest.metadata import archive_header, extract_metadata, parse_date
from ingest.parse import ParseStatus, parse_file

HEADED = """标题：石狮市大数据管理局2022年政府信息公开工作年度报告
发布时间：2023-01-16 10:12:05
原文链接：http://www.shishi.gov.cn/zwgk/art/2023/1/16/art_1_2.html

石狮市大数据管理局2022年政府信息公开工作年度报告
一、总体情况
"""


def test_an_archive_header_gives_title_date_and_url() -> None:
    metadata = extract_metadata(HEADED)
    assert metadata.title == "石狮市大数据管理局2022年政府信息公开工作年度报告"
    assert metadata.year == 2022
    assert metadata.agency_name == "石狮市大数据管理局"
    assert metadata.published_on == datetime.date(2023, 1, 16)
    assert metadata.source_url == "http://www.shishi.gov.cn/zwgk/art/2023/1/16/art_1_2.html"


def test_header_variants() -> None:
    header = archive_header(
        ["标题: 泉州市数字泉州建设办公室2021年度政府信息公开工作年度报告",
         "发布日期：2022年1月20日", "来源：泉州市人民政府",
         "链接： https://www.quanzhou.gov.cn/a.htm 转载"]
    )  # fmt: skip
    assert header.title == "泉州市数字泉州建设办公室2021年度政府信息公开工作年度报告"
    assert header.published_on == datetime.date(2022, 1, 20)
    assert header.source_url == "https://www.quanzhou.gov.cn/a.htm"
    assert header.lines == frozenset({0, 1, 3})
    assert archive_header(["石狮市大数据管理局2022年政府信息公开工作年度报告"]).lines == frozenset()
    assert parse_date("2023/2/30") is None  # no such day


def test_a_report_without_header_is_unchanged() -> None:
    metadata = extract_metadata("石狮市大数据管理局2022年政府信息公开工作年度报告\n一、总体情况\n")
    assert metadata.title == "石狮市大数据管理局2022年政府信息公开工作年度报告"
    assert metadata.source_url is None and metadata.published_on is None


def test_a_report_that_fails_still_carries_title_year_agency_and_region(tmp_path: Path) -> None:
    path = tmp_path / "no_tables.txt"
    path.write_text(HEADED + "本年度我局认真贯彻落实条例。\n", encoding="utf-8")
    report = parse_file(path)
    assert report.status is ParseStatus.FAILED and report.error_reason == "no_template_tables"
    assert report.title == "石狮市大数据管理局2022年政府信息公开工作年度报告"
    assert (report.year, report.agency_name) == (2022, "石狮市大数据管理局")
    assert report.region_code == "350581"  # 石狮市
    assert report.published_on == "2023-01-16"
    assert report.source_url == "http://www.shishi.gov.cn/zwgk/art/2023/1/16/art_1_2.html"
