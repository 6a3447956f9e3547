"""Render a `ReportSpec` as a PDF, ruled or unruled, with the template's merged cells.

Agencies publish most reports as PDFs exported from Word, so this draws what such exports show:
- the three section grids of `layout.py`, spans drawn as one box (the vertical label
  三、本年度办理结果 one character per line in a narrow column, （三）不予公开 spanning its items,
  long labels and headers wrapped inside their cells);
- ruled tables (every cell boxed) or unruled ones (the same positions, no lines; cell text
  top-aligned, as Word's default cell alignment puts it);
- section 三 starting on a new page, optionally broken by a page break inside the table, with or
  without its header rows repeated on the next page; a merged cell cut by the break continues on
  the next page as an empty box, as Word draws it;
- page numbers in the footer (`- 2 -`).

Text is drawn in reportlab's built-in CID font STSong-Light, which needs no font files; the few
characters it lacks (the minus sign U+2212) fall back to Vera, a TrueType font bundled with
reportlab, so a cell printed `−185` keeps its sign in the text layer.

Bad files for reader tests: `render_scanned_pdf` (an image and no text layer), `truncate_pdf` (a
download cut short) and `render_encrypted_pdf` (a user password, or only an owner password).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from benchmarks.corpus.layout import (
    CLOSING,
    SECTION_HEADINGS,
    Grid,
    GridCell,
    Sections,
    prose,
    template_sections,
)
from benchmarks.corpus.spec import ReportSpec
from ingest.codebook import Codebook

FONT = "STSong-Light"
FALLBACK_FONT = "Vera"
# Characters STSong-Light's Unicode CMap does not map: reportlab would drop them silently.
_FALLBACK_CHARS = frozenset("\u2212")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 50.0
MARGIN_TOP = 60.0
MARGIN_BOTTOM = 60.0
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
TITLE_SIZE = 16.0
HEADING_SIZE = 12.0
BODY_SIZE = 12.0
TABLE_SIZE = 9.0
LEADING = 1.25  # line height as a multiple of the font size
PAD = 4.0  # cell padding on every side
BLOCK_GAP = 14.0  # vertical space around tables, so unruled tables stand apart from prose

# Column widths (points). Section 三: a narrow column for the vertical label, the group labels,
# the item labels, then equal value columns.
APPLICATION_LABEL_WIDTHS = (18.0, 75.0, 110.0)
PROACTIVE_LABEL_WIDTH = 150.0

# The row of section 三 before which the split variant breaks the page: inside （四）无法提供,
# so both the vertical label and a group label are cut by the break.
SPLIT_BEFORE_OUTCOME = "unavailable_needs_creation"
APPLICATION_HEADER_ROWS = 3


def _register_fonts() -> None:
    registered = pdfmetrics.getRegisteredFontNames()
    if FONT not in registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    if FALLBACK_FONT not in registered:
        pdfmetrics.registerFont(TTFont(FALLBACK_FONT, "Vera.ttf"))


def _font_for(char: str) -> str:
    return FALLBACK_FONT if char in _FALLBACK_CHARS else FONT


def _runs(text: str) -> list[tuple[str, str]]:
    """Split text into (font, run) pieces so each character is drawn by a font that has it."""
    runs: list[tuple[str, str]] = []
    for char in text:
        font = _font_for(char)
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    return runs


def text_width(text: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(run, font, size) for font, run in _runs(text))


def wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy wrap by character (Chinese has no spaces to break at); '\\n' forces a break."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for char in paragraph:
            if line and text_width(line + char, size) > width:
                lines.append(line)
                line = char
            else:
                line += char
        lines.append(line)
    return lines


@dataclass
class _Placed:
    """A grid cell with its position in the grid and its wrapped text."""

    row: int
    col: int
    cell: GridCell
    lines: list[str]
    x: float
    width: float
    drawn_lines: int = 0  # lines already drawn in earlier page parts of this cell


@dataclass
class PdfWriter:
    """Flows paragraphs and tables onto A4 pages.

    `ruled=False` draws tables without any lines. Tests use this directly to draw documents that
    `render_pdf` does not (long paragraphs, odd cell contents).
    """

    ruled: bool = True
    page_numbers: bool = True
    encrypt: object = None  # passed to reportlab's Canvas (a password or StandardEncryption)
    _buffer: io.BytesIO = field(default_factory=io.BytesIO)
    _canvas: canvas.Canvas | None = None
    _page: int = 1
    _y: float = PAGE_HEIGHT - MARGIN_TOP
    _page_has_content: bool = False

    def __post_init__(self) -> None:
        _register_fonts()
        self._canvas = canvas.Canvas(
            self._buffer, pagesize=A4, invariant=True, encrypt=self.encrypt
        )

    @property
    def canvas(self) -> canvas.Canvas:
        assert self._canvas is not None
        return self._canvas

    # --- pages --------------------------------------------------------------------------------

    def page_break(self) -> None:
        if self.page_numbers:
            label = f"- {self._page} -"
            self._draw_text(label, (PAGE_WIDTH - text_width(label, 10.5)) / 2, 30.0, 10.5)
        self.canvas.showPage()
        self._page += 1
        self._y = PAGE_HEIGHT - MARGIN_TOP
        self._page_has_content = False

    def new_page_unless_empty(self) -> None:
        if self._page_has_content:
            self.page_break()

    def _room(self) -> float:
        return self._y - MARGIN_BOTTOM

    def to_bytes(self) -> bytes:
        self.page_break()
        self.canvas.save()
        return self._buffer.getvalue()

    # --- text ---------------------------------------------------------------------------------

    def _draw_text(self, text: str, x: float, baseline: float, size: float) -> None:
        for font, run in _runs(text):
            self.canvas.setFont(font, size)
            self.canvas.drawString(x, baseline, run)
            x += pdfmetrics.stringWidth(run, font, size)

    def paragraph(
        self,
        text: str,
        *,
        size: float = BODY_SIZE,
        centered: bool = False,
        indent: float = 0.0,
        space_after: float = 4.0,
    ) -> None:
        """A paragraph wrapped to the page width; its first line indented by `indent`."""
        leading = size * LEADING
        first, *rest = wrap(text, CONTENT_WIDTH - indent, size)
        lines = [first, *(wrap("".join(rest), CONTENT_WIDTH, size) if rest else [])]
        for index, line in enumerate(lines):
            if self._room() < leading:
                self.page_break()
            x = MARGIN_X + (indent if index == 0 else 0.0)
            if centered:
                x = (PAGE_WIDTH - text_width(line, size)) / 2
            self._draw_text(line, x, self._y - size, size)
            self._y -= leading
            self._page_has_content = True
        self._y -= space_after

    def space(self, points: float) -> None:
        self._y -= points

    # --- tables -------------------------------------------------------------------------------

    def table(
        self,
        grid: Grid,
        widths: Sequence[float],
        *,
        label_columns: int = 1,
        header_rows: int = 0,
        break_before: int | None = None,
        repeat_header: bool = False,
        size: float = TABLE_SIZE,
    ) -> None:
        """Draw `grid` with the given column widths, breaking pages between rows.

        A row that does not fit starts a new page, and so does row `break_before`. After a break
        the first `header_rows` rows are drawn again when `repeat_header` is set. Cells in the
        first `label_columns` columns are left-aligned (row labels); the others are centred.
        """
        placed = self._place(grid, widths, size)
        heights = self._row_heights(grid, placed, size)
        self.space(BLOCK_GAP)
        if self._room() < sum(heights[: header_rows + 1]):
            # Keep the header rows with the first data row, as Word's "repeat as header" does.
            self.page_break()
        segment: list[int] = []
        segment_top = self._y
        for row in range(len(grid)):
            forced = row == break_before
            if segment and (forced or self._room() < heights[row]):
                self._draw_segment(segment, segment_top, placed, heights, size, label_columns)
                segment = []
                self.page_break()
                if repeat_header and 0 < header_rows <= row:
                    header = {
                        key: replace(item, drawn_lines=0)
                        for key, item in placed.items()
                        if key[0] < header_rows
                    }
                    rows = list(range(header_rows))
                    self._draw_segment(rows, self._y, header, heights, size, label_columns)
                    self._y -= sum(heights[:header_rows])
                segment_top = self._y
            segment.append(row)
            self._y -= heights[row]
            self._page_has_content = True
        self._draw_segment(segment, segment_top, placed, heights, size, label_columns)
        self._y -= BLOCK_GAP

    @staticmethod
    def _place(grid: Grid, widths: Sequence[float], size: float) -> dict[tuple[int, int], _Placed]:
        lefts = [MARGIN_X + sum(widths[:i]) for i in range(len(widths))]
        placed: dict[tuple[int, int], _Placed] = {}
        for r, row in enumerate(grid):
            for c, cell in enumerate(row):
                if cell is None:
                    continue
                width = sum(widths[c : c + cell.colspan])
                lines = wrap(cell.text, width - 2 * PAD, size) if cell.text else []
                placed[(r, c)] = _Placed(r, c, cell, lines, lefts[c], width)
        return placed

    @staticmethod
    def _row_heights(
        grid: Grid, placed: dict[tuple[int, int], _Placed], size: float
    ) -> list[float]:
        """Each row fits its one-row cells; a spanning cell's shortfall goes to its last row."""
        leading = size * LEADING
        heights = [leading + 2 * PAD] * len(grid)
        for item in placed.values():
            if item.cell.rowspan == 1:
                need = len(item.lines) * leading + 2 * PAD
                heights[item.row] = max(heights[item.row], need)
        for item in placed.values():
            span = range(item.row, item.row + item.cell.rowspan)
            if item.cell.rowspan > 1:
                need = len(item.lines) * leading + 2 * PAD
                have = sum(heights[r] for r in span)
                if need > have:
                    heights[span[-1]] += need - have
        return heights

    def _draw_segment(
        self,
        rows: list[int],
        top: float,
        placed: dict[tuple[int, int], _Placed],
        heights: list[float],
        size: float,
        label_columns: int,
    ) -> None:
        """Draw the rows of one page: every cell that covers one of them, cut to these rows."""
        if not rows:
            return
        leading = size * LEADING
        tops: dict[int, float] = {}
        y = top
        for r in rows:
            tops[r] = y
            y -= heights[r]
        for item in placed.values():
            part = [r for r in rows if item.row <= r < item.row + item.cell.rowspan]
            if not part:
                continue
            part_top = tops[part[0]]
            part_height = sum(heights[r] for r in part)
            if self.ruled:
                self.canvas.setLineWidth(0.5)
                self.canvas.rect(item.x, part_top - part_height, item.width, part_height)
            # A cell cut by a page break shows what fits; the rest continues in the next part.
            capacity = max(0, int((part_height - 2 * PAD + 0.01) // leading))
            shown = item.lines[item.drawn_lines : item.drawn_lines + capacity]
            item.drawn_lines += len(shown)
            if not shown:
                continue
            text_top = part_top - PAD
            if self.ruled and len(shown) == len(item.lines):
                # Vertically centred, as report templates set their cells.
                text_top = part_top - (part_height - len(shown) * leading) / 2
            for index, line in enumerate(shown):
                baseline = text_top - index * leading - size
                x = item.x + PAD
                if item.col >= label_columns:
                    x = item.x + (item.width - text_width(line, size)) / 2
                self._draw_text(line, x, baseline, size)


def _value_widths(label_widths: Sequence[float], columns: int) -> list[float]:
    rest = (CONTENT_WIDTH - sum(label_widths)) / columns
    return [*label_widths, *([rest] * columns)]


def render_pdf(
    spec: ReportSpec,
    *,
    ruled: bool = True,
    split_applications: bool = False,
    repeat_header: bool = False,
    codebook: Codebook | None = None,
    sections: Sections | None = None,
    narrative_pages: int = 0,
) -> bytes:
    """The report as a PDF: prose, then sections 二, 三 (on a new page) and 四, then the closing.

    `narrative_pages` adds about that many pages of 总体情况 narrative (no numbers) before
    section 二 and after the closing, as real reports have: pages without template tables.

    `split_applications` breaks the page inside section 三 (before 2.没有现成信息需要另行制作), and
    `repeat_header` repeats section 三's three header rows on the continuation page. `sections`
    replaces the template's grids (a distorted copy, see `distort.py`).
    """
    codebook = codebook or Codebook.load()
    sections = sections or template_sections(spec, codebook)
    writer = PdfWriter(ruled=ruled)
    lines = prose(spec)
    writer.paragraph(lines[0], size=TITLE_SIZE, centered=True, space_after=12.0)
    writer.paragraph(lines[1], size=HEADING_SIZE)
    for line in lines[2:]:
        writer.paragraph(line, indent=2 * BODY_SIZE)
    for line in narrative(narrative_pages - narrative_pages // 2):
        writer.paragraph(line, indent=2 * BODY_SIZE)
    if narrative_pages:
        writer.new_page_unless_empty()
    writer.paragraph(SECTION_HEADINGS["proactive"], size=HEADING_SIZE)
    proactive = sections["proactive"]
    widths = _value_widths([PROACTIVE_LABEL_WIDTH], _grid_width(proactive) - 1)
    writer.table(proactive, widths, label_columns=1)

    writer.new_page_unless_empty()
    writer.paragraph(SECTION_HEADINGS["applications"], size=HEADING_SIZE)
    applications = sections["applications"]
    value_columns = _grid_width(applications) - len(APPLICATION_LABEL_WIDTHS)
    break_before = None
    if split_applications:
        rows = codebook.outcome_codes(spec.applications_layout)
        break_before = _value_row_index(applications, rows.index(SPLIT_BEFORE_OUTCOME))
    writer.table(
        applications,
        _value_widths(APPLICATION_LABEL_WIDTHS, value_columns),
        label_columns=len(APPLICATION_LABEL_WIDTHS),
        header_rows=APPLICATION_HEADER_ROWS,
        break_before=break_before,
        repeat_header=repeat_header,
    )

    writer.paragraph(SECTION_HEADINGS["review_litigation"], size=HEADING_SIZE)
    review = sections["review_litigation"]
    writer.table(review, _value_widths([], _grid_width(review)), label_columns=0, header_rows=3)
    for index, line in enumerate(CLOSING):
        heading = index % 2 == 0
        size = HEADING_SIZE if heading else BODY_SIZE
        writer.paragraph(line, size=size, indent=0.0 if heading else 2 * BODY_SIZE)
    for line in narrative(narrative_pages // 2):
        writer.paragraph(line, indent=2 * BODY_SIZE)
    return writer.to_bytes()


_NARRATIVE = [
    "（一）主动公开。围绕中心工作，及时公开政策文件、规划计划、财政预决算和重大项目信息，"
    "做好政策解读和回应关切，通过政府网站、政务新媒体和新闻发布会等渠道发布信息。",
    "（二）依申请公开。畅通申请渠道，规范受理、登记、审核、答复等环节，严格按照法定时限和"
    "法定形式答复申请人，加强与申请人的沟通，依法保障公民、法人和其他组织的知情权。",
    "（三）政府信息管理。健全信息公开审查机制，落实“先审查、后公开”和“一事一审”制度，"
    "定期清理规范性文件，动态更新政府信息公开指南和目录，确保信息准确完整。",
    "（四）平台建设。优化政府网站栏目设置，完善政务公开专区功能，推进政务新媒体规范运营，"
    "提升信息发布、解读回应、办事服务一体化水平，方便群众查询获取政府信息。",
    "（五）监督保障。将政务公开纳入年度绩效考核，组织业务培训，开展自查整改，"
    "主动接受社会监督，对发现的问题及时督促整改落实。",
]


def narrative(pages: int) -> list[str]:
    """About `pages` pages of narrative paragraphs without numbers (nothing a check reads)."""
    return [_NARRATIVE[i % len(_NARRATIVE)] for i in range(16 * pages)]


def _grid_width(grid: Grid) -> int:
    return max(len(row) for row in grid)


def _value_row_index(grid: Grid, ordinal: int) -> int | None:
    """The grid index of the `ordinal`-th row holding template values (rows added by a
    distortion hold none)."""
    value_rows = [
        r for r, row in enumerate(grid) if any(c is not None and c.kind == "value" for c in row)
    ]
    return value_rows[ordinal] if ordinal < len(value_rows) else None


# --- bad files ---------------------------------------------------------------------------------


def render_scanned_pdf(pages: int = 1) -> bytes:
    """A 'scan': each page one grey image with dark bars where text was, and no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 850), 245)
    draw = ImageDraw.Draw(image)
    for y in range(80, 800, 24):
        draw.rectangle((60, y, 540 - (y * 7) % 120, y + 10), fill=40)
    buffer = io.BytesIO()
    page_canvas = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    for _ in range(pages):
        page_canvas.drawImage(ImageReader(image), 0, 0, PAGE_WIDTH, PAGE_HEIGHT)
        page_canvas.showPage()
    page_canvas.save()
    return buffer.getvalue()


def truncate_pdf(data: bytes, fraction: float = 0.5) -> bytes:
    """The first `fraction` of a PDF's bytes: a download that stopped part-way."""
    return data[: max(8, int(len(data) * fraction))]


ENCRYPTED_TEXT = ("Annual report on government information disclosure 2022", "1. Overview")


def render_encrypted_pdf(*, user_password: str = "secret", owner_password: str = "owner") -> bytes:
    """A one-page PDF encrypted with reportlab's standard security handler.

    With `user_password=""` anyone may open it (only copying is restricted, as many agencies
    publish them); with a user password nothing can be read without it. The text is Latin, in
    the embedded TrueType font: in reportlab's encrypted output the CID font's CIDSystemInfo
    strings come out garbled for pdfminer, which then cannot map its glyphs to Unicode.
    """
    from reportlab.lib.pdfencrypt import StandardEncryption

    encryption = StandardEncryption(user_password, owner_password, canPrint=1, canCopy=0)
    writer = PdfWriter(encrypt=encryption, page_numbers=False)
    writer.canvas.setFont(FALLBACK_FONT, HEADING_SIZE)
    for index, line in enumerate(ENCRYPTED_TEXT):
        writer.canvas.drawString(MARGIN_X, PAGE_HEIGHT - MARGIN_TOP - 20 * index, line)
    return writer.to_bytes()
