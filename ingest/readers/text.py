"""Plain-text and Markdown copies of reports.

Three table layouts occur in text copies:
- tab-separated rows (text exported from a PDF): one line per row, cells split by tabs;
- Markdown pipe tables: `| 规章 | 0 | 0 | 0 |`;
- one cell per line, rows separated by blank lines (text copied from Word or HTML tables). In
  this layout an empty line ends a row, and a line holding only white space is a blank cell.
Everything else is prose. Markdown headings and emphasis are stripped to their text.
"""

from __future__ import annotations

import re

import charset_normalizer

from ingest.document import Cell, Document, Paragraph, ReaderError, Table
from ingest.normalize import is_value_text

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_EMPHASIS = re.compile(r"(\*\*|__)")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# A cell-per-line row has short lines; prose wrapped over lines does not.
_MAX_CELL_LINE = 60


def decode(data: bytes, source: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM), else GB18030, else a detected encoding."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReaderError("not_text", f"{source}: binary content, not a text report")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ReaderError("undecodable", f"{source}: cannot decode the text (not UTF-8 or GBK)")
    return str(best)


def read_text(data: bytes, source: str = "<bytes>") -> Document:
    text = decode(data, source)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return parse_lines(lines)


def parse_lines(lines: list[str]) -> Document:
    document = Document()
    cell_per_line = _is_cell_per_line_document(lines)
    pending_rows: list[list[Cell]] = []
    pending_grid = False

    def flush() -> None:
        nonlocal pending_rows
        if pending_rows:
            document.blocks.append(Table(rows=pending_rows, grid=pending_grid))
            pending_rows = []

    def add_row(row: list[Cell], grid: bool) -> None:
        nonlocal pending_grid
        if pending_rows and pending_grid != grid:
            flush()
        pending_grid = grid
        pending_rows.append(row)

    index = 0
    while index < len(lines):
        number = index + 1
        line = lines[index]
        if "\t" in line:
            add_row([Cell(_clean_cell(t), line=number) for t in line.split("\t")], grid=False)
            index += 1
        elif _is_pipe_row(line):
            if not _PIPE_SEPARATOR.match(line):
                cells = line.strip().strip("|").split("|")
                add_row([Cell(_clean_cell(t), line=number) for t in cells], grid=True)
            index += 1
        elif line == "":
            index += 1
        else:
            block_end = index
            while block_end < len(lines) and lines[block_end] != "" and _is_plain(lines[block_end]):
                block_end += 1
            block = lines[index:block_end]
            if _is_cell_per_line_row(block, cell_per_line):
                add_row(
                    [Cell(_clean_cell(t), line=index + 1 + i) for i, t in enumerate(block)],
                    grid=False,
                )
            else:
                flush()
                for offset, text in enumerate(block):
                    if text.strip():
                        document.blocks.append(Paragraph(_clean_prose(text), line=number + offset))
            index = max(block_end, index + 1)
    flush()
    return document


def _is_pipe_row(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3


def _is_plain(line: str) -> bool:
    return "\t" not in line and not _is_pipe_row(line)


def _is_cell_per_line_row(block: list[str], cell_per_line: bool) -> bool:
    """A block of two or more short lines reads as one table row (a cell per line) when it holds
    a value or a blank cell, or, in a document laid out a cell per line, always (header rows
    such as 信息内容 / 本年制发件数 hold no values). In other documents short lines that follow
    each other are prose: a title over a date, a heading over its first sentence.
    """
    if len(block) < 2 or any(len(line.strip()) > _MAX_CELL_LINE for line in block):
        return False
    return cell_per_line or any(not line.strip() or is_value_text(line) for line in block)


def _is_cell_per_line_document(lines: list[str]) -> bool:
    """No tab or pipe rows, and some block of short lines holds values: copied Word/HTML tables."""
    if any(not _is_plain(line) for line in lines):
        return False
    block: list[str] = []
    for line in [*lines, ""]:
        if line != "":
            block.append(line)
            continue
        if _is_cell_per_line_row(block, cell_per_line=False):
            return True
        block = []
    return False


def _clean_cell(text: str) -> str:
    return _MD_EMPHASIS.sub("", text).replace("&nbsp;", " ").strip()


def _clean_prose(text: str) -> str:
    return _MD_EMPHASIS.sub("", _MD_HEADING.sub("", text)).strip()
