"""Which printed cell of a table row is which template column.

A row's value cells are read, in this order of trust:
1. its own cells, in order, when there are exactly as many as the template has columns. Word
   and CMS exports often merge cells differently in the header and in the data rows (the
   header's 自然人 spanning two grid columns, the row's first value one and the next two), so
   grid positions disagree with the header while the order of the row's own cells does not;
2. when the row has more cells than columns (a trailing empty cell from a PDF-extraction tool,
   an empty label cell): the window of consecutive cells, every cell outside it blank, whose
   values satisfy the row's own arithmetic (总计 = the sum of the parts), or the only such
   window whose arithmetic does not fail;
3. the grid positions of the template's column headers, when the table printed them and the row
   has the header's width;
4. the window the table's other rows settled on (by arithmetic), for rows whose numbers cannot
   settle it themselves (blanks);
5. otherwise the last (`anchor='right'`) or first (`anchor='left'`) cells, as a grid prints them.

A header that is not the template's (Column1, 列1, ...) is never used: without the template's
column words there are no header positions, and the template's column count and the arithmetic
decide.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from ingest.document import Cell
from ingest.normalize import ValueStatus, label_key, parse_value

Span = tuple[int, int]  # grid positions [start, end) a header column covers
# A row's own arithmetic over a window of cells: True (holds), False (fails), None (cannot say).
Check = Callable[[Sequence[Cell]], bool | None]


_PLACEHOLDER = re.compile(r"^(column|col|field|unnamed|列|字段|栏)\s*[:：_]?\s*\d+$", re.IGNORECASE)


def is_placeholder_header(texts: Sequence[str]) -> bool:
    """A header row of placeholder words (Column1, 列2, Unnamed: 3, 字段4), as OCR and
    PDF-extraction tools write when they cannot read the real header: not a template row."""
    filled = [t.strip() for t in texts if t.strip()]
    return len(filled) >= 2 and all(_PLACEHOLDER.match(t) for t in filled)


def own_cells(cells: Sequence[Cell]) -> list[tuple[int, Cell]]:
    """(position, cell) of the cells a row prints itself, not positions a merge covers."""
    return [(index, cell) for index, cell in enumerate(cells) if not cell.covered]


def header_spans(
    header_rows: Sequence[Sequence[Cell]], words: Sequence[Sequence[str]]
) -> tuple[list[Span], int] | None:
    """The grid span of each column whose header words (label keys) the rows print, and the
    rows' width; None unless every column is found once, left to right, in rows of one width."""
    widths = {len(row) for row in header_rows}
    if len(widths) != 1:
        return None
    found: list[Span | None] = [None] * len(words)
    for row in header_rows:
        for index, cell in own_cells(row):
            key = label_key(cell.text)
            for column, keys in enumerate(words):
                if key in keys and found[column] is None:
                    found[column] = (index, index + max(1, cell.span))
                    break
    spans = [span for span in found if span is not None]
    if len(spans) != len(words):
        return None
    if any(a[1] > b[0] for a, b in pairwise(spans)):
        return None
    return spans, widths.pop()


def by_position(cells: Sequence[Cell], spans: Sequence[Span]) -> list[Cell]:
    """The cell each header span holds: the first of the row's own cells starting inside it
    that prints something, else the first at all; a span in which no cell starts is blank."""
    out: list[Cell] = []
    for start, end in spans:
        inside = [c for i, c in own_cells(cells) if start <= i < end]
        printed = [c for c in inside if c.text.strip()]
        out.append(printed[0] if printed else inside[0] if inside else Cell("", covered=True))
    return out


def _blank(cell: Cell) -> bool:
    return not cell.text.strip()


def windows(cells: Sequence[Cell], width: int) -> list[int]:
    """Starts of the `width`-wide windows that leave only blank cells outside."""
    starts = []
    for start in range(len(cells) - width + 1):
        outside = [*cells[:start], *cells[start + width :]]
        if all(_blank(c) for c in outside):
            starts.append(start)
    return starts


@dataclass
class ColumnVotes:
    """Where the rows of one table, settled by their own arithmetic, had their values: for rows
    of the same width whose numbers cannot settle it themselves."""

    starts: Counter[tuple[int, int]] = field(default_factory=Counter)

    def add(self, row_width: int, start: int) -> None:
        self.starts[(row_width, start)] += 1

    def best(self, row_width: int, candidates: Sequence[int]) -> int | None:
        scored = [(self.starts[(row_width, s)], s) for s in candidates]
        top = max(scored, default=(0, 0))
        return top[1] if top[0] else None


def pick_values(
    cells: Sequence[Cell],
    first: int,
    width: int,
    *,
    check: Check | None = None,
    header: tuple[list[Span], int] | None = None,
    votes: ColumnVotes | None = None,
    anchor: str = "right",
) -> tuple[int, list[Cell]]:
    """(where the labels end, the `width` value cells) of a grid row whose label cells end
    before position `first`. Read by header positions, the labels are the cells before the
    first column (a misprinted value such as '1O' stays in its column)."""
    placed = [(first + i, c) for i, c in own_cells(cells[first:])]
    own = [c for _, c in placed]
    if len(own) == width:
        return first, own
    starts = windows(own, width) if len(own) > width else []
    verdicts = {s: check(own[s : s + width]) if check else None for s in starts}
    possible = [s for s in starts if verdicts[s] is not False]
    verified = [s for s in possible if verdicts[s]]
    settled = (
        verified if len(verified) == 1 else starts if len(starts) == 1 else possible
    )  # the row's numbers leave one window: its arithmetic, or where its numbers stand
    if len(settled) == 1:
        if votes is not None:
            votes.add(len(cells), placed[settled[0]][0])
        return first, own[settled[0] : settled[0] + width]
    if header is not None and header[1] == len(cells):
        return header[0][0][0], by_position(cells, header[0])
    if possible:
        by_start = {placed[s][0]: s for s in possible}
        voted = votes.best(len(cells), list(by_start)) if votes is not None else None
        start = by_start[voted] if voted is not None else possible[-1 if anchor == "right" else 0]
        return first, own[start : start + width]
    values = list(cells[first:])
    if len(values) >= width:
        return first, values[len(values) - width :] if anchor == "right" else values[:width]
    return first, values


def total_check(columns: Sequence[str], parts: Sequence[str], total: str) -> Check:
    """The row's 总计 (column `total`) is the sum of the `parts` columns. With blank parts it
    fails only when the printed parts exceed the total; a blank total or an unreadable cell
    cannot say."""
    part_at = [columns.index(p) for p in parts]
    total_at = columns.index(total)

    def check(window: Sequence[Cell]) -> bool | None:
        parsed = [parse_value(c.text) for c in window]
        if parsed[total_at].status is not ValueStatus.VALUE:
            return None
        if any(p.status is ValueStatus.UNPARSED for p in parsed):
            return None
        values = [parsed[i].value for i in part_at]
        if all(v is None for v in values):
            return None
        known = sum(v or 0.0 for v in values)
        total_value = parsed[total_at].value or 0.0
        if any(v is None for v in values):  # a blank part may be any count: only more fails
            return False if known > total_value + 1e-6 else None
        return abs(known - total_value) < 1e-6

    return check


def all_checks(*checks: Check) -> Check:
    """All checks hold: False if one fails, None if one cannot say (a coincidence in one
    identity, such as 小计 beside a blank 总计, must not settle a window)."""

    def check(window: Sequence[Cell]) -> bool | None:
        results = [c(window) for c in checks]
        if any(r is False for r in results):
            return False
        return True if all(results) else None

    return check
