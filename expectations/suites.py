"""The Great Expectations suites: they judge the per-report checks, each with one expectation.

The checks are computed once, in dbt (fct_report_checks: each row says what a report's other
numbers imply, `expected`, and what it says, `observed`); a suite validates its rows with
`expect_column_pair_values_to_be_equal`, one expectation per check of dim_check (the seed
`check_catalog`), with the check's severity: `error` → GX `critical`, `warn` → `warning`.
Keys, relationships and accepted codes of the marts are dbt tests (the models' YAML), not here.

Suites (dim_check.suite):
- `template_identities`: identities 1–5, the 小计 column, and the structural checks (file read,
  sections present, every template cell present exactly once and readable);
- `cross_year`: identity 6 (carried_forward of year N = carried_over of year N+1, same agency);
- `narrative_consistency`: numbers stated in the prose against the tables;
- `marts_contract`: one report per agency and year (copies with the same numbers count once).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import great_expectations as gx
from great_expectations.expectations import Expectation
from great_expectations.expectations.metadata_types import FailureSeverity
from great_expectations.expectations.row_conditions import Column

GX_SEVERITY = {"error": FailureSeverity.CRITICAL, "warn": FailureSeverity.WARNING}
CHECK_SUITES = ("template_identities", "cross_year", "narrative_consistency", "marts_contract")


@dataclass(frozen=True)
class Check:
    """A row of dim_check."""

    check_code: str
    suite: str
    severity: str
    rule: str


@dataclass(frozen=True)
class Reference:
    """What the suites are built from, read from the warehouse: the catalogue of checks."""

    checks: tuple[Check, ...]

    def checks_of(self, suite: str) -> list[Check]:
        return [c for c in self.checks if c.suite == suite]


CHECKS_QUERY = "select check_code, suite, severity, rule from main.dim_check order by check_code"


@dataclass(frozen=True)
class Batch:
    """A query whose frame one suite validates."""

    suite: str
    query: str
    expectations: Callable[[Reference], list[Expectation]]
    index_columns: tuple[str, ...] = field(default=("report_id",))  # to name failing rows


def _meta(severity: str, **extra: str) -> dict[str, str]:
    return {"xxgk_severity": severity, **extra}


def check_expectations(checks: list[Check]) -> list[Expectation]:
    """One pair-equality expectation per check over its rows of fct_report_checks."""
    return [
        gx.expectations.ExpectColumnPairValuesToBeEqual(
            column_A="expected",
            column_B="observed",
            row_condition=Column("check_code") == check.check_code,
            ignore_row_if="either_value_is_missing",  # not reported: not evaluated
            severity=GX_SEVERITY[check.severity],
            description=f"{check.check_code} ({check.severity}): {check.rule}",
            meta=_meta(check.severity, check_code=check.check_code),
        )
        for check in checks
    ]


def _checks_query(suite: str) -> str:
    return (
        "select report_id, check_code, subject, expected, observed, severity "
        f"from main.fct_report_checks where suite = '{suite}' "
        "order by report_id, check_code, subject"
    )


def _suite_batch(suite: str) -> Batch:
    def expectations(reference: Reference) -> list[Expectation]:
        return check_expectations(reference.checks_of(suite))

    return Batch(suite, _checks_query(suite), expectations, ("report_id", "check_code", "subject"))


BATCHES: tuple[Batch, ...] = tuple(_suite_batch(suite) for suite in CHECK_SUITES)
