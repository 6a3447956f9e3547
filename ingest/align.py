"""Align a Document to the national template: find sections 二, 三, 四 and place every value.

The aligner reads rows in order, switching section on headings (二、主动公开政府信息情况 …) or on
content (a row naming 第二十条 starts section 二). Within a section each printed row is matched
to a template row by label fragments, robust to spaces, full/half-width punctuation and wrapped
labels, and its values are placed by position. Blank cells stay blank (NULL), never 0.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum

from ingest.codebook import Codebook, ProactiveMeasure, item_key
from ingest.columns import (
    Check,
    ColumnVotes,
    Span,
    all_checks,
    header_spans,
    is_placeholder_header,
    pick_values,
    total_check,
    windows,
)
from ingest.document import Cell, Document, Paragraph
from ingest.flattened import (
    CellKind,
    RowDecoding,
    blocks_row,
    column_identities,
    decode_row,
    decode_rows,
    free_row,
    subtotal_row,
    sum_row,
)
from ingest.normalize import ParsedValue, ValueStatus, label_key, parse_value, squash
from ingest.sequence import (
    OMIT_ROW,
    Line,
    LineKind,
    Placement,
    Scorer,
    align_lines,
    is_labelled,
)


class Section(StrEnum):
    """The template's three tables (`raw.cells.section`)."""

    PROACTIVE = "proactive"  # 二、主动公开政府信息情况
    APPLICATIONS = "applications"  # 三、收到和处理政府信息公开申请情况
    REVIEW = "review_litigation"  # 四、政府信息公开行政复议、行政诉讼情况


APPLICATIONS = Section.APPLICATIONS
PROACTIVE = Section.PROACTIVE
REVIEW = Section.REVIEW
SECTIONS = tuple(Section)
SUBTOTAL = "legal_person_subtotal"


@dataclass(frozen=True)
class TemplateCell:
    """One template cell as read; a row of `raw.cells` (`column` names a field's column there)."""

    section: Section
    row_code: str
    column_code: str
    printed_text: str | None  # None when a text export lost the cell
    value: float | None
    status: ValueStatus = field(metadata={"column": "value_status"})
    unit: str | None
    printed_label: str
    line: int | None = field(metadata={"column": "source_line"})
    page: int | None = field(metadata={"column": "source_page"})
    match_score: float | None = None  # similarity of the printed label to the row's, 0..1
    placed_by: str | None = None  # 'label' | 'position' (its neighbours placed it)


@dataclass
class Alignment:
    cells: list[TemplateCell] = field(default_factory=list)
    sections_found: set[Section] = field(default_factory=set)
    proactive_version: str | None = None
    applications_layout: str | None = None  # '2019': one （六）其他处理 row; '2021': three
    problems: list[str] = field(default_factory=list)
    flattened: list[FlattenedRow] = field(default_factory=list)  # glued rows and their splits
    # Printed rows of sections 二/三 that look like template rows (a row's worth of numbers, or a
    # label like a row's) but that no template row took: their numbers are in no cell.
    unplaced: list[str] = field(default_factory=list)

    def template_version(self, year: int | None) -> str:
        """Section 二 decides; else section 三's shape; else the year."""
        if self.proactive_version:
            return self.proactive_version
        if self.applications_layout:
            return self.applications_layout
        return "2019" if year is not None and year <= 2020 else "2021"


@dataclass(frozen=True)
class Row:
    cells: list[Cell]
    grid: bool

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    @property
    def line(self) -> int | None:
        return next((c.line for c in self.cells if c.line is not None), None)

    @property
    def page(self) -> int | None:
        return next((c.page for c in self.cells if c.page is not None), None)


def iter_rows(document: Document) -> Iterator[Row]:
    for block in document.blocks:
        if isinstance(block, Paragraph):
            yield Row([Cell(block.text, block.line, block.page)], grid=False)
        else:
            for cells in block.rows:
                yield Row(cells, grid=block.grid)


# --- section detection -------------------------------------------------------------------------

_HEADINGS = [
    (re.compile(r"^[#\s]*二[、.,，．]?主动公开政府信息(的)?情况"), PROACTIVE),
    (re.compile(r"^[#\s]*三[、.,，．]?收到和处理政府信息公开申请(的)?情况"), APPLICATIONS),
    (re.compile(r"^[#\s]*四[、.,，．]?政府信息公开行政复议"), REVIEW),
    (re.compile(r"^[#\s]*[一五六七八][、.,，．]"), None),
]


def heading_section(row: Row) -> tuple[bool, Section | None]:
    """(is a heading, section it opens). Only single-text rows can be headings."""
    filled = [t for t in row.texts if t.strip()]
    if len(filled) != 1:
        return False, None
    text = squash(filled[0])
    if len(text) > 40:
        return False, None
    if content_section(label_key(text), None) is Section.APPLICATIONS and "收到和处理" not in text:
        return False, None  # 一、本年新收… over its own table (one small table per row)
    for pattern, section in _HEADINGS:
        if pattern.match(text):
            return True, section
    return False, None


def content_section(key: str, current: Section | None) -> Section | None:
    """A section recognised from a row's content, for reports whose headings are missing."""
    if "第二十条" in key:
        return PROACTIVE
    if current != APPLICATIONS and ("本年新收" in key or "申请人情况" in key):
        return APPLICATIONS
    if "行政复议" in key and ("行政诉讼" in key or "结果维持" in key) and current != REVIEW:
        return REVIEW
    return None


# --- splitting a row into label and values -------------------------------------------------------


def is_label(text: str) -> bool:
    return bool(text.strip()) and parse_value(text).status is ValueStatus.UNPARSED


def split_row(row: Row) -> tuple[str, list[Cell]]:
    """The label (all label cells joined) and the cells after the last label cell."""
    last_label = -1
    for index, cell in enumerate(row.cells):
        if is_label(cell.text):
            last_label = index
    label = " ".join(c.text.strip() for c in row.cells[: last_label + 1] if c.text.strip())
    return label, row.cells[last_label + 1 :]


def fit_values(values: list[Cell], width: int, grid: bool, anchor: str) -> list[Cell | None]:
    """Fit a row's value cells to `width` columns. None marks a cell the export lost.

    Grid rows are positional. Text exports drop and pad cells: trailing blanks are padding,
    extra leading blanks belong to label columns, and a short row keeps its last column
    (总计) in place (`anchor='right'`) or its first (`anchor='left'`, section 二).
    """
    if grid and len(values) >= width:
        return list(values[len(values) - width :]) if anchor == "right" else list(values[:width])
    cells = list(values)
    while cells and not cells[-1].text.strip() and (not grid or len(cells) > width):
        cells.pop()
    while len(cells) > width and not cells[0].text.strip():
        cells.pop(0)
    if not grid and anchor == "right" and cells and not cells[0].text.strip():
        # A blank before a run of width-1 numbers is a label column's padding, not a value:
        # the export lost one value cell of that row (see _infer_lost_cell).
        numbers = [c for c in cells if c.text.strip()]
        if len(numbers) >= width - 1 and all(c.text.strip() for c in cells[-len(numbers) :]):
            cells = numbers
    if len(cells) > width:
        cells = cells[len(cells) - width :] if anchor == "right" else cells[:width]
    missing: list[Cell | None] = [None] * (width - len(cells))
    return [*missing, *cells] if anchor == "right" else [*cells, *missing]


# --- section 三 --------------------------------------------------------------------------------

APPLICANT_HEADER_WORDS = (
    "申请人情况",
    "自然人",
    "商业企业",
    "科研机构",
    "法律服务机构",
    "法人或其他组织",
)


def applicant_columns(header_rows: list[Row]) -> list[str]:
    """Value columns in printed order. The template order is fixed; only 小计 moves."""
    columns = [
        "natural_person",
        "commercial_enterprise",
        "research_institution",
        "social_organization",
        "legal_service_institution",
        "other_organization",
        "total",
    ]
    for row in header_rows:
        keys = [label_key(t) for t in row.texts]
        if any(k in ("小计", "合计小计") for k in keys):
            subtotal_at = next(i for i, k in enumerate(keys) if k in ("小计", "合计小计"))
            first_org = next((i for i, k in enumerate(keys) if k == "商业企业"), None)
            position = 1 if first_org is not None and subtotal_at < first_org else 6
            columns.insert(position, SUBTOTAL)
            break
    return columns


@dataclass(frozen=True)
class _PrintedLine:
    """A printed line of a section, before it is placed on a template row."""

    label: str
    row: Row
    values: list[Cell]
    line: Line


@dataclass
class _ApplicationsState:
    header_rows: list[Row] = field(default_factory=list)
    lines: list[_PrintedLine] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    printed: list[tuple[str, str, Row, list[Cell]]] = field(default_factory=list)
    decoded: dict[str, list[TemplateCell]] = field(default_factory=dict)  # flattened rows
    votes: ColumnVotes = field(default_factory=ColumnVotes)
    # _applicant_header by (header rows seen, columns): every row of a table asks for it.
    headers: dict[tuple[int, tuple[str, ...]], tuple[list[Span], int] | None] = field(
        default_factory=dict
    )
    placements: dict[str, Placement] = field(default_factory=dict)
    width: int | None = None  # value columns of the header so far (None: to be computed)


def _is_header(key: str, values: list[Cell]) -> bool:
    has_numbers = any(parse_value(c.text).status is ValueStatus.VALUE for c in values)
    return not has_numbers and any(w in key for w in APPLICANT_HEADER_WORDS)


# Header words of each applicant column, as label keys (the template's and common variants).
_APPLICANT_HEADER_KEYS = {
    "natural_person": ("自然人",),
    "commercial_enterprise": ("商业企业",),
    "research_institution": ("科研机构",),
    "social_organization": ("社会公益组织", "社会组织", "公益组织"),
    "legal_service_institution": ("法律服务机构",),
    "other_organization": ("其他",),
    SUBTOTAL: ("小计", "合计小计"),
    "total": ("总计", "合计"),
}


def applicant_check(columns: list[str]) -> Check:
    """The row's own arithmetic: 总计 is the sum of the six applicant types, 小计 of the five
    organisation types."""
    parts = [c for c in columns if c not in (SUBTOTAL, "total")]
    checks = [total_check(columns, parts, "total")]
    if SUBTOTAL in columns:
        checks.append(total_check(columns, parts[1:], SUBTOTAL))
    return all_checks(*checks)


def _state_header(state: _ApplicationsState, columns: list[str]) -> tuple[list[Span], int] | None:
    key = (len(state.header_rows), tuple(columns))
    if key not in state.headers:
        state.headers[key] = _applicant_header(state.header_rows, columns)
    return state.headers[key]


def _applicant_header(header_rows: list[Row], columns: list[str]) -> tuple[list[Span], int] | None:
    grid_rows = [row.cells for row in header_rows if row.grid]
    if not grid_rows:
        return None
    return header_spans(grid_rows, [_APPLICANT_HEADER_KEYS[c] for c in columns])


def _split_grid_row(
    row: Row, width: int, state: _ApplicationsState | None = None, columns: list[str] | None = None
) -> tuple[str, list[Cell]]:
    """A grid row's label and its `width` value cells (see ingest/columns.py for the order of
    trust: the row's own cells, its arithmetic, the header's positions). When none decides,
    the last `width` cells are the values whatever they hold, so a misprinted value ('1O')
    stays in its column as an unreadable cell instead of joining the label."""
    if not row.grid:
        return split_row(row)
    last_label = max((i for i, c in enumerate(row.cells) if is_label(c.text)), default=-1)
    if state is not None:
        columns = columns or applicant_columns(state.header_rows)
        end, values = pick_values(
            row.cells,
            last_label + 1,
            width,
            check=applicant_check(columns),
            header=_state_header(state, columns),
            votes=state.votes,
        )
        if len(values) == width:
            label = " ".join(c.text.strip() for c in row.cells[:end] if c.text.strip())
            return label, values
    head, values = row.cells[:-width], row.cells[-width:]
    if head and any(is_label(c.text) for c in head):
        label = " ".join(c.text.strip() for c in head if c.text.strip())
        return label, list(values)
    return split_row(row)


def align_applications_row(
    row: Row, state: _ApplicationsState, out: Alignment, codebook: Codebook
) -> None:
    """Collect a printed line of section 三; `_place_applications` aligns them all at the end."""
    if state.width is None:
        state.width = len(applicant_columns(state.header_rows))
    width = state.width
    if is_placeholder_header(row.texts):
        return  # Column1 | Column2 | …: the values are read by the template's columns
    label, values = _split_grid_row(row, width, state)
    if _is_header(label_key(" ".join(row.texts)), values):
        state.header_rows.append(row)
        state.width = None  # the header may add a 小计 column
        return
    key = label_key(label)
    # A grid row as wide as the table is a printed row even when every value cell is blank.
    filled = any(c.text.strip() for c in values)
    has_values = filled or (row.grid and len(values) >= width)
    state.lines.append(
        _PrintedLine(
            label, row, values, Line(key, _line_kind(key, values, has_values, width, codebook))
        )
    )


def _line_kind(
    key: str, values: list[Cell], has_values: bool, width: int, codebook: Codebook
) -> LineKind:
    """A line with values is a candidate row, unless it cannot be one: a group label over blank
    cells (（三）不予公开 printed as its own row) or a few numbers without a label (a stray
    number between rows). A grid row of blank cells is a row or the rest of a wrapped label."""
    filled = any(c.text.strip() for c in values)
    if not has_values:
        return LineKind.LABEL
    if not filled:
        return LineKind.NOISE if item_key(key) in codebook.outcome_group_keys else LineKind.BLANK
    if not is_labelled(key) and len(values) < width - 1:
        return LineKind.NOISE
    return LineKind.ROW


def _place_applications(state: _ApplicationsState, codebook: Codebook, out: Alignment) -> str:
    """Align the printed lines to the rows of both layouts; the better alignment decides the
    layout (2019: one （六）其他处理 row; 2021: three). Returns the layout."""
    lines = [p.line for p in state.lines]
    scorer = codebook.outcome_scorer
    best: tuple[float, str, list[Placement]] | None = None
    rows = {i for i, line in enumerate(lines) if line.kind is LineKind.ROW}
    for layout in ("2021", "2019"):
        positions = codebook.outcome_positions(layout)
        total, placements = align_lines(lines, scorer, positions)
        total += OMIT_ROW * len(positions)  # the layouts differ in size, not in what is printed
        if best is None or total > best[0] + 1e-9:
            best = (total, layout, placements)
        if rows <= {p.line for p in placements} and all(
            p.by_label and scorer.scores(p.key).order[0] == p.target for p in placements
        ):
            break  # every row placed by its own label, in any layout: the other cannot do better
    assert best is not None
    _total, layout, placements = best
    placed = {i for p in placements for i in p.label_lines}
    for placement in placements:
        code = scorer.targets[placement.target].code
        printed = state.lines[placement.line]
        label = " ".join(
            state.lines[i].label for i in placement.label_lines if state.lines[i].label
        )
        state.seen.add(code)
        state.placements[code] = placement
        state.printed.append((code, label, printed.row, printed.values))
    _report_unplaced("三", state.lines, placed, scorer, out)
    return layout


def _report_unplaced(
    section: str, lines: list[_PrintedLine], placed: set[int], scorer: Scorer, out: Alignment
) -> None:
    """Printed rows no template row took, when they look like rows: two numbers or more, or a
    label resembling a template row's. A page number or a footnote mark between rows is not."""
    for index, printed in enumerate(lines):
        if printed.line.kind is not LineKind.ROW or index in placed:
            continue
        numbers = sum(1 for c in printed.values if c.text.strip())
        scores = scorer.scores(printed.line.key)
        resembles = scores.labelled and max(scores.similarity, default=0.0) >= 0.5
        if numbers >= 2 or resembles:
            message = (
                f"section {section}: row '{printed.label}' at {_where(printed.row)} "
                "matches no template row"
            )
            out.problems.append(message)
            out.unplaced.append(message)


def _first_value_column(header_rows: list[Row]) -> int | None:
    """Where 自然人 stands in the header: the first value column of a faithful export."""
    for row in header_rows:
        for index, text in enumerate(row.texts):
            if label_key(text) == "自然人":
                return index
    return None


def _is_faithful_export(state: _ApplicationsState, width: int) -> int | None:
    """The first value column if every row of a text table keeps the header's positions.

    A faithful export prints each row's labels inside the label columns and its values in the
    header's columns, blanks included; then positions decide, as in a grid. Exports that shift
    labels into value columns (as PDF text copies do around merged cells) are not faithful.
    The header's 自然人 gives the first value column; when the header cannot (its rows run
    together, its words wrapped), rows that all print the same number of cells, labels only
    before their last `width` and not all padded by a trailing blank, are faithful too.
    """
    candidates = []
    first = _first_value_column(state.header_rows)
    if first is not None:
        candidates.append(first)
    rows = [row for _code, _label, row, _values in state.printed]
    lengths = {len(row.texts) for row in rows}
    padded = all(not row.texts[-1].strip() for row in rows)  # a trailing tab on every row
    if len(rows) >= 3 and len(lengths) == 1 and not padded and (length := lengths.pop()) >= width:
        candidates.append(length - width)
    for first in candidates:
        if all(_keeps_positions(row, first, width) for _c, _l, row, _v in state.printed):
            return first
    return None


def _keeps_positions(row: Row, first: int, width: int) -> bool:
    """Labels only before `first`, no number before it, nothing printed after the values."""
    labels = [i for i, text in enumerate(row.texts) if is_label(text)]
    beyond = row.texts[first + width :]
    before = [t for t in row.texts[:first] if t.strip()]
    return not (
        (labels and labels[-1] >= first)
        or len(row.texts) < first + width
        or any(t.strip() for t in beyond)
        or any(not is_label(t) for t in before)
    )


def _columns_by_arithmetic(state: _ApplicationsState, columns: list[str]) -> list[str]:
    """Without the template's header (placeholder words such as Column1 or 列1), a 小计 column
    is recognised by the rows' own arithmetic: more rows hold eight cells whose 小计 is the sum
    of the organisations and whose 总计 is the sum of all than hold seven that add up."""
    layouts = [
        columns,
        [*columns[:6], SUBTOTAL, *columns[6:]],
        [columns[0], SUBTOTAL, *columns[1:]],
    ]
    settled = [0] * len(layouts)
    for _code, _label, row, _values in state.printed:
        if not row.grid:
            continue
        last_label = max((i for i, c in enumerate(row.cells) if is_label(c.text)), default=-1)
        own = [c for c in row.cells[last_label + 1 :] if not c.covered]
        for index, layout in enumerate(layouts):
            check = applicant_check(layout)
            if any(check(own[s : s + len(layout)]) for s in windows(own, len(layout))):
                settled[index] += 1
    best = max(range(len(layouts)), key=lambda i: (settled[i], -i))
    return layouts[best]


def emit_applications(state: _ApplicationsState, out: Alignment) -> None:
    columns = applicant_columns(state.header_rows)
    if SUBTOTAL not in columns and _applicant_header(state.header_rows, columns) is None:
        columns = _columns_by_arithmetic(state, columns)
    width = len(columns)
    text_rows = [row for _c, _l, row, _v in state.printed if not row.grid]
    faithful = _is_faithful_export(state, width) if text_rows else None
    for code, label, row, values in state.printed:
        if code in state.decoded:
            out.cells.extend(state.decoded[code])
            continue
        if row.grid and len(values) != width:  # 小计 found by arithmetic: read the row again
            _label, values = _split_grid_row(row, width, state, columns)
        if faithful is not None and not row.grid:
            fitted: list[Cell | None] = list(row.cells[faithful : faithful + width])
        else:
            fitted = fit_values(values, width, row.grid, anchor="right")
        inferred = _infer_lost_cell(fitted, columns)
        for index, (column, cell) in enumerate(zip(columns, fitted, strict=True)):
            if inferred is not None and inferred[0] == index:
                out.cells.append(_inferred_cell(code, column, inferred[1], label, row))
            else:
                out.cells.append(_template_cell(APPLICATIONS, code, column, cell, label, row))


def _mark_placements(
    cells: list[TemplateCell], section: str, placements: dict[str, Placement]
) -> list[TemplateCell]:
    """Each cell of a placed row carries the row's label similarity and how it was placed."""
    marked = []
    for c in cells:
        placement = placements.get(c.row_code) if c.section == section else None
        if placement is not None:
            c = TemplateCell(
                c.section, c.row_code, c.column_code, c.printed_text, c.value, c.status, c.unit,
                c.printed_label, c.line, c.page, round(placement.score, 3),
                "label" if placement.by_label else "position",
            )  # fmt: skip
        marked.append(c)
    return marked


def _infer_lost_cell(fitted: list[Cell | None], columns: list[str]) -> tuple[int, float] | None:
    """Recover the one cell a text export lost when the row's 总计 and other parts are printed.

    Text exports of PDFs drop a cell now and then (the samples do); when exactly one applicant
    cell is lost and the total and the other five are numbers, the lost one is their difference.
    Returns (position, value) of the recovered cell, which staging marks INFERRED, never
    passing it off as printed; None when nothing can be recovered.
    """
    lost = [i for i, c in enumerate(fitted) if c is None]
    if len(lost) != 1 or SUBTOTAL in columns or columns[lost[0]] == "total":
        return None
    parts = [parse_value(c.text) for c in fitted if c is not None]
    if not all(p.status is ValueStatus.VALUE for p in parts):
        return None
    total = parts[-1].value or 0.0
    rest = sum(p.value or 0.0 for p in parts[:-1])
    return (lost[0], total - rest) if total - rest >= 0 else None


def _inferred_cell(
    row_code: str, column_code: str, value: float, label: str, row: Row
) -> TemplateCell:
    return TemplateCell(
        APPLICATIONS, row_code, column_code, None, value, ValueStatus.INFERRED, None, label,
        row.line, row.page,
    )  # fmt: skip


def _template_cell(
    section: Section,
    row_code: str,
    column_code: str,
    cell: Cell | None,
    label: str,
    row: Row,
    multiplier: float = 1.0,
) -> TemplateCell:
    if cell is None:
        return TemplateCell(
            section,
            row_code,
            column_code,
            None,
            None,
            ValueStatus.LOST,
            None,
            label,
            row.line,
            row.page,
        )
    parsed: ParsedValue = parse_value(cell.text)
    value = parsed.value
    if value is not None:
        if parsed.unit is None:  # a cell that prints its unit (36800元, 3.5万元) says it itself
            value *= multiplier
        value = round(value, 4)
    return TemplateCell(
        section,
        row_code,
        column_code,
        cell.text,
        value,
        parsed.status,
        parsed.unit,
        label,
        cell.line or row.line,
        cell.page or row.page,
    )


def _where(row: Row) -> str:
    return f"line {row.line}" if row.line is not None else f"page {row.page}"


# --- section 四 --------------------------------------------------------------------------------


@dataclass
class _ReviewState:
    values: list[Cell] = field(default_factory=list)
    first_row: Row | None = None
    done: bool = False


def align_review_row(row: Row, state: _ReviewState, out: Alignment, codebook: Codebook) -> None:
    if state.done:
        return
    label, values = split_row(row)
    if glued_run(values) is not None and not state.values:
        state.done = True
        out.cells.extend(decode_review(row, values, out, codebook))
        return
    if label and not any(parse_value(c.text).status is ValueStatus.VALUE for c in values):
        return  # header rows: 行政复议 / 行政诉讼 / 结果维持 …
    width = len(codebook.proceedings) * len(codebook.results)
    if row.grid and len(values) >= width:
        first = len(row.cells) - len(values)
        _end, taken = pick_values(row.cells, first, width, check=review_check(codebook))
    elif len(values) == width:
        taken = list(values)
    else:
        taken = list(values)
        while taken and not taken[-1].text.strip():
            taken.pop()
    if not taken:
        return
    state.first_row = state.first_row or row
    state.values.extend(taken)
    if len(state.values) >= width:
        finish_review(state, out, codebook)


def review_check(codebook: Codebook) -> Check:
    """Section 四's own arithmetic: each proceeding's 总计 is the sum of its results."""
    results = len(codebook.results)
    positions = [str(i) for i in range(len(codebook.proceedings) * results)]
    return all_checks(
        *(
            total_check(
                positions, positions[start : start + results - 1], positions[start + results - 1]
            )
            for start in range(0, len(positions), results)
        )
    )


def finish_review(state: _ReviewState, out: Alignment, codebook: Codebook) -> None:
    if state.done or state.first_row is None:
        return
    state.done = True
    width = len(codebook.proceedings) * len(codebook.results)
    fitted: list[Cell | None] = list(state.values)
    if len(state.values) != width:
        fitted = fit_values(state.values, width, grid=False, anchor="right")
        out.problems.append(f"section 四: found {len(state.values)} values for {width} cells")
    keys = [(p, r) for p in codebook.proceedings for r in codebook.results]
    for (proceeding, result), cell in zip(keys, fitted, strict=True):
        out.cells.append(_template_cell(REVIEW, proceeding, result, cell, "", state.first_row))


# --- section 二 --------------------------------------------------------------------------------


def match_fragment(key: str, fragments: tuple[tuple[str, str], ...]) -> str | None:
    return next((code for code, fragment in fragments if fragment in key), None)


@dataclass(frozen=True)
class _ProactiveRow:
    item: str
    row: Row
    values: list[Cell]
    label: str
    measures: tuple[str, ...]  # the measure columns its header printed, in order
    money_in_wan: frozenset[str]  # measures whose header says 万元
    header: tuple[list[Span], int] | None = None  # the measures' grid spans, the header width


@dataclass
class _ProactiveState:
    measures: tuple[str, ...] = ()
    money_in_wan: frozenset[str] = frozenset()
    header: tuple[list[Span], int] | None = None
    article: str | None = None  # the key of the 第二十条第（x）项 heading the lines stand under
    lines: list[tuple[_PrintedLine, _ProactiveRow, str | None]] = field(default_factory=list)
    rows: list[_ProactiveRow] = field(default_factory=list)
    placements: dict[str, Placement] = field(default_factory=dict)


def _is_measure_header(key: str, values: list[Cell], codebook: Codebook) -> bool:
    if "信息内容" in key:
        return True
    return not any(c.text.strip() for c in values) and bool(
        match_fragment(key, codebook.measure_fragments)
    )


def align_proactive_row(row: Row, state: _ProactiveState, codebook: Codebook) -> None:
    """Follow the article and measure headers; collect the other lines with the header they
    stand under (`_place_proactive` aligns them to the items at the end)."""
    label, values = split_row(row)
    key = label_key(label)
    filled = any(c.text.strip() for c in values)
    if "第二十条" in key and not filled:
        state.measures, state.money_in_wan = (), frozenset()
        state.article = key[key.index("第二十条") :]
        return
    if _is_measure_header(key, values, codebook):
        fragments = codebook.measure_fragments
        measures = [(match_fragment(label_key(t), fragments), t) for t in row.texts]
        state.measures = tuple(m for m, _ in measures if m)
        state.money_in_wan = frozenset(m for m, t in measures if m and "万元" in squash(t))
        state.header = _measure_header(row, codebook)
        return
    if filled:
        kind = (
            LineKind.ROW
            if is_labelled(key) or len(values) >= len(state.measures)
            else LineKind.NOISE
        )
    else:
        kind = LineKind.BLANK if values else LineKind.LABEL  # blank cells: not reported
    printed = _ProactiveRow(
        "", row, values, label, state.measures, state.money_in_wan, state.header
    )
    state.lines.append((_PrintedLine(label, row, values, Line(key, kind)), printed, state.article))


def _place_proactive(
    state: _ProactiveState, codebook: Codebook, year: int | None, out: Alignment
) -> str:
    """Align the lines under each article heading to that article's items (all items where
    no heading was printed), for the version the headers name or the one that aligns better.
    Returns the version."""
    named = {m for _p, row, _a in state.lines for m in row.measures}
    candidates = [v for v in ("2021", "2019") if named & codebook.proactive_only_in(v)]
    if len(candidates) != 1:
        candidates = ["2019", "2021"] if year is not None and year <= 2020 else ["2021", "2019"]
    blocks: list[tuple[str | None, list[int]]] = []
    for index, (_p, _row, article) in enumerate(state.lines):
        if not blocks or blocks[-1][0] != article:
            blocks.append((article, []))
        blocks[-1][1].append(index)
    best: tuple[float, str, list[Placement]] | None = None
    for version in candidates:
        total, placements = 0.0, []
        for article, indices in blocks:
            positions = codebook.proactive_positions(version, article)
            lines = [state.lines[i][0].line for i in indices]
            gained, placed = align_lines(lines, codebook.proactive_scorer, positions)
            total += gained + OMIT_ROW * len(positions)
            placements += [_shifted(p, indices) for p in placed]
        if best is None or total > best[0] + 1e-9:
            best = (total, version, placements)
    assert best is not None
    _total, version, placements = best
    taken = {i for p in placements for i in p.label_lines}
    printed_lines = [p for p, _row, _a in state.lines]
    _report_unplaced("二", printed_lines, taken, codebook.proactive_scorer, out)
    for placement in placements:
        code = codebook.proactive_scorer.targets[placement.target].code
        if code in state.placements:
            continue  # an item under two headings: the first
        row = state.lines[placement.line][1]
        label = " ".join(
            state.lines[i][0].label for i in placement.label_lines if state.lines[i][0].label
        )
        state.placements[code] = placement
        state.rows.append(replace(row, item=code, label=label))
    return version


def _shifted(placement: Placement, indices: list[int]) -> Placement:
    """A placement within a block of lines, in the section's line numbers."""
    return replace(
        placement,
        line=indices[placement.line],
        label_lines=tuple(indices[i] for i in placement.label_lines),
    )


def _measure_header(row: Row, codebook: Codebook) -> tuple[list[Span], int] | None:
    """Grid spans of the measure columns a header row prints."""
    if not row.grid:
        return None
    spans = [
        (index, index + max(1, cell.span))
        for index, cell in enumerate(row.cells)
        if not cell.covered and match_fragment(label_key(cell.text), codebook.measure_fragments)
    ]
    return (spans, len(row.cells)) if spans else None


def _fit_proactive(printed: _ProactiveRow, width: int) -> list[Cell | None]:
    """A section 二 row's values for `width` measures: in a grid, the row's own cells in order
    when they are as many as the measures, else by the header's positions (see columns.py)."""
    if printed.row.grid:
        first = len(printed.row.cells) - len(printed.values)
        header = printed.header
        if header is not None and len(header[0]) != width:
            header = None
        _end, values = pick_values(printed.row.cells, first, width, header=header, anchor="left")
        return fit_values(values, width, grid=True, anchor="left")
    return fit_values(printed.values, width, printed.row.grid, anchor="left")


def finish_proactive(
    state: _ProactiveState, out: Alignment, codebook: Codebook, year: int | None
) -> None:
    if not any(p.line.kind in (LineKind.ROW, LineKind.BLANK) for p, _row, _a in state.lines):
        return
    version = _place_proactive(state, codebook, year, out)
    if not state.rows:
        return
    out.proactive_version = version
    first = len(out.cells)
    items = codebook.proactive_items(version)
    for printed in state.rows:
        template = items.get(printed.item)
        if template is None:
            out.problems.append(f"section 二: item {printed.item} is not in the {version} template")
            continue
        wanted = {m.measure_code: m for m in template}
        if glued_run(printed.values) is not None:
            out.cells.extend(decode_proactive(printed, template, out))
            continue
        measures = list(printed.measures) or list(wanted)
        fitted = _fit_proactive(printed, len(measures))
        for measure, cell in zip(measures, fitted, strict=True):
            if measure not in wanted:
                continue
            in_wan = wanted[measure].unit == "yuan" and measure in printed.money_in_wan
            out.cells.append(
                _template_cell(
                    PROACTIVE,
                    printed.item,
                    measure,
                    cell,
                    printed.label,
                    printed.row,
                    10_000.0 if in_wan else 1.0,
                )
            )
        for measure in wanted:
            if measure not in measures:
                out.problems.append(f"section 二: {printed.item} has no column for {measure}")
    out.cells[first:] = _mark_placements(out.cells[first:], PROACTIVE, state.placements)


# --- the whole document ------------------------------------------------------------------------


def align_document(document: Document, codebook: Codebook, year: int | None = None) -> Alignment:
    out = Alignment()
    section: Section | None = None
    applications = _ApplicationsState()
    review = _ReviewState()
    proactive = _ProactiveState()
    for row in iter_rows(document):
        is_heading, opened = heading_section(row)
        if is_heading:
            section = opened
            if opened:
                out.sections_found.add(opened)
            continue
        switched = content_section(label_key(" ".join(row.texts)), section)
        if switched:
            section = switched
            out.sections_found.add(switched)
        if section == APPLICATIONS:
            align_applications_row(row, applications, out, codebook)
        elif section == REVIEW:
            align_review_row(row, review, out, codebook)
        elif section == PROACTIVE:
            align_proactive_row(row, proactive, codebook)
    finish_review(review, out, codebook)
    finish_proactive(proactive, out, codebook, year)
    _finish_applications(applications, out, codebook)
    return out


def _finish_applications(state: _ApplicationsState, out: Alignment, codebook: Codebook) -> None:
    if not any(p.line.kind in (LineKind.ROW, LineKind.BLANK) for p in state.lines):
        return
    layout = _place_applications(state, codebook, out)
    if not state.seen:
        return
    first = len(out.cells)
    state.decoded = decode_applications(state, out, codebook, layout)
    emit_applications(state, out)
    out.cells[first:] = _mark_placements(out.cells[first:], APPLICATIONS, state.placements)
    out.applications_layout = layout
    missing = [c for c in codebook.outcome_codes(layout) if c not in state.seen]
    if missing:
        out.problems.append(f"section 三: rows not found: {', '.join(missing)}")


# --- flattened rows ------------------------------------------------------------------------------
# Crawler copies print a row as its label glued to one run of digits (the text reader marks the
# run `glued`). The template's arithmetic decodes it (ingest/flattened.py): a split it allows
# alone is `decoded`; where several remain the cells stay NULL (`ambiguous`), or `unparsed` when
# no split explains the run, and the row and its candidates are recorded in `flattened`.


@dataclass(frozen=True)
class FlattenedRow:
    """A glued row and the splits that survived its arithmetic (one: decoded)."""

    section: Section
    row_code: str
    run: str
    candidates: tuple[tuple[str, ...], ...]
    truncated: bool
    line: int | None

    @property
    def splits(self) -> int:
        """How many splits explain the run (one more than listed when the search stopped)."""
        return len(self.candidates) + (1 if self.truncated else 0)

    def describe(self) -> str:
        shown = " | ".join(" ".join(c) for c in self.candidates[:8])
        more = " | …" if self.truncated or len(self.candidates) > 8 else ""
        return f"{self.section}.{self.row_code} {self.run} → {shown or 'no split'}{more}"


def glued_run(values: list[Cell]) -> str | None:
    """The run of a row whose values are one glued cell, else None."""
    filled = [c for c in values if c.text.strip()]
    return filled[0].text if len(filled) == 1 and filled[0].glued else None


def _decoded_cells(
    section: Section,
    record_code: str,
    keys: list[tuple[str, str]],
    decoding: RowDecoding,
    label: str,
    row: Row,
    out: Alignment,
    multipliers: list[float] | None = None,
) -> list[TemplateCell]:
    """The cells (row code, column code) of `keys` from a glued row's decoding."""
    record = FlattenedRow(
        section, record_code, decoding.run, decoding.candidates, decoding.truncated, row.line
    )
    out.flattened.append(record)
    split = decoding.unique
    if split is None:
        status = ValueStatus.AMBIGUOUS if decoding.candidates else ValueStatus.UNPARSED
        out.problems.append(
            f"flattened row {record.describe()} at {_where(row)}: "
            + ("several splits fit; not guessed" if decoding.candidates else "no split fits")
        )
        return [
            TemplateCell(section, code, column, decoding.run, None, status, None, label,
                         row.line, row.page)
            for code, column in keys
        ]  # fmt: skip
    status = ValueStatus.VALUE if decoding.printed else ValueStatus.DECODED
    factors = multipliers or [1.0] * len(keys)
    return [
        TemplateCell(section, code, column, piece, round(float(piece) * factor, 4), status,
                     None, label, row.line, row.page)
        for (code, column), piece, factor in zip(keys, split, factors, strict=True)
    ]  # fmt: skip


def _glued_applicant_columns(state: _ApplicationsState, columns: list[str]) -> list[str]:
    """A glued header (自然人法人或其他组织小计总计) names 小计 inside one cell."""
    if SUBTOTAL in columns:
        return columns
    for row in state.header_rows:
        key = label_key(" ".join(row.texts))
        if "小计" in key:
            at = 1 if key.index("小计") < key.find("商业企业") else 6
            return [*columns[:at], SUBTOTAL, *columns[at:]]
    return columns


def decode_applications(
    state: _ApplicationsState, out: Alignment, codebook: Codebook, layout: str
) -> dict[str, list[TemplateCell]]:
    """Section 三's glued rows decoded together: each by its own 总计 (and 小计), then what
    remains by the column identities, with the rows printed normally taking part as printed."""
    runs = {code: run for code, _l, _r, v in state.printed if (run := glued_run(v)) is not None}
    if not runs:
        return {}
    columns = _glued_applicant_columns(state, applicant_columns(state.header_rows))
    shape = subtotal_row(columns.index(SUBTOTAL)) if SUBTOTAL in columns else sum_row(len(columns))
    rows = codebook.outcome_codes(layout)
    outcome_rows = rows[rows.index("granted") : rows.index("processed_total")]
    printed = {}
    for code, _label, _row, values in state.printed:
        parsed = [parse_value(c.text) for c in values]
        if code not in runs and len(parsed) == len(columns):
            numbers = [p.value for p in parsed if p.status is ValueStatus.VALUE]
            if len(numbers) == len(columns) and all(
                n is not None and n.is_integer() for n in numbers
            ):
                printed[code] = tuple(int(n) for n in numbers if n is not None)
    decodings = decode_rows(runs, shape, column_identities(outcome_rows, len(columns)), (), printed)
    return {
        code: _decoded_cells(
            APPLICATIONS, code, [(code, c) for c in columns], decodings[code], label, row, out
        )
        for code, label, row, _values in state.printed
        if code in decodings
    }


def decode_review(
    row: Row, values: list[Cell], out: Alignment, codebook: Codebook
) -> list[TemplateCell]:
    """Section 四's fifteen cells glued into one run: each proceeding's total is its sum."""
    decoding = decode_row(
        glued_run(values) or "", blocks_row(len(codebook.proceedings), len(codebook.results))
    )
    keys = [(p, r) for p in codebook.proceedings for r in codebook.results]
    return _decoded_cells(REVIEW, "all", keys, decoding, "", row, out)


def decode_proactive(
    printed: _ProactiveRow, template: list[ProactiveMeasure], out: Alignment
) -> list[TemplateCell]:
    """A section 二 row glued: its cells in the template's order (a glued header cannot say
    which measures it prints); 本年增/减 may be negative, money may have decimals."""
    kinds = [
        CellKind.AMOUNT if m.unit == "yuan"
        else CellKind.SIGNED if m.measure_code == "change" else CellKind.COUNT
        for m in template
    ]  # fmt: skip
    in_wan = bool(printed.money_in_wan)  # the glued header said 万元
    factors = [10_000.0 if m.unit == "yuan" and in_wan else 1.0 for m in template]
    decoding = decode_row(glued_run(printed.values) or "", free_row(kinds))
    keys = [(printed.item, m.measure_code) for m in template]
    return _decoded_cells(
        PROACTIVE, printed.item, keys, decoding, printed.label, printed.row, out, factors
    )
