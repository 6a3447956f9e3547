"""The template's table shapes as grids with merged cells, filled from a `ReportSpec`.

Every renderer (text, PDF, DOCX, HTML) draws these grids, so all formats print the same report.
A grid row is a list of `GridCell`s in column order; a position covered by another cell's span
holds None.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from benchmarks.corpus.spec import ARTICLES, PROACTIVE_HEADERS, ReportSpec
from ingest.codebook import Codebook


@dataclass(frozen=True)
class GridCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    # What the cell is, for the distortions (benchmarks/corpus/distort.py): 'value' (a template
    # cell), 'label' (a row's own label), 'group' (（三）不予公开 …), 'vertical'
    # (三、本年度办理结果), '' otherwise. Not part of equality: it is not printed.
    kind: str = field(default="", compare=False)


Grid = list[list[GridCell | None]]
# The three tables of a report, in print order: section -> grid.
Sections = dict[str, Grid]

SECTION_HEADINGS = {
    "proactive": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
}
APPLICANT_HEADERS = {
    "natural_person": "自然人",
    "commercial_enterprise": "商业企业",
    "research_institution": "科研机构",
    "social_organization": "社会公益组织",
    "legal_service_institution": "法律服务机构",
    "other_organization": "其他",
    "legal_person_subtotal": "小计",
    "total": "总计",
}
RESULT_HEADERS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
GROUP_LABELS = {
    "denied": "（三）不予公开",
    "unavailable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}


def _blank(text: str | None) -> str:
    return "" if text is None else text


def _row(cells: list[GridCell | None], width: int) -> list[GridCell | None]:
    return cells + [None] * (width - len(cells))


def applicant_columns(spec: ReportSpec) -> list[str]:
    orgs = [
        "commercial_enterprise",
        "research_institution",
        "social_organization",
        "legal_service_institution",
        "other_organization",
    ]
    subtotal = ["legal_person_subtotal"] if spec.subtotal_column else []
    return ["natural_person", *orgs, *subtotal, "total"]


def applications_grid(spec: ReportSpec, codebook: Codebook | None = None) -> Grid:
    codebook = codebook or Codebook.load()
    columns = applicant_columns(spec)
    width = 3 + len(columns)
    org_span = 6 if spec.subtotal_column else 5
    grid: Grid = [
        _row(
            [
                GridCell(
                    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3
                ),
                None,
                None,
                GridCell("申请人情况", 1, len(columns)),
            ],
            width,
        ),
        _row(
            [None, None, None, GridCell("自然人", 2), GridCell("法人或其他组织", 1, org_span)]
            + [None] * (org_span - 1)
            + [GridCell("总计", 2)],
            width,
        ),
        _row(
            [None, None, None, None]
            + [GridCell(APPLICANT_HEADERS[c]) for c in columns[1:-1]]
            + [None],
            width,
        ),
    ]
    outcomes = {o.code: o for o in codebook.outcomes}
    rows = codebook.outcome_codes(spec.applications_layout)
    results = rows[rows.index("granted") : rows.index("processed_total") + 1]
    group_sizes: dict[str, int] = {}
    for code in results:
        group_sizes[outcomes[code].group] = group_sizes.get(outcomes[code].group, 0) + 1
    seen_groups: set[str] = set()
    for code in rows:
        values = [GridCell(_blank(spec.applications.get((code, c))), kind="value") for c in columns]
        outcome = outcomes[code]
        label = outcome.label
        if code in ("new_received", "carried_over", "carried_forward"):
            labels: list[GridCell | None] = [GridCell(label, 1, 3, kind="label"), None, None]
        else:
            first = (
                GridCell("三、本年度办理结果", len(results), kind="vertical")
                if code == "granted"
                else None
            )
            group = outcome.group
            if group in GROUP_LABELS and group_sizes[group] > 1:
                item = label.split(" ", 1)[1]
                group_cell = None
                if group not in seen_groups:
                    seen_groups.add(group)
                    group_cell = GridCell(GROUP_LABELS[group], group_sizes[group], kind="group")
                labels = [first, group_cell, GridCell(item, kind="label")]
            else:
                labels = [first, GridCell(label, 1, 2, kind="label"), None]
        grid.append([*labels, *values])
    return grid


def review_grid(spec: ReportSpec, codebook: Codebook | None = None) -> Grid:
    codebook = codebook or Codebook.load()
    header_top: list[GridCell | None] = [GridCell("行政复议", 1, 5), None, None, None, None]
    header_top += [GridCell("行政诉讼", 1, 10)] + [None] * 9
    header_mid: list[GridCell | None] = [GridCell(t, 2) for t in RESULT_HEADERS]
    header_mid += [GridCell("未经复议直接起诉", 1, 5), None, None, None, None]
    header_mid += [GridCell("复议后起诉", 1, 5), None, None, None, None]
    header_low: list[GridCell | None] = [None] * 5 + [GridCell(t) for t in RESULT_HEADERS * 2]
    values: list[GridCell | None] = [
        GridCell(_blank(spec.review.get((p, r))), kind="value")
        for p in codebook.proceedings
        for r in codebook.results
    ]
    return [header_top, header_mid, header_low, values]


def proactive_grid(spec: ReportSpec, codebook: Codebook | None = None) -> Grid:
    codebook = codebook or Codebook.load()
    headers = PROACTIVE_HEADERS[spec.version]
    grid: Grid = []
    article = None
    for item, measures in codebook.proactive_items(spec.version).items():
        if ARTICLES[item] != article:
            article = ARTICLES[item]
            grid.append([GridCell(article, 1, 4), None, None, None])
            measure_cells: list[GridCell | None] = [GridCell("信息内容")]
            measure_cells += [GridCell(headers[m.measure_code]) for m in measures]
            if len(measures) < 3:
                last = measure_cells[-1]
                assert last is not None
                measure_cells[-1] = GridCell(last.text, 1, 4 - len(measures))
            grid.append(_row(measure_cells, 4))
        row: list[GridCell | None] = [GridCell(measures[0].item_label, kind="label")]
        row += [
            GridCell(_blank(spec.proactive.get((item, m.measure_code))), kind="value")
            for m in measures
        ]
        if len(measures) < 3:
            last = row[-1]
            assert last is not None
            row[-1] = GridCell(last.text, 1, 4 - len(measures), kind="value")
        grid.append(_row(row, 4))
    return grid


def template_sections(spec: ReportSpec, codebook: Codebook | None = None) -> Sections:
    """The report's three grids as the template prints them, before any distortion."""
    codebook = codebook or Codebook.load()
    return {
        "proactive": proactive_grid(spec, codebook),
        "applications": applications_grid(spec, codebook),
        "review_litigation": review_grid(spec, codebook),
    }


def flatten(grid: Grid) -> list[list[str]]:
    """Spans expanded to blank cells: what a plain-text export of the table shows."""
    return [[cell.text if cell else "" for cell in row] for row in grid]


def prose(spec: ReportSpec) -> list[str]:
    """The narrative around the tables, including numbers the prose states."""
    lines = [
        spec.title,
        "一、总体情况",
        f"{spec.year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开。",
    ]
    if spec.prose_received is not None:
        lines.append(f"全年共收到政府信息公开申请{spec.prose_received}件，均已按时答复。")
    return lines


CLOSING = [
    "五、存在的主要问题及改进情况",
    "下一步将进一步加强政府信息公开工作。",
    "六、其他需要报告的事项",
    "本年度未收取信息处理费。",
]
