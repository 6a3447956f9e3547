"""Matching printed rows to the template: labels, groups, wraps, versions and value fitting."""

from __future__ import annotations

from ingest.align import align_document
from ingest.codebook import Codebook
from ingest.normalize import label_key
from ingest.readers.text import parse_lines

HEADER = [
    "三、收到和处理政府信息公开申请情况",
    "\t\t\t申请人情况",
    "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
    "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他",
]


def _applications(lines: list[str], codebook: Codebook) -> dict[tuple[str, str], float | None]:
    alignment = align_document(parse_lines(HEADER + lines), codebook, 2022)
    return {
        (c.row_code, c.column_code): c.value for c in alignment.cells if c.section == "applications"
    }


def test_seed_fragments_are_in_their_own_label_and_no_other(codebook: Codebook) -> None:
    labels = {o.code: label_key(o.label) for o in codebook.outcomes}
    for outcome in codebook.outcomes:
        for fragment in outcome.match_fragments:
            assert fragment in labels[outcome.code], outcome.code
            others = [c for c, label in labels.items() if fragment in label and c != outcome.code]
            assert not others, (outcome.code, others)


def test_group_label_on_its_own_line_and_on_the_item_line(codebook: Codebook) -> None:
    cells = _applications(
        [
            "三、本年度办理结果",
            "（三）不予公开",
            "1.属于国家秘密\t1\t0\t0\t0\t0\t0\t1",
            "（四）无法提供\t1.本机关不掌握相关政府信息\t2\t0\t0\t0\t0\t0\t2",
            "\t3.补正后申请内容仍不明确\t3\t0\t0\t0\t0\t0\t3",
        ],
        codebook,
    )
    assert cells[("denied_state_secret", "natural_person")] == 1
    assert cells[("unavailable_not_held", "total")] == 2
    assert cells[("unavailable_unclear_request", "natural_person")] == 3


def test_label_wrapped_onto_the_next_line(codebook: Codebook) -> None:
    cells = _applications(
        [
            "（二）部分公开（区分处理的，只计这一情形，\t4\t0\t0\t0\t0\t0\t4",
            "不计其他情形）",
            "（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府",
            "信息公开申请\t5\t0\t0\t0\t0\t0\t5",
        ],
        codebook,
    )
    assert cells[("partially_granted", "natural_person")] == 4
    assert cells[("other_no_correction", "natural_person")] == 5


def test_other_misc_needs_its_group(codebook: Codebook) -> None:
    cells = _applications(
        [
            "（六）其他处理\t1.申请人无正当理由逾期不补正\t0\t0\t0\t0\t0\t0\t0",
            "\t3.其他\t7\t0\t0\t0\t0\t0\t7",
        ],
        codebook,
    )
    assert cells[("other_misc", "natural_person")] == 7


def test_2019_single_other_row(codebook: Codebook) -> None:
    alignment = align_document(
        parse_lines([*HEADER, "（六）其他处理\t\t2\t0\t0\t0\t0\t0\t2"]), codebook, 2020
    )
    assert alignment.applications_layout == "2019"
    assert {(c.row_code, c.value) for c in alignment.cells if c.column_code == "total"} == {
        ("other", 2.0)
    }


def test_blank_applicant_cells_stay_null_beside_a_printed_total(codebook: Codebook) -> None:
    # huojia's layout: the applicant columns left blank, only 总计 printed.
    cells = _applications(["三、本年度办理结果\t(一) 予以公开\t\t\t\t\t\t0\t"], codebook)
    assert cells[("granted", "total")] == 0
    assert all(cells[("granted", c)] is None for c in ("natural_person", "commercial_enterprise"))


def test_subtotal_column_is_read_and_kept_apart(codebook: Codebook) -> None:
    header = [
        "三、收到和处理政府信息公开申请情况",
        "\t\t\t自然人\t法人或其他组织\t\t\t\t\t\t总计",
        "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t小计",
    ]
    alignment = align_document(
        parse_lines([*header, "一、本年新收政府信息公开申请数量\t\t\t1\t2\t3\t0\t0\t0\t5\t6"]),
        codebook,
        2022,
    )
    cells = {c.column_code: c.value for c in alignment.cells}
    assert cells["legal_person_subtotal"] == 5
    assert cells["total"] == 6
    assert cells["commercial_enterprise"] == 2


def test_money_in_wan_yuan_becomes_yuan_and_change_may_be_negative(codebook: Codebook) -> None:
    lines = [
        "二、主动公开政府信息情况",
        "第二十条第（五）项",
        "信息内容\t上一年项目数量\t本年增/减\t处理决定数量",
        "行政许可\t12\t−185\t1,234",
        "第二十条第（九）项",
        "信息内容\t采购项目数量\t采购总金额",
        "政府集中采购\t3\t2.5万元",
        "第二十条第（八）项",
        "信息内容\t上一年项目数量\t本年增/减",
        "行政事业性收费\t/\t0",
    ]
    alignment = align_document(parse_lines(lines), codebook, 2020)
    assert alignment.proactive_version == "2019"
    cells = {(c.row_code, c.column_code): c.value for c in alignment.cells}
    assert cells[("administrative_licensing", "change")] == -185
    assert cells[("administrative_licensing", "decisions")] == 1234
    assert cells[("centralized_procurement", "procurement_amount")] == 25_000
    assert cells[("administrative_fees", "prior_year_items")] is None


def test_a_misprinted_grid_value_stays_in_its_column_as_unreadable(codebook: Codebook) -> None:
    from ingest.document import Cell, Document, Paragraph, Table
    from ingest.normalize import ValueStatus

    rows = [
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
        ["三、本年度办理结果", "（一）予以公开", "", "1O", "0", "0", "0", "0", "0", "10"],
    ]
    document = Document(
        [
            Paragraph("三、收到和处理政府信息公开申请情况"),
            Table([[Cell(t, page=1) for t in row] for row in rows], grid=True),
        ]
    )
    alignment = align_document(document, codebook, 2022)
    cells = {c.column_code: c for c in alignment.cells}
    assert cells["natural_person"].status is ValueStatus.UNPARSED
    assert cells["natural_person"].printed_text == "1O"
    assert cells["total"].value == 10
