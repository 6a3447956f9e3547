"""Render a report with known values to PDF (ruled, unruled, section 三 split over two pages),
read it back, align it to the template, and compare every cell with `expected_cells(spec)`
(None where the report left it blank). Every cell must say which page it came from."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.corpus.pdf import render_pdf
from benchmarks.corpus.spec import ReportSpec, expected_cells, random_spec
from ingest.align import align_document
from ingest.codebook import Codebook
from ingest.readers.pdf import read_pdf

CODEBOOK = Codebook.load()

VARIANTS = {
    "ruled": {},
    "unruled": {"ruled": False},
    "split": {"split_applications": True},
    "split-repeated-header": {"split_applications": True, "repeat_header": True},
    "unruled-split": {"ruled": False, "split_applications": True},
}


def round_trip(spec: ReportSpec, **options: Any) -> None:
    data = render_pdf(spec, codebook=CODEBOOK, **options)
    document = read_pdf(data, "report.pdf")
    alignment = align_document(document, CODEBOOK, spec.year)
    got = {(c.section, c.row_code, c.column_code): c.value for c in alignment.cells}
    assert got == expected_cells(spec)
    assert alignment.problems == []
    assert alignment.sections_found == {"proactive", "applications", "review_litigation"}
    assert alignment.template_version(spec.year) == spec.version
    assert all(c.page is not None and c.line is None for c in alignment.cells)
    if options.get("split_applications"):
        pages = {c.page for c in alignment.cells if c.section == "applications"}
        assert pages == {2, 3}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(("seed", "version"), [(1, "2021"), (2, "2019")])
def test_every_cell_round_trips(seed, version, variant):
    spec = random_spec(seed, version=version, blank_rate=0.1, codebook=CODEBOOK)
    assert any(value is None for value in expected_cells(spec).values())
    round_trip(spec, **VARIANTS[variant])


@pytest.mark.parametrize("variant", ["ruled", "unruled-split"])
def test_subtotal_column_and_single_other_row(variant):
    """A 2021 report printing section 三 the 2019 way (one （六）其他处理 row), with 小计."""
    spec = random_spec(
        3,
        version="2021",
        applications_layout="2019",
        subtotal_column=True,
        blank_rate=0.1,
        codebook=CODEBOOK,
    )
    round_trip(spec, **VARIANTS[variant])


@pytest.mark.parametrize("variant", ["ruled", "unruled"])
def test_money_negatives_separators_and_units(variant):
    spec = random_spec(4, version="2019", codebook=CODEBOOK)
    spec.proactive[("administrative_licensing", "change")] = "−185"
    spec.proactive[("administrative_penalty", "change")] = "-185"
    spec.proactive[("administrative_coercion", "change")] = "－18"
    spec.proactive[("other_external_services", "prior_year_items")] = "1,234"
    spec.proactive[("centralized_procurement", "procurement_amount")] = "12.50万元"
    spec.proactive[("regulations", "newly_made")] = "3件"
    expected = expected_cells(spec)
    assert expected[("proactive", "administrative_licensing", "change")] == -185
    assert expected[("proactive", "centralized_procurement", "procurement_amount")] == 125_000
    round_trip(spec, **VARIANTS[variant])
