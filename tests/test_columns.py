"""The header decides which value is which: merge mismatches, trailing cells, fake headers.

Fixture documents are rendered by the real libraries (lxml-parsed HTML, python-docx) from a
`ReportSpec` through the distortions of benchmarks/corpus/distort.py, read by the real readers
and compared cell by cell with `expected_cells(spec)`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.corpus.distort import SUFFIXES, render
from benchmarks.corpus.spec import expected_cells, random_spec
from ingest.align import align_document
from ingest.codebook import Codebook
from ingest.columns import ColumnVotes, pick_values, total_check
from ingest.document import Cell
from ingest.readers import read_document

COLUMNS = ["a", "b", "c", "total"]
CHECK = total_check(COLUMNS, ["a", "b", "c"], "total")


def _cells(*texts: str) -> list[Cell]:
    return [Cell(t) for t in texts]


def _texts(cells: list[Cell]) -> list[str]:
    return [c.text for c in cells]


def _read(fmt: str, names: list[str], seed: int, version: str, subtotal: bool):
    spec = random_spec(
        seed,
        version=version,
        blank_rate=0.1,
        subtotal_column=subtotal,
        year=2020 if version == "2019" else 2022,
    )
    _format, document = read_document(
        render(spec, fmt, names, seed=seed), Path(f"r{SUFFIXES[fmt]}")
    )
    return spec, document


def _assert_exact(spec, document, codebook: Codebook) -> None:
    alignment = align_document(document, codebook, spec.year)
    got: dict[tuple[str, str, str], float | None] = {
        (c.section, c.row_code, c.column_code): c.value for c in alignment.cells
    }
    expected = expected_cells(spec)
    assert {k: got.get(k) for k in expected if got.get(k) != expected[k]} == {}
    assert alignment.problems == []


def test_own_cells_in_order_beat_grid_positions() -> None:
    # The header's first column spans two grid positions, the row's second value two.
    row = [Cell("label"), Cell("1"), Cell("2", span=2), Cell("", covered=True), Cell("3")]
    row += [Cell("6")]
    header = ([(1, 3), (3, 4), (4, 5), (5, 6)], 6)
    _end, values = pick_values(row, 1, 4, check=CHECK, header=header)
    assert _texts(values) == ["1", "2", "3", "6"]


def test_a_trailing_empty_cell_is_left_out_by_the_row_arithmetic() -> None:
    _end, values = pick_values(_cells("label", "1", "2", "3", "6", ""), 1, 4, check=CHECK)
    assert _texts(values) == ["1", "2", "3", "6"]
    # An empty label cell before the values is left out the same way.
    _end, values = pick_values(_cells("label", "", "1", "2", "3", "6"), 1, 4, check=CHECK)
    assert _texts(values) == ["1", "2", "3", "6"]


def test_rows_that_cannot_settle_their_window_follow_the_table() -> None:
    votes = ColumnVotes()
    pick_values(_cells("label", "1", "2", "3", "6", ""), 1, 4, check=CHECK, votes=votes)
    # Blank first value and blank total: either window leaves only blanks outside it.
    _end, values = pick_values(
        _cells("label", "", "2", "3", "", ""), 1, 4, check=CHECK, votes=votes
    )
    assert _texts(values) == ["", "2", "3", ""]


def test_header_positions_decide_when_the_count_does_not_match() -> None:
    # One value cell spans two header columns: the columns it covers beyond its start are blank.
    row = [Cell("label"), Cell("1"), Cell("5", span=2), Cell("", covered=True), Cell("6")]
    header = ([(1, 2), (2, 3), (3, 4), (4, 5)], 5)
    end, values = pick_values(row, 1, 4, check=CHECK, header=header)
    assert end == 1
    assert _texts(values) == ["1", "5", "", "6"]


@pytest.mark.parametrize("fmt", ["html", "docx"])
@pytest.mark.parametrize(
    ("seed", "version", "subtotal"),
    [
        (1, "2021", False),
        (2, "2019", False),
        (3, "2021", True),
        (4, "2019", True),
        (5, "2021", False),
    ],
)
def test_header_and_data_merged_differently(
    codebook: Codebook, fmt: str, seed: int, version: str, subtotal: bool
) -> None:
    spec, document = _read(fmt, ["merge_mismatch"], seed, version, subtotal)
    applications = next(t for t in document.tables() if "自然人" in {c.text for c in t.rows[1]})
    # Three label columns, the value columns and the one the header and the data rows merge
    # differently: by grid position the values would sit under the wrong headers.
    assert len(applications.rows[1]) == 3 + (8 if subtotal else 7) + 1
    _assert_exact(spec, document, codebook)


@pytest.mark.parametrize(
    "names",
    [
        ["cell_per_line_indented"],
        ["cell_per_line_missing_separators"],
        ["cell_per_line_indented", "cell_per_line_wrapped_headers"],
        [
            "cell_per_line_indented",
            "cell_per_line_wrapped_headers",
            "cell_per_line_missing_separators",
        ],
    ],
    ids="+".join,
)
@pytest.mark.parametrize(
    ("seed", "version", "subtotal"), [(0, "2021", False), (1, "2019", False), (2, "2021", True)]
)
def test_one_cell_per_line_copies(
    codebook: Codebook, names: list[str], seed: int, version: str, subtotal: bool
) -> None:
    spec, document = _read("text_cell_per_line", names, seed, version, subtotal)
    _assert_exact(spec, document, codebook)


@pytest.mark.parametrize(
    "names",
    [
        ["markdown_trailing_cells"],
        ["markdown_fake_header"],
        ["markdown_table_per_row"],
        ["markdown_fake_header", "markdown_trailing_cells"],
    ],
    ids="+".join,
)
@pytest.mark.parametrize(
    ("seed", "version", "subtotal"), [(0, "2021", False), (1, "2019", True), (2, "2021", True)]
)
def test_markdown_from_extraction_and_ocr_tools(
    codebook: Codebook, names: list[str], seed: int, version: str, subtotal: bool
) -> None:
    """Values read by the template's column count and the rows' arithmetic, never by a
    placeholder header (Column1, 列1): trailing empty cells, a 小计 column no header names."""
    spec, document = _read("markdown", names, seed, version, subtotal)
    _assert_exact(spec, document, codebook)


def test_tab_indented_lines_are_cells_not_columns() -> None:
    from ingest.readers.text import parse_lines

    document = parse_lines(
        ["\t\t规章", "\t\t3", "\t\t\u3000", "\t\t5", "", "\t\t行政规范性文件", "\t\t1"]
    )
    rows = [[c.text for c in row] for table in document.tables() for row in table.rows]
    assert rows == [["规章", "3", "", "5"], ["行政规范性文件", "1"]]


def test_rows_run_together_are_split_at_the_table_width() -> None:
    from ingest.readers.text import parse_lines

    lines = [
        "规章",
        "1",
        "2",
        "3",
        "",
        "规范性文件",
        "4",
        "\u3000",
        "6",
        "行政许可",
        "7",
        "8",
        "9",
        "",
    ]
    lines += ["行政处罚", "\u3000", "1", "2", "", "行政强制", "3", "4", "5"]
    document = parse_lines(lines)
    rows = [[c.text for c in row] for table in document.tables() for row in table.rows]
    assert rows == [
        ["规章", "1", "2", "3"],
        ["规范性文件", "4", "", "6"],
        ["行政许可", "7", "8", "9"],
        ["行政处罚", "", "1", "2"],
        ["行政强制", "3", "4", "5"],
    ]


def test_a_heading_run_into_the_last_row_is_its_own_row() -> None:
    from ingest.readers.text import parse_lines

    lines = [
        "规章",
        "1",
        "2",
        "3",
        "",
        "规范性文件",
        "4",
        "5",
        "6",
        "三、收到和处理政府信息公开申请情况",
    ]
    document = parse_lines(lines)
    rows = [[c.text for c in row] for table in document.tables() for row in table.rows]
    assert rows[-1] == ["三、收到和处理政府信息公开申请情况"]
    assert rows[-2] == ["规范性文件", "4", "5", "6"]


WAREHOUSE_DOCUMENTS = [
    # (format, distortions, seed, template, 小计 column)
    ("html", ["merge_mismatch", "units"], 11, "2021", False),
    ("docx", ["merge_mismatch"], 12, "2019", True),
    ("markdown", ["markdown_fake_header", "markdown_trailing_cells"], 13, "2021", True),
    ("markdown", ["markdown_table_per_row", "units"], 14, "2019", False),
    (
        "text_cell_per_line",
        [
            "cell_per_line_indented",
            "cell_per_line_wrapped_headers",
            "cell_per_line_missing_separators",
        ],
        15,
        "2021",
        False,
    ),
]


def test_every_cell_reaches_the_facts(tmp_path: Path, query) -> None:
    """Through the real CLI: `xxgk ingest` then `xxgk build` (dbt), every fact as printed."""
    from tests.conftest import run_cli

    folder = tmp_path / "reports"
    folder.mkdir()
    specs = {}
    for index, (fmt, names, seed, version, subtotal) in enumerate(WAREHOUSE_DOCUMENTS):
        spec = random_spec(
            seed,
            agency=f"列测{'甲乙丙丁戊'[index]}县人民政府办公室",
            version=version,
            year=2020 if version == "2019" else 2022,
            blank_rate=0.1,
            subtotal_column=subtotal,
        )
        name = f"columns_{index}{SUFFIXES[fmt]}"
        (folder / name).write_bytes(render(spec, fmt, names, seed=seed))
        specs[name] = spec
    db = tmp_path / "xxgk.duckdb"
    assert run_cli("ingest", str(folder), "--db", str(db), "--jobs", "1").exit_code == 0
    build = run_cli("build", "--db", str(db), "--quiet")
    assert build.exit_code == 0, build.output
    facts = {
        "applications": (
            "select outcome_code, applicant_type, applications from main.fct_applications"
        ),
        "proactive": "select item_code, measure_code, value from main.fct_proactive_disclosure",
        "review_litigation": "select proceeding, result, cases from main.fct_review_litigation",
    }
    got: dict[str, dict[tuple[str, str, str], float | None]] = {name: {} for name in specs}
    for section, sql in facts.items():
        rows = query(
            db,
            f"with f as ({sql.replace('select ', 'select report_id, ', 1)}) "
            "select regexp_extract(r.source_path, '[^/]+$'), f.* exclude (report_id) "
            "from f join main.dim_report r using (report_id)",
        )
        for name, row, column, value in rows:
            got[name][(section, row, column)] = None if value is None else float(value)
    for name, spec in specs.items():
        # 小计 is staged (raw.cells) but is not an applicant type of the facts.
        expected = {
            k: v for k, v in expected_cells(spec).items() if k[2] != "legal_person_subtotal"
        }
        assert {k: got[name].get(k) for k in expected if got[name].get(k) != expected[k]} == {}, (
            name
        )
