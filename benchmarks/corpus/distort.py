"""Distortions: what real reports do to the template that our own renderers do not.

Readers are measured on documents they were not written for. Each distortion here is one small
seeded function that copies a pattern seen in published reports:

- grid distortions reshape a report's three grids (`Sections`) and so apply to every format that
  draws them (text, Markdown, HTML, DOCX, PDF): label typos, dropped characters, labels split
  around their values, note lines and stray numbers inside a table, group labels as their own
  rows or repeated on every item, the vertical 三、本年度办理结果 one character per line, values
  with units, and (HTML/DOCX) a header merged differently from the data rows;
- text distortions reshape the rows of one text layout (`TextRow`s): flattened rows (a row's
  values glued into one run of digits), Markdown trailing empty cells, placeholder headers and one
  small table per row, indented one-cell-per-line copies with wrapped header words and missing
  blank separators.

None of them changes what the report says: `expected_cells(spec)` stays the truth, so a reader
must either read every cell exactly or flag the report. Compose them with `render`:

    data = render(spec, "markdown", ["label_typo", "markdown_fake_header"], seed=7)

Each distortion draws from its own generator (seeded by `seed` and its name), so adding one to a
recipe never changes the choices of the others. Distortions run in `DISTORTIONS` order whatever
order the recipe names them in.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial

from benchmarks.corpus.layout import (
    APPLICANT_HEADERS,
    Grid,
    GridCell,
    Sections,
    template_sections,
)
from benchmarks.corpus.spec import ReportSpec
from benchmarks.corpus.text import (
    TableRows,
    TextOptions,
    TextRow,
    render_cell_per_line,
    render_markdown,
    render_tabs,
)

FORMATS = (
    "text_tabs",
    "text_cell_per_line",
    "markdown",
    "html",
    "docx",
    "pdf_ruled",
    "pdf_unruled",
)
SUFFIXES = {
    "text_tabs": ".txt",
    "text_cell_per_line": ".txt",
    "markdown": ".md",
    "html": ".html",
    "docx": ".docx",
    "pdf_ruled": ".pdf",
    "pdf_unruled": ".pdf",
}
ALL_FORMATS = frozenset(FORMATS)

GridDistortion = Callable[[Sections, random.Random], Sections]
RowsDistortion = Callable[[str, TableRows, random.Random], TableRows]


@dataclass(frozen=True)
class Distortion:
    name: str
    description: str
    formats: frozenset[str]
    grid: GridDistortion | None = None
    rows: RowsDistortion | None = None
    exclusive: str | None = None  # distortions sharing this tag are alternatives of one another


# --- grid helpers ---------------------------------------------------------------------------------

_PREFIX = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+[.．、])")
# Characters and the look-alikes OCR or a typist puts in their place (seen: 予以公井, 第叁方).
CONFUSABLES = {
    "三": "叁", "开": "井", "公": "么", "申": "甲", "请": "清", "理": "埋", "处": "外",
    "不": "木", "予": "子", "政": "玫", "法": "去", "息": "恩", "信": "言", "国": "图",
    "务": "条", "事": "争", "有": "又", "保": "堡", "权": "杈", "执": "扶", "制": "刺",
    "他": "地", "其": "共", "内": "肉", "部": "剖", "复": "夏", "规": "观", "范": "苑",
    "许": "汻", "可": "司", "罚": "罸", "收": "牧", "费": "费", "本": "木", "年": "午",
}  # fmt: skip
NOTES = [
    "注：本表数据截至12月31日。",
    "注：表中数据单位为件，无相关情况的填0。",
    "（注：2022年度无收费情况）",
]
PLACEHOLDER_STYLES = ["列{}", "Column{}", "Unnamed: {}", "字段{}"]
HEADER_WRAPS = {
    "商业企业": "商业\n企业",
    "科研机构": "科研\n机构",
    "社会公益组织": "社会公益\n组织",
    "法律服务机构": "法律服务\n机构",
    "法人或其他组织": "法人或其他\n组织",
    "申请人情况": "申请人\n情况",
    "未经复议直接起诉": "未经复议\n直接起诉",
    "本年新收政府信息公开申请数量": "本年新收政府信息\n公开申请数量",
}


def _copy(sections: Sections) -> Sections:
    return {name: [list(row) for row in grid] for name, grid in sections.items()}


def _width(grid: Grid) -> int:
    return max(len(row) for row in grid)


def _value_rows(grid: Grid) -> list[int]:
    return [
        r for r, row in enumerate(grid) if any(c is not None and c.kind == "value" for c in row)
    ]


def _cells_of_kind(sections: Sections, kinds: Iterable[str], section_names: Iterable[str]):
    """(section, row, column, cell) for every cell of one of `kinds` in the named sections."""
    wanted = set(kinds)
    for name in section_names:
        for r, row in enumerate(sections.get(name, [])):
            for c, cell in enumerate(row):
                if cell is not None and cell.kind in wanted:
                    yield name, r, c, cell


def _covering(grid: Grid, index: int) -> list[tuple[int, int]]:
    """(row, column) of the cells that span from above row `index` into it."""
    found = []
    for r, row in enumerate(grid[:index]):
        for c, cell in enumerate(row):
            if cell is not None and r + cell.rowspan > index:
                found.append((r, c))
    return found


def _insert_row(grid: Grid, index: int, placements: dict[int, GridCell]) -> None:
    """Insert a row before grid row `index`: spans that cross the gap grow over the new row,
    `placements` (column -> cell) fill it, and every other free position gets an empty cell."""
    width = _width(grid)
    covered: set[int] = set()
    for r, c in _covering(grid, index):
        cell = grid[r][c]
        assert cell is not None
        grid[r][c] = replace(cell, rowspan=cell.rowspan + 1)
        covered.update(range(c, c + cell.colspan))
    row: list[GridCell | None] = [None] * width
    taken: set[int] = set()
    for c, cell in sorted(placements.items()):
        if c in covered or c in taken:
            continue
        span = min(cell.colspan, width - c)
        while any(col in covered for col in range(c, c + span)):
            span -= 1
        row[c] = replace(cell, colspan=span)
        taken.update(range(c, c + span))
    for c in range(width):
        if c not in covered and c not in taken:
            row[c] = GridCell("", kind="extra")
    grid.insert(index, row)


def _full_width_row(grid: Grid, index: int, text: str) -> None:
    """A row of one cell from the first free column to the table's right edge."""
    covered = {c for r, c0 in _covering(grid, index) for c in range(c0, c0 + _span(grid, r, c0))}
    first = next(c for c in range(_width(grid)) if c not in covered)
    _insert_row(grid, index, {first: GridCell(text, colspan=_width(grid) - first, kind="extra")})


def _span(grid: Grid, r: int, c: int) -> int:
    cell = grid[r][c]
    return cell.colspan if cell is not None else 1


def _body_positions(text: str) -> list[int]:
    """Indices of a label's characters after its numbering (（三）, 四、, 3.), CJK only."""
    match = _PREFIX.match(text)
    start = match.end() if match else 0
    return [i for i in range(start, len(text)) if "\u4e00" <= text[i] <= "\u9fff"]


def _edit_labels(
    sections: Sections, rng: random.Random, edit: Callable[[str, random.Random], str]
) -> Sections:
    sections = _copy(sections)
    candidates = [
        found
        for found in _cells_of_kind(sections, ["label"], ["applications", "proactive"])
        if len(_body_positions(found[3].text)) >= 4
    ]
    for name, r, c, cell in rng.sample(candidates, min(len(candidates), rng.randint(1, 3))):
        sections[name][r][c] = replace(cell, text=edit(cell.text, rng))
    return sections


# --- grid distortions -----------------------------------------------------------------------------


def label_typo(sections: Sections, rng: random.Random) -> Sections:
    """One to three labels with one character replaced by a look-alike (予以公井, 第叁方)."""

    def edit(text: str, rng: random.Random) -> str:
        positions = _body_positions(text)
        confusable = [i for i in positions if text[i] in CONFUSABLES]
        i = rng.choice(confusable or positions)
        return text[:i] + CONFUSABLES.get(text[i], "口") + text[i + 1 :]

    return _edit_labels(sections, rng, edit)


def label_dropped_char(sections: Sections, rng: random.Random) -> Sections:
    """One to three labels with one character dropped (其他法律法规禁止公开)."""

    def edit(text: str, rng: random.Random) -> str:
        i = rng.choice(_body_positions(text))
        return text[:i] + text[i + 1 :]

    return _edit_labels(sections, rng, edit)


def split_label(sections: Sections, rng: random.Random) -> Sections:
    """One or two section 三 labels cut in two: the head beside the values, the rest of the label
    alone on the next row (3.补正后申请内容 ⟶ values ⟶ 仍不明确)."""
    sections = _copy(sections)
    grid = sections["applications"]
    candidates = [
        (r, c)
        for _name, r, c, cell in _cells_of_kind(sections, ["label"], ["applications"])
        if len(_body_positions(cell.text)) >= 6
    ]
    chosen = sorted(rng.sample(candidates, min(len(candidates), rng.randint(1, 2))), reverse=True)
    for r, c in chosen:  # bottom up, so earlier row indices stay valid
        cell = grid[r][c]
        assert cell is not None
        positions = _body_positions(cell.text)
        cut = rng.choice(positions[2:-2] or positions[1:])
        grid[r][c] = replace(cell, text=cell.text[:cut])
        rest = GridCell(cell.text[cut:], colspan=cell.colspan, kind="extra")
        _insert_row(grid, r + 1, {c: rest})
    return sections


def merge_mismatch(sections: Sections, rng: random.Random) -> Sections:
    """The header and the data rows merged differently, as Word-exported tables are: one header
    cell (自然人, or a section 二 measure) spans two grid columns, while in the data rows the value
    under it spans one and the next value spans two. By grid position the next value sits under
    the wider header; by count and order it does not."""
    sections = _copy(sections)
    apps = sections["applications"]
    first_value = min(
        c for _n, _r, c, _cell in _cells_of_kind(sections, ["value"], ["applications"])
    )
    width = _width(apps)
    sections["applications"] = _widen_column(apps, rng.randint(first_value, width - 2))
    if rng.random() < 0.5:
        sections["proactive"] = _widen_column(sections["proactive"], rng.choice([1, 2]))
    return sections


def _widen_column(grid: Grid, p: int) -> Grid:
    """Insert a grid column after column p. Header rows: the cell over p grows. Data rows: the
    value starting at p + 1 grows (it now starts under the header over p), else the cell over p.
    """
    widened: Grid = []
    for row in grid:
        placed = [(c, cell) for c, cell in enumerate(row) if cell is not None]
        is_data = any(cell.kind == "value" for _c, cell in placed)
        grows = None
        if is_data and any(c == p + 1 and cell.kind == "value" for c, cell in placed):
            grows = p + 1
        else:
            grows = next((c for c, cell in placed if c <= p < c + cell.colspan), None)
        new_row: list[GridCell | None] = [None] * (len(row) + 1)
        for c, cell in placed:
            start = c + 1 if c > p and c != grows else c
            if c == grows:
                cell = replace(cell, colspan=cell.colspan + 1)
            new_row[start] = cell
        widened.append(new_row)
    return widened


def note_lines(sections: Sections, rng: random.Random) -> Sections:
    """One or two note lines inside a table, between its rows (注：本表数据截至12月31日。)."""
    sections = _copy(sections)
    for _ in range(rng.randint(1, 2)):
        name = rng.choice(["applications", "applications", "proactive"])
        grid = sections[name]
        rows = _value_rows(grid)
        _full_width_row(grid, rng.choice([*rows[1:], rows[-1] + 1]), rng.choice(NOTES))
    return sections


def stray_numbers(sections: Sections, rng: random.Random) -> Sections:
    """A number alone between two rows of a table: a page number or a footnote mark left by the
    export (`- 2 -`, `2`, `13`)."""
    sections = _copy(sections)
    for _ in range(rng.randint(1, 2)):
        name = rng.choice(["applications", "applications", "proactive"])
        grid = sections[name]
        rows = _value_rows(grid)
        number = rng.choice(["- {} -", "{}", "第{}页"]).format(rng.randint(2, 15))
        _full_width_row(grid, rng.choice(rows[1:]), number)
    return sections


def group_label_rows(sections: Sections, rng: random.Random) -> Sections:
    """Group labels (（三）不予公开 …) printed as their own row above their items, with blank
    value cells, instead of one cell spanning the items."""
    sections = _copy(sections)
    grid = sections["applications"]
    groups = [(r, c) for _n, r, c, _cell in _cells_of_kind(sections, ["group"], ["applications"])]
    for r, c in sorted(groups, reverse=True):
        cell = grid[r][c]
        assert cell is not None
        for item_row in range(r, r + cell.rowspan):
            item = grid[item_row][c + 1]
            assert item is not None
            grid[item_row][c] = replace(item, colspan=item.colspan + 1)
            grid[item_row][c + 1] = None
        _insert_row(grid, r, {c: GridCell(cell.text, colspan=2, kind="extra")})
    return sections


def group_label_repeated(sections: Sections, rng: random.Random) -> Sections:
    """Group labels repeated in front of every item (（三）不予公开 | 1.属于国家秘密, then
    （三）不予公开 | 2.…) instead of one cell spanning the items."""
    sections = _copy(sections)
    grid = sections["applications"]
    for _n, r, c, cell in list(_cells_of_kind(sections, ["group"], ["applications"])):
        for item_row in range(r, r + cell.rowspan):
            grid[item_row][c] = replace(cell, rowspan=1)
    return sections


def vertical_label_lines(sections: Sections, rng: random.Random) -> Sections:
    """The vertical 三、本年度办理结果 spread one character per row between the result rows, as
    text extraction of its narrow merged cell gives."""
    sections = _copy(sections)
    grid = sections["applications"]
    found = list(_cells_of_kind(sections, ["vertical"], ["applications"]))
    if not found:
        return sections
    _n, top, c, cell = found[0]
    for r in range(top, top + cell.rowspan):
        grid[r][c] = GridCell("")
    gaps = list(range(top + 1, top + cell.rowspan))
    slots = sorted(rng.sample(gaps, min(len(gaps), len(cell.text))))
    for index, char in sorted(zip(slots, cell.text, strict=False), reverse=True):
        _insert_row(grid, index, {c: GridCell(char, kind="extra")})
    return sections


def units(sections: Sections, rng: random.Random) -> Sections:
    """About half the values printed with their unit: 12件; money as 36800元 or 3.68万元 (a value
    in 元 under a 万元 header is still that many 元)."""
    sections = _copy(sections)
    money_columns = _money_columns(sections["proactive"])
    for name, r, c, cell in list(_cells_of_kind(sections, ["value"], list(sections))):
        if not cell.text or rng.random() < 0.5:
            continue
        if name == "proactive" and (r, c) in money_columns:
            yuan = round(float(cell.text) * 10_000)
            text = f"{yuan}元" if rng.random() < 0.6 else f"{cell.text}万元"
        else:
            text = cell.text + rng.choice(["件", "件", "个"])
        sections[name][r][c] = replace(cell, text=text)
    return sections


def _money_columns(grid: Grid) -> set[tuple[int, int]]:
    """(row, column) of section 二's money values: the value cells under a 万元 header."""
    money_headers = {"本年收费金额（单位：万元）", "采购总金额（万元）"}
    found: set[tuple[int, int]] = set()
    money_starts: set[int] = set()
    for r, row in enumerate(grid):
        headers = {
            c for c, cell in enumerate(row) if cell is not None and cell.text in money_headers
        }
        if any(cell is not None and cell.kind == "value" for cell in row):
            found.update((r, c) for c in money_starts if row[c] is not None)
        elif any(cell is not None and cell.text == "信息内容" for cell in row):
            money_starts = headers
    return found


# --- text distortions -----------------------------------------------------------------------------


def _flat(section: str, rows: TableRows, rng: random.Random, style: str) -> TableRows:
    """Each row glued into one string: header words run together; a data row is its label then
    its values as one run of digits (blank cells vanish)."""
    out = []
    for row in rows:
        if row.kind != "data":
            out.append(replace(row, cells=["".join(row.cells)]))
            continue
        label = "".join(cell for cell in row.cells[: row.labels] if cell)
        values = [cell for cell in row.cells[row.labels :] if cell]
        if style == "glued":
            text = label + "".join(values)
        elif style == "label_space":
            text = (label + " " if label else "") + "".join(values)
        else:
            text = " ".join([label, *values]) if label else " ".join(values)
        out.append(replace(row, cells=[text], labels=0))
    return out


def markdown_trailing_cells(section: str, rows: TableRows, rng: random.Random) -> TableRows:
    """An empty cell after every data row's last value (`| 4 | 0 | … | 4 |  |`), as PDF-extraction
    tools write; header rows get one half the time."""
    header_too = rng.random() < 0.5
    return [
        replace(row, cells=[*row.cells, ""]) if row.kind == "data" or header_too else row
        for row in rows
    ]


def markdown_fake_header(section: str, rows: TableRows, rng: random.Random) -> TableRows:
    """Section 三's and 四's header rows replaced by one row of placeholder words (列1, Column2 …)
    as OCR tools write when they cannot read the header."""
    if section == "proactive":
        return rows
    style = rng.choice(PLACEHOLDER_STYLES)
    width = max(len(row.cells) for row in rows)
    out: TableRows = []
    for row in rows:
        if row.kind != "header":
            out.append(row)
        elif not out or out[-1].kind != "header":
            cells = [style.format(i + 1) for i in range(width)]
            out.append(TextRow("header", cells))
    return out


def markdown_table_per_row(section: str, rows: TableRows, rng: random.Random) -> TableRows:
    """Section 三 as one small table per row, each under its own heading (the row's label), with
    the applicant types as its header: how some converters split a wide table."""
    if section != "applications":
        return rows
    out: TableRows = []
    for row in rows:
        if row.kind == "header":
            continue
        if row.kind == "extra":
            out.append(TextRow("heading", [" ".join(c for c in row.cells if c)]))
            continue
        label = " ".join(cell for cell in row.cells[: row.labels] if cell)
        values = row.cells[row.labels :]
        names = list(APPLICANT_HEADERS.values())
        headers = [*names[:6], *(["小计"] if len(values) == 8 else []), "总计"]
        out += [
            TextRow("heading", [label]),
            TextRow("header", headers[: len(values)] + [""] * (len(values) - len(headers))),
            TextRow("data", values, labels=0),
        ]
    return out


def cell_per_line_indented(section: str, rows: TableRows, rng: random.Random) -> TableRows:
    """Every line of a table indented with tabs or spaces, two styles mixed row by row."""
    styles = rng.sample(["\t", "    ", "  ", "\t\t", "\u3000\u3000"], 2)
    return [replace(row, indent=rng.choice(styles)) for row in rows]


def cell_per_line_wrapped_headers(section: str, rows: TableRows, rng: random.Random) -> TableRows:
    """Header words wrapped onto two lines (商业 / 企业), as narrow header cells copy."""
    return [
        replace(row, cells=[HEADER_WRAPS.get(cell, cell) for cell in row.cells])
        if row.kind == "header"
        else row
        for row in rows
    ]


def cell_per_line_missing_separators(
    section: str, rows: TableRows, rng: random.Random
) -> TableRows:
    """The blank line between rows missing in places (about one row in three)."""
    return [replace(row, separated=rng.random() >= 0.35) for row in rows]


TEXT = frozenset({"text_tabs"})
MARKDOWN = frozenset({"markdown"})
CELL_PER_LINE = frozenset({"text_cell_per_line"})

DISTORTIONS: dict[str, Distortion] = {
    d.name: d
    for d in [
        Distortion("label_typo", "a character replaced by a look-alike", ALL_FORMATS, label_typo),
        Distortion("label_dropped_char", "a character dropped", ALL_FORMATS, label_dropped_char),
        Distortion("split_label", "label, values, rest of label", ALL_FORMATS, split_label),
        Distortion(
            "group_label_rows",
            "group labels as own rows",
            ALL_FORMATS,
            group_label_rows,
            exclusive="group",
        ),
        Distortion(
            "group_label_repeated",
            "group labels repeated per item",
            ALL_FORMATS,
            group_label_repeated,
            exclusive="group",
        ),
        Distortion(
            "vertical_label_lines",
            "三、本年度办理结果 one character per row",
            ALL_FORMATS,
            vertical_label_lines,
        ),
        Distortion("note_lines", "note lines inside tables", ALL_FORMATS, note_lines),
        Distortion("stray_numbers", "stray numbers between rows", ALL_FORMATS, stray_numbers),
        Distortion("units", "values with units (件, 元, 万元)", ALL_FORMATS, units),
        Distortion(
            "merge_mismatch",
            "header/data merged differently (colspan, gridSpan)",
            frozenset({"html", "docx"}),
            merge_mismatch,
        ),
        Distortion(
            "flat_glued",
            "row glued: label + digit run",
            TEXT,
            rows=partial(_flat, style="glued"),
            exclusive="flat",
        ),
        Distortion(
            "flat_label_space",
            "row glued: label, space, digit run",
            TEXT,
            rows=partial(_flat, style="label_space"),
            exclusive="flat",
        ),
        Distortion(
            "flat_spaced_values",
            "row on one line, values separated by single spaces, blanks lost",
            TEXT,
            rows=partial(_flat, style="spaced_values"),
            exclusive="flat",
        ),
        Distortion(
            "markdown_table_per_row",
            "one small table per row under its own heading",
            MARKDOWN,
            rows=markdown_table_per_row,
        ),
        Distortion(
            "markdown_fake_header",
            "placeholder header words",
            MARKDOWN,
            rows=markdown_fake_header,
        ),
        Distortion(
            "markdown_trailing_cells",
            "trailing empty cells",
            MARKDOWN,
            rows=markdown_trailing_cells,
        ),
        Distortion(
            "cell_per_line_wrapped_headers",
            "header words wrapped (商业 / 企业)",
            CELL_PER_LINE,
            rows=cell_per_line_wrapped_headers,
        ),
        Distortion(
            "cell_per_line_missing_separators",
            "blank separator lines missing",
            CELL_PER_LINE,
            rows=cell_per_line_missing_separators,
        ),
        Distortion(
            "cell_per_line_indented",
            "lines indented with tabs or spaces",
            CELL_PER_LINE,
            rows=cell_per_line_indented,
        ),
    ]
}


def applicable(fmt: str) -> list[str]:
    """Names of the distortions that apply to a format, in application order."""
    return [name for name, d in DISTORTIONS.items() if fmt in d.formats]


def _rng(seed: int, name: str) -> random.Random:
    return random.Random(f"{seed}/{name}")


def _ordered(names: Iterable[str], fmt: str) -> list[Distortion]:
    wanted = set(names)
    unknown = wanted - set(DISTORTIONS)
    if unknown:
        raise ValueError(f"unknown distortions: {', '.join(sorted(unknown))}")
    chosen = [d for name, d in DISTORTIONS.items() if name in wanted]
    wrong = [d.name for d in chosen if fmt not in d.formats]
    if wrong:
        raise ValueError(f"distortions {', '.join(wrong)} do not apply to format {fmt}")
    return chosen


def distort_sections(
    sections: Sections, names: Iterable[str], seed: int, fmt: str = "html"
) -> Sections:
    """`sections` with the named grid distortions applied (text distortions are skipped)."""
    for distortion in _ordered(names, fmt):
        if distortion.grid is not None:
            sections = distortion.grid(sections, _rng(seed, distortion.name))
    return sections


def render(
    spec: ReportSpec, fmt: str, names: Sequence[str] = (), seed: int = 0, **options: object
) -> bytes:
    """The report in format `fmt` (one of FORMATS) with the named distortions applied.

    With no distortions the bytes are the plain renderers' output. `options` go to the format's
    renderer (e.g. `encoding="gbk"` for HTML, `split_applications=True` for PDF).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt}; one of {', '.join(FORMATS)}")
    chosen = _ordered(names, fmt)
    sections = template_sections(spec)
    for distortion in chosen:
        if distortion.grid is not None:
            sections = distortion.grid(sections, _rng(seed, distortion.name))
    if fmt in ("text_tabs", "text_cell_per_line", "markdown"):
        transforms = [
            partial(_with_rng, d.rows, _rng(seed, d.name)) for d in chosen if d.rows is not None
        ]
        text_options = TextOptions(sections=sections, transforms=transforms)
        text_renderer = {
            "text_tabs": render_tabs,
            "text_cell_per_line": render_cell_per_line,
            "markdown": render_markdown,
        }[fmt]
        return text_renderer(spec, text_options).encode("utf-8")
    if fmt == "html":
        from benchmarks.corpus.html import render_html

        return render_html(spec, sections=sections, **options)  # type: ignore[arg-type]
    if fmt == "docx":
        from benchmarks.corpus.docx import render_docx

        return render_docx(spec, sections=sections)
    from benchmarks.corpus.pdf import render_pdf

    ruled = fmt == "pdf_ruled"
    return render_pdf(spec, ruled=ruled, sections=sections, **options)  # type: ignore[arg-type]


def _with_rng(
    transform: RowsDistortion, rng: random.Random, section: str, rows: TableRows
) -> TableRows:
    return transform(section, rows, rng)


def random_recipe(rng: random.Random, fmt: str, most: int = 3) -> list[str]:
    """One to `most` distortions that apply to `fmt`, never two alternatives of one another."""
    names = applicable(fmt)
    rng.shuffle(names)
    target = rng.randint(1, most)
    chosen: list[str] = []
    tags: set[str] = set()
    for name in names:
        tag = DISTORTIONS[name].exclusive
        if tag is not None and tag in tags:
            continue
        chosen.append(name)
        if tag is not None:
            tags.add(tag)
        if len(chosen) >= target:
            break
    return [name for name in DISTORTIONS if name in chosen]


__all__ = [
    "DISTORTIONS",
    "FORMATS",
    "SUFFIXES",
    "Distortion",
    "applicable",
    "distort_sections",
    "random_recipe",
    "render",
]
