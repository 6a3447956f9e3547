"""Section 三 rows aligned as a sequence: typos, split labels, group labels, omitted, added lines.

Each printed row k carries the value k in 自然人 and 总计, so a row placed on the wrong template
row shows up as a wrong value, not only as a wrong code.
"""

from __future__ import annotations

import random

from ingest.align import align_document
from ingest.codebook import Codebook
from ingest.document import Cell, Document, Paragraph, Table
from ingest.readers.text import parse_lines
from ingest.sequence import approximate_distance, fragment_similarity

HEADER = [
    "三、收到和处理政府信息公开申请情况",
    "\t\t\t申请人情况",
    "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
    "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他",
]


def _label(codebook: Codebook, code: str) -> str:
    return next(o.label for o in codebook.outcomes if o.code == code)


def _values(k: int) -> str:
    return "\t".join([str(k), "0", "0", "0", "0", "0", str(k)])


def _section(codebook: Codebook, labels: dict[str, str] | None = None) -> list[str]:
    """Every 2021 row as `label<TAB>values`, row k holding k; `labels` overrides printed labels."""
    labels = labels or {}
    return [
        f"{labels.get(code, _label(codebook, code))}\t{_values(k)}"
        for k, code in enumerate(codebook.outcome_codes("2021"), start=1)
    ]


def _align(codebook: Codebook, lines: list[str]):
    return align_document(parse_lines(HEADER + lines), codebook, 2022)


def _natural_person(alignment) -> dict[str, float | None]:
    return {
        c.row_code: c.value
        for c in alignment.cells
        if c.section == "applications" and c.column_code == "natural_person"
    }


def _expected(codebook: Codebook, omitted: frozenset[str] = frozenset()) -> dict[str, float]:
    return {
        code: float(k)
        for k, code in enumerate(codebook.outcome_codes("2021"), start=1)
        if code not in omitted
    }


def _placement(alignment, code: str) -> tuple[float | None, str | None]:
    cell = next(c for c in alignment.cells if c.row_code == code)
    return cell.match_score, cell.placed_by


def test_approximate_distance_is_the_edit_distance_to_the_best_substring() -> None:
    def reference(pattern: str, text: str) -> int:
        previous = list(range(len(pattern) + 1))
        best = previous[-1]
        for char in text:
            current = [0]
            for i in range(1, len(pattern) + 1):
                substitution = previous[i - 1] + (pattern[i - 1] != char)
                current.append(min(previous[i] + 1, current[i - 1] + 1, substitution))
            previous = current
            best = min(best, current[-1])
        return best

    rng = random.Random(8)
    for _ in range(3000):
        pattern = "".join(rng.choice("予以公开不") for _ in range(rng.randint(1, 9)))
        text = "".join(rng.choice("予以公开不") for _ in range(rng.randint(0, 14)))
        assert approximate_distance(pattern, text) == reference(pattern, text), (pattern, text)
    assert fragment_similarity("予以公开", "一予以公井") == 0.75


def test_a_clean_section_is_placed_by_label_exactly(codebook: Codebook) -> None:
    alignment = _align(codebook, _section(codebook))
    assert _natural_person(alignment) == _expected(codebook)
    assert alignment.problems == []
    assert {(c.match_score, c.placed_by) for c in alignment.cells} == {(1.0, "label")}


def test_typos_and_dropped_or_wrong_characters_land_on_their_rows(codebook: Codebook) -> None:
    labels = {
        "granted": "（一）予以公井",
        "denied_prohibited_by_law": "（三）不予公开 2.其他法律法规禁止公开",
        "denied_third_party_rights": "4.保护第叁方合法权益",
        "denied_internal_affairs": "5.属于三类内部事物信息",
        "rejected_duplicate": "2.重夏申请",
        "processed_total": "（七）总汁",
    }
    alignment = _align(codebook, _section(codebook, labels))
    assert _natural_person(alignment) == _expected(codebook)
    assert alignment.problems == []
    score, placed_by = _placement(alignment, "denied_third_party_rights")
    assert score is not None and 0.6 < score < 1
    assert placed_by == "label"  # 8 of its 9 characters: the label alone picks the row
    # 总汁 shares one character of 总计: its neighbours placed it, and staging says so.
    assert _placement(alignment, "processed_total") == (0.5, "position")


def test_a_label_split_around_its_values_is_one_row(codebook: Codebook) -> None:
    lines = _section(codebook)
    at = codebook.outcome_codes("2021").index("unavailable_unclear_request")
    lines[at] = f"\t3.补正后申请内容\t{_values(at + 1)}"
    lines.insert(at + 1, "仍不明确")
    alignment = _align(codebook, lines)
    assert _natural_person(alignment) == _expected(codebook)
    cell = next(c for c in alignment.cells if c.row_code == "unavailable_unclear_request")
    assert cell.printed_label == "3.补正后申请内容 仍不明确"
    assert cell.placed_by == "label"
    nxt = next(c for c in alignment.cells if c.row_code == "rejected_petition_complaint")
    assert "仍不明确" not in nxt.printed_label


def test_a_label_before_its_values_joins_them(codebook: Codebook) -> None:
    lines = _section(codebook)
    at = codebook.outcome_codes("2021").index("denied_state_secret")
    lines[at : at + 1] = ["（三）不予公开", "1.属于国家秘密", f"\t{_values(at + 1)}"]
    alignment = _align(codebook, lines)
    assert _natural_person(alignment) == _expected(codebook)


def test_group_labels_are_never_rows(codebook: Codebook) -> None:
    codes = codebook.outcome_codes("2021")
    lines = _section(codebook)
    # As their own rows (one over blank cells, as a Word table prints it) ...
    lines.insert(codes.index("denied_state_secret"), "（三）不予公开\t\t\t\t\t\t\t")
    lines.insert(codes.index("unavailable_not_held") + 1, "（四）无法提供")
    # ... repeated before every item of 不予处理 ...
    for code in codes[
        codes.index("rejected_petition_complaint") : codes.index("other_no_correction")
    ]:
        if code.startswith("rejected_"):
            at = next(i for i, line in enumerate(lines) if line.startswith(_label(codebook, code)))
            lines[at] = "（五）不予处理\t" + lines[at].split(" ", 1)[1]
    # ... and the vertical 三、本年度办理结果, one character per line between rows.
    first = codes.index("granted")
    for offset, char in enumerate("三、本年度办理结果"):
        lines.insert(first + 2 * offset, char)
    alignment = _align(codebook, lines)
    assert _natural_person(alignment) == _expected(codebook)
    assert alignment.problems == []


def test_an_omitted_row_stays_missing_and_is_reported(codebook: Codebook) -> None:
    lines = _section(codebook)
    codes = codebook.outcome_codes("2021")
    for code in ("partially_granted", "denied_enforcement_files", "other_misc"):
        lines[codes.index(code)] = ""
    alignment = _align(codebook, [line for line in lines if line])
    omitted = frozenset({"partially_granted", "denied_enforcement_files", "other_misc"})
    assert _natural_person(alignment) == _expected(codebook, omitted)
    assert any(
        "rows not found: partially_granted, denied_enforcement_files, other_misc" in p
        for p in alignment.problems
    )


def test_added_lines_inside_the_table_are_ignored(codebook: Codebook) -> None:
    codes = codebook.outcome_codes("2021")
    lines = _section(codebook)
    lines.insert(codes.index("granted"), "注：本表数据截至12月31日")
    lines.insert(codes.index("denied_process_information") + 1, "3")
    lines.insert(codes.index("rejected_excessive") + 2, "\t12")
    alignment = _align(codebook, lines)
    assert _natural_person(alignment) == _expected(codebook)
    assert alignment.unplaced == []  # nothing that looks like a row went unplaced


def test_a_note_row_with_values_is_not_shifted_into_an_omitted_row(codebook: Codebook) -> None:
    codes = codebook.outcome_codes("2021")
    lines = _section(codebook)
    at = codes.index("rejected_publication")
    lines[at] = "其中：涉及疫情防控的申请\t" + _values(99)
    alignment = _align(codebook, lines)
    assert _natural_person(alignment) == _expected(codebook, frozenset({"rejected_publication"}))
    assert len(alignment.unplaced) == 1 and "其中：涉及疫情防控的申请" in alignment.unplaced[0]


def test_a_garbled_label_between_fixed_neighbours_is_placed_by_position(
    codebook: Codebook,
) -> None:
    codes = codebook.outcome_codes("2021")
    lines = _section(codebook)
    at = codes.index("rejected_publication")
    lines[at] = "\t" + _values(at + 1)  # the label was lost: only the values are printed
    alignment = _align(codebook, lines)
    assert _natural_person(alignment) == _expected(codebook)
    assert _placement(alignment, "rejected_publication") == (0.0, "position")


def test_a_grid_with_typos_and_a_group_row(codebook: Codebook) -> None:
    """A Word-like grid: group cells repeated on every item row, a typo, a spanning group row."""
    header = [
        ["", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
    ]
    body = []
    for k, code in enumerate(codebook.outcome_codes("2021"), start=1):
        label = _label(codebook, code)
        group, _, item = label.rpartition(" ")
        if code == "rejected_duplicate":
            item = "2.重复甲请"
        if code == "denied_state_secret":
            body.append(["三、本年度办理结果", "（三）不予公开", *[""] * 7])
        body.append([group or "三、本年度办理结果", item, *_values(k).split("\t")])
    document = Document(
        [
            Paragraph("三、收到和处理政府信息公开申请情况"),
            Table([[Cell(t, page=1) for t in row] for row in header + body], grid=True),
        ]
    )
    alignment = align_document(document, codebook, 2022)
    assert _natural_person(alignment) == _expected(codebook)
    assert alignment.applications_layout == "2021"


def test_the_2019_layout_is_chosen_by_the_better_alignment(codebook: Codebook) -> None:
    lines = [
        f"{_label(codebook, code)}\t{_values(k)}"
        for k, code in enumerate(codebook.outcome_codes("2019"), start=1)
    ]
    alignment = _align(codebook, lines)
    assert alignment.applications_layout == "2019"
    values = _natural_person(alignment)
    assert values["other"] == codebook.outcome_codes("2019").index("other") + 1
    assert "other_misc" not in values


PROACTIVE_2021 = [
    "二、主动公开政府信息情况",
    "第二十条第（一）项",
    "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
    "{regulations}\t1\t2\t3",
    "{normative}\t4\t5\t6",
    "第二十条第（五）项",
    "信息内容\t本年处理决定数量",
    "{licensing}\t7",
    "第二十条第（六）项",
    "信息内容\t本年处理决定数量",
    "{penalty}\t8",
    "{coercion}\t9",
    "第二十条第（八）项",
    "信息内容\t本年收费金额（单位：万元）",
    "{fees}\t10",
]
LABELS_2021 = {
    "regulations": "规章",
    "normative": "行政规范性文件",
    "licensing": "行政许可",
    "penalty": "行政处罚",
    "coercion": "行政强制",
    "fees": "行政事业性收费",
}


def _proactive(codebook: Codebook, lines: list[str]) -> dict[tuple[str, str], float | None]:
    alignment = align_document(parse_lines(lines), codebook, 2022)
    assert alignment.proactive_version == "2021"
    return {(c.row_code, c.column_code): c.value for c in alignment.cells}


def test_section_two_items_with_typos_land_on_their_rows(codebook: Codebook) -> None:
    labels = {
        **LABELS_2021,
        "normative": "行政规范姓文件",
        "penalty": "行政处刑",
        "fees": "行政事业收费",
    }
    cells = _proactive(codebook, [line.format(**labels) for line in PROACTIVE_2021])
    assert cells[("normative_documents", "in_force")] == 6
    assert cells[("administrative_penalty", "decisions")] == 8
    assert cells[("administrative_fees", "fee_amount")] == 100_000


def test_a_note_naming_an_item_is_not_that_item(codebook: Codebook) -> None:
    lines = [line.format(**LABELS_2021) for line in PROACTIVE_2021]
    lines.insert(4, "（注：2022年度无收费情况）")  # under 第二十条第（一）项, before 行政规范性文件
    lines.insert(9, "第2页")
    cells = _proactive(codebook, lines)
    assert cells[("administrative_fees", "fee_amount")] == 100_000
    assert cells[("normative_documents", "issued")] == 4
    assert cells[("administrative_licensing", "decisions")] == 7
