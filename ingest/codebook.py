"""The national template as data, read from the dbt seeds so Python and SQL share one codebook."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ingest.normalize import label_key
from ingest.paths import seeds_dir
from ingest.sequence import Scorer, Target

# Leading enumeration of a label key: 一、 （三） 1. (label_key keeps the numerals).
_LEADING_NUMBERING = re.compile(r"^[0-9一二三四五六七八九十]+")


def item_key(label: str) -> str:
    """The key of a template label's own item: after its group prefix, without numbering.

    `（三）不予公开 1.属于国家秘密` → `属于国家秘密`; `一、本年新收…数量` → `本年新收…数量`.
    """
    return _LEADING_NUMBERING.sub("", label_key(label.split(" ")[-1]))


def _keys(pipe_separated: str, numbered: bool = True) -> tuple[str, ...]:
    """Keys of a pipe-separated seed cell; `numbered` labels lose their numbering."""
    keyed = (item_key(v) if numbered else label_key(v) for v in pipe_separated.split("|"))
    return tuple(k for k in keyed if k)


@dataclass(frozen=True)
class Outcome:
    seq: int
    code: str
    group: str
    label: str
    in_2019: bool
    in_2021: bool
    group_labels: tuple[str, ...] = ()  # keys of the group labels printed above the row
    match_fragments: tuple[str, ...] = ()  # distinctive keys beside the label's own item

    @property
    def fragments(self) -> tuple[str, ...]:
        """What a printed label is matched on: its item's key and the distinctive fragments."""
        return (item_key(self.label), *self.match_fragments)


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
    measure_fragments: tuple[str, ...] = ()  # keys a printed header cell of the measure holds
    article: str = ""  # 第二十条第（x）项, the sub-table the item is printed in


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
                _keys(row.get("group_labels", "")),
                _keys(row.get("match_fragments", ""), numbered=False),
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
                _keys(row.get("measure_fragments", ""), numbered=False),
                row["article"],
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

    @cached_property
    def outcome_scorer(self) -> Scorer:
        """Section 三 rows (both layouts, template order) as alignment targets."""
        return Scorer(tuple(Target(o.code, o.fragments) for o in self.outcomes))

    def outcome_positions(self, version: str) -> list[int]:
        """Indices into `outcome_scorer.targets` of a layout's rows, in template order."""
        codes = set(self.outcome_codes(version))
        return [i for i, o in enumerate(self.outcomes) if o.code in codes]

    @cached_property
    def outcome_group_keys(self) -> frozenset[str]:
        """Group labels of section 三 (本年度办理结果, 不予公开 …): printed alone, never a row."""
        return frozenset(k for o in self.outcomes for k in o.group_labels)

    @cached_property
    def proactive_scorer(self) -> Scorer:
        """Section 二 items of both versions as alignment targets, matched on their labels."""
        fragments: dict[str, list[str]] = {}
        for measure in self.proactive:
            keys = fragments.setdefault(measure.item_code, [])
            if item_key(measure.item_label) not in keys:
                keys.append(item_key(measure.item_label))
        return Scorer(tuple(Target(code, tuple(keys)) for code, keys in fragments.items()))

    def proactive_positions(self, version: str, article: str | None = None) -> list[int]:
        """Indices into `proactive_scorer.targets` of a version's items, in template order: all
        of them, or those of one article (a label key: 第二十条第五项) if it has any."""
        index = {t.code: i for i, t in enumerate(self.proactive_scorer.targets)}
        items = list(self.proactive_items(version))
        of_article = [
            m.item_code
            for m in self.proactive
            if m.version == version and article is not None and label_key(m.article) == article
        ]
        return [index[code] for code in items if not of_article or code in of_article]

    @cached_property
    def measure_fragments(self) -> tuple[tuple[str, str], ...]:
        """(measure code, key fragment) a printed section 二 header cell is recognised by."""
        pairs: dict[tuple[str, str], None] = {}
        for measure in self.proactive:
            for fragment in measure.measure_fragments:
                pairs[(measure.measure_code, fragment)] = None
        return tuple(pairs)

    def proactive_only_in(self, version: str) -> frozenset[str]:
        """Items and measures of section 二 that only this template version prints."""
        mine = {
            c for m in self.proactive if m.version == version for c in (m.item_code, m.measure_code)
        }
        others = {
            c for m in self.proactive if m.version != version for c in (m.item_code, m.measure_code)
        }
        return frozenset(mine - others)

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
