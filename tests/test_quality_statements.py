"""The prose-number extractor on the real samples and on phrasings seen in real reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.document import Cell, Document, Paragraph, Table
from ingest.paths import samples_dir
from ingest.readers import read_document
from ingest.statements import Statement, chinese_number, extract_statements


def _statements(*paragraphs: str) -> dict[str, float | None]:
    document = Document([Paragraph(text, line=i + 1) for i, text in enumerate(paragraphs)])
    return {code: value for code, value, _, _ in extract_statements(document)}


def _sample(name: str) -> list[Statement]:
    path = samples_dir() / "reports" / name
    _, document = read_document(path.read_bytes(), Path(path))
    return extract_statements(document)


def test_samples_state_what_their_prose_says() -> None:
    assert _sample("quanzhou_digital_office_2021.txt") == [
        ("proactive_published", 35.0, "我办本年度主动公开文件35件,其中规范性文件1件", 35),
        ("applications_received", 2.0, "2021年度我办收到2条政府信息公开申请,并同意公开", 49),
        ("review_cases", 0.0, "至2021年底,我办未收到针对本单位有关政府信息公开事务的行政复议", 53),
    ]
    assert _sample("huojia_gov_service_bureau_2022.md") == [
        ("applications_received", 0.0, "2022年,我局未收到信息公开的申请", 15),
    ]
    shishi = "2022年度我局无受理依申请公开政府信息、申请行政复议、提起诉讼和申诉的案件情况"
    assert _sample("shishi_big_data_bureau_2022.txt") == [
        ("applications_received", 0.0, shishi, 15),
        ("review_cases", 0.0, shishi, 15),
        ("litigation_cases", 0.0, shishi, 15),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年共收到政府信息公开申请12件，均已按时答复。", {"applications_received": 12.0}),
        ("本年度新收政府信息公开申请 1,024 件。", {"applications_received": 1024.0}),
        ("收到依申请公开两件。", {"applications_received": 2.0}),
        ("共受理政府信息公开申请15件（含上年结转3件）。",
         {"applications_received_incl_carried_over": 15.0}),
        ("共收到政府信息公开申请15件，其中上年结转3件。",
         {"applications_received_incl_carried_over": 15.0}),
        # 受理…N件 is new applications unless 含上年结转 qualifies N itself:
        ("共受理政府信息公开申请20件，其中结转下年度继续办理2件。",
         {"applications_received": 20.0}),
        ("受理政府信息公开申请20件，办结18件，其中上年结转申请2件。",
         {"applications_received": 20.0}),
        ("发生政府信息公开行政复议案件2件，行政诉讼1件。",
         {"review_cases": 2.0, "litigation_cases": 1.0}),
        ("本年度未发生因政府信息公开申请行政复议、提起行政诉讼的情况。",
         {"review_cases": 0.0, "litigation_cases": 0.0}),
        ("主动公开政府信息 1,203 条。", {"proactive_published": 1203.0}),
        ("我局认真做好依申请公开工作，做到规范受理。", {}),
    ],
)  # fmt: skip
def test_phrasings(text: str, expected: dict[str, float]) -> None:
    assert _statements(text) == expected


def test_first_statement_wins() -> None:
    stated = _statements("全年收到政府信息公开申请10件。", "其中，收到政府信息公开申请3件。")
    assert stated == {"applications_received": 10.0}


def test_chinese_numbers() -> None:
    assert [chinese_number(t) for t in ("三", "十二", "二十", "两百", "一千零五", "一二")] == [
        3, 12, 20, 200, 1005, None,
    ]  # fmt: skip


def test_prose_a_text_export_put_in_a_table_is_read() -> None:
    """Prose lines without blank lines between them can come back as rows of a table."""
    table = Table([[Cell("全年共收到政府信息公开申请9件，均已按时答复。", line=4)],
                   [Cell("一、本年新收政府信息公开申请数量"), Cell("9")]])  # fmt: skip
    assert extract_statements(Document([table])) == [
        ("applications_received", 9.0, "全年共收到政府信息公开申请9件,均已按时答复", 4)
    ]
