"""PDF reports, read with pdfplumber.

Most reports are Word documents exported to PDF. Their statistical tables come in two kinds:
- ruled tables (every cell boxed): pdfplumber's line-based table finder gives the cell boxes,
  merged cells included, and each character is put in the box that holds it. A merged cell's
  text goes to its first grid position and the positions it covers stay "", so every row has
  the table's full width (`Table(grid=True)`). Text wrapped inside a cell, including the
  vertical label 三、本年度办理结果 printed one character per line, joins into one cell text.
- unruled tables (no lines): rebuilt from word positions. Rows start where a cell's text starts
  (cell text is top-aligned, Word's default); value columns come from the centres of numbers and
  header texts, and a header cell's x-range decides which columns it spans, so a value printed
  under a header spanning three columns lands in the first of them, as in a ruled table.
A table continued on the next page (with or without its header repeated) is joined into one
Table when the two parts' columns line up; a repeated header is dropped. Text outside tables
becomes Paragraphs, one per printed paragraph (wrapped lines joined), without page numbers.

Every cell and paragraph carries its 1-based page. Each page is read in one pass over its
characters: they are bucketed into ruled cells or into lines, nothing is extracted twice.

pdfminer's layout analysis (what pdfplumber's characters and ruling lines come from) is most of
the cost, and most pages of a report are narrative. So a cheap pass with pypdfium2 (PDFium, C++)
reads every page's text first, and only pages that may hold a template table (a table label, or
a run of bare numbers) go through pdfplumber; the others are read from PDFium's characters with
the same line and paragraph logic.

Files that cannot be read raise `ReaderError`: `needs_ocr` (a scan, no text layer), `encrypted`
(a user password), `truncated` (cut short), `not_pdf`, `corrupt` (anything pdfminer rejects).
"""

from __future__ import annotations

import bisect
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSEOF
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import PdfminerException

from ingest.document import Cell, Document, Paragraph, ReaderError, Table
from ingest.normalize import ValueStatus, has_cjk, parse_value

Char = dict[str, Any]  # a pdfplumber character: text, x0, x1, top, bottom, size, ...

_LINE_TOLERANCE = 3.0  # characters whose tops differ by less are on one line (pdfplumber's default)
_SPACE_GAP = 0.3  # a gap wider than this many font sizes inside a fragment reads as a space
_FRAGMENT_GAP = 0.6  # a gap wider than this many font sizes separates two cells' texts
_WRAP_GAP = 0.6  # lines of one cell are this close (in font sizes); rows are further apart
_BLOCK_GAP = 1.6  # a vertical gap this large (in font sizes) separates a table from prose
_RULED_MATCH = 2.0  # points: column edges of a continued ruled table agree within this
_UNRULED_MATCH = 3.0  # points: column anchors of a continued unruled table agree within this
_MIN_TEXT_PER_PAGE = 10  # fewer non-blank characters than this per page: a scan
_WHITESPACE = re.compile(r"\s+")
_ENUMERATOR = re.compile(r"^\d+[.．、]$")  # "1." on its own is an item number, not a value
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$"
)


def read_pdf(data: bytes, source: str = "<bytes>", select_pages: bool = True) -> Document:
    """Read a PDF report into paragraphs and tables, or raise ReaderError.

    `select_pages=False` sends every page through pdfplumber (tests compare the two routes).
    """
    _check_envelope(data, source)
    pages: list[_PageRead] = []
    text_chars = 0
    cid_chars = 0
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        page_list = list(pdf.pages)
    except Exception as exc:  # pdfminer raises many exception types on malformed input
        raise _reader_error(exc, source) from exc
    survey = _survey(data, len(page_list)) if select_pages else None
    with pdf:
        for number, page in enumerate(page_list, start=1):
            quick = survey[number - 1] if survey else None
            if quick is not None and not quick.may_hold_table:
                chars = quick.chars
                pages.append(_page_blocks(chars, [], number, quick.width, quick.height))
            else:
                chars = _load_chars(page, number, source)
                pages.append(_read_page(page, chars, number))
            text_chars += sum(1 for c in chars if c["text"].strip())
            cid_chars += sum(1 for c in chars if c["text"].startswith("(cid:"))
            page.close()  # pdfplumber caches every parsed object per page; free them as we go
    _check_text_layer(len(page_list), text_chars, cid_chars, source)
    return Document(blocks=_assemble(pages), page_count=len(page_list))


# --- the cheap first pass -----------------------------------------------------------------------

# Label keys that only the template's tables print (column headers, row labels): a page holding
# one of them may hold a table. Prose may mention some too; that only costs a slower read.
_TABLE_WORDS = (
    "信息内容", "申请人情况", "自然人", "商业企业", "科研机构", "本年新收", "上年结转",
    "予以公开", "不予公开", "行政复议", "行政诉讼", "尚未审结", "第二十条", "本年制发",
    "本年新制作", "处理决定", "收费金额", "采购",
)  # fmt: skip
_BARE_NUMBER = re.compile(r"(?<![\w.,，])[-−]?\d+(?:\.\d+)?(?![\w.,，])")
_MAX_PROSE_NUMBERS = 6  # more bare numbers than this on a page: maybe a table without labels
_NOT_UNICODE = {0, 0xFFFD, 0xFFFE}  # PDFium's text for a glyph with no Unicode mapping


@dataclass
class _QuickPage:
    """One page as PDFium read it: its characters (shaped like pdfplumber's) and whether it may
    hold a template table."""

    chars: list[Char]
    width: float
    height: float
    may_hold_table: bool


def _survey(data: bytes, pages: int) -> list[_QuickPage] | None:
    """Every page through PDFium, or None (then every page goes through pdfplumber, whose
    errors say what is wrong with the file) if PDFium cannot read it the way pdfminer does."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None
    try:
        if len(document) != pages:
            return None
        return [_quick_page(document[index]) for index in range(pages)]
    except pdfium.PdfiumError:
        return None
    finally:
        document.close()


def _quick_page(page: pdfium.PdfPage) -> _QuickPage:
    textpage = page.get_textpage()
    try:
        width, height = page.get_size()
        text = textpage.get_text_range()
        compact = _WHITESPACE.sub("", text)
        may_hold_table = any(word in compact for word in _TABLE_WORDS) or (
            len(_BARE_NUMBER.findall(text)) > _MAX_PROSE_NUMBERS
        )
        chars = [] if may_hold_table else _pdfium_chars(textpage, height)
        return _QuickPage(chars, float(width), float(height), may_hold_table)
    finally:
        textpage.close()
        page.close()


def _pdfium_chars(textpage: pdfium.PdfTextPage, height: float) -> list[Char]:
    """PDFium's characters as pdfplumber's dicts: the loose box gives x0, x1 and the bottom (the
    font's descent below the baseline); like pdfminer, a character is one font size tall."""
    chars: list[Char] = []
    for index in range(textpage.count_chars()):
        if pdfium_c.FPDFText_IsGenerated(textpage, index):
            continue  # a space or line break PDFium inferred, not printed
        code = pdfium_c.FPDFText_GetUnicode(textpage, index)
        if code in (0x0D, 0x0A):
            continue
        size = float(pdfium_c.FPDFText_GetFontSize(textpage, index))
        left, bottom, right, _top = textpage.get_charbox(index, loose=True)
        text = "(cid:0)" if code in _NOT_UNICODE else chr(code)
        chars.append({"text": text, "x0": left, "x1": right, "top": height - bottom - size,
                      "bottom": height - bottom, "size": size})  # fmt: skip
    return chars


# --- failures ------------------------------------------------------------------------------------


def _check_envelope(data: bytes, source: str) -> None:
    """Reject what is not a whole PDF before pdfminer tries to repair it silently."""
    if b"%PDF" not in data[:1024]:
        head = data[:16].decode("latin-1", "replace")
        raise ReaderError(
            "not_pdf",
            f"{source}: not a PDF (it starts with {head!r}); the download may have saved an "
            "error page; download the report again",
        )
    if b"%%EOF" not in data[-1024:]:
        raise ReaderError(
            "truncated",
            f"{source}: the PDF is cut short (no %%EOF at its end, {len(data)} bytes); "
            "download it again",
        )


def _reader_error(exc: Exception, source: str, page: int | None = None) -> ReaderError:
    """Translate whatever pdfminer raised into a ReaderError that says what to do."""
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    where = f"{source}" if page is None else f"{source} (page {page})"
    if isinstance(cause, PDFPasswordIncorrect):
        return ReaderError(
            "encrypted",
            f"{where}: the PDF is protected by a password; ask the agency for an unprotected "
            "copy, or decrypt it (qpdf --decrypt --password=... in.pdf out.pdf) and ingest that",
        )
    if isinstance(cause, PDFEncryptionError):
        return ReaderError(
            "encrypted",
            f"{where}: the PDF uses an encryption pdfminer cannot open ({cause}); decrypt it "
            "(qpdf --decrypt in.pdf out.pdf) and ingest that",
        )
    if isinstance(cause, PSEOF):
        return ReaderError(
            "truncated", f"{where}: the PDF ends unexpectedly (cut short); download it again"
        )
    return ReaderError(
        "corrupt",
        f"{where}: the PDF is damaged ({type(cause).__name__}: {cause}); download it again, or "
        "repair it (qpdf in.pdf out.pdf) and ingest the repaired copy",
    )


def _load_chars(page: Page, number: int, source: str) -> list[Char]:
    """Parse the page (characters and lines) inside the guard, so later steps cannot fail in
    pdfminer: everything after this works on objects pdfplumber has cached."""
    try:
        chars = page.chars
        _ = page.edges
    except Exception as exc:  # pdfminer raises many exception types on malformed input
        raise _reader_error(exc, source, number) from exc
    return chars


def _check_text_layer(pages: int, text_chars: int, cid_chars: int, source: str) -> None:
    if text_chars < _MIN_TEXT_PER_PAGE * max(pages, 1):
        raise ReaderError(
            "needs_ocr",
            f"{source}: no text layer ({text_chars} characters on {pages} page(s)); it looks "
            "scanned; run OCR (e.g. ocrmypdf -l chi_sim in.pdf out.pdf) and ingest the result",
        )
    if cid_chars > text_chars / 2:
        raise ReaderError(
            "needs_ocr",
            f"{source}: the text layer has no Unicode mapping ({cid_chars} of {text_chars} "
            "characters are bare glyph ids); OCR the pages (ocrmypdf --force-ocr -l chi_sim)",
        )


# --- characters to text --------------------------------------------------------------------------


def _group_lines(chars: Iterable[Char]) -> list[list[Char]]:
    """Characters into visual lines, top to bottom, each line left to right."""
    lines: list[list[Char]] = []
    line_top = 0.0
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if lines and char["top"] - line_top <= _LINE_TOLERANCE:
            lines[-1].append(char)
        else:
            lines.append([char])
            line_top = char["top"]
    for line in lines:
        line.sort(key=lambda c: c["x0"])
    return lines


def _line_text(chars: Sequence[Char]) -> str:
    """One line's characters, a visible gap (or a space character) read as one space."""
    parts: list[str] = []
    previous: Char | None = None
    for char in chars:
        text = char["text"]
        if previous is not None and text.strip():
            gap = char["x0"] - previous["x1"]
            if gap > _SPACE_GAP * char["size"] and parts and parts[-1] != " ":
                parts.append(" ")
        if text.isspace():
            if parts and parts[-1] != " ":
                parts.append(" ")
        else:
            parts.append(text)
        previous = char
    return "".join(parts).strip()


def _join_lines(lines: Iterable[str]) -> str:
    """Wrapped lines of one cell or paragraph. Chinese wraps anywhere, so lines join without a
    space, except between two Latin words."""
    text = ""
    for line in lines:
        if not line:
            continue
        if text and text[-1].isascii() and text[-1].isalpha() and line[0].isascii():
            text += " "
        text += line
    return text


def _is_value(text: str) -> bool:
    """A number or a not-reported marker: what value cells hold."""
    if _ENUMERATOR.match(text):
        return False
    return parse_value(text).status in (ValueStatus.VALUE, ValueStatus.NOT_REPORTED)


# --- blocks of one page ---------------------------------------------------------------------------


@dataclass
class _Part:
    """A table as found on one page, before tables continued across pages are joined.

    `anchors` identify the columns: left edges for ruled tables, label left edges and value
    centres for unruled ones; a continuation's anchors must match some of these.
    """

    rows: list[list[Cell]]
    anchors: list[float]
    ruled: bool
    top: float
    page: int


@dataclass
class _Line:
    frags: list[_Frag]
    page: int

    @property
    def top(self) -> float:
        return min(f.top for f in self.frags)

    @property
    def bottom(self) -> float:
        return max(f.bottom for f in self.frags)

    @property
    def size(self) -> float:
        return max(f.size for f in self.frags)

    @property
    def x0(self) -> float:
        return self.frags[0].x0

    @property
    def x1(self) -> float:
        return self.frags[-1].x1

    @property
    def text(self) -> str:
        return " ".join(f.text for f in self.frags)


@dataclass
class _Frag:
    """A run of text on one line with no wide gap: one cell's line, or a line of prose."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


_Block = _Part | _Line


@dataclass
class _PageRead:
    blocks: list[_Block]  # in reading order
    width: float


def _read_page(page: Page, chars: list[Char], number: int) -> _PageRead:
    """A page's tables and text lines in reading order (top to bottom)."""
    tables = [t for t in page.find_tables() if _is_real_table(t.cells)]
    boxes = [_CellIndex(t.cells) for t in tables]
    return _page_blocks(chars, boxes, number, float(page.width), float(page.height))


def _page_blocks(
    chars: list[Char], boxes: list[_CellIndex], number: int, width: float, height: float
) -> _PageRead:
    """Characters into ruled cells (`boxes`), unruled tables and text lines, top to bottom."""
    buckets: list[list[list[Char]]] = [[[] for _ in box.cells] for box in boxes]
    loose: list[Char] = []
    for char in chars:
        if _place_char(char, boxes, buckets):
            continue
        loose.append(char)
    blocks: list[_Block] = [
        _ruled_part(box, bucket, number) for box, bucket in zip(boxes, buckets, strict=True)
    ]
    lines = _text_lines(loose, number)
    lines = [line for line in lines if not _is_page_number(line, height)]
    blocks.extend(_find_unruled(lines, number))
    blocks.sort(key=lambda b: b.top)
    return _PageRead(blocks, width)


def _is_real_table(cells: list[tuple[float, float, float, float]]) -> bool:
    """At least two rows and two columns: a box drawn around text is not a table."""
    return len({c[0] for c in cells}) >= 2 and len({c[1] for c in cells}) >= 2


def _place_char(char: Char, boxes: list[_CellIndex], buckets: list[list[list[Char]]]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    for box, bucket in zip(boxes, buckets, strict=True):
        index = box.find(x, y)
        if index is not None:
            bucket[index].append(char)
            return True
    return False


class _CellIndex:
    """Finds the cell holding a point in O(log n): the table's distinct edges cut it into slots,
    each slot belongs to at most one cell (a merged cell owns several)."""

    def __init__(self, cells: list[tuple[float, float, float, float]]) -> None:
        self.cells = cells
        self.xs = sorted({c[0] for c in cells} | {c[2] for c in cells})
        self.ys = sorted({c[1] for c in cells} | {c[3] for c in cells})
        self.slots: dict[tuple[int, int], int] = {}
        for index, (x0, top, x1, bottom) in enumerate(cells):
            for i in range(self.xs.index(x0), self.xs.index(x1)):
                for j in range(self.ys.index(top), self.ys.index(bottom)):
                    self.slots[(i, j)] = index

    def find(self, x: float, y: float) -> int | None:
        if not (self.xs[0] <= x < self.xs[-1] and self.ys[0] <= y < self.ys[-1]):
            return None
        i = bisect.bisect_right(self.xs, x) - 1
        j = bisect.bisect_right(self.ys, y) - 1
        return self.slots.get((i, j))


def _ruled_part(box: _CellIndex, bucket: list[list[Char]], page: int) -> _Part:
    """Grid rows from cell boxes: a row per distinct cell top, a column per distinct left edge;
    a merged cell's text in its first position, "" in the positions it covers."""
    lefts = sorted({c[0] for c in box.cells})
    tops = sorted({c[1] for c in box.cells})
    texts = [[""] * len(lefts) for _ in tops]
    for (x0, top, _x1, _bottom), chars in zip(box.cells, bucket, strict=True):
        if chars:
            text = _join_lines(_line_text(line) for line in _group_lines(chars))
            texts[tops.index(top)][lefts.index(x0)] = text
    rows = [[Cell(text, page=page) for text in row] for row in texts]
    right = max(c[2] for c in box.cells)
    return _Part(rows, [*lefts, right], ruled=True, top=tops[0], page=page)


def _text_lines(chars: list[Char], page: int) -> list[_Line]:
    """Loose characters into lines of fragments; a vertical run of single characters (a label
    printed one character per line) becomes one fragment on the line where it starts."""
    frags = [f for line in _group_lines(chars) for f in _fragments(line)]
    frags = _merge_vertical_runs(frags)
    frags.sort(key=lambda f: (f.top, f.x0))
    lines: list[_Line] = []
    for frag in frags:
        if lines and frag.top - lines[-1].frags[0].top <= _LINE_TOLERANCE:
            lines[-1].frags.append(frag)
        else:
            lines.append(_Line([frag], page))
    for line in lines:
        line.frags.sort(key=lambda f: f.x0)
    return lines


def _fragments(line: list[Char]) -> list[_Frag]:
    """Split one line where the gap between characters is wider than a cell's padding."""
    runs: list[list[Char]] = []
    for char in line:
        if not char["text"].strip():
            if runs:
                runs[-1].append(char)
            continue
        visible = [c for c in runs[-1] if c["text"].strip()] if runs else []
        if visible and char["x0"] - visible[-1]["x1"] <= _FRAGMENT_GAP * char["size"]:
            runs[-1].append(char)
        else:
            runs.append([char])
    frags = []
    for run in runs:
        visible = [c for c in run if c["text"].strip()]
        frags.append(
            _Frag(
                _line_text(run),
                visible[0]["x0"],
                visible[-1]["x1"],
                min(c["top"] for c in visible),
                max(c["bottom"] for c in visible),
                max(c["size"] for c in visible),
            )
        )
    return frags


def _merge_vertical_runs(frags: list[_Frag]) -> list[_Frag]:
    """Join single-character fragments stacked at one x, line after line, into one fragment."""
    singles = sorted(
        (f for f in frags if len(f.text) == 1 and not f.text.isdigit()),
        key=lambda f: (round(f.x0), f.top),
    )
    runs: list[list[_Frag]] = []
    for frag in singles:
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and abs(frag.x0 - last.x0) <= 1.0
            and 0 < frag.top - last.bottom <= _WRAP_GAP * frag.size
        ):
            runs[-1].append(frag)
        else:
            runs.append([frag])
    merged: dict[int, _Frag] = {}
    dropped: set[int] = set()
    for run in runs:
        if len(run) >= 3 and sum(has_cjk(f.text) for f in run) >= 2:
            text = "".join(f.text for f in run)
            x0, x1 = min(f.x0 for f in run), max(f.x1 for f in run)
            merged[id(run[0])] = _Frag(text, x0, x1, run[0].top, run[-1].bottom, run[0].size)
            dropped.update(id(f) for f in run[1:])
    return [merged.get(id(f), f) for f in frags if id(f) not in dropped]


def _is_page_number(line: _Line, height: float) -> bool:
    in_margin = line.top > height * 0.88 or line.bottom < height * 0.1
    return in_margin and bool(_PAGE_NUMBER.match(line.text))


# --- unruled tables ------------------------------------------------------------------------------


def _find_unruled(lines: list[_Line], page: int) -> list[_Block]:
    """Runs of closely spaced lines that hold a table become parts; other lines stay lines."""
    blocks: list[_Block] = []
    for run in _runs(lines):
        part = _unruled_part(run, page) if _looks_tabular(run) else None
        if part is None:
            blocks.extend(run)
        else:
            blocks.append(part)
    return blocks


def _runs(lines: list[_Line]) -> list[list[_Line]]:
    """Split lines where the vertical gap is wide: tables stand apart from the prose around."""
    runs: list[list[_Line]] = []
    bottom = 0.0  # lowest point of the current run (a vertical label reaches down many lines)
    for line in lines:
        if runs and line.top - bottom <= _BLOCK_GAP * min(line.size, runs[-1][-1].size):
            runs[-1].append(line)
            bottom = max(bottom, line.bottom)
        else:
            runs.append([line])
            bottom = line.bottom
    return runs


def _looks_tabular(run: list[_Line]) -> bool:
    multi = sum(1 for line in run if len(line.frags) >= 2)
    has_value = any(_is_value(f.text) for line in run for f in line.frags)
    return multi >= 2 and has_value


@dataclass
class _UCell:
    """One cell of an unruled table: fragments of one cell, stacked when the text wraps."""

    frags: list[_Frag]
    row: int

    @property
    def x0(self) -> float:
        return min(f.x0 for f in self.frags)

    @property
    def x1(self) -> float:
        return max(f.x1 for f in self.frags)

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def text(self) -> str:
        return _join_lines(f.text for f in sorted(self.frags, key=lambda f: f.top))


@dataclass
class _URow:
    cells: list[_UCell] = field(default_factory=list)
    is_data: bool = False


def _unruled_part(lines: list[_Line], page: int) -> _Part | None:
    rows = _unruled_rows(lines)
    values = [c for row in rows for c in row.cells if _is_value(c.text)]
    if not values:
        return None
    label_edge = _label_edge(rows)
    labels = [c for row in rows for c in row.cells if c.x0 < label_edge]
    label_anchors = _cluster(sorted(c.x0 for c in labels), _UNRULED_MATCH)
    zone = [[c for c in row.cells if c.x0 >= label_edge] for row in rows]
    for row, cells in zip(rows, zone, strict=True):
        row.is_data = any(_is_value(c.text) for c in cells)
    centers = _value_columns(zone)
    layout = _ValueLayout(centers)
    width = len(label_anchors) + len(centers)
    out: list[list[Cell]] = []
    band: list[list[tuple[int, int]]] = []  # header rows' spans above the current data rows
    after_data = False
    for row, cells in zip(rows, zone, strict=True):
        texts = [""] * width
        for cell in row.cells:
            if cell.x0 < label_edge:
                _put(texts, _nearest(label_anchors, cell.x0), cell.text)
        if row.is_data:
            for cell in cells:
                _put(texts, len(label_anchors) + layout.place(cell.center, band), cell.text)
            after_data = True
        elif cells:
            spans = layout.header_spans(cells)
            band = [spans] if after_data else [*band, spans]
            after_data = False
            for cell, (start, _end) in zip(cells, spans, strict=True):
                _put(texts, len(label_anchors) + start, cell.text)
        out.append([Cell(text, page=page) for text in texts])
    return _Part(out, [*label_anchors, *centers], ruled=False, top=lines[0].top, page=page)


def _label_edge(rows: list[_URow]) -> float:
    """Where row labels end: the right end of the text left of the values in rows that hold
    values. Cells starting left of it are labels; the others are headers or values. (Taken
    from the labels, not the values, because a value column may be blank all the way down.)"""
    edge = float("-inf")
    for row in rows:
        values = [c.x0 for c in row.cells if _is_value(c.text)]
        if values:
            first = min(values)
            labels = [c.x1 for c in row.cells if c.x1 <= first and not _is_value(c.text)]
            edge = max([edge, *labels])
    return edge


def _put(texts: list[str], index: int, text: str) -> None:
    texts[index] = f"{texts[index]} {text}".strip()


def _unruled_rows(lines: list[_Line]) -> list[_URow]:
    """Group fragments into cells and rows. A fragment just below another one it overlaps
    continues that cell (wrapped text); any other fragment starts a cell, and a line where a
    cell starts starts a row (cells are top-aligned)."""
    rows: list[_URow] = []
    placed: list[tuple[_Frag, _UCell]] = []
    for line in lines:
        starts: list[_Frag] = []
        for frag in line.frags:
            above = _cell_above(frag, placed)
            if above is None:
                starts.append(frag)
            else:
                above.frags.append(frag)
                placed.append((frag, above))
        if starts:
            row = _URow()
            rows.append(row)
            for frag in starts:
                cell = _UCell([frag], len(rows) - 1)
                row.cells.append(cell)
                placed.append((frag, cell))
    for row in rows:
        row.cells.sort(key=lambda c: c.x0)
    return rows


def _cell_above(frag: _Frag, placed: list[tuple[_Frag, _UCell]]) -> _UCell | None:
    """The cell whose last line sits right above `frag` and overlaps it horizontally."""
    best: tuple[_Frag, _UCell] | None = None
    for other, cell in reversed(placed):
        if other.bottom > frag.top + 1.0 or other.x1 <= frag.x0 or frag.x1 <= other.x0:
            continue
        if best is None or other.bottom > best[0].bottom:
            best = (other, cell)
    if best is None or frag.top - best[0].bottom > _WRAP_GAP * frag.size:
        return None
    return best[1]


def _cluster(values: list[float], tolerance: float) -> list[float]:
    """Sorted positions into groups no wider than `tolerance`; each group's first position."""
    groups: list[float] = []
    for value in values:
        if not groups or value - groups[-1] > tolerance:
            groups.append(value)
    return groups


def _nearest(anchors: list[float], x: float) -> int:
    return min(range(len(anchors)), key=lambda i: abs(anchors[i] - x))


def _value_columns(rows: list[list[_UCell]]) -> list[float]:
    """Column centres from the value-zone cells, fullest rows first.

    A centre that matches no column opens one when it lies outside the known columns or in a gap
    wide enough for a column that no full row showed (all its cells blank); one lying between
    two neighbouring columns is a cell spanning both (本年增/减 over two columns), not a column.
    """
    centers: list[float] = []
    for cells in sorted(rows, key=len, reverse=True):
        for cell in cells:
            _add_column(centers, cell.center)
    return centers


def _add_column(centers: list[float], center: float) -> None:
    if not centers:
        centers.append(center)
        return
    pitch = min((b - a for a, b in pairwise(centers)), default=None)
    tolerance = 6.0 if pitch is None else min(6.0, 0.3 * pitch)
    if min(abs(c - center) for c in centers) <= tolerance:
        return
    if pitch is None or center < centers[0] or center > centers[-1]:
        bisect.insort(centers, center)
        return
    index = bisect.bisect(centers, center)
    if centers[index] - centers[index - 1] >= 1.6 * pitch:
        bisect.insort(centers, center)


class _ValueLayout:
    """Places value-zone cells of an unruled table in columns, using the header's spans."""

    def __init__(self, centers: list[float]) -> None:
        self.centers = centers
        half = (centers[1] - centers[0]) / 2 if len(centers) > 1 else 20.0
        half_last = (centers[-1] - centers[-2]) / 2 if len(centers) > 1 else 20.0
        self.left = centers[0] - half
        self.right = centers[-1] + half_last

    def header_spans(self, cells: list[_UCell]) -> list[tuple[int, int]]:
        """The columns each header cell covers. Header text is centred in its cell, so the cell
        reaches as far on either side as it can before meeting a neighbour or the table edge."""
        spans = []
        for index, cell in enumerate(cells):
            left = max(self.left, cells[index - 1].x1 if index else self.left)
            right = min(self.right, cells[index + 1].x0 if index + 1 < len(cells) else self.right)
            reach = max(0.0, min(cell.center - left, right - cell.center)) + 1.0
            covered = [i for i, c in enumerate(self.centers) if abs(c - cell.center) <= reach]
            if not covered:
                covered = [_nearest(self.centers, cell.center)]
            spans.append((covered[0], covered[-1]))
        return spans

    def place(self, center: float, band: list[list[tuple[int, int]]]) -> int:
        """A value's column: the nearest centre, moved to the start of the lowest header cell
        spanning it (a value under a three-column header belongs in the first of them)."""
        column = _nearest(self.centers, center)
        for spans in reversed(band):
            for start, end in spans:
                if start <= column <= end:
                    return start
        return column


# --- pages into a document -----------------------------------------------------------------------


def _assemble(pages: list[_PageRead]) -> list[Paragraph | Table]:
    """Join tables continued across a page break and wrapped paragraph lines; emit blocks."""
    blocks: list[Paragraph | Table] = []
    prose = _ProseJoiner(blocks)
    last_table: _Part | None = (
        None  # the last block so far, if a table: the next page may continue it
    )
    for page_read in pages:
        edges = _prose_edges([b for b in page_read.blocks if isinstance(b, _Line)], page_read.width)
        for position, block in enumerate(page_read.blocks):
            if isinstance(block, _Line):
                last_table = None
                prose.add(block, edges)
                continue
            prose.flush()
            if last_table is not None and position == 0 and block.page == last_table.page + 1:
                mapping = _column_mapping(last_table, block)
                if mapping is not None:
                    last_table.rows.extend(_continuation_rows(last_table, block, mapping))
                    last_table.page = block.page
                    continue
            last_table = block
            # The Table shares the part's row list, so continuation rows land in it too.
            blocks.append(Table(rows=block.rows, grid=True))
    prose.flush()
    return blocks


def _column_mapping(previous: _Part, part: _Part) -> list[int] | None:
    """For each column of `part`, the matching column of `previous`; None if any has none."""
    if previous.ruled != part.ruled:
        return None
    tolerance = _RULED_MATCH if part.ruled else _UNRULED_MATCH
    mapping = []
    for anchor in part.anchors:
        index = _nearest(previous.anchors, anchor)
        if abs(previous.anchors[index] - anchor) > tolerance:
            return None
        mapping.append(index)
    return mapping


def _continuation_rows(previous: _Part, part: _Part, mapping: list[int]) -> list[list[Cell]]:
    """The continuation's rows in the previous part's columns, minus a repeated header."""
    rows = previous.rows
    width = len(rows[0])
    remapped = []
    for row in part.rows:
        cells = [Cell("", page=part.page) for _ in range(width)]
        for index, cell in enumerate(row):
            target = mapping[index]
            if target < width:
                cells[target] = cell
        remapped.append(cells)
    repeated = 0
    while (
        repeated < len(remapped)
        and repeated < len(rows)
        and [c.text for c in remapped[repeated]] == [c.text for c in rows[repeated]]
    ):
        repeated += 1
    return remapped[repeated:]


def _prose_edges(lines: list[_Line], page_width: float) -> tuple[float, float] | None:
    """The left and right edges of the page's text, if some line spans most of the page:
    on a page of short lines (headings, a title) no line is a wrapped one."""
    if not lines:
        return None
    left, right = min(line.x0 for line in lines), max(line.x1 for line in lines)
    return (left, right) if right - left >= 0.6 * page_width else None


class _ProseJoiner:
    """Turns text lines into paragraphs: a line that fills the text width and is followed by
    an unindented line of the same size continues into it (the same paragraph, wrapped)."""

    def __init__(self, blocks: list[Paragraph | Table]) -> None:
        self.blocks = blocks
        self.lines: list[_Line] = []
        self.open = False  # the last line filled the width: the next may continue it

    def add(self, line: _Line, edges: tuple[float, float] | None) -> None:
        last = self.lines[-1] if self.lines else None
        continues = (
            last is not None
            and edges is not None
            and self.open
            and abs(line.size - last.size) < 0.5
            and line.x0 <= edges[0] + 0.5 * line.size
        )
        if not continues:
            self.flush()
        self.lines.append(line)
        self.open = edges is not None and line.x1 >= edges[1] - 1.5 * line.size

    def flush(self) -> None:
        if self.lines:
            text = _join_lines(line.text for line in self.lines)
            self.blocks.append(Paragraph(text, page=self.lines[0].page))
        self.lines = []
        self.open = False
