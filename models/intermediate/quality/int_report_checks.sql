{{ config(materialized='table') }}
-- Every check on every report, both bases side by side: `expected`/`observed`/`passed` on the
-- marts' values (corrections applied), `printed_*` on the values as printed. A table: the quality
-- mart and dim_report's grade both read it.
with checks as (
    select * from {{ ref('int_report_checks__structure') }}
    union all
    select * from {{ ref('int_report_checks__identities') }}
    union all
    select * from {{ ref('int_report_checks__narrative') }}
    union all
    select * from {{ ref('int_report_checks__cross_year') }}
    union all
    select * from {{ ref('int_report_checks__agency_year') }}
),

pivoted as (
    select
        report_id,
        check_code,
        subject,
        max(expected) filter (where basis = 'marts') as expected,
        max(observed) filter (where basis = 'marts') as observed,
        max(expected) filter (where basis = 'printed') as printed_expected,
        max(observed) filter (where basis = 'printed') as printed_observed
    from checks
    group by report_id, check_code, subject
),

catalog as (
    select * from {{ ref('int_checks__catalog') }}
)

select
    pivoted.report_id,
    pivoted.check_code,
    pivoted.subject,
    pivoted.expected,
    pivoted.observed,
    pivoted.expected = pivoted.observed as passed,
    catalog.severity,
    catalog.suite,
    pivoted.printed_expected,
    pivoted.printed_observed,
    pivoted.printed_expected = pivoted.printed_observed as passed_as_printed,
    (
        pivoted.expected is distinct from pivoted.printed_expected
        or pivoted.observed is distinct from pivoted.printed_observed
    ) as is_corrected
from pivoted
inner join catalog on pivoted.check_code = catalog.check_code
