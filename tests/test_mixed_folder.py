"""Issue 3's folder: good reports in every format beside the bad files real folders hold."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.corpus import expected_cells, random_spec
from benchmarks.corpus.docx import render_docx
from benchmarks.corpus.html import render_html
from benchmarks.corpus.pdf import render_encrypted_pdf, render_pdf, render_scanned_pdf, truncate_pdf
from benchmarks.corpus.spec import ReportSpec
from tests.conftest import run_cli

GOOD: dict[str, Callable[[ReportSpec], bytes]] = {
    "ruled.pdf": lambda s: render_pdf(s, ruled=True, split_applications=True),
    "unruled.pdf": lambda s: render_pdf(s, ruled=False),
    "report.docx": render_docx,
    "page_gbk.html": lambda s: render_html(s, encoding="gbk", declare_charset=False),
}
BAD = {
    "scan.pdf": "needs_ocr",
    "truncated.pdf": "truncated",
    "encrypted.pdf": "encrypted",
    "zero.pdf": "empty",
    "minutes.docx": "no_template_tables",
}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, str]:
    folder = tmp_path_factory.mktemp("mixed")
    specs = {}
    for index, (name, render) in enumerate(GOOD.items()):
        spec = random_spec(index, blank_rate=0.1, version="2019" if index == 1 else "2021",
                           year=2020 if index == 1 else 2023)  # fmt: skip
        specs[name] = spec
        (folder / name).write_bytes(render(spec))
    (folder / "scan.pdf").write_bytes(render_scanned_pdf())
    (folder / "truncated.pdf").write_bytes(truncate_pdf(render_pdf(random_spec(9))))
    (folder / "encrypted.pdf").write_bytes(render_encrypted_pdf())
    (folder / "zero.pdf").write_bytes(b"")
    import docx

    document = docx.Document()
    document.add_paragraph("关于召开2023年第一季度工作会议的通知")
    document.save(str(folder / "minutes.docx"))
    db = folder / "w.duckdb"
    result = run_cli("ingest", str(folder), "--db", str(db), "--jobs", "2")
    assert result.exit_code == 0, result.output
    return db, specs, result.output


def test_each_bad_file_gets_one_line_and_its_reason(loaded, query: Callable) -> None:
    db, _specs, output = loaded
    lines = [line for line in output.splitlines() if line.startswith("xxgk: failed")]
    assert len(lines) == len(BAD)
    recorded = dict(
        query(
            db,
            "select regexp_extract(source_path, '[^/]+$'), error_reason from raw.reports "
            "where status = 'failed'",
        )
    )
    assert recorded == BAD
    for name in BAD:
        assert sum(name in line for line in lines) == 1


def test_every_good_file_round_trips(loaded, query: Callable) -> None:
    db, specs, _output = loaded
    for name, spec in specs.items():
        rows = query(
            db,
            "select c.section, c.row_code, c.column_code, c.value, c.source_page, r.status "
            "from raw.cells c join raw.reports r using (report_id) "
            f"where regexp_extract(r.source_path, '[^/]+$') = '{name}'",
        )
        got = {(s, r, c): v for s, r, c, v, _page, _status in rows}
        assert got == expected_cells(spec), name
        assert {status for *_rest, status in rows} == {"ok"}, name
        if name.endswith(".pdf"):
            assert all(page is not None for *_a, page, _s in rows), name
