"""A report's printed content, independent of format, and the staging values it must yield."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ingest.codebook import Codebook
from ingest.normalize import parse_value

CellKey = tuple[str, str]  # (row code, column code)

# Column headers as the 2021 template prints them (section 二).
PROACTIVE_HEADERS = {
    "2021": {
        "issued": "本年制发件数",
        "repealed": "本年废止件数",
        "in_force": "现行有效件数",
        "decisions": "本年处理决定数量",
        "fee_amount": "本年收费金额（单位：万元）",
    },
    "2019": {
        "newly_made": "本年新制作数量",
        "newly_published": "本年新公开数量",
        "total_published": "对外公开总数量",
        "prior_year_items": "上一年项目数量",
        "change": "本年增/减",
        "decisions": "处理决定数量",
        "procurement_items": "采购项目数量",
        "procurement_amount": "采购总金额（万元）",
    },
}
ARTICLES = {
    "regulations": "第二十条第（一）项",
    "normative_documents": "第二十条第（一）项",
    "administrative_licensing": "第二十条第（五）项",
    "other_external_services": "第二十条第（五）项",
    "administrative_penalty": "第二十条第（六）项",
    "administrative_coercion": "第二十条第（六）项",
    "administrative_fees": "第二十条第（八）项",
    "centralized_procurement": "第二十条第（九）项",
}
MONEY_MEASURES = {"fee_amount", "procurement_amount"}  # printed in 万元 by these headers


@dataclass
class ReportSpec:
    """Everything printed in a synthetic report. A value of None is a blank cell."""

    agency: str
    year: int
    version: str = "2021"  # section 二 shape
    applications_layout: str = "2021"  # section 三 shape: '2019' prints one （六）其他处理 row
    subtotal_column: bool = False  # an eighth 小计 column after the five organisation types
    applications: dict[CellKey, str | None] = field(default_factory=dict)
    review: dict[CellKey, str | None] = field(default_factory=dict)
    proactive: dict[CellKey, str | None] = field(default_factory=dict)
    prose_received: int | None = None  # 收到政府信息公开申请 N 件, when the prose states it

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"


def random_spec(
    seed: int,
    *,
    agency: str = "测试县人民政府办公室",
    year: int = 2022,
    version: str = "2021",
    applications_layout: str | None = None,
    blank_rate: float = 0.0,
    subtotal_column: bool = False,
    codebook: Codebook | None = None,
) -> ReportSpec:
    """A report whose printed numbers satisfy the template identities, some cells left blank."""
    codebook = codebook or Codebook.load()
    rng = random.Random(seed)
    layout = applications_layout or version
    spec = ReportSpec(agency, year, version, layout, subtotal_column)
    applicants = [a for a in codebook.applicant_codes() if a != "total"]
    outcome_rows = codebook.outcome_codes(layout)
    result_rows = outcome_rows[
        outcome_rows.index("granted") : outcome_rows.index("processed_total")
    ]
    for applicant in [*applicants, "total"]:
        for row in outcome_rows:
            spec.applications[(row, applicant)] = "0"
    for applicant in applicants:
        counts = {row: rng.choice([0, 0, 0, 1, 2, 5, 13]) for row in result_rows}
        processed = sum(counts.values())
        carried_forward = rng.choice([0, 0, 1, 3])
        carried_over = rng.randint(0, processed + carried_forward)
        new_received = processed + carried_forward - carried_over
        values = {
            **counts,
            "processed_total": processed,
            "carried_forward": carried_forward,
            "carried_over": carried_over,
            "new_received": new_received,
        }
        for row, value in values.items():
            spec.applications[(row, applicant)] = str(value)
    for row in outcome_rows:
        total = sum(int(spec.applications[(row, a)] or 0) for a in applicants)
        spec.applications[(row, "total")] = str(total)
    if subtotal_column:
        orgs = applicants[1:]
        for row in outcome_rows:
            subtotal = sum(int(spec.applications[(row, a)] or 0) for a in orgs)
            spec.applications[(row, "legal_person_subtotal")] = str(subtotal)
    for proceeding in codebook.proceedings:
        parts = [rng.choice([0, 0, 1, 2, 4]) for _ in range(4)]
        for result, value in zip(codebook.results[:4], parts, strict=True):
            spec.review[(proceeding, result)] = str(value)
        spec.review[(proceeding, "total")] = str(sum(parts))
    for item, measures in codebook.proactive_items(version).items():
        for measure in measures:
            if measure.measure_code in MONEY_MEASURES:
                printed = f"{rng.randint(0, 999)}.{rng.randint(0, 99):02d}"
            elif measure.measure_code == "change":
                printed = str(rng.randint(-20, 20))
            else:
                printed = str(rng.randint(0, 300))
            spec.proactive[(item, measure.measure_code)] = printed
    if blank_rate:
        for cells in (spec.applications, spec.review, spec.proactive):
            for key in cells:
                if rng.random() < blank_rate:
                    cells[key] = None
    spec.prose_received = _int_or_none(spec.applications.get(("new_received", "total")))
    return spec


def expected_cells(spec: ReportSpec) -> dict[tuple[str, str, str], float | None]:
    """(section, row, column) -> the value staging must hold; None means not reported."""
    expected: dict[tuple[str, str, str], float | None] = {}
    for (row, column), text in spec.applications.items():
        expected[("applications", row, column)] = parse_value(text or "").value
    for (row, column), text in spec.review.items():
        expected[("review_litigation", row, column)] = parse_value(text or "").value
    for (item, measure), text in spec.proactive.items():
        parsed = parse_value(text or "")
        value = parsed.value
        # The header prints money in 万元; a cell printing its own unit (12.50万元) says it.
        if value is not None and measure in MONEY_MEASURES and parsed.unit is None:
            value = round(value * 10_000, 4)
        expected[("proactive", item, measure)] = value
    return expected


def _int_or_none(text: str | None) -> int | None:
    value = parse_value(text or "").value
    return None if value is None else int(value)
