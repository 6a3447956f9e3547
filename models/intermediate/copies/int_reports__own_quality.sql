{{ config(materialized='incremental', on_schema_change='fail', pre_hook="{{ delete_refreshed_reports() }}") }}
-- depends_on: {{ ref('int_reports__refreshed') }}
-- One row per report: the quality grade its own checks give it (structure, the template's
-- identities, its prose against its tables), without the checks that compare it with other
-- reports (cross-year, agency-year, duplicates), which depend on which copy is the primary one.
-- `quality_rank`: 0 clean, 1 source_inconsistent, 2 parse_suspect, 3 the file was not read.
with own_checks as (
    select * from {{ ref('int_report_checks__structure') }}
    union all
    select * from {{ ref('int_report_checks__identities') }}
    union all
    select * from {{ ref('int_report_checks__narrative') }}
),

catalog as (
    select * from {{ ref('check_catalog') }}
),

failures as (
    select
        own_checks.report_id,
        count(*) filter (where own_checks.expected <> own_checks.observed) as own_checks_failed,
        count(*) filter (
            where own_checks.expected <> own_checks.observed and catalog.severity = 'error'
        ) as own_error_checks_failed
    from own_checks
    inner join catalog on own_checks.check_code = catalog.check_code
    where own_checks.basis = 'marts'
    group by own_checks.report_id
)

select
    reports.report_id,
    case
        when reports.parse_status = 'failed' then 3
        when coalesce(failures.own_error_checks_failed, 0) > 0 then 2
        when coalesce(failures.own_checks_failed, 0) > 0 then 1
        else 0
    end as quality_rank
from {{ ref('stg_xxgk__reports') }} as reports
left join failures on reports.report_id = failures.report_id
{% if is_incremental() %}
    where {{ refreshed_in_this_build('reports.report_id') }}
{% endif %}
