"""Saved web pages: the report's paragraphs and tables, without the site around it.

Encoding: a byte-order mark wins; then bytes that are valid UTF-8 are UTF-8 (CMS templates often
declare gb2312 over UTF-8 content); then the charset the page declares (`<meta charset>`,
`http-equiv` Content-Type, or an XML declaration), the GB family read as GB18030, its superset;
then `ingest.readers.text.decode` (GB18030, else detected).

Boilerplate: scripts, styles, forms' controls, hidden elements, `<nav>`/`<header>`/`<footer>`/
`<aside>` and elements whose id or class names site chrome (`nav`, `menu`, `breadcrumb`,
`footer`, ...) are dropped, unless they hold a data table.

Tables: `<table>` becomes `Table(grid=True)` with rowspan/colspan expanded (merged text in the
first position, "" in the covered ones); cells holding only white space or `&nbsp;` are "";
nested tags are flattened to text. A table that only lays out the page (one column, or holding
a nested table at least as large as itself) is not a data table: its cells are read as
ordinary blocks, so the innermost data tables come out. A small table nested in a data cell is
flattened into that cell's text.
"""

from __future__ import annotations

import bisect
import codecs
import email
import email.policy
import re
from collections.abc import Iterator

import lxml.html
from lxml import etree

from ingest.document import Block, Cell, Document, Paragraph, ReaderError, Table
from ingest.readers.text import decode

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_GB_FAMILY = {"gb2312", "gbk", "gb18030"}  # codec names (cp936 and euc-cn resolve to these)
_GB_ALIASES = {"x-gbk", "gb_2312-80", "gb_2312", "csgb2312", "iso-ir-58", "chinese", "x-euc-cn"}
# Declared by misconfigured servers over Chinese text; never trusted.
_WESTERN = {"iso8859-1", "cp1252", "ascii", "iso8859-15"}

_DROP_TAGS = {
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe",
    "frame", "frameset", "object", "embed", "applet", "select", "option", "button", "input",
    "textarea", "svg", "canvas", "map", "audio", "video",
}  # fmt: skip
_CHROME_TAGS = {"nav", "header", "footer", "aside"}
_TABLE_PARTS = {"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col"}
_CHROME_NAMES = {
    "nav", "navbar", "navigation", "menu", "mainmenu", "topnav", "subnav", "breadcrumb",
    "breadcrumbs", "crumb", "crumbs", "position", "location", "dqwz", "header", "head", "top",
    "topbar", "banner", "footer", "foot", "bottom", "copyright", "sidebar", "side", "share",
    "friendlink", "links",
}  # fmt: skip
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "body", "html", "h1", "h2", "h3", "h4", "h5",
    "h6", "ul", "ol", "li", "dl", "dt", "dd", "pre", "blockquote", "center", "address", "form",
    "fieldset", "legend", "figure", "figcaption", "hr", "tr", "td", "th", "caption", "thead",
    "tbody", "tfoot", "details", "summary", "o:p",
}  # fmt: skip
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")
# A table inside site chrome with at least this many cells is kept (it may be the report).
_DATA_TABLE_CELLS = 8
_MAX_SPAN = 1000
_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)


def read_html(data: bytes, source: str = "<bytes>") -> Document:
    """Read a saved page; raise ReaderError('empty' | 'not_text' | ...) if it cannot be."""
    if _is_mime(data):
        data = _mht_html(data, source)
    text = _XML_DECLARATION.sub("", decode_html(data, source))
    if not text.strip():
        raise ReaderError("empty", f"{source}: the page is empty")
    try:
        # Bytes with the encoding fixed, so libxml2 does not re-read a <meta charset>.
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError) as error:
        raise ReaderError("empty", f"{source}: no HTML content to read ({error})") from error
    _drop_boilerplate(root)
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    if not walker.blocks:
        raise ReaderError(
            "empty",
            f"{source}: the page has no report text (a page filled in by scripts? "
            "save it from the browser after it has loaded, or find the attachment)",
        )
    return Document(blocks=walker.blocks)


def _is_mime(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith(b"mime-version:") or b"multipart/related" in head


def _mht_html(data: bytes, source: str) -> bytes:
    """The HTML part of a single-file web page (.mht, Word's "Save as Web Page" too)."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload:
                charset = part.get_content_charset()
                if charset and b"charset" not in payload[:4096].lower():
                    meta = (
                        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
                    )
                    payload = meta.encode("ascii") + payload
                return payload
    raise ReaderError(
        "corrupt", f"{source}: a web archive (.mht) without an HTML part; save it again as .docx"
    )


def decode_html(data: bytes, source: str = "<bytes>") -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_encoding(data)
    if declared is not None and declared not in _WESTERN:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    try:
        return decode(data, source)
    except ReaderError:
        if declared is None:
            raise
        return data.decode("gb18030", errors="replace")


def declared_encoding(data: bytes) -> str | None:
    """The Python codec of the charset a page declares, the GB family as gb18030."""
    head = data[:16384]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if match is None:
        return None
    label = match.group(1).decode("ascii").strip().lower()
    if label in _GB_ALIASES:
        return "gb18030"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "gb18030" if name in _GB_FAMILY else name


def _is_element(node: object) -> bool:
    return isinstance(node, etree._Element) and isinstance(node.tag, str)


def _tag(element: etree._Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _drop_boilerplate(root: etree._Element) -> None:
    doomed: list[etree._Element] = []
    for element in root.iter():
        if not _is_element(element) or element is root:
            continue
        tag = _tag(element)
        if tag in _DROP_TAGS or _is_hidden(element):
            doomed.append(element)
        elif tag in _CHROME_TAGS or (_has_chrome_name(element) and not _in_data_table(element)):
            inside_article = tag == "header" and any(
                _tag(a) in ("article", "main") for a in element.iterancestors()
            )
            if not inside_article and not any(_is_data_table(t) for t in element.iter("table")):
                doomed.append(element)
    for element in doomed:  # dropping inside an already dropped subtree is harmless
        element.drop_tree()


def _is_hidden(element: etree._Element) -> bool:
    return element.get("hidden") is not None or bool(_HIDDEN_STYLE.search(element.get("style", "")))


def _has_chrome_name(element: etree._Element) -> bool:
    names = (element.get("class") or "").lower().split()
    names.append((element.get("id") or "").lower())
    return any(name in _CHROME_NAMES for name in names)


def _in_data_table(element: etree._Element) -> bool:
    """Whether the element is part of a data table (a cell styled "header" is not chrome)."""
    if _tag(element) in _TABLE_PARTS:
        return True
    table = next(element.iterancestors("table"), None)
    return table is not None and not _is_layout_table(table)


def _is_data_table(table: etree._Element) -> bool:
    """A table worth keeping even inside site chrome: rows and columns of cells, not a menu."""
    if _is_layout_table(table):
        return False
    widths = [sum(1 for c in row if _tag(c) in ("td", "th")) for row in _rows_of(table)]
    return sum(widths) >= _DATA_TABLE_CELLS and sum(1 for w in widths if w >= 2) >= 2


def _rows_of(table: etree._Element) -> Iterator[etree._Element]:
    """The table's own rows (not those of nested tables), in source order."""
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from (row for row in child if _tag(row) == "tr")


def _cells_of(table: etree._Element) -> Iterator[etree._Element]:
    for row in _rows_of(table):
        yield from (cell for cell in row if _tag(cell) in ("td", "th"))


def _span(cell: etree._Element, name: str) -> int:
    digits = re.match(r"\s*(\d+)", cell.get(name) or "")
    return min(int(digits.group(1)), _MAX_SPAN) if digits else 1


def _is_layout_table(table: etree._Element) -> bool:
    rows = list(_rows_of(table))
    own = [len([c for c in row if _tag(c) in ("td", "th")]) for row in rows]
    if max(own, default=0) <= 1:
        return True
    nested = [t for t in table.iter("table") if t is not table]
    return bool(nested) and max(sum(1 for _ in _cells_of(t)) for t in nested) >= sum(own)


class _Walker:
    """Turns an element tree into blocks: inline text gathers into paragraphs."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []

    def flush(self) -> None:
        text = _tidy("".join(self.buffer))
        self.buffer.clear()
        if text:
            self.blocks.append(Paragraph(text))

    def walk(self, element: etree._Element) -> None:
        tag = _tag(element)
        if tag == "table":
            self.flush()
            if _is_layout_table(element):
                for cell in _cells_of(element):
                    self.walk(cell)
                    self.flush()
            else:
                for caption in element.iterchildren("caption"):
                    self.walk(caption)
                    self.flush()
                rows = _grid(element)
                if rows:
                    self.blocks.append(Table(rows=rows, grid=True))
            return
        if tag == "br":
            self.flush()
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.flush()
        if element.text:
            self.buffer.append(element.text)
        for child in element:
            if _is_element(child):
                self.walk(child)
            if child.tail:
                self.buffer.append(child.tail)
        if block:
            self.flush()


def _tidy(text: str) -> str:
    return _HTML_SPACE.sub(" ", text).replace("\xa0", " ").strip()


def _cell_text(cell: etree._Element) -> str:
    walker = _Walker()
    walker.walk(cell)
    walker.flush()
    lines: list[str] = []
    for block in walker.blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:  # a table nested in a data cell: one line per nested row
            lines.extend(" ".join(c.text for c in row if c.text) for row in block.rows)
    return "\n".join(line for line in lines if line)


def _grid(table: etree._Element) -> list[list[Cell]]:
    """Rows expanded over rowspan/colspan; columns in which no cell starts are folded away.

    Each cell keeps how many of the kept columns it spans; the positions it covers (and those
    past the end of a short row) are `covered`, so the aligner can tell a row's own cells from
    the grid positions a merge fills.
    """
    rows = list(_rows_of(table))
    placed: dict[tuple[int, int], tuple[str, int]] = {}  # (text, colspan); colspan 0: covered
    starts: set[int] = set()
    empty_rows: set[int] = set()
    for r, row in enumerate(rows):
        cells = [c for c in row if _tag(c) in ("td", "th")]
        if not cells:
            empty_rows.add(r)
        column = 0
        for cell in cells:
            while (r, column) in placed:
                column += 1
            rowspan = _span(cell, "rowspan")
            rowspan = len(rows) - r if rowspan == 0 else min(rowspan, len(rows) - r)
            colspan = max(1, _span(cell, "colspan"))
            text = _cell_text(cell)
            starts.add(column)
            for dr in range(rowspan):
                for dc in range(colspan):
                    placed[(r + dr, column + dc)] = (text, colspan) if dr == dc == 0 else ("", 0)
            column += colspan
    columns = sorted(starts)
    kept_before = {c: i for i, c in enumerate(columns)}

    def cell_at(r: int, c: int) -> Cell:
        text, colspan = placed.get((r, c), ("", 0))
        if not colspan:
            return Cell("", covered=True)
        end = bisect.bisect_left(columns, c + colspan)
        return Cell(text, span=max(1, end - kept_before[c]))

    return [[cell_at(r, c) for c in columns] for r in range(len(rows)) if r not in empty_rows]
