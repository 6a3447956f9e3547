-- One row per parsed report whose agency and year are known, with the key that says "the same
-- agency" for the checks across reports (identity 6, one report per agency and year): the
-- agency dimension's `agency_id` where the report's region is attributed, else the agency's
-- name (canonical, else as printed) — two agencies printing the same bare name without a
-- region then share a key.
with reports as (
    select
        report_id,
        year,
        parse_status,
        coalesce(canonical_agency_name, agency_name) as agency_name
    from {{ ref('stg_xxgk__reports') }}
),

agencies as (
    select
        report_id,
        agency_id
    from {{ ref('int_reports__agency') }}
)

select
    reports.report_id,
    reports.year,
    coalesce('id|' || agencies.agency_id, 'name|' || reports.agency_name) as agency_key
from reports
left join agencies on reports.report_id = agencies.report_id
where
    reports.parse_status in ('ok', 'partial')
    and reports.year is not null
    and coalesce(agencies.agency_id, reports.agency_name) is not null
