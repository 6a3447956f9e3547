{{ config(materialized='incremental', on_schema_change='fail', pre_hook="{{ delete_refreshed_reports() }}") }}
-- depends_on: {{ ref('int_reports__refreshed') }}
-- Every check on every report, both bases side by side: `expected`/`observed`/`passed` on the
-- marts' values (corrections applied), `printed_*` on the values as printed. The printed basis
-- is computed only where a correction can change it (int_template_cells__bases); elsewhere the
-- printed result is the marts' one. A table: the quality mart and dim_report's grade read it.
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
    union all
    select * from {{ ref('int_report_checks__duplicates') }}
    union all
    select * from {{ ref('int_report_checks__flattened') }}
),

pivoted as (
    select
        report_id,
        check_code,
        subject,
        max(expected) filter (where basis = 'marts') as expected,
        max(observed) filter (where basis = 'marts') as observed,
        count(*) filter (where basis = 'printed') > 0 as has_printed_basis,
        max(expected) filter (where basis = 'printed') as printed_basis_expected,
        max(observed) filter (where basis = 'printed') as printed_basis_observed
    from checks
    group by report_id, check_code, subject
),

bases as (
    select
        report_id,
        check_code,
        subject,
        expected,
        observed,
        case when has_printed_basis then printed_basis_expected else expected end as printed_expected,
        case when has_printed_basis then printed_basis_observed else observed end as printed_observed
    from pivoted
),

catalog as (
    select * from {{ ref('check_catalog') }}
)

select
    bases.report_id,
    bases.check_code,
    bases.subject,
    bases.expected,
    bases.observed,
    bases.expected = bases.observed as passed,
    catalog.severity,
    catalog.suite,
    bases.printed_expected,
    bases.printed_observed,
    bases.printed_expected = bases.printed_observed as passed_as_printed,
    (
        bases.expected is distinct from bases.printed_expected
        or bases.observed is distinct from bases.printed_observed
    ) as is_corrected
from bases
inner join catalog on bases.check_code = catalog.check_code
{% if is_incremental() %}
    -- the checks of other reports (agency-year, narrative) are only read, not rebuilt
    where {{ refreshed_in_this_build('bases.report_id') }}
{% endif %}
