"""Region, agency and date attribution on short realistic report texts and on the samples."""

from __future__ import annotations

import datetime

import pytest

from ingest.attribution import METHODS, Attribution, RegionIndex, RegionMethod, attribute
from ingest.metadata import extract_metadata
from ingest.paths import samples_dir, seeds_dir
from ingest.readers import read_document


@pytest.fixture(scope="module")
def regions() -> RegionIndex:
    return RegionIndex.load(seeds_dir())


def report(
    regions: RegionIndex,
    agency: str | None,
    body: str = "",
    *,
    year: int | None = 2022,
    title: str | None = None,
) -> Attribution:
    title = title if title is not None else f"{agency or ''}{year}年政府信息公开工作年度报告"
    table = "二、主动公开政府信息情况\n信息内容\t本年制发件数\n规章\t0\n"
    text = f"{title}\n一、总体情况\n{body}\n{table}"
    return attribute(text=text, title=title, agency_name=agency, year=year, regions=regions)


# --- the samples --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "code", "method", "agency"),
    [
        ("shishi_big_data_bureau_2022.txt", "350581", "agency_name", "石狮市大数据管理局"),
        ("quanzhou_digital_office_2021.txt", "350500", "agency_name", "泉州市数字泉州建设办公室"),
        ("huojia_gov_service_bureau_2022.md", "410724", "body", "获嘉县政务服务和大数据管理局"),
    ],
)
def test_samples(regions, file, code, method, agency):
    path = samples_dir() / "reports" / file
    _, document = read_document(path.read_bytes(), path)
    text = document.text()
    metadata = extract_metadata(text)
    found = attribute(
        text=text,
        title=metadata.title,
        agency_name=metadata.agency_name,
        year=metadata.year,
        regions=regions,
    )
    assert (found.region_code, found.region_method) == (code, method)
    assert found.canonical_agency_name == agency
    assert found.agency_category == "gov_services_data"
    assert found.region_confidence is not None and 0 < found.region_confidence <= 1
    assert found.region_method in METHODS


def test_huojia_without_the_county_hint_is_not_guessed(regions):
    # The body names 获嘉 and 新乡 but never says which level the issuer is: no region.
    found = report(regions, "政务服务和大数据管理局", "我局在《新乡日报》和云上获嘉APP发布信息。")
    assert found.region_code is None
    assert found.canonical_agency_name == "政务服务和大数据管理局"


# --- places in the agency name ------------------------------------------------------------------


def test_full_chain_narrows_to_the_smallest_division(regions):
    found = report(regions, "福建省泉州市石狮市大数据管理局")
    assert found.region_code == "350581"
    assert found.canonical_agency_name == "石狮市大数据管理局"


def test_short_name_at_the_head_of_the_agency_name(regions):
    found = report(regions, "石狮大数据管理局")
    assert (found.region_code, found.canonical_agency_name) == ("350581", "石狮大数据管理局")
    assert found.region_confidence is not None and found.region_confidence < 0.95


def test_place_inside_the_name_is_kept_as_printed(regions):
    found = report(regions, "国家税务总局石狮市税务局")
    assert found.region_code == "350581"
    assert found.canonical_agency_name == "国家税务总局石狮市税务局"
    assert found.agency_category == "taxation"


def test_county_named_like_a_department(regions):
    # 公安县 is a county in 荆州; its government is not a police bureau.
    found = report(regions, "公安县人民政府")
    assert (found.region_code, found.agency_category) == ("421022", "government")


def test_agency_without_place_is_not_a_short_name(regions):
    # 公安 is 公安县's short name, but 公安局 names no place.
    found = report(regions, "公安局", "本局认真落实政务公开。")
    assert found.region_code is None
    assert found.agency_category == "public_security"


# --- ambiguous short names ----------------------------------------------------------------------


def test_ambiguous_district_resolved_by_parent_in_the_name(regions):
    found = report(regions, "福州市鼓楼区人民政府办公室")
    assert found.region_code == "350102"
    assert found.agency_category == "government_office"
    assert found.canonical_agency_name == "鼓楼区人民政府办公室"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("在福州市委、市政府的领导下，我区政务公开工作稳步推进。", "350102"),
        ("按照南京市政务公开工作要点，我区持续推进政务公开。", "320106"),
        ("本报告电子版可在徐州市鼓楼区人民政府网站下载。", "320302"),
        ("开封市政务公开办公室组织了全市培训，我区积极参加。", "410204"),
    ],
)
def test_ambiguous_district_resolved_by_parent_in_the_text(regions, body, code):
    found = report(regions, "鼓楼区人民政府", body)
    assert (found.region_code, found.region_method) == (code, "agency_name")
    assert found.region_confidence is not None and found.region_confidence <= 0.75


def test_ambiguous_district_resolved_by_its_streets(regions):
    # 望京街道 is a street of 北京's 朝阳区, not of 长春's.
    found = report(regions, "朝阳区人民政府", "望京街道政务公开专区建设完成。")
    assert found.region_code == "110105"


def test_ambiguous_short_name_undecided_is_null(regions):
    found = report(regions, "鼓楼区人民政府", "我区认真贯彻落实政府信息公开条例。")
    assert found.region_code is None
    assert found.region_method == "ambiguous"
    assert found.region_confidence is None
    assert found.canonical_agency_name == "鼓楼区人民政府"


def test_short_name_shared_by_provinces_and_prefectures(regions):
    assert report(regions, "吉林省人民政府办公厅").region_code == "220000"
    assert report(regions, "吉林市人民政府办公室").region_code == "220200"
    assert report(regions, "海南藏族自治州人民政府").region_code == "632500"


# --- renamed and merged divisions ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("agency", "year", "code"),
    [
        ("太谷县人民政府", 2018, "140726"),  # 太谷县 became 太谷区 (140703) in 2019
        ("太谷区人民政府", 2020, "140703"),
        ("太谷县人民政府", 2020, "140703"),  # an outdated name: the code that replaced it
        ("太谷区人民政府", 2018, "140726"),  # published in 2019 under the new name: the 2018 code
        ("南通市崇川区人民政府", 2019, "320602"),  # merged with 港闸区 into a new 崇川区 in 2020
        ("南通市崇川区人民政府", 2021, "320613"),
        ("邢台市桥东区人民政府", 2019, "130502"),  # renamed 襄都区 in 2020, same code
        ("邢台市桥东区人民政府", 2021, "130502"),
        ("邢台县人民政府", 2019, "130521"),  # abolished in 2020, split
    ],
)
def test_division_valid_in_the_report_year(regions, agency, year, code):
    found = report(regions, agency, year=year)
    assert found.region_code == code
    assert found.region_method == "agency_name"


def test_outdated_name_has_lower_confidence(regions):
    current = report(regions, "太谷区人民政府", year=2020)
    outdated = report(regions, "太谷县人民政府", year=2020)
    assert outdated.region_confidence is not None and current.region_confidence is not None
    assert outdated.region_confidence < current.region_confidence
    assert outdated.canonical_agency_name == "太谷县人民政府"  # as printed


# --- townships, prefectures, provinces, ministries ----------------------------------------------


def test_township_issuer_with_its_county(regions):
    found = report(regions, "石狮市宝盖镇人民政府")
    assert (found.region_code, found.region_method) == ("350581", "township")
    assert found.canonical_agency_name == "石狮市宝盖镇人民政府"
    assert found.agency_category == "township"


def test_township_issuer_alone_gets_its_county_prefix(regions):
    found = report(regions, "照镜镇人民政府", "我镇认真落实政务公开。")
    assert (found.region_code, found.region_method) == ("410724", "township")
    assert found.canonical_agency_name == "获嘉县照镜镇人民政府"
    assert found.agency_category == "township"


def test_township_name_shared_by_two_counties(regions):
    # 宝盖镇 exists in 石狮市 and in 湖南's 衡阳县.
    assert report(regions, "宝盖镇人民政府").region_code is None
    found = report(regions, "宝盖镇人民政府", "根据石狮市政务公开工作部署，我镇持续推进。")
    assert found.region_code == "350581"


def test_street_office(regions):
    found = report(regions, "北京市朝阳区望京街道办事处")
    assert (found.region_code, found.agency_category) == ("110105", "township")


def test_prefecture_government(regions):
    government = report(regions, "泉州市人民政府")
    assert (government.region_code, government.agency_category) == ("350500", "government")
    office = report(regions, "泉州市人民政府办公室")
    assert (office.region_code, office.agency_category) == ("350500", "government_office")


def test_provincial_department(regions):
    found = report(regions, "福建省生态环境厅", "地址：福州市鼓楼区湖东路")
    assert (found.region_code, found.agency_category) == ("350000", "ecology_environment")
    assert found.canonical_agency_name == "福建省生态环境厅"


@pytest.mark.parametrize(
    ("agency", "canonical", "category"),
    [
        ("生态环境部", "生态环境部", "ecology_environment"),
        ("中华人民共和国教育部", "教育部", "education"),
        ("国家税务总局", "国家税务总局", "taxation"),
        ("国务院办公厅", "国务院办公厅", "government_office"),
    ],
)
def test_ministry_is_national(regions, agency, canonical, category):
    found = report(regions, agency, "本部门认真落实政府信息公开条例。")
    assert (found.region_code, found.region_method) == ("100000", "national")
    assert (found.canonical_agency_name, found.agency_category) == (canonical, category)


def test_party_department_without_place_is_not_national(regions):
    assert report(regions, "县委宣传部").region_method != "national"


# --- units outside the MCA list -----------------------------------------------------------------


def test_pingtan_through_the_mapping_seed(regions):
    found = report(regions, "平潭综合实验区管理委员会")
    assert (found.region_code, found.region_method) == ("350128", "mapping_seed")
    assert found.canonical_agency_name == "平潭综合实验区管理委员会"
    assert found.agency_category == "development_zone"


def test_pingtan_department_in_its_province(regions):
    found = report(regions, "福建省平潭综合实验区教育局")
    assert (found.region_code, found.region_method) == ("350128", "mapping_seed")
    assert found.agency_category == "education"


def test_mapping_seed_is_user_extendable(tmp_path):
    for name in ("regions.csv", "region_townships.csv", "agency_categories.csv"):
        (tmp_path / name).write_bytes((seeds_dir() / name).read_bytes())
    aliases = (seeds_dir() / "region_aliases.csv").read_text(encoding="utf-8")
    aliases += "石狮高新技术产业开发区,350581,石狮市,test\n"
    (tmp_path / "region_aliases.csv").write_text(aliases, encoding="utf-8")
    found = report(RegionIndex.load(tmp_path), "石狮高新技术产业开发区管理委员会")
    assert (found.region_code, found.region_method) == ("350581", "mapping_seed")


# --- the text, when the name lacks its place ----------------------------------------------------


def test_contact_sentence_names_the_agency_with_its_place(regions):
    body = (
        "本年度报告中所列数据统计期限自2022年1月1日至2022年12月31日。"
        "如对本年度报告有疑问，请与获嘉县政务服务和大数据管理局联系（地址：新乡市获嘉县）。"
    )
    found = report(regions, "政务服务和大数据管理局", body)
    assert (found.region_code, found.region_method) == ("410724", "contact")
    assert found.canonical_agency_name == "获嘉县政务服务和大数据管理局"


def test_county_level_hint_picks_the_county_among_places_named(regions):
    body = "2022年，我局贯彻落实县委、县政府部署，在《新乡日报》、云上获嘉APP发布信息。"
    found = report(regions, "政务服务和大数据管理局", body)
    assert (found.region_code, found.region_method) == ("410724", "body")


def test_level_prefix_in_the_printed_name(regions):
    body = "县教育局通过云上获嘉发布信息，《新乡日报》刊发政策解读。"
    found = report(regions, "县教育局", body)
    assert found.region_code == "410724"
    assert found.canonical_agency_name == "获嘉县教育局"
    assert found.agency_category == "education"


@pytest.mark.parametrize(
    ("agency", "body", "code", "canonical"),
    [
        ("市场监督管理局", "请与泉州市市场监督管理局联系。", "350500", "泉州市市场监督管理局"),
        (
            "乡村振兴局",
            "我县认真落实。联系地址：获嘉县行政服务中心。",
            "410724",
            "获嘉县乡村振兴局",
        ),
    ],
)
def test_agency_words_beginning_with_a_level_character(regions, agency, body, code, canonical):
    found = report(regions, agency, body)
    assert (found.region_code, found.canonical_agency_name) == (code, canonical)


def test_no_place_anywhere_is_null(regions):
    found = report(regions, "政务服务和大数据管理局", "我局认真落实县委、县政府部署。")
    assert found.region_code is None
    assert found.region_method == "not_found"
    assert found.region_confidence is None


def test_no_agency_at_all(regions):
    title = "2022年政府信息公开工作年度报告"
    found = report(regions, None, "本机关认真落实政务公开。", title=title)
    assert found == Attribution(None, RegionMethod.NOT_FOUND, None, None, None, None)


def test_title_names_the_place_the_agency_name_lacks(regions):
    title = "获嘉县政务服务和大数据管理局2022年政府信息公开工作年度报告"
    found = report(regions, "政务服务和大数据管理局", title=title)
    assert (found.region_code, found.region_method) == ("410724", "title")


def test_common_department_names_name_no_place(regions):
    departments = [
        "人民政府办公室",
        "发展和改革委员会",
        "教育局",
        "科学技术局",
        "工业和信息化局",
        "民族宗教事务局",
        "公安局",
        "民政局",
        "司法局",
        "财政局",
        "人力资源和社会保障局",
        "自然资源和规划局",
        "生态环境局",
        "住房和城乡建设局",
        "交通运输局",
        "水利局",
        "农业农村局",
        "商务局",
        "文化和旅游局",
        "卫生健康委员会",
        "退役军人事务局",
        "应急管理局",
        "审计局",
        "市场监督管理局",
        "统计局",
        "医疗保障局",
        "城市管理局",
        "乡村振兴局",
        "信访局",
        "林业局",
        "政务服务和大数据管理局",
        "行政审批服务局",
        "机关事务管理局",
        "住房公积金管理中心",
        "档案馆",
        "体育局",
        "国有资产监督管理委员会",
    ]
    for name in departments:
        assert regions.scan(name) == [], name


# --- publication date ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("发布日期：2023-01-18\n正文", datetime.date(2023, 1, 18)),
        ("正文。\n石狮市大数据管理局\n2023年1月18日", datetime.date(2023, 1, 18)),
        ("正文。\n石狮市大数据管理局 2023 年 1 月 18 日", datetime.date(2023, 1, 18)),
        ("正文。\n二〇二三年一月三十一日", datetime.date(2023, 1, 31)),
        ("统计期限自2022年1月1日起至2022年12月31日止。", None),
        ("截至2022年12月31日", None),
        ("正文。\n2019年1月18日", None),  # before the report year: not its publication
        ("正文。\n2023年2月30日", None),
    ],
)
def test_published_on(regions, body, expected):
    assert report(regions, "石狮市大数据管理局", body).published_on == expected


def test_signature_date_wins_over_a_cover_letter_date(regions):
    letter = "市政府办公室：\n现将年度报告报送贵办。\n2023年1月5日"
    body = f"{letter}\n一、总体情况\n正文。\n2023年1月20日"
    assert report(regions, "石狮市大数据管理局", body).published_on == datetime.date(2023, 1, 20)
