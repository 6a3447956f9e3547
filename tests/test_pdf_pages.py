"""Page pre-selection: only pages that may hold a template table go through pdfplumber, and the
report reads the same as when every page does (every template cell, statement and title)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import ingest.readers.pdf as pdf_reader
from benchmarks.corpus import random_spec
from benchmarks.corpus.pdf import render_pdf
from ingest.document import Table
from ingest.parse import parse_file

VARIANTS: dict[str, dict[str, Any]] = {
    "ruled": {"ruled": True},
    "ruled_split": {"ruled": True, "split_applications": True, "repeat_header": True},
    "unruled": {"ruled": False},
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_narrative_pages_skip_pdfplumber_and_every_cell_reads_the_same(
    variant: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, codebook
) -> None:
    spec = random_spec(7, blank_rate=0.1, codebook=codebook)
    data = render_pdf(spec, narrative_pages=4, codebook=codebook, **VARIANTS[variant])
    selected = pdf_reader.read_pdf(data)
    survey = pdf_reader._survey(data, selected.page_count or 0)
    assert survey is not None
    assert [page.may_hold_table for page in survey].count(False) >= 3  # the narrative pages
    every_page = pdf_reader.read_pdf(data, select_pages=False)
    assert [t.rows for t in selected.tables()] == [t.rows for t in every_page.tables()]
    assert any(isinstance(b, Table) for b in selected.blocks)

    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    fast = parse_file(path)
    original = pdf_reader.read_pdf
    monkeypatch.setattr(
        pdf_reader, "read_pdf", lambda data, source="": original(data, source, select_pages=False)
    )
    slow = parse_file(path)
    assert fast.status == slow.status == "ok"
    assert fast.cells == slow.cells
    assert fast.statements == slow.statements
    assert (fast.title, fast.year, fast.agency_name) == (slow.title, slow.year, slow.agency_name)


def test_a_page_of_bare_numbers_without_labels_is_read_by_pdfplumber() -> None:
    writer = pdf_reader_writer()
    writer.paragraph("续表")
    writer.paragraph("  ".join(str(n) for n in range(1, 12)))
    survey = pdf_reader._survey(writer.to_bytes(), 1)
    assert survey is not None and survey[0].may_hold_table


def pdf_reader_writer():
    from benchmarks.corpus.pdf import PdfWriter

    return PdfWriter()
