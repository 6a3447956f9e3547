"""Word (.docx) reports: body paragraphs and real table cells, in document order.

The body XML is walked directly (python-docx opens the package) so paragraphs and tables keep
their order and merged cells keep their grid positions:
- `w:gridSpan` (horizontal merge) and `w:vMerge` (vertical merge) are expanded to the full grid
  width: the merged text sits in the first position it covers and the covered positions are "";
- `w:gridBefore`/`w:gridAfter` (rows that start or end short) become "" positions too;
- a cell's text is all its paragraphs, joined by newlines;
- a table nested in a cell is flattened into that cell's text, unless the outer table is only a
  layout frame around it (the nested table has at least as many cells as the frame), in which
  case the frame's content is read as ordinary blocks.
Consecutive paragraphs that hold tab-separated values (a "table" drawn with tab stops) become a
`Table(grid=False)`, as in text copies.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.package import Package
from lxml import etree

from ingest.document import Block, Cell, Document, Paragraph, ReaderError, Table

_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_W_P, _W_TBL, _W_TR, _W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_W_R, _W_T, _W_RPR, _W_VANISH = qn("w:r"), qn("w:t"), qn("w:rPr"), qn("w:vanish")
_W_VAL = qn("w:val")
# Elements that only wrap block content (content controls, custom XML, tracked moves).
_BLOCK_WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:moveTo")}
_SKIPPED = {
    qn("w:del"),
    qn("w:moveFrom"),
    qn("w:sdtPr"),
    qn("w:sdtEndPr"),
    qn("w:rPr"),
    qn("w:pPr"),
}
_INLINE_CHARS = {
    qn("w:tab"): "\t",
    qn("w:ptab"): "\t",
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
}
_MIN_TAB_CELLS = 3
_SLIVER_TWIPS = 57  # 1 mm


def read_docx(data: bytes, source: str = "<bytes>") -> Document:
    """Read a .docx package; raise ReaderError('corrupt', ...) if it cannot be.

    A password-protected .docx is an OLE compound file, not a package: `sniff_format` sends it
    to the legacy reader, which reports it as `encrypted`.
    """
    body = _open_body(data, source)
    try:
        blocks = _group_tab_rows(list(_blocks(body)))
    except (etree.LxmlError, ValueError, RecursionError) as error:
        raise ReaderError("corrupt", f"{source}: cannot read the DOCX body ({error})") from error
    return Document(blocks=blocks)


def _open_body(data: bytes, source: str) -> etree._Element:
    try:
        package = Package.open(io.BytesIO(data))
        part = package.part_related_by(RT.OFFICE_DOCUMENT)
        # .docm/.dotx main parts are not registered with python-docx: parse their XML directly.
        root = part.element if hasattr(part, "element") else parse_xml(part.blob)
    except Exception as error:  # bad zip, missing parts, broken XML: all mean the same here
        raise ReaderError(
            "corrupt",
            f"{source}: not a readable .docx ({type(error).__name__}: {error}); "
            "open it in Word or LibreOffice and save it again as .docx",
        ) from error
    body = root.find(qn("w:body"))
    if body is None:
        raise ReaderError(
            "corrupt", f"{source}: the package has no Word document body (not a .docx report)"
        )
    return body


def _blocks(container: etree._Element) -> Iterator[Block]:
    for child in container:
        tag = child.tag
        if tag == _W_P:
            text = _paragraph_text(child).strip()
            if text:
                yield Paragraph(text)
        elif tag == _W_TBL:
            yield from _table_blocks(child)
        elif tag in _BLOCK_WRAPPERS:
            yield from _blocks(child)


def _paragraph_text(paragraph: etree._Element) -> str:
    parts: list[str] = []
    _collect_inline(paragraph, parts)
    return "".join(parts)


def _collect_inline(element: etree._Element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED or tag == _MC_FALLBACK:
            continue
        if tag == _W_T:
            parts.append(child.text or "")
        elif tag in _INLINE_CHARS:
            parts.append(_INLINE_CHARS[tag])
        elif tag == _W_R and _is_hidden(child):
            continue
        else:
            _collect_inline(child, parts)


def _is_hidden(run: etree._Element) -> bool:
    properties = run.find(_W_RPR)
    vanish = properties.find(_W_VANISH) if properties is not None else None
    return vanish is not None and vanish.get(_W_VAL) not in ("0", "false", "off")


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with `tag`, looking through content controls and custom XML wrappers."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _children(child, tag)


def _int_property(properties: etree._Element | None, tag: str, default: int) -> int:
    if properties is None:
        return default
    element = properties.find(qn(tag))
    if element is None:
        return default
    try:
        return max(0, int(element.get(_W_VAL, default)))
    except ValueError:
        return default


def _is_continuation(properties: etree._Element | None, tag: str) -> bool:
    """`w:vMerge`/`w:hMerge` without val="restart" continue the cell before them."""
    if properties is None:
        return False
    element = properties.find(qn(tag))
    return element is not None and element.get(_W_VAL, "continue") != "restart"


def _own_cell_count(table: etree._Element) -> int:
    return sum(1 for row in _children(table, _W_TR) for _ in _children(row, _W_TC))


def _nested_tables(table: etree._Element) -> list[etree._Element]:
    return [t for t in table.iter(_W_TBL) if t is not table]


def _table_blocks(table: etree._Element) -> Iterator[Block]:
    nested = _nested_tables(table)
    own = _own_cell_count(table)
    if nested and max(_own_cell_count(t) for t in nested) >= own:
        # A layout frame around the real tables: read what its cells hold, in order.
        for row in _children(table, _W_TR):
            for cell in _children(row, _W_TC):
                yield from _blocks(cell)
        return
    rows = _grid_rows(table)
    if rows:
        yield Table(rows=rows, grid=True)


def _grid_rows(table: etree._Element) -> list[list[Cell]]:
    """Rows expanded to the grid: each cell fills its span, text in its first position.

    Grid columns that carry no cell of their own are folded into their neighbours: columns in
    which no cell starts, and sliver columns (narrower than 1 mm) that Word and LibreOffice
    leave when cell borders almost line up. Either would otherwise shift some rows by one.
    A cell keeps the number of kept columns it spans; the positions it covers, vertically
    merged continuations and `gridBefore`/`gridAfter` positions are `covered`.
    """
    segments: list[list[tuple[str, int, bool]]] = []  # (text, span, a cell of its own)
    for row in _children(table, _W_TR):
        row_properties = row.find(qn("w:trPr"))
        spans = [("", 1, False)] * _int_property(row_properties, "w:gridBefore", 0)
        for cell in _children(row, _W_TC):
            properties = cell.find(qn("w:tcPr"))
            span = max(1, _int_property(properties, "w:gridSpan", 1))
            covered = _is_continuation(properties, "w:vMerge") or _is_continuation(
                properties, "w:hMerge"
            )
            spans.append(("", span, False) if covered else (_cell_text(cell), span, True))
        spans += [("", 1, False)] * _int_property(row_properties, "w:gridAfter", 0)
        segments.append(spans)
    width = max((sum(span for _, span, _ in row) for row in segments), default=0)
    keep = _kept_columns(segments, width, _grid_widths(table))
    rows: list[list[Cell]] = []
    for row in segments:
        cells: list[Cell] = []
        start = 0
        for text, span, own in row:
            kept = sum(keep[start : start + span])
            if kept:
                cells.append(Cell(text, span=kept, covered=not own))
                cells += [Cell("", covered=True)] * (kept - 1)
            start += span
        rows.append(cells)
    full = sum(keep)
    return [r + [Cell("", covered=True)] * (full - len(r)) for r in rows]


def _grid_widths(table: etree._Element) -> list[int | None]:
    grid = table.find(qn("w:tblGrid"))
    if grid is None:
        return []
    widths: list[int | None] = []
    for column in grid.iter(qn("w:gridCol")):
        try:
            widths.append(int(float(column.get(qn("w:w"), ""))))
        except ValueError:
            widths.append(None)
    return widths


def _kept_columns(
    segments: list[list[tuple[str, int, bool]]], width: int, widths: list[int | None]
) -> list[bool]:
    starts: set[int] = set()
    for row in segments:
        start = 0
        for _, span, _ in row:
            starts.add(start)
            start += span
    keep = [column in starts for column in range(width)]
    if len(widths) == width:
        for column, twips in enumerate(widths):
            if twips is not None and twips < _SLIVER_TWIPS:
                keep[column] = False
    for row in segments:  # never drop the only column a cell with text has
        start = 0
        for text, span, _ in row:
            if text and not any(keep[start : start + span]):
                keep[start] = True
            start += span
    if not any(keep) and width:
        keep[0] = True
    return keep


def _cell_text(cell: etree._Element) -> str:
    lines: list[str] = []
    _cell_lines(cell, lines)
    return "\n".join(line for line in lines if line).strip()


def _cell_lines(container: etree._Element, lines: list[str]) -> None:
    for child in container:
        if child.tag == _W_P:
            lines.append(_paragraph_text(child).strip())
        elif child.tag == _W_TBL:  # a table inside a data cell: one line per nested row
            for row in _grid_rows(child):
                lines.append(" ".join(c.text for c in row if c.text))
        elif child.tag in _BLOCK_WRAPPERS:
            _cell_lines(child, lines)


def _group_tab_rows(blocks: list[Block]) -> list[Block]:
    """Runs of two or more tab-separated paragraphs become one non-grid table."""
    out: list[Block] = []
    run: list[Paragraph] = []

    def flush() -> None:
        if len(run) >= 2:
            rows = [[Cell(t.strip()) for t in _tab_cells(p.text)] for p in run]
            out.append(Table(rows=rows, grid=False))
        else:
            out.extend(Paragraph(_TABS.sub(" ", p.text)) for p in run)
        run.clear()

    for block in blocks:
        if isinstance(block, Paragraph) and len(_tab_cells(block.text)) >= _MIN_TAB_CELLS:
            run.append(block)
            continue
        flush()
        if isinstance(block, Paragraph):
            block = Paragraph(_TABS.sub(" ", block.text))
        out.append(block)
    flush()
    return out


_TABS = re.compile(r"\t+")


def _tab_cells(text: str) -> list[str]:
    return text.strip().split("\t") if "\t" in text else [text]
