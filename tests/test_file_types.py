"""One place decides a file's type: magic bytes first, the suffix second."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.readers import CFB_MAGIC, SourceFormat, sniff_format

WORD_BINARY = CFB_MAGIC + bytes(504) + "WordDocument".encode("utf-16-le")
PAGE = "<!DOCTYPE html><html><body><p>报告</p></body></html>".encode()


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"%PDF-1.7\n...", "report.pdf", SourceFormat.PDF),
        (b"%PDF-1.7\n...", "report", SourceFormat.PDF),  # no suffix: the bytes decide
        (b"%PDF-1.7\n...", "report.txt", SourceFormat.PDF),
        (b"PK\x03\x04...", "report.doc", SourceFormat.DOCX),  # a .docx saved as .doc
        (WORD_BINARY, "report.docx", SourceFormat.LEGACY),  # a .doc saved as .docx
        (WORD_BINARY, "report.wps", SourceFormat.LEGACY),
        (b"{\\rtf1\\ansi ...", "report.doc", SourceFormat.LEGACY),
        (PAGE, "report.doc", SourceFormat.HTML),  # Word's "Save as Web Page" named .doc
        (PAGE, "report.pdf", SourceFormat.HTML),  # an error page downloaded as .pdf
        (b"\xef\xbb\xbf<html><body>x</body></html>", "page", SourceFormat.HTML),
        (b"MIME-Version: 1.0\r\nContent-Type: multipart/related", "a.doc", SourceFormat.HTML),
        (b"<?xml version='1.0'?>\n<html xmlns='x'>", "page.xml", SourceFormat.HTML),
        ("<p>报告</p>".encode(), "report.shtml", SourceFormat.HTML),  # no magic: the suffix
        (b"\x00\x01binary word processor", "report.doc", SourceFormat.LEGACY),
        ("一、总体情况\n二、主动公开".encode(), "report.doc", SourceFormat.TEXT),
        ("一、总体情况".encode(), "report.md", SourceFormat.MARKDOWN),
        ("一、总体情况".encode(), "report.txt", SourceFormat.TEXT),
        (b"not a pdf at all", "broken.pdf", SourceFormat.PDF),  # the PDF reader says why
    ],
)
def test_magic_bytes_first_then_suffix(data: bytes, name: str, expected: SourceFormat) -> None:
    assert sniff_format(data, Path(name)) is expected


def test_readers_do_not_import_each_other_in_a_cycle() -> None:
    """docx.py used to call legacy.py, which called docx.py back; only legacy → docx is left."""
    for module, others in (("docx", ("legacy", "html", "text")), ("html", ("legacy", "docx"))):
        source = (Path("ingest/readers") / f"{module}.py").read_text(encoding="utf-8")
        for other in others:
            assert f"ingest.readers.{other}" not in source, (module, other)
