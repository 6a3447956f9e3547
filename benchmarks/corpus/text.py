"""Render a `ReportSpec` as the text layouts found in the wild.

Each table goes through `text_rows` (one `TextRow` per grid row) before it is printed, so the
text distortions of `distort.py` can reshape rows (glue a row's values, wrap a header word, drop
a separator) without knowing the output syntax.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from benchmarks.corpus.layout import (
    CLOSING,
    SECTION_HEADINGS,
    Grid,
    Sections,
    flatten,
    prose,
    template_sections,
)
from benchmarks.corpus.spec import ReportSpec


@dataclass
class TextRow:
    """One printed row of a table in a text copy.

    `kind` is 'header' (no template value in it), 'data' (holds template values), 'extra' (a line
    a distortion added: a note, a stray number, a continued label) or 'heading' (a heading line
    between tables, Markdown only). `labels` counts the leading cells before the first value.
    """

    kind: str
    cells: list[str]
    labels: int = 0
    separated: bool = True  # one-cell-per-line: a blank line follows the row
    indent: str = ""  # one-cell-per-line: what each of the row's lines starts with


TableRows = list[TextRow]
# A text distortion: (section, rows) -> rows. Applied to every table before it is printed.
RowsTransform = Callable[[str, TableRows], TableRows]


@dataclass
class TextOptions:
    """How the text renderers deviate from the template; the default deviates in nothing."""

    sections: Sections | None = None  # grids to print instead of the template's own
    transforms: Sequence[RowsTransform] = field(default_factory=tuple)


def text_rows(grid: Grid) -> TableRows:
    rows: TableRows = []
    for grid_row, texts in zip(grid, flatten(grid), strict=True):
        kinds = [cell.kind for cell in grid_row if cell is not None]
        first_value = next(
            (i for i, cell in enumerate(grid_row) if cell is not None and cell.kind == "value"),
            None,
        )
        if "extra" in kinds:
            rows.append(TextRow("extra", texts))
        elif first_value is None:
            rows.append(TextRow("header", texts))
        else:
            rows.append(TextRow("data", texts, labels=first_value))
    return rows


def _tables(spec: ReportSpec, options: TextOptions | None) -> list[tuple[str, TableRows]]:
    options = options or TextOptions()
    sections = options.sections or template_sections(spec)
    tables = []
    for section, grid in sections.items():
        rows = text_rows(grid)
        for transform in options.transforms:
            rows = transform(section, rows)
        tables.append((SECTION_HEADINGS[section], rows))
    return tables


def render_tabs(spec: ReportSpec, options: TextOptions | None = None) -> str:
    """Tab-separated rows, as a PDF's text export gives."""
    out = [*prose(spec), ""]
    for heading, rows in _tables(spec, options):
        out += [heading, ""]
        out += ["\t".join(row.cells) for row in rows]
        out.append("")
    return "\n".join(out + CLOSING) + "\n"


def render_markdown(spec: ReportSpec, options: TextOptions | None = None) -> str:
    """Markdown headings and pipe tables; a 'heading' row starts a new table under it."""
    lines = prose(spec)
    out = [f"# {lines[0]}", "", f"## {lines[1]}", "", *[f"{p}\n" for p in lines[2:]]]
    for heading, rows in _tables(spec, options):
        out += [f"## {heading}", ""]
        for table in _split_at_headings(rows):
            if table[0].kind == "heading":
                out += [f"### {table[0].cells[0]}", ""]
                table = table[1:]
            if not table:
                continue
            width = max(len(r.cells) for r in table)
            out.append("| " + " | ".join(table[0].cells) + " |")
            out.append("|" + "---|" * width)
            out += ["| " + " | ".join(row.cells) + " |" for row in table[1:]]
            out.append("")
    out += [f"## {CLOSING[0]}", "", CLOSING[1], "", f"## {CLOSING[2]}", "", CLOSING[3]]
    return "\n".join(out) + "\n"


def _split_at_headings(rows: TableRows) -> list[TableRows]:
    tables: list[TableRows] = [[]]
    for row in rows:
        if row.kind == "heading" and tables[-1]:
            tables.append([])
        tables[-1].append(row)
    return [t for t in tables if t]


def render_cell_per_line(spec: ReportSpec, options: TextOptions | None = None) -> str:
    """One cell per line, a blank line between rows: a copy of a Word or HTML table.

    Blank cells are a line holding one full-width space, as browsers copy them. A cell holding a
    line break (a wrapped header word) prints as several lines.
    """
    out: list[str] = []
    for line in prose(spec):
        out += [line, ""]
    for heading, rows in _tables(spec, options):
        out += [heading, ""]
        for row in rows:
            for cell in row.cells:
                out += [row.indent + part for part in (cell or "\u3000").split("\n")]
            if row.separated:
                out.append("")
    for line in CLOSING:
        out += [line, ""]
    return "\n".join(out)
