"""Render a report with known values to DOCX and HTML, read it back, align it to the template,
and compare every cell with `expected_cells(spec)` (None where the report left it blank)."""

from __future__ import annotations

import pytest

from benchmarks.corpus.docx import render_docx
from benchmarks.corpus.html import render_html
from benchmarks.corpus.spec import expected_cells, random_spec
from ingest.align import align_document
from ingest.codebook import Codebook
from ingest.readers.docx import read_docx
from ingest.readers.html import read_html

CODEBOOK = Codebook.load()

RENDERERS = {
    "docx": lambda spec: read_docx(render_docx(spec), "report.docx"),
    "html-utf8": lambda spec: read_html(render_html(spec), "report.html"),
    "html-gbk-undeclared-layout": lambda spec: read_html(
        render_html(spec, encoding="gbk", declare_charset=False, layout_table=True), "report.htm"
    ),
}
CASES = [
    pytest.param(
        seed, version, subtotal, id=f"{version}-seed{seed}{'-subtotal' if subtotal else ''}"
    )
    for seed, version, subtotal in [
        (1, "2021", False),
        (2, "2021", False),
        (3, "2019", False),
        (4, "2019", False),
        (5, "2021", True),
    ]
]


@pytest.mark.parametrize("fmt", RENDERERS)
@pytest.mark.parametrize(("seed", "version", "subtotal"), CASES)
def test_every_cell_round_trips(fmt, seed, version, subtotal):
    spec = random_spec(seed, version=version, blank_rate=0.1, subtotal_column=subtotal)
    document = RENDERERS[fmt](spec)
    alignment = align_document(document, CODEBOOK, spec.year)
    got = {(c.section, c.row_code, c.column_code): c.value for c in alignment.cells}
    expected = expected_cells(spec)
    assert any(value is None for value in expected.values()), "blank cells must be exercised"
    assert got == expected
    assert alignment.problems == []
    assert alignment.sections_found == {"proactive", "applications", "review_litigation"}
    assert alignment.template_version(spec.year) == version


@pytest.mark.parametrize("fmt", ["docx", "html-utf8"])
def test_a_fully_blank_applications_row_is_blank_not_missing(fmt):
    spec = random_spec(1, blank_rate=0.1)
    for row, column in list(spec.applications):
        if row == "partially_granted":
            spec.applications[(row, column)] = None
    alignment = align_document(RENDERERS[fmt](spec), CODEBOOK, spec.year)
    got = {(c.section, c.row_code, c.column_code): c.value for c in alignment.cells}
    assert got == expected_cells(spec)
    assert alignment.problems == []
