"""Legacy .doc/.wps: the missing-LibreOffice failure, files misnamed .doc, and real conversion.

The conversion tests need LibreOffice (`apt-get install libreoffice-writer-nogui`) and are
skipped without it. Their .doc input is made by LibreOffice itself from a rendered report.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from benchmarks.corpus.docx import render_docx
from benchmarks.corpus.html import render_html
from benchmarks.corpus.layout import applications_grid, flatten, proactive_grid, review_grid
from benchmarks.corpus.spec import expected_cells, random_spec
from benchmarks.corpus.text import render_tabs
from ingest.align import align_document
from ingest.codebook import Codebook
from ingest.document import ReaderError, Table
from ingest.readers import read_document
from ingest.readers.legacy import find_soffice, read_legacy

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")


def texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


@pytest.fixture
def without_libreoffice(monkeypatch, tmp_path):
    """PATH holding nothing, so neither soffice nor libreoffice can be found."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    assert find_soffice() is None


@pytest.fixture(scope="module")
def spec():
    return random_spec(21, blank_rate=0.1)


@pytest.fixture(scope="module")
def word97(spec, tmp_path_factory) -> bytes:
    """A binary Word 97 .doc of a rendered report, written by LibreOffice."""
    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    work = tmp_path_factory.mktemp("word97")
    source = work / "report.docx"
    source.write_bytes(render_docx(spec))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "doc:MS Word 97",
            "--outdir",
            str(work),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    data = (work / "report.doc").read_bytes()
    assert data.startswith(CFB_MAGIC)
    return data


def test_without_libreoffice_the_file_fails_with_how_to_enable_it(without_libreoffice):
    data = CFB_MAGIC + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(100)
    for name in ("reports/2021年报.doc", "reports/2021年报.wps"):
        with pytest.raises(ReaderError) as error:
            read_legacy(data, name)
        assert error.value.reason == "needs_libreoffice"
        assert name in error.value.message
        assert "LibreOffice" in error.value.message
        assert "apt-get install libreoffice-writer-nogui" in error.value.message


def test_dispatch_records_the_same_failure(without_libreoffice, tmp_path):
    data = CFB_MAGIC + bytes(504) + "WordDocument".encode("utf-16-le")
    with pytest.raises(ReaderError) as error:
        read_document(data, tmp_path / "old.doc")
    assert error.value.reason == "needs_libreoffice"


def test_encrypted_and_non_word_containers_fail_without_converting(without_libreoffice):
    encrypted = CFB_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(ReaderError) as error:
        read_legacy(encrypted, "secret.doc")
    assert error.value.reason == "encrypted" and "secret.doc" in error.value.message
    workbook = CFB_MAGIC + bytes(504) + "Workbook".encode("utf-16-le")
    with pytest.raises(ReaderError) as error:
        read_legacy(workbook, "table.doc")
    assert error.value.reason == "corrupt" and "table.doc" in error.value.message


def test_web_pages_text_and_docx_named_doc_need_no_libreoffice(spec, without_libreoffice):
    grids = [proactive_grid(spec), applications_grid(spec), review_grid(spec)]
    for data, kind in ((render_html(spec, encoding="gbk"), "html"), (render_docx(spec), "docx")):
        fmt, document = read_document(data, Path("misnamed.doc"))
        assert fmt == kind
        assert [
            [[t.replace("\n", "") for t in row] for row in texts(table)]
            for table in document.tables()
        ] == [flatten(g) for g in grids]
    fmt, text = read_document(render_tabs(spec).encode("gb18030"), Path("plain.doc"))
    assert fmt == "text"
    assert spec.title in text.text()


def test_single_file_web_page_named_doc(spec, without_libreoffice):
    """Word's .mht ("single file web page") saved as .doc: MIME with a quoted-printable part."""
    import quopri

    html = render_html(spec, encoding="gbk", declare_charset=False)
    mht = (
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related; boundary="----=_NextPart_01"\r\n\r\n'
        b"------=_NextPart_01\r\n"
        b"Content-Location: file:///C:/report.htm\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n"
        b'Content-Type: text/html; charset="gb2312"\r\n\r\n'
        + quopri.encodestring(html)
        + b"\r\n------=_NextPart_01--\r\n"
    )
    fmt, document = read_document(mht, Path("report.doc"))
    assert fmt == "html"
    assert [texts(t) for t in document.tables()][2] == flatten(review_grid(spec))


@needs_soffice
def test_word97_doc_is_converted_and_read(word97, spec):
    document = read_legacy(word97, "report.doc")
    tables = list(document.tables())
    assert [len(t.rows[0]) for t in tables] == [4, 10, 15]
    grids = [proactive_grid(spec), applications_grid(spec), review_grid(spec)]
    for table, grid in zip(tables, grids, strict=True):
        assert table.grid is True
        assert [[t.replace("\n", "") for t in row] for row in texts(table)] == flatten(grid)
    assert spec.title in [p.text for p in document.paragraphs()]
    alignment = align_document(document, Codebook.load(), spec.year)
    got = {(c.section, c.row_code, c.column_code): c.value for c in alignment.cells}
    assert got == expected_cells(spec)


@needs_soffice
def test_wps_named_file_and_dispatch(word97, tmp_path):
    """Kingsoft .wps files are Word binaries inside: converted the same way."""
    fmt, document = read_document(word97, tmp_path / "年报.wps")
    assert fmt == "legacy"
    assert len(list(document.tables())) == 3


@needs_soffice
def test_conversion_timeout_ends_libreoffice(word97):
    started = time.monotonic()
    with pytest.raises(ReaderError) as error:
        read_legacy(word97, "slow.doc", timeout=0.05)
    assert error.value.reason == "conversion_timeout"
    assert "slow.doc" in error.value.message
    assert time.monotonic() - started < 30


@needs_soffice
def test_damaged_doc_fails_as_conversion_failed():
    """Not imported as pages of binary garbage: the Word filter is named, so loading fails."""
    damaged = CFB_MAGIC + "WordDocument".encode("utf-16-le") + b"\xff" * 2000
    with pytest.raises(ReaderError) as error:
        read_legacy(damaged, "damaged.doc")
    assert error.value.reason == "conversion_failed"
    assert "damaged.doc" in error.value.message
    assert "could not be loaded" in error.value.message
