"""A realistic population of reports for the scale benchmark: many agencies across China's
counties, one report per agency and year, both templates, blank cells, identity breaks and a
few copies of one report in two formats.

`population(n, seed)` yields (file name, bytes) for n reports, deterministically. Agencies are
county governments and their departments named after real divisions (seeds/regions.csv), so
attribution gives them regions and agency ids as it would real reports; each publishes for a
run of consecutive years, so the cross-year checks have neighbours.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpus.spec import ReportSpec, random_spec
from ingest.codebook import Codebook
from ingest.paths import seeds_dir

DEPARTMENTS = (
    "人民政府办公室", "人民政府", "教育局", "财政局", "公安局", "卫生健康局", "自然资源局",
    "生态环境局", "住房和城乡建设局", "交通运输局", "农业农村局", "市场监督管理局",
    "人力资源和社会保障局", "民政局", "司法局", "应急管理局",
)  # fmt: skip
FIRST_YEAR, LAST_YEAR = 2019, 2024
TEXT_FORMATS = ("text_tabs", "markdown", "text_cell_per_line", "html_utf8", "html_gbk")
BREAK_RATE = 0.02  # reports whose arithmetic does not add up (one printed number off)
COPY_RATE = 0.01  # reports also published in a second format (a copy of the same report)
BLANK_RATE = 0.03


@dataclass(frozen=True)
class Agency:
    name: str
    first_year: int


def counties() -> list[tuple[str, str]]:
    """(prefecture name, county name) of the divisions valid through the benchmark's years."""
    with (seeds_dir() / "regions.csv").open(encoding="utf-8") as handle:
        return [
            (row["prefecture_name"] or row["province_name"], row["name"])
            for row in csv.DictReader(handle)
            if row["level"] == "county" and not row["valid_to_year"]
        ]


def agencies(count: int, rng: random.Random) -> list[Agency]:
    places = counties()
    rng.shuffle(places)
    found = []
    for index in range(count):
        prefecture, county = places[index % len(places)]
        department = DEPARTMENTS[(index // len(places)) % len(DEPARTMENTS)]
        found.append(Agency(f"{prefecture}{county}{department}", rng.randint(FIRST_YEAR, 2021)))
    return found


def renderers() -> dict[str, tuple[str, Callable[[ReportSpec], bytes]]]:
    from benchmarks.corpus.html import render_html
    from benchmarks.corpus.pdf import render_pdf
    from benchmarks.corpus.text import render_cell_per_line, render_markdown, render_tabs

    return {
        "text_tabs": (".txt", lambda s: render_tabs(s).encode("utf-8")),
        "markdown": (".md", lambda s: render_markdown(s).encode("utf-8")),
        "text_cell_per_line": (".txt", lambda s: render_cell_per_line(s).encode("utf-8")),
        "html_utf8": (".html", lambda s: render_html(s)),
        "html_gbk": (".html", lambda s: render_html(s, encoding="gbk")),
        "pdf": (".pdf", lambda s: render_pdf(s, ruled=True, narrative_pages=3)),
    }


def _break_identity(spec: ReportSpec, rng: random.Random) -> None:
    """One printed number off by a few: the report's own arithmetic no longer adds up."""
    keys = [k for k, v in spec.applications.items() if v not in (None, "0")]
    if keys:
        key = rng.choice(keys)
        spec.applications[key] = str(int(spec.applications[key] or 0) + rng.randint(1, 3))


def population(
    reports: int,
    seed: int = 0,
    *,
    formats: tuple[str, ...] = TEXT_FORMATS,
    years: tuple[int, int] = (FIRST_YEAR, LAST_YEAR),
    codebook: Codebook | None = None,
) -> Iterator[tuple[str, bytes]]:
    """`reports` files (copies included): agency × year reports, rendered in rotating formats."""
    codebook = codebook or Codebook.load()
    rng = random.Random(seed)
    render = renderers()
    made = 0
    for number, agency in enumerate(agencies(reports + 1, rng)):
        for year in range(max(years[0], agency.first_year), years[1] + 1):
            if made >= reports:
                return
            version = "2021" if year >= 2021 else "2019"
            spec = random_spec(
                rng.randrange(1 << 30), agency=agency.name, year=year, version=version,
                blank_rate=BLANK_RATE, subtotal_column=rng.random() < 0.1, codebook=codebook,
            )  # fmt: skip
            if rng.random() < BREAK_RATE:
                _break_identity(spec, rng)
            fmt = formats[(number + year) % len(formats)]
            suffix, renderer = render[fmt]
            name = f"{seed:02d}/{number:06d}_{year}_{fmt}{suffix}"
            yield name, renderer(spec)
            made += 1
            if made < reports and rng.random() < COPY_RATE:
                other = formats[(number + year + 1) % len(formats)]
                suffix, renderer = render[other]
                yield f"{seed:02d}/{number:06d}_{year}_{other}_copy{suffix}", renderer(spec)
                made += 1


def write_population(folder: Path, reports: int, seed: int = 0, **options) -> int:
    """Write the population under `folder`; returns the number of files."""
    count = 0
    for name, data in population(reports, seed, **options):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        count += 1
    return count
