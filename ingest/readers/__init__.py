"""Pick the reader for a file: the one place that decides a file's type.

Magic bytes decide first, the suffix second: a Word binary saved as .docx, a web page saved as
.doc and a PDF without a suffix all go to the reader that can read them. The readers themselves
never re-dispatch (LibreOffice's converted output is read by the DOCX reader, the only exception).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from ingest.document import Document, ReaderError

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".csv", ".tsv"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".mht", ".mhtml"}
DOCX_SUFFIXES = {".docx", ".docm", ".dotx"}
LEGACY_SUFFIXES = {".doc", ".wps"}
# Files a folder scan picks up; anything else in the folder is not a report.
REPORT_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | LEGACY_SUFFIXES | DOCX_SUFFIXES | {".pdf"}

PDF_MAGIC = b"%PDF"
ZIP_MAGIC = b"PK\x03\x04"  # an OOXML package (.docx)
CFB_MAGIC = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file (.doc, .wps, encrypted .docx)
)
RTF_MAGIC = b"{\\rtf"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_HTML_STARTS = (b"<!doctype html", b"<html")
_MIME_STARTS = (b"mime-version:", b"content-type: multipart/related")


class SourceFormat(StrEnum):
    """The reader a file went to (`raw.reports.source_format`)."""

    PDF = "pdf"
    DOCX = "docx"
    HTML = "html"  # also a single-file web page (.mht)
    LEGACY = "legacy"  # .doc, .wps and RTF: converted by LibreOffice
    TEXT = "text"
    MARKDOWN = "markdown"  # text, read the same way; named for the record


def sniff_format(data: bytes, path: Path) -> SourceFormat:
    """The format of a file, from its magic bytes first and its suffix second."""
    head = data[:2048]
    for bom in _BOMS:
        head = head.removeprefix(bom)
    opening = head.lstrip().lower()
    if data.startswith(PDF_MAGIC):
        return SourceFormat.PDF
    if data.startswith(ZIP_MAGIC):
        return SourceFormat.DOCX
    if data.startswith(CFB_MAGIC) or opening.startswith(RTF_MAGIC):
        return SourceFormat.LEGACY
    if opening.startswith(_HTML_STARTS + _MIME_STARTS) or b"multipart/related" in opening:
        return SourceFormat.HTML
    if opening.startswith(b"<?xml") and b"<html" in opening:
        return SourceFormat.HTML
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return SourceFormat.PDF  # no magic: the PDF reader reports it as damaged
    if suffix in DOCX_SUFFIXES:
        return SourceFormat.DOCX
    if suffix in HTML_SUFFIXES:
        return SourceFormat.HTML
    if suffix in LEGACY_SUFFIXES and b"\x00" in data[:4096]:
        return SourceFormat.LEGACY  # an older binary word-processor format
    # Plain text, under a text suffix or none, or saved under a .doc name.
    return SourceFormat.MARKDOWN if suffix in MARKDOWN_SUFFIXES else SourceFormat.TEXT


def read_document(data: bytes, path: Path) -> tuple[SourceFormat, Document]:
    """Return (format, document) or raise ReaderError with a reason and a message naming path."""
    source = str(path)
    if not data:
        raise ReaderError("empty", f"{source}: the file is empty (0 bytes)")
    fmt = sniff_format(data, path)
    # Imported here so that reading text does not load pdfplumber, python-docx or lxml.
    if fmt is SourceFormat.PDF:
        from ingest.readers.pdf import read_pdf

        return fmt, read_pdf(data, source)
    if fmt is SourceFormat.DOCX:
        from ingest.readers.docx import read_docx

        return fmt, read_docx(data, source)
    if fmt is SourceFormat.LEGACY:
        from ingest.readers.legacy import read_legacy

        return fmt, read_legacy(data, source)
    if fmt is SourceFormat.HTML:
        from ingest.readers.html import read_html

        return fmt, read_html(data, source)
    from ingest.readers.text import read_text

    return fmt, read_text(data, source)
