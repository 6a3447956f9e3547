"""The PDF reader on PDFs rendered from reports with known content (real pdfplumber, real files).

A ruled table must come out exactly as `flatten(grid)` of the template grid it was drawn from:
merged text in the first position, "" in the positions a span covers, wrapped labels joined.
Unruled tables, rebuilt from word positions, must come out the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from benchmarks.corpus.layout import (
    SECTION_HEADINGS,
    applications_grid,
    flatten,
    proactive_grid,
    review_grid,
)
from benchmarks.corpus.pdf import (
    APPLICATION_HEADER_ROWS,
    APPLICATION_LABEL_WIDTHS,
    CONTENT_WIDTH,
    ENCRYPTED_TEXT,
    PdfWriter,
    render_encrypted_pdf,
    render_pdf,
    render_scanned_pdf,
    truncate_pdf,
)
from benchmarks.corpus.spec import ReportSpec, random_spec
from ingest.codebook import Codebook
from ingest.document import Document, ReaderError, Table
from ingest.readers import read_document
from ingest.readers.pdf import read_pdf

CODEBOOK = Codebook.load()
SOURCE = "reports/测试县/2022.pdf"


def texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


def pages(table: Table) -> list[int | None]:
    """The page of each row (all cells of a row share it)."""
    out = []
    for row in table.rows:
        assert len({cell.page for cell in row}) == 1
        out.append(row[0].page)
    return out


def expected_tables(spec: ReportSpec) -> list[list[list[str]]]:
    return [
        flatten(proactive_grid(spec, CODEBOOK)),
        flatten(applications_grid(spec, CODEBOOK)),
        flatten(review_grid(spec, CODEBOOK)),
    ]


def read(spec: ReportSpec, **options: Any) -> Document:
    return read_pdf(render_pdf(spec, codebook=CODEBOOK, **options), SOURCE)


@pytest.fixture(scope="module")
def spec() -> ReportSpec:
    return random_spec(7, blank_rate=0.1, codebook=CODEBOOK)


@pytest.fixture(scope="module")
def ruled(spec: ReportSpec) -> Document:
    return read(spec)


# --- ruled tables --------------------------------------------------------------------------------


def test_ruled_tables_are_the_template_grids(spec, ruled):
    tables = list(ruled.tables())
    assert [texts(t) for t in tables] == expected_tables(spec)
    assert all(t.grid for t in tables)
    assert [len(t.rows[0]) for t in tables] == [4, 10, 15]


def test_merged_and_wrapped_cells(ruled):
    applications = texts(list(ruled.tables())[1])
    # The header: one long rule text wrapped over two lines, spans across the header rows.
    assert (
        applications[0][0] == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    )
    assert applications[0][1:4] == ["", "", "申请人情况"]
    assert applications[2][4:9] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    rows = {row[2] or row[1] or row[0]: row for row in applications[3:]}
    # The vertical label, printed one character per line, is one cell in its first row only.
    assert rows["（一）予以公开"][0] == "三、本年度办理结果"
    assert [row[0] for row in applications[6:-1]] == [""] * (len(applications) - 7)
    # A group label spans its items: text in the first, "" in the others.
    assert rows["1.属于国家秘密"][1] == "（三）不予公开"
    assert rows["2.其他法律行政法规禁止公开"][1] == ""
    # Labels wrapped over several lines inside one cell.
    assert "5.要求行政机关确认或重新出具已获取信息" in rows
    assert rows["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"][2] == ""
    assert rows["一、本年新收政府信息公开申请数量"][1:3] == ["", ""]


def test_every_block_has_its_page(ruled):
    assert ruled.page_count == 3
    for block in ruled.blocks:
        if isinstance(block, Table):
            assert all(cell.page and cell.line is None for row in block.rows for cell in row)
        else:
            assert block.page in (1, 2, 3)
    proactive, applications, review = ruled.tables()
    assert set(pages(review)) == {3}
    assert set(pages(proactive)) == {1}
    assert set(pages(applications)) == {2}


def test_paragraphs_in_reading_order_without_page_numbers(spec, ruled):
    paragraphs = [(p.page, p.text) for p in ruled.paragraphs()]
    assert paragraphs[0] == (1, spec.title)
    headings = [text for _, text in paragraphs if text in SECTION_HEADINGS.values()]
    assert headings == list(SECTION_HEADINGS.values())
    # The body line wrapped by the renderer (only its final "。" on the second line) is one
    # paragraph again.
    assert (
        1,
        "2022年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开。",
    ) in (paragraphs)
    assert not any(text.strip("- ").isdigit() for _, text in paragraphs)
    # Tables sit between their headings.
    kinds = ["T" if isinstance(b, Table) else b.text for b in ruled.blocks]
    for heading in SECTION_HEADINGS.values():
        assert kinds[kinds.index(heading) + 1] == "T"


@pytest.mark.parametrize("repeat_header", [False, True], ids=["no-header", "repeated-header"])
def test_table_split_by_a_page_break_is_one_table(spec, repeat_header):
    document = read(spec, split_applications=True, repeat_header=repeat_header)
    tables = list(document.tables())
    assert [texts(t) for t in tables] == expected_tables(spec)
    applications = tables[1]
    split_at = APPLICATION_HEADER_ROWS + CODEBOOK.outcome_codes("2021").index(
        "unavailable_needs_creation"
    )
    assert pages(applications) == [2] * split_at + [3] * (len(applications.rows) - split_at)
    # The merged cells cut by the break continue as empty cells on the next page.
    first_on_next_page = texts(applications)[split_at]
    assert first_on_next_page[:3] == ["", "", "2.没有现成信息需要另行制作"]


def test_continuation_with_fewer_column_edges_is_remapped(spec):
    """The part after the break shows only 总计 and 结转 rows: its label cells span columns
    whose edges that page never draws, so its columns must be matched by position."""
    grid = applications_grid(spec, CODEBOOK)
    outcomes = CODEBOOK.outcome_codes("2021")
    writer = PdfWriter()
    widths = [*APPLICATION_LABEL_WIDTHS] + [(CONTENT_WIDTH - sum(APPLICATION_LABEL_WIDTHS)) / 7] * 7
    writer.table(
        grid,
        widths,
        label_columns=3,
        header_rows=APPLICATION_HEADER_ROWS,
        break_before=APPLICATION_HEADER_ROWS + outcomes.index("processed_total"),
    )
    document = read_pdf(writer.to_bytes(), SOURCE)
    (table,) = document.tables()
    assert texts(table) == flatten(grid)
    assert pages(table)[-2:] == [2, 2]


def test_different_tables_on_consecutive_pages_stay_apart(spec):
    writer = PdfWriter()
    writer.table(proactive_grid(spec, CODEBOOK), [150.0] + [(CONTENT_WIDTH - 150.0) / 3] * 3)
    writer.page_break()
    writer.table(review_grid(spec, CODEBOOK), [CONTENT_WIDTH / 15] * 15, label_columns=0)
    document = read_pdf(writer.to_bytes(), SOURCE)
    assert [len(t.rows[0]) for t in document.tables()] == [4, 15]


# --- unruled tables ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [{}, {"split_applications": True}, {"split_applications": True, "repeat_header": True}],
    ids=["whole", "split", "split-repeated-header"],
)
def test_unruled_tables_rebuilt_from_word_positions(spec, options):
    document = read(spec, ruled=False, **options)
    tables = list(document.tables())
    assert [texts(t) for t in tables] == expected_tables(spec)
    assert all(cell.page for t in tables for row in t.rows for cell in row)


def test_unruled_values_under_spanning_headers_take_the_first_column():
    """Section 二 of 2019: 本年增/减 spans two columns for 收费 and 采购总金额 too; the value
    printed centred under such a header goes to the header's first column."""
    spec = random_spec(11, version="2019", blank_rate=0.0, codebook=CODEBOOK)
    document = read(spec, ruled=False)
    proactive = texts(next(document.tables()))
    assert proactive == flatten(proactive_grid(spec, CODEBOOK))
    fees = next(row for row in proactive if row[0] == "行政事业性收费")
    assert fees[3] == ""


def test_unruled_value_column_blank_all_the_way_down():
    """本年制发件数 is blank in every row: its header alone shows the column, and the label
    column must not swallow it (labels end where the row labels end, not where values start)."""
    spec = random_spec(12, blank_rate=0.0, codebook=CODEBOOK)
    for item in ("regulations", "normative_documents"):
        spec.proactive[(item, "issued")] = None
    document = read(spec, ruled=False)
    proactive = texts(next(document.tables()))
    assert proactive == flatten(proactive_grid(spec, CODEBOOK))
    assert proactive[1][1] == "本年制发件数"


# --- printed values ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def odd_values_spec() -> ReportSpec:
    spec = random_spec(5, version="2019", codebook=CODEBOOK)
    spec.proactive[("administrative_licensing", "change")] = "−185"  # U+2212 minus sign
    spec.proactive[("administrative_penalty", "change")] = "-185"
    spec.proactive[("administrative_coercion", "change")] = "－18"  # full-width
    spec.proactive[("other_external_services", "decisions")] = "1,234"
    spec.proactive[("centralized_procurement", "procurement_amount")] = "12.50万元"
    spec.proactive[("regulations", "newly_made")] = "3件"
    spec.review[("administrative_review", "upheld")] = "/"
    return spec


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_printed_text_kept_as_printed(odd_values_spec, ruled):
    document = read(odd_values_spec, ruled=ruled)
    assert [texts(t) for t in document.tables()] == expected_tables(odd_values_spec)
    proactive = {row[0]: row for row in texts(next(document.tables()))}
    assert proactive["行政许可"][2] == "−185"
    assert proactive["行政处罚"][2] == "-185"
    assert proactive["行政强制"][2] == "－18"
    assert proactive["其他对外管理服务事项"][3] == "1,234"
    assert proactive["政府集中采购"][2] == "12.50万元"
    assert proactive["规章"][1] == "3件"


# --- files that cannot be read -------------------------------------------------------------------


def assert_fails(data: bytes, reason: str, *advice: str) -> ReaderError:
    with pytest.raises(ReaderError) as failure:
        read_pdf(data, SOURCE)
    error = failure.value
    assert error.reason == reason
    assert SOURCE in error.message
    for word in advice:
        assert word in error.message
    return error


def test_scan_without_text_layer_needs_ocr():
    assert_fails(render_scanned_pdf(pages=2), "needs_ocr", "OCR", "2 page")


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.97])
def test_truncated_pdf(ruled_bytes, fraction):
    assert_fails(truncate_pdf(ruled_bytes, fraction), "truncated", "download it again")


def test_damaged_pdf_that_still_ends_with_eof(ruled_bytes):
    damaged = ruled_bytes[:200] + b"\x00garbage" * 100 + ruled_bytes[-200:]
    error = assert_fails(damaged, "corrupt", "download it again")
    assert "Traceback" not in error.message


def test_password_protected_pdf():
    assert_fails(render_encrypted_pdf(), "encrypted", "password", "qpdf")


def test_owner_password_only_is_readable():
    document = read_pdf(render_encrypted_pdf(user_password=""), SOURCE)
    assert [p.text for p in document.paragraphs()] == list(ENCRYPTED_TEXT)


def test_not_a_pdf():
    assert_fails(b"<html><body>404</body></html>", "not_pdf", "download")


def test_dispatch_reads_pdf_by_magic_bytes(ruled_bytes, spec):
    fmt, document = read_document(ruled_bytes, Path("report.bin"))
    assert fmt == "pdf"
    assert [texts(t) for t in document.tables()] == expected_tables(spec)


@pytest.fixture(scope="module")
def ruled_bytes(spec: ReportSpec) -> bytes:
    return render_pdf(spec, codebook=CODEBOOK)
