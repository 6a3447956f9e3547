"""The national template as data, read from the dbt seeds so Python and SQL share one codebook."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ingest.paths import seeds_dir


@dataclass(frozen=True)
class Outcome:
    seq: int
    code: str
    group: str
    label: str
    in_2019: bool
    in_2021: bool


@dataclass(frozen=True)
class ApplicantType:
    seq: int
    code: str
    label: str
    variants: tuple[str, ...]


@dataclass(frozen=True)
class ProactiveMeasure:
    version: str
    item_code: str
    item_label: str
    measure_code: str
    measure_label: str
    unit: str


@dataclass(frozen=True)
class Codebook:
    outcomes: tuple[Outcome, ...]
    applicant_types: tuple[ApplicantType, ...]
    proceedings: tuple[str, ...]
    results: tuple[str, ...]
    proactive: tuple[ProactiveMeasure, ...]

    @classmethod
    def load(cls, directory: Path | None = None) -> Codebook:
        directory = directory or seeds_dir()
        outcomes = tuple(
            Outcome(
                int(row["seq"]),
                row["outcome_code"],
                row["outcome_group"],
                row["label"],
                row["in_2019"] == "true",
                row["in_2021"] == "true",
            )
            for row in _rows(directory / "template_outcomes.csv")
        )
        applicant_types = tuple(
            ApplicantType(
                int(row["seq"]),
                row["applicant_type"],
                row["label"],
                tuple(v for v in row["label_variants"].split("|") if v),
            )
            for row in _rows(directory / "template_applicant_types.csv")
        )
        review = list(_rows(directory / "template_review_litigation.csv"))
        proactive = tuple(
            ProactiveMeasure(
                row["template_version"],
                row["item_code"],
                row["item_label"],
                row["measure_code"],
                row["measure_label"],
                row["unit"],
            )
            for row in _rows(directory / "template_proactive.csv")
        )
        return cls(
            outcomes=outcomes,
            applicant_types=applicant_types,
            proceedings=tuple(r["code"] for r in review if r["kind"] == "proceeding"),
            results=tuple(r["code"] for r in review if r["kind"] == "result"),
            proactive=proactive,
        )

    def outcome_codes(self, version: str) -> list[str]:
        """Section 三 rows of a layout: '2019' has one `other` row, '2021' has three."""
        return [o.code for o in self.outcomes if (o.in_2019 if version == "2019" else o.in_2021)]

    def applicant_codes(self) -> list[str]:
        return [a.code for a in self.applicant_types]

    def proactive_items(self, version: str) -> dict[str, list[ProactiveMeasure]]:
        items: dict[str, list[ProactiveMeasure]] = {}
        for measure in self.proactive:
            if measure.version == version:
                items.setdefault(measure.item_code, []).append(measure)
        return items


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
