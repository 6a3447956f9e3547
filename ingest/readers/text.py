"""Plain-text and Markdown copies of reports.

Three table layouts occur in text copies:
- tab-separated rows (text exported from a PDF): one line per row, cells split by tabs;
- Markdown pipe tables: `| 规章 | 0 | 0 | 0 |`;
- one cell per line, rows separated by blank lines (text copied from Word or HTML tables). In
  this layout an empty line ends a row, and a line holding only white space is a blank cell.
A fourth, crawler text, prints each row as its label glued to one run of digits
(一、本年新收政府信息公开申请数量153001221); in a document with several such lines each is a row
of a label cell and a `glued` cell for the aligner to decode.
Everything else is prose. Markdown headings and emphasis are stripped to their text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

import charset_normalizer

from ingest.document import Cell, Document, Paragraph, ReaderError, Table
from ingest.flattened import bare_run, split_glued
from ingest.normalize import is_value_text

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_EMPHASIS = re.compile(r"(\*\*|__)")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# A cell-per-line row has short lines; prose wrapped over lines does not.
_MAX_CELL_LINE = 60
# A crawler copy has many rows glued to runs of at least seven digits (section 三's cells).
_MIN_GLUED_ROWS = 5
_MIN_GLUED_DIGITS = 7


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
    lines = _dedent(lines)
    flattened = _is_flattened_document(lines)
    cell_per_line = not flattened and _is_cell_per_line_document(lines)
    pending_rows: list[list[Cell]] = []
    pending_grid = False

    def flush() -> None:
        nonlocal pending_rows
        if pending_rows:
            if cell_per_line:
                pending_rows = split_merged_rows(pending_rows)
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
        elif flattened and (glued := _glued_row(line, number)):
            add_row(glued, grid=False)
            index += 1
        elif line == "":
            index += 1
        else:
            block_end = index
            while (
                block_end < len(lines)
                and lines[block_end] != ""
                and _is_plain(lines[block_end])
                and not (flattened and _glued_row(lines[block_end], 0))
            ):
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


def _dedent(lines: list[str]) -> list[str]:
    """Lines of a one-cell-per-line copy indented with tabs or spaces, without the indent.

    Tabs are indentation, not cell separators, when no line has a tab after its text. A line
    of white space only stays a blank cell (a full-width space), never a row separator."""
    if not any(line[:1] in ("\t", " ") for line in lines) or any(
        _INNER_TAB.search(line) for line in lines
    ):
        return lines
    return [
        line.lstrip() or ("\u3000" if line else "") if not _is_pipe_row(line) else line
        for line in lines
    ]


_INNER_TAB = re.compile(r"\S[ \u3000]*\t")


@lru_cache(maxsize=16384)
def _cell_kind(text: str) -> str:
    stripped = text.strip()
    if not stripped:
        return "blank"
    return "value" if is_value_text(stripped) else "label"


def split_merged_rows(rows: list[list[Cell]]) -> list[list[Cell]]:
    """One-cell-per-line rows whose blank separator line was lost, split back into rows.

    A table copied a cell per line prints every row with the same number of cells (its grid
    width: the most common length of the data rows just before it in its table, or else just
    after it; header rows can be longer, their words wrapped onto two lines). A longer row is
    two or more rows run together: it is cut into rows of that width when its length is a
    multiple of it and every part holds a label; otherwise where a label follows a row's
    values, and the blank cells between two rows' texts go to whichever row is short of the
    width. A heading or a note run into the end of a row (after its values) is a row of its
    own, and starts another table."""
    out: list[list[Cell]] = []
    table_start = 0
    for index, row in enumerate(rows):
        tail: list[Cell] = []
        if _ends_with_heading(row):
            row, tail = row[:-1], row[-1:]
        before = _last_data_rows(out, table_start)
        if len(before) < 2:
            before = (
                before + _data_rows_after(rows[index + 1 :], len(row)) or out[table_start:][-5:]
            )
        width = _usual_width(before) if before else len(row)  # unknown: cut at labels only
        chunks = [row[i : i + width] for i in range(0, len(row), width)]
        if len(row) < width or (len(row) == width and before):
            pieces = [row]
        elif (
            before
            and len(row) % width == 0
            and all(any(_cell_kind(c.text) == "label" for c in chunk) for chunk in chunks)
        ):
            pieces = chunks
        else:
            pieces = _rebalance(_split_at_labels(row, width), width)
        for piece in [*pieces, tail]:
            if piece:
                out.append(piece)
            if len(piece) == 1:
                table_start = len(out)
    return out


def _last_data_rows(out: list[list[Cell]], start: int) -> list[list[Cell]]:
    """Up to five rows with values at the end of `out`, not before index `start`."""
    found: list[list[Cell]] = []
    for row in reversed(out[start:]):
        if len(found) == 5:
            break
        if _has_value(row):
            found.append(row)
    return found[::-1]


def _data_rows_after(rows: list[list[Cell]], longest: int) -> list[list[Cell]]:
    """Up to five rows with values that follow, in this table (up to a heading run into a row)."""
    found: list[list[Cell]] = []
    for row in rows:
        if _ends_with_heading(row) or len(found) == 5:
            break
        if len(row) <= longest and _has_value(row):
            found.append(row)
    return found


def _ends_with_heading(row: list[Cell]) -> bool:
    """The row's values, then a line of text: a heading or a note with no blank line before."""
    if len(row) < 3 or not _has_value(row[:-1]):
        return False
    last, previous = row[-1].text.strip(), row[-2].text.strip()
    return (
        _cell_kind(last) == "label"
        and _cell_kind(previous) != "label"
        and sum(1 for ch in last if "\u3400" <= ch <= "\u9fff") >= 4
    )


def _has_value(row: list[Cell]) -> bool:
    return any(_cell_kind(c.text) == "value" for c in row)


def _usual_width(rows: list[list[Cell]]) -> int:
    """The row length most rows have, counting a row run together from several (a multiple of
    it) for it too."""
    lengths = [len(row) for row in rows]
    return max(set(lengths), key=lambda n: (sum(1 for m in lengths if m % n == 0), -n))


def _split_at_labels(row: list[Cell], width: int) -> list[list[Cell]]:
    kinds = [_cell_kind(c.text) for c in row]
    pieces: list[list[Cell]] = []
    start = 0
    for index in range(1, len(row)):
        if kinds[index] != "label" or kinds[index - 1] == "label":
            continue
        piece = kinds[start:index]
        if "value" in piece and any(k != "blank" for k in kinds[index:]):
            pieces.append(row[start:index])
            start = index
        elif (
            "value" not in piece
            and index - start >= width
            and "value" in kinds[index:]
            and "label" not in kinds[index + 1 : kinds.index("value", index)]
        ):  # a header row run into the first data row: cut before the data row's label
            pieces.append(row[start:index])
            start = index
    pieces.append(row[start:])
    return pieces


def _rebalance(pieces: list[list[Cell]], width: int) -> list[list[Cell]]:
    """Move blank cells across each cut towards the row that is short of `width`."""
    for a, b in pairwise(pieces):
        while len(a) > width and len(b) < width and not a[-1].text.strip():
            b.insert(0, a.pop())
        while len(a) < width and len(b) > width and not b[0].text.strip():
            a.append(b.pop(0))
    return [piece for piece in pieces if piece]


def _glued_row(line: str, number: int) -> list[Cell] | None:
    """A crawler's row: its label and a glued run of digits, or a run alone (section 四)."""
    if not _is_plain(line):
        return None
    split = split_glued(line)
    if split is not None:
        label, run = split
        return [Cell(label, line=number), Cell(run, line=number, glued=True)]
    alone = bare_run(line)
    return None if alone is None else [Cell(alone, line=number, glued=True)]


def _is_flattened_document(lines: list[str]) -> bool:
    glued = 0
    for line in lines:
        # Most lines of a report hold too few digits to be a glued row: skip them before the
        # character-by-character split.
        if sum(map(str.isdigit, line)) < _MIN_GLUED_DIGITS:
            continue
        split = split_glued(line) if _is_plain(line) else None
        if split and sum(ch.isdigit() for ch in split[1]) >= _MIN_GLUED_DIGITS:
            glued += 1
            if glued >= _MIN_GLUED_ROWS:
                return True
    return False


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


@lru_cache(maxsize=16384)
def _clean_cell(text: str) -> str:
    return _MD_EMPHASIS.sub("", text).replace("&nbsp;", " ").strip()


def _clean_prose(text: str) -> str:
    return _MD_EMPHASIS.sub("", _MD_HEADING.sub("", text)).strip()
