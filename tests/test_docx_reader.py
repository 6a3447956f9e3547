"""The DOCX reader on real .docx files: rendered reports, the national template, edge cases."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from benchmarks.corpus.docx import render_docx
from benchmarks.corpus.layout import (
    CLOSING,
    SECTION_HEADINGS,
    applications_grid,
    flatten,
    proactive_grid,
    review_grid,
)
from benchmarks.corpus.spec import random_spec
from ingest.document import Paragraph, ReaderError, Table
from ingest.paths import samples_dir
from ingest.readers import read_document
from ingest.readers.docx import read_docx

TEMPLATE = samples_dir() / "template" / "blank_template_2021.docx"


def texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


def save(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def spec():
    spec = random_spec(7, blank_rate=0.15)
    spec.review[("litigation_direct", "pending")] = None  # at least one blank in each table
    spec.applications[("granted", "natural_person")] = None
    spec.prose_received = 42
    return spec


@pytest.fixture(scope="module")
def report(spec):
    return read_docx(render_docx(spec), "report.docx")


def test_blocks_come_in_document_order(report, spec):
    kinds = [
        "T" if isinstance(b, Table) else b.text
        for b in report.blocks
        if isinstance(b, Table) or b.text in SECTION_HEADINGS.values() or b.text == spec.title
    ]
    assert kinds == [
        spec.title,
        SECTION_HEADINGS["proactive"],
        "T",
        SECTION_HEADINGS["applications"],
        "T",
        SECTION_HEADINGS["review_litigation"],
        "T",
    ]
    paragraphs = [b.text for b in report.paragraphs()]
    assert paragraphs[-4:] == CLOSING
    assert f"全年共收到政府信息公开申请{spec.prose_received}件，均已按时答复。" in paragraphs


def test_tables_are_full_width_grids_with_merges_expanded(report, spec):
    proactive, applications, review = report.tables()
    for table, grid, width in [
        (proactive, proactive_grid(spec), 4),
        (applications, applications_grid(spec), 10),
        (review, review_grid(spec), 15),
    ]:
        assert table.grid is True
        assert {len(row) for row in table.rows} == {width}
        # Every printed cell where the template grid puts it; covered positions are "".
        # The rule cell is two paragraphs in the file: joined by a newline.
        assert [[t.replace("\n", "") for t in row] for row in texts(table)] == flatten(grid)


def test_grid_span_and_vertical_merge_positions(report):
    _, applications, review = texts_of(report)
    rule = "（本列数据的勾稽关系为：\n第一项加第二项之和，等于第三项加第四项之和）"
    assert applications[0][0] == rule
    assert applications[0][1:4] == ["", "", "申请人情况"]
    assert applications[1] == ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]
    assert applications[2][3] == "" and applications[2][9] == ""  # vMerge continuations
    granted = next(i for i, row in enumerate(applications) if row[1] == "（一）予以公开")
    assert applications[granted][0] == "三、本年度办理结果"
    assert all(row[0] == "" for row in applications[granted + 1 : -1])
    assert review[0][:6] == ["行政复议", "", "", "", "", "行政诉讼"]
    assert review[2][:5] == [""] * 5


def texts_of(document):
    return [texts(t) for t in document.tables()]


def test_blank_cells_are_empty_and_split_runs_joined(report, spec):
    _, applications, review = texts_of(report)
    codebook_order = [(p, r) for p in _proceedings() for r in _results()]
    for key, text in zip(codebook_order, review[3], strict=True):
        assert text == (spec.review[key] or "")
    # Multi-digit values are split over two runs in the file; one text here.
    assert any(len(t) >= 2 and t.isdigit() for row in applications for t in row)


def _proceedings():
    return ["administrative_review", "litigation_direct", "litigation_after_review"]


def _results():
    return ["upheld", "corrected", "other", "pending", "total"]


def test_subtotal_column_and_2019_shapes():
    spec = random_spec(3, version="2019", subtotal_column=True)
    document = read_docx(render_docx(spec), "old.docx")
    proactive, applications, _ = document.tables()
    assert {len(r) for r in applications.rows} == {11}
    assert texts(applications)[2][9] == "小计"
    assert texts(proactive) == flatten(proactive_grid(spec))


def test_the_national_blank_template():
    document = read_docx(TEMPLATE.read_bytes(), str(TEMPLATE))
    proactive, applications, review = texts_of(document)
    assert {len(r) for r in proactive} == {4}
    assert {len(r) for r in applications} == {10}
    assert {len(r) for r in review} == {15}
    assert proactive[5] == ["信息内容", "本年处理决定数量", "", ""]
    # The template's blank cells hold full-width spaces: blank here.
    assert proactive[2] == ["规章", "", "", ""]
    assert review[1][1] == "结果\n纠正"  # two paragraphs in one cell
    assert review[3] == [""] * 15
    assert applications[7][:3] == ["", "（三）不予公开", "1.属于国家秘密"]
    headings = [p.text for p in document.paragraphs()]
    assert "三、收到和处理政府信息公开申请情况" in headings


def test_grid_before_and_after_pad_short_rows():
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for i, cell in enumerate(table.rows[0].cells):
        cell.text = f"h{i}"
    row = table.rows[1]._tr
    row.remove(row.tc_lst[0])  # the row now starts one grid column in
    row.remove(row.tc_lst[-1])  # ... and ends one early
    properties = row.get_or_add_trPr()
    for name in ("w:gridBefore", "w:gridAfter"):
        element = OxmlElement(name)
        element.set(qn("w:val"), "1")
        properties.append(element)
    row.tc_lst[0].append(_paragraph("middle"))
    (read,) = read_docx(save(document), "short.docx").tables()
    assert texts(read) == [["h0", "h1", "h2"], ["", "middle", ""]]


def _paragraph(text: str):
    paragraph = OxmlElement("w:p")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    paragraph.append(run)
    return paragraph


def test_sliver_and_unused_grid_columns_are_folded():
    """LibreOffice and Word leave 1-twip grid columns where borders almost line up."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=4)
    top, bottom = table.rows
    top.cells[0].merge(top.cells[1]).text = "merged"  # spans the sliver column 1
    top.cells[2].text, top.cells[3].text = "b", "c"
    bottom.cells[0].merge(bottom.cells[1]).text = "1"
    bottom.cells[2].text, bottom.cells[3].text = "2", "3"
    grid = table._tbl.tblGrid
    grid.gridCol_lst[1].set(qn("w:w"), "1")
    (read,) = read_docx(save(document), "sliver.docx").tables()
    assert texts(read) == [["merged", "b", "c"], ["1", "2", "3"]]


def test_nested_tables_flattened_or_unwrapped():
    document = docx.Document()
    document.add_paragraph("before")
    frame = document.add_table(rows=1, cols=1)  # a layout frame around the real table
    frame.cell(0, 0).paragraphs[0].text = "inside the frame"
    inner = frame.cell(0, 0).add_table(rows=2, cols=3)
    for r in range(2):
        for c in range(3):
            inner.cell(r, c).text = f"{r}{c}"
    data = document.add_table(rows=2, cols=2)  # a data table with a small table in a cell
    data.cell(0, 0).text, data.cell(0, 1).text = "label", "value"
    data.cell(1, 0).text = "note"
    small = data.cell(1, 1).add_table(rows=1, cols=2)
    small.cell(0, 0).text, small.cell(0, 1).text = "a", "b"
    document.add_paragraph("after")
    blocks = read_docx(save(document), "nested.docx").blocks
    assert [type(b).__name__ for b in blocks] == [
        "Paragraph",
        "Paragraph",
        "Table",
        "Table",
        "Paragraph",
    ]
    assert isinstance(blocks[1], Paragraph) and blocks[1].text == "inside the frame"
    assert isinstance(blocks[2], Table) and isinstance(blocks[3], Table)
    assert texts(blocks[2]) == [["00", "01", "02"], ["10", "11", "12"]]
    assert texts(blocks[3]) == [["label", "value"], ["note", "a b"]]


def test_content_controls_hidden_text_line_breaks_and_tab_rows():
    document = docx.Document()
    paragraph = document.add_paragraph("一、总体")
    paragraph.add_run("（隐藏批注）").font.hidden = True
    paragraph.add_run("情况")
    wrapped = document.add_paragraph("由内容控件包裹的段落")
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    wrapped._p.addprevious(sdt)
    sdt.append(content)
    content.append(wrapped._p)
    broken = document.add_paragraph("第一行")
    broken.add_run().add_break()
    broken.add_run("第二行")
    document.add_paragraph("\t信息内容\t本年制发件数\t本年废止件数")
    document.add_paragraph("规章\t5\t\t7")
    document.add_paragraph("单独\t一行\t制表符\t不是表格")
    document.add_paragraph("结束")
    blocks = read_docx(save(document), "misc.docx").blocks
    assert isinstance(blocks[0], Paragraph) and blocks[0].text == "一、总体情况"
    assert isinstance(blocks[1], Paragraph) and blocks[1].text == "由内容控件包裹的段落"
    assert isinstance(blocks[2], Paragraph) and blocks[2].text == "第一行\n第二行"
    assert isinstance(blocks[3], Table) and blocks[3].grid is False
    assert texts(blocks[3]) == [
        ["信息内容", "本年制发件数", "本年废止件数"],
        ["规章", "5", "", "7"],
        ["单独", "一行", "制表符", "不是表格"],
    ]
    assert isinstance(blocks[4], Paragraph) and blocks[4].text == "结束"


def test_corrupt_files_fail_with_a_message_naming_them(tmp_path):
    with pytest.raises(ReaderError) as bad_zip:
        read_docx(b"PK\x03\x04 this is not really a zip", "reports/broken.docx")
    assert bad_zip.value.reason == "corrupt"
    assert "reports/broken.docx" in bad_zip.value.message

    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("readme.txt", "not a Word document")
    with pytest.raises(ReaderError) as not_docx:
        read_docx(other_zip.getvalue(), "archive.docx")
    assert not_docx.value.reason == "corrupt"
    assert "archive.docx" in not_docx.value.message

    # A truncated download of a real report.
    whole = render_docx(random_spec(1))
    with pytest.raises(ReaderError) as truncated:
        read_docx(whole[: len(whole) // 2], "half.docx")
    assert truncated.value.reason == "corrupt"


def test_password_protected_docx_is_reported_as_encrypted():
    # Word stores an encrypted .docx as a compound file holding an EncryptedPackage stream.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    data = header + "EncryptedPackage".encode("utf-16-le") + bytes(64)
    with pytest.raises(ReaderError) as error:
        read_document(data, Path("secret.docx"))
    assert error.value.reason == "encrypted"
    assert "secret.docx" in error.value.message


def test_macro_enabled_document_is_read():
    """A .docm main part is not registered with python-docx; its XML is read all the same."""
    source = io.BytesIO(render_docx(random_spec(2)))
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            payload = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                payload = payload.replace(
                    b"wordprocessingml.document.main+xml",
                    b"ms-word.document.macroEnabled.main+xml",
                )
            zout.writestr(copy.copy(item), payload)
    document = read_docx(out.getvalue(), "macro.docm")
    assert [len(t.rows[0]) for t in document.tables()] == [4, 10, 15]


def test_dispatch_reads_docx_by_magic(tmp_path):
    data = render_docx(random_spec(5))
    fmt, document = read_document(data, tmp_path / "report.bin")
    assert fmt == "docx"
    assert len(list(document.tables())) == 3
