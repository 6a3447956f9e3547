"""Synthetic reports in every text layout round-trip cell-exactly through reader and aligner."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from benchmarks.corpus import expected_cells, random_spec
from benchmarks.corpus.text import render_cell_per_line, render_markdown, render_tabs
from ingest.align import align_document
from ingest.codebook import Codebook
from ingest.readers.text import read_text

RENDERERS: dict[str, Callable] = {
    "tabs": render_tabs,
    "markdown": render_markdown,
    "cell_per_line": render_cell_per_line,
}
CASES = [
    # (version, section 三 layout, blank rate, subtotal column)
    ("2021", "2021", 0.0, False),
    ("2021", "2021", 0.2, False),
    ("2021", "2019", 0.1, False),  # 2021 section 二 beside a single （六）其他处理 row
    ("2021", "2021", 0.1, True),  # an eighth 小计 column
    ("2019", "2019", 0.0, False),
    ("2019", "2019", 0.2, True),
]


@pytest.mark.parametrize("layout", sorted(RENDERERS))
@pytest.mark.parametrize(("version", "applications_layout", "blank_rate", "subtotal"), CASES)
@pytest.mark.parametrize("seed", [0, 1])
def test_round_trip(
    codebook: Codebook,
    layout: str,
    version: str,
    applications_layout: str,
    blank_rate: float,
    subtotal: bool,
    seed: int,
) -> None:
    spec = random_spec(
        seed,
        version=version,
        applications_layout=applications_layout,
        blank_rate=blank_rate,
        subtotal_column=subtotal,
        year=2020 if version == "2019" else 2023,
        codebook=codebook,
    )
    document = read_text(RENDERERS[layout](spec).encode("utf-8"), layout)
    alignment = align_document(document, codebook, spec.year)
    got = {(c.section, c.row_code, c.column_code): c.value for c in alignment.cells}
    assert got == expected_cells(spec)
    assert alignment.proactive_version == version
    assert alignment.applications_layout == applications_layout
    assert all(c.line is not None for c in alignment.cells)
    assert not alignment.problems


def test_blanks_really_are_exercised(codebook: Codebook) -> None:
    spec = random_spec(0, blank_rate=0.2, codebook=codebook)
    assert any(v is None for v in expected_cells(spec).values())


def test_gbk_encoded_text_copy(codebook: Codebook) -> None:
    spec = random_spec(3, codebook=codebook)
    document = read_text(render_tabs(spec).encode("gb18030"), "gbk.txt")
    alignment = align_document(document, codebook, spec.year)
    got = {(c.section, c.row_code, c.column_code): c.value for c in alignment.cells}
    assert got == expected_cells(spec)


@pytest.mark.parametrize("layout", sorted(RENDERERS))
def test_metadata_of_every_layout(codebook: Codebook, layout: str) -> None:
    from ingest.metadata import extract_metadata

    spec = random_spec(5, agency="测试市生态环境局", year=2023, codebook=codebook)
    document = read_text(RENDERERS[layout](spec).encode("utf-8"), layout)
    metadata = extract_metadata(document.text())
    assert (metadata.title, metadata.year, metadata.agency_name) == (
        spec.title,
        2023,
        "测试市生态环境局",
    )
