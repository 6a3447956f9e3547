"""The distortion layer of benchmarks/corpus: every distortion applies, keeps grids well formed,
composes with the others, is seeded, and leaves the plain renderers' output untouched."""

from __future__ import annotations

import io
import zipfile

import pytest

from benchmarks.corpus import random_spec
from benchmarks.corpus.distort import (
    DISTORTIONS,
    FORMATS,
    applicable,
    distort_sections,
    random_recipe,
    render,
)
from benchmarks.corpus.docx import render_docx
from benchmarks.corpus.html import render_html
from benchmarks.corpus.layout import Grid, template_sections
from benchmarks.corpus.text import render_cell_per_line, render_markdown, render_tabs

SPEC = random_spec(3, blank_rate=0.1)
SPEC_2019 = random_spec(4, version="2019", blank_rate=0.1, subtotal_column=True)
GRID_DISTORTIONS = [name for name, d in DISTORTIONS.items() if d.grid is not None]


def coverage(grid: Grid) -> list[list[int]]:
    """How many cells cover each grid position (1 everywhere in a well-formed grid)."""
    width = max(len(row) for row in grid)
    counts = [[0] * width for _ in grid]
    for r, row in enumerate(grid):
        assert len(row) == width, f"row {r} has {len(row)} positions, not {width}"
        for c, cell in enumerate(row):
            if cell is None:
                continue
            for rr in range(r, r + cell.rowspan):
                for cc in range(c, c + cell.colspan):
                    counts[rr][cc] += 1
    return counts


@pytest.mark.parametrize("name", GRID_DISTORTIONS)
@pytest.mark.parametrize("spec", [SPEC, SPEC_2019], ids=["2021", "2019"])
def test_grid_distortion_keeps_every_position_covered_once(name: str, spec) -> None:
    plain = template_sections(spec)
    for seed in range(5):
        distorted = distort_sections(plain, [name], seed, fmt="html")
        assert distorted != plain, f"{name} changed nothing (seed {seed})"
        for section, grid in distorted.items():
            assert all(n == 1 for row in coverage(grid) for n in row), (name, section, seed)


def test_all_grid_distortions_compose(codebook) -> None:
    names = [n for n in GRID_DISTORTIONS if n != "group_label_repeated"]
    distorted = distort_sections(template_sections(SPEC), names, seed=1, fmt="html")
    for grid in distorted.values():
        assert all(n == 1 for row in coverage(grid) for n in row)
    values = [
        c.text for g in distorted.values() for row in g for c in row if c and c.kind == "value"
    ]
    plain = template_sections(SPEC)
    assert len(values) == sum(
        1 for g in plain.values() for r in g for c in r if c and c.kind == "value"
    )


def test_no_distortion_renders_what_the_plain_renderers_render() -> None:
    assert render(SPEC, "text_tabs") == render_tabs(SPEC).encode()
    assert render(SPEC, "markdown") == render_markdown(SPEC).encode()
    assert render(SPEC, "text_cell_per_line") == render_cell_per_line(SPEC).encode()
    assert render(SPEC, "html", encoding="gbk") == render_html(SPEC, encoding="gbk")
    ours = zipfile.ZipFile(io.BytesIO(render(SPEC, "docx"))).read("word/document.xml")
    plain = zipfile.ZipFile(io.BytesIO(render_docx(SPEC))).read("word/document.xml")
    assert ours == plain


@pytest.mark.parametrize("fmt", [f for f in FORMATS if not f.startswith("pdf")])
def test_every_applicable_distortion_changes_the_document_and_is_seeded(fmt: str) -> None:
    plain = render(SPEC, fmt)
    for name in applicable(fmt):
        first = render(SPEC, fmt, [name], seed=5)
        assert first != plain, f"{name} left {fmt} unchanged"
        if fmt != "docx":  # python-docx stamps the time into the package
            assert render(SPEC, fmt, [name], seed=5) == first, f"{name} is not seeded"


def test_a_distortion_outside_its_formats_is_refused() -> None:
    with pytest.raises(ValueError, match="do not apply"):
        render(SPEC, "text_tabs", ["merge_mismatch"])
    with pytest.raises(ValueError, match="unknown"):
        render(SPEC, "html", ["no_such_distortion"])


def test_random_recipes_never_pick_two_alternatives() -> None:
    import random

    rng = random.Random(0)
    for fmt in FORMATS:
        for _ in range(50):
            recipe = random_recipe(rng, fmt, most=6)
            tags = [DISTORTIONS[n].exclusive for n in recipe if DISTORTIONS[n].exclusive]
            assert len(tags) == len(set(tags))
            assert recipe and set(recipe) <= set(applicable(fmt))


def test_flattened_rows_glue_values_into_one_digit_run() -> None:
    spec = random_spec(0)
    text = render(spec, "text_tabs", ["flat_glued"]).decode()
    row = [v for (r, c), v in spec.applications.items() if r == "new_received"]
    assert "一、本年新收政府信息公开申请数量" + "".join(v for v in row if v) in text
    spaced = render(spec, "text_tabs", ["flat_label_space"]).decode()
    assert "一、本年新收政府信息公开申请数量 " + "".join(v for v in row if v) in spaced


def test_units_keep_the_value_in_the_printed_unit() -> None:
    from ingest.normalize import parse_value

    distorted = distort_sections(template_sections(SPEC), ["units"], seed=2)
    plain = template_sections(SPEC)
    pairs = [
        (a.text, b.text)
        for name in plain
        for row_a, row_b in zip(plain[name], distorted[name], strict=True)
        for a, b in zip(row_a, row_b, strict=True)
        if a is not None and b is not None and a.kind == "value" and a.text != b.text
    ]
    assert pairs
    for before, after in pairs:
        value = parse_value(after).value
        if after.endswith("万元") or not after.endswith("元"):
            assert value == parse_value(before).value, (before, after)
        else:
            assert value == round(float(before) * 10_000), (before, after)
