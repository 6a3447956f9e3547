"""Render a `ReportSpec` as the text layouts found in the wild."""

from __future__ import annotations

from benchmarks.corpus.layout import (
    CLOSING,
    SECTION_HEADINGS,
    applications_grid,
    flatten,
    proactive_grid,
    prose,
    review_grid,
)
from benchmarks.corpus.spec import ReportSpec


def _sections(spec: ReportSpec) -> list[tuple[str, list[list[str]]]]:
    return [
        (SECTION_HEADINGS["proactive"], flatten(proactive_grid(spec))),
        (SECTION_HEADINGS["applications"], flatten(applications_grid(spec))),
        (SECTION_HEADINGS["review_litigation"], flatten(review_grid(spec))),
    ]


def render_tabs(spec: ReportSpec) -> str:
    """Tab-separated rows, as a PDF's text export gives."""
    out = [*prose(spec), ""]
    for heading, rows in _sections(spec):
        out += [heading, ""]
        out += ["\t".join(row) for row in rows]
        out.append("")
    return "\n".join(out + CLOSING) + "\n"


def render_markdown(spec: ReportSpec) -> str:
    """Markdown headings and pipe tables."""
    lines = prose(spec)
    out = [f"# {lines[0]}", "", f"## {lines[1]}", "", *[f"{p}\n" for p in lines[2:]]]
    for heading, rows in _sections(spec):
        out += [f"## {heading}", ""]
        width = max(len(r) for r in rows)
        out.append("| " + " | ".join(rows[0]) + " |")
        out.append("|" + "---|" * width)
        out += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        out.append("")
    out += [f"## {CLOSING[0]}", "", CLOSING[1], "", f"## {CLOSING[2]}", "", CLOSING[3]]
    return "\n".join(out) + "\n"


def render_cell_per_line(spec: ReportSpec) -> str:
    """One cell per line, a blank line between rows: a copy of a Word or HTML table.

    Blank cells are a line holding one full-width space, as browsers copy them.
    """
    out: list[str] = []
    for line in prose(spec):
        out += [line, ""]
    for heading, rows in _sections(spec):
        out += [heading, ""]
        for row in rows:
            out += [cell if cell else "\u3000" for cell in row]
            out.append("")
    for line in CLOSING:
        out += [line, ""]
    return "\n".join(out)
