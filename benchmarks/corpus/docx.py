"""Render a `ReportSpec` as a Word document with real merged cells, as agencies publish them.

The tables are the template grids of `layout.py`; spans become real Word merges (`cell.merge`,
which writes `w:gridSpan` and `w:vMerge`). A few details copy what real files do, so readers meet
them in tests:
- some blank cells hold a full-width space (the national template's placeholder) instead of
  nothing;
- some numbers are split over two runs (Word does this after edits and spell checks);
- the long rule cell above section 三 is two paragraphs.
"""

from __future__ import annotations

import io

import docx
from docx.table import Table as DocxTable

from benchmarks.corpus.layout import (
    CLOSING,
    SECTION_HEADINGS,
    Grid,
    Sections,
    prose,
    template_sections,
)
from benchmarks.corpus.spec import ReportSpec

_RULE_PREFIX = "（本列数据的勾稽关系为："


def render_docx(spec: ReportSpec, *, sections: Sections | None = None) -> bytes:
    """The report as a .docx; `sections` replaces the template's grids (see `distort.py`)."""
    document = docx.Document()
    lines = prose(spec)
    document.add_heading(lines[0], level=1)
    document.add_heading(lines[1], level=2)
    for line in lines[2:]:
        document.add_paragraph(line)
    for section, grid in (sections or template_sections(spec)).items():
        document.add_heading(SECTION_HEADINGS[section], level=2)
        _add_table(document, grid)
        document.add_paragraph("")
    for index, line in enumerate(CLOSING):
        if index % 2 == 0:
            document.add_heading(line, level=2)
        else:
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_table(document: docx.document.Document, grid: Grid) -> DocxTable:
    width = max(len(row) for row in grid)
    table = document.add_table(rows=len(grid), cols=width)
    table.style = "Table Grid"
    # `table.cell()` rescans the whole table on every call; take the cells once, before any
    # merge. A merge keeps the top-left cell, so these stay valid for every GridCell.
    cells = [cell for row in table.rows for cell in row.cells]
    # Merge every span first: python-docx moves text when it merges, so text goes in after.
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is not None and (cell.rowspan > 1 or cell.colspan > 1):
                corner = cells[(r + cell.rowspan - 1) * width + c + cell.colspan - 1]
                cells[r * width + c].merge(corner)
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            target = cells[r * width + c]
            paragraph = target.paragraphs[0]
            text = cell.text
            if not text:
                if (r + c) % 3 == 0:
                    paragraph.add_run("\u3000")
            elif text.startswith(_RULE_PREFIX):
                paragraph.add_run(_RULE_PREFIX)
                target.add_paragraph(text[len(_RULE_PREFIX) :])
            elif len(text) >= 2 and text.lstrip("-").isdigit() and (r + c) % 2 == 0:
                paragraph.add_run(text[:1])
                paragraph.add_run(text[1:]).bold = True
            else:
                paragraph.add_run(text)
    return table
