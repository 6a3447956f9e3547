"""The Great Expectations suites, defined in code: what each validates and with which expectations.

A `Batch` is a DuckDB query (a pandas frame once run) and the expectations of the suite that
validates it. The per-report checks themselves are computed once, in dbt (fct_report_checks:
each row says what a report's other numbers imply, `expected`, and what it says, `observed`);
the suites judge those rows with `expect_column_pair_values_to_be_equal`, one expectation per
check, with the check's severity from dim_check: `error` → GX `critical`, `warn` → `warning`.
`marts_contract.*` validates the marts themselves: keys, accepted codes, no orphan facts.

Suites:
- `template_identities`: identities 1–5, the 小计 column, and the structural checks (file read,
  sections present, every template cell present exactly once and readable);
- `cross_year`: identity 6 (carried_forward of year N = carried_over of year N+1, same agency);
- `narrative_consistency`: numbers stated in the prose against the tables;
- `marts_contract.<mart>`: one suite per mart, and one report per agency and year.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import great_expectations as gx
from great_expectations.expectations import Expectation
from great_expectations.expectations.row_conditions import Column

GX_SEVERITY = {"error": "critical", "warn": "warning"}
CHECK_SUITES = ("template_identities", "cross_year", "narrative_consistency")
CONTRACT = "marts_contract"


@dataclass(frozen=True)
class Check:
    """A row of dim_check."""

    check_code: str
    suite: str
    severity: str
    rule: str


@dataclass(frozen=True)
class Reference:
    """Codes the contract expects, read from the warehouse's own dimensions."""

    checks: tuple[Check, ...]
    outcome_codes: tuple[str, ...]
    outcome_groups: tuple[str, ...]
    applicant_types: tuple[str, ...]
    proceedings: tuple[str, ...] = ("administrative_review", "litigation_direct",
                                    "litigation_after_review")  # fmt: skip
    results: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")
    units: tuple[str, ...] = ("documents", "decisions", "items", "yuan")

    def checks_of(self, suite: str) -> list[Check]:
        return [c for c in self.checks if c.suite == suite]


REFERENCE_QUERIES = {
    "checks": "select check_code, suite, severity, rule from main.dim_check order by check_code",
    "outcome_codes": "select outcome_code from main.dim_outcome order by outcome_seq",
    "outcome_groups": "select distinct outcome_group from main.dim_outcome order by 1",
    "applicant_types": "select applicant_type from main.dim_applicant_type order by applicant_seq",
}


@dataclass(frozen=True)
class Batch:
    """A query whose frame one suite validates."""

    suite: str
    query: str
    expectations: Callable[[Reference], list[Expectation]]
    index_columns: tuple[str, ...] = field(default=("report_id",))  # to name failing rows


def _meta(severity: str, **extra: str) -> dict:
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
        checks = reference.checks_of(suite)
        return [
            gx.expectations.ExpectColumnValuesToBeInSet(
                column="check_code",
                value_set=[c.check_code for c in checks],
                severity="critical",
                meta=_meta("error"),
            ),
            *check_expectations(checks),
        ]

    return Batch(suite, _checks_query(suite), expectations, ("report_id", "check_code", "subject"))


def _unique(columns: list[str]) -> Expectation:
    return gx.expectations.ExpectCompoundColumnsToBeUnique(
        column_list=columns, severity="critical", meta=_meta("error")
    )


def _in_set(column: str, values: tuple[str, ...] | list, severity: str = "error") -> Expectation:
    return gx.expectations.ExpectColumnValuesToBeInSet(
        column=column, value_set=list(values), severity=GX_SEVERITY[severity],
        meta=_meta(severity),
    )  # fmt: skip


def _not_null(column: str) -> Expectation:
    return gx.expectations.ExpectColumnValuesToNotBeNull(
        column=column, severity="critical", meta=_meta("error")
    )


def _has_report(column: str = "has_report") -> Expectation:
    """No orphan facts: the query marks each row whose report_id is in dim_report."""
    return gx.expectations.ExpectColumnValuesToBeInSet(
        column=column,
        value_set=[True],
        severity="critical",
        description="no orphan rows: every report_id is a report of dim_report",
        meta=_meta("error"),
    )


def _fact_query(table: str, columns: str) -> str:
    return (
        f"select {columns}, dim.report_id is not null as has_report "
        f"from main.{table} as fact left join main.dim_report as dim "
        "on fact.report_id = dim.report_id"
    )


def _applications(reference: Reference) -> list[Expectation]:
    return [
        _unique(["report_id", "outcome_code", "applicant_type"]),
        _not_null("report_id"),
        _has_report(),
        _in_set("outcome_code", reference.outcome_codes),
        _in_set("outcome_group", reference.outcome_groups),
        _in_set("applicant_type", reference.applicant_types),
        _not_null("is_corrected"),
    ]


def _review(reference: Reference) -> list[Expectation]:
    return [
        _unique(["report_id", "proceeding", "result"]),
        _not_null("report_id"),
        _has_report(),
        _in_set("proceeding", reference.proceedings),
        _in_set("result", reference.results),
        _not_null("is_corrected"),
    ]


def _proactive(reference: Reference) -> list[Expectation]:
    return [
        _unique(["report_id", "item_code", "measure_code"]),
        _not_null("report_id"),
        _has_report(),
        _in_set("unit", reference.units),
        _not_null("is_corrected"),
    ]


def _dim_report(reference: Reference) -> list[Expectation]:
    return [
        gx.expectations.ExpectColumnValuesToBeUnique(
            column="report_id", severity="critical", meta=_meta("error")
        ),
        _not_null("report_id"),
        _in_set("parse_status", ("ok", "partial", "failed")),
        _not_null("quality"),
        _in_set("quality", ("clean", "source_inconsistent", "parse_suspect")),
        gx.expectations.ExpectColumnValuesToBeBetween(
            column="checks_failed", min_value=0, severity="critical", meta=_meta("error")
        ),
        # 政府信息公开条例 took effect in 2008; a year outside is a title read wrongly.
        gx.expectations.ExpectColumnValuesToBeBetween(
            column="year",
            min_value=2008,
            max_value=2100,
            severity="warning",
            meta=_meta("warn"),
        ),
    ]


def _report_checks(reference: Reference) -> list[Expectation]:
    checks = reference.checks_of(CONTRACT)
    return [
        _unique(["report_id", "check_code", "subject"]),
        _has_report(),
        _in_set("check_code", [c.check_code for c in reference.checks]),
        _in_set("severity", ("error", "warn")),
        _in_set("suite", (*CHECK_SUITES, CONTRACT)),
        # one report per agency and year, or the duplicates explained (same numbers)
        *check_expectations(checks),
    ]


BATCHES: tuple[Batch, ...] = (
    *(_suite_batch(suite) for suite in CHECK_SUITES),
    Batch(
        f"{CONTRACT}.fct_applications",
        _fact_query(
            "fct_applications",
            "fact.report_id, outcome_code, outcome_group, applicant_type, is_corrected",
        ),
        _applications,
    ),
    Batch(
        f"{CONTRACT}.fct_review_litigation",
        _fact_query("fct_review_litigation", "fact.report_id, proceeding, result, is_corrected"),
        _review,
    ),
    Batch(
        f"{CONTRACT}.fct_proactive_disclosure",
        _fact_query(
            "fct_proactive_disclosure",
            "fact.report_id, item_code, measure_code, unit, is_corrected",
        ),
        _proactive,
    ),
    Batch(
        f"{CONTRACT}.dim_report",
        "select report_id, parse_status, year, checks_failed, quality from main.dim_report",
        _dim_report,
    ),
    Batch(
        f"{CONTRACT}.fct_report_checks",
        _fact_query(
            "fct_report_checks",
            "fact.report_id, check_code, subject, expected, observed, severity, suite",
        ),
        _report_checks,
        ("report_id", "check_code", "subject"),
    ),
)
