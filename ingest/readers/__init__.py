"""Pick the reader for a file from its bytes (and, for text, its suffix)."""

from __future__ import annotations

from pathlib import Path

from ingest.document import Document, ReaderError

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".csv", ".tsv"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
LEGACY_SUFFIXES = {".doc", ".wps"}
# Files a folder scan picks up; anything else in the folder is not a report.
REPORT_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | LEGACY_SUFFIXES | {".pdf", ".docx"}


def sniff_format(data: bytes, path: Path) -> str:
    """'pdf' | 'docx' | 'html' | 'legacy' | 'text', from magic bytes first, suffix second."""
    suffix = path.suffix.lower()
    head = data[:1024].lstrip()
    if data.startswith(b"%PDF") or suffix == ".pdf":
        return "pdf"
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0") or suffix in LEGACY_SUFFIXES:
        return "legacy"
    lowered = head.lower()
    if suffix in HTML_SUFFIXES or lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def read_document(data: bytes, path: Path) -> tuple[str, Document]:
    """Return (format, document) or raise ReaderError with a reason and a message naming path."""
    source = str(path)
    if not data:
        raise ReaderError("empty", f"{source}: the file is empty (0 bytes)")
    fmt = sniff_format(data, path)
    # Imported here so that reading text does not load pdfplumber, python-docx or lxml.
    if fmt == "pdf":
        from ingest.readers.pdf import read_pdf

        return fmt, read_pdf(data, source)
    if fmt == "docx":
        from ingest.readers.docx import read_docx

        return fmt, read_docx(data, source)
    if fmt == "legacy":
        from ingest.readers.legacy import read_legacy

        return fmt, read_legacy(data, source)
    if fmt == "html":
        from ingest.readers.html import read_html

        return fmt, read_html(data, source)
    from ingest.readers.text import read_text

    return fmt, read_text(data, source)
