"""The format-neutral shape every reader produces and the template aligner consumes.

Readers (text, PDF, DOCX, HTML) differ in how they find tables; once they have, a report is a
sequence of blocks: paragraphs of prose and tables of cells. Each cell remembers where it came
from (line for text copies, page for PDFs) so staging can record provenance.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    """One table cell as printed. `text` is raw (not normalised); "" is a blank cell.

    Readers of real table structures (HTML, DOCX) expand merged cells into grid positions and
    say which positions are cells of their own: a cell's `span` is the number of grid positions
    it covers, and a position covered by a merged cell to its left or above (or past the end of
    a short row) is `covered`. Word exports often merge the header and the data rows
    differently, so the aligner counts a row's own cells before it trusts grid positions.

    A `glued` cell is several cells whose separators were lost (crawler text copies print a row
    as its label and one run of digits); the aligner decodes it (ingest/flattened.py).
    """

    text: str
    line: int | None = None
    page: int | None = None
    span: int = 1
    covered: bool = False
    glued: bool = False


@dataclass
class Table:
    """Rows of cells in reading order.

    `grid` is True when cell positions are reliable (a real table structure: DOCX, HTML, ruled
    PDF), so a row's last N cells are its N value columns even when some are blank. Text copies
    are not grids: blank cells may be dropped or doubled, and the aligner fits values with
    heuristics instead.
    """

    rows: list[list[Cell]] = field(default_factory=list)
    grid: bool = False


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int | None = None
    page: int | None = None


Block = Paragraph | Table


@dataclass
class Document:
    """A report as a reader saw it: blocks in reading order."""

    blocks: list[Block] = field(default_factory=list)
    page_count: int | None = None

    def paragraphs(self) -> Iterator[Paragraph]:
        for block in self.blocks:
            if isinstance(block, Paragraph):
                yield block

    def tables(self) -> Iterator[Table]:
        for block in self.blocks:
            if isinstance(block, Table):
                yield block

    def text(self) -> str:
        """All text, tables flattened row by row with tabs, for metadata and prose checks."""
        lines: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                lines.append(block.text)
            else:
                lines.extend("\t".join(cell.text for cell in row) for row in block.rows)
        return "\n".join(lines)


class ReaderError(Exception):
    """A document could not be read. `reason` is a short machine-readable code."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
