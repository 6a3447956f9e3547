-- One report per agency and year, or the duplicates explained: reports of the same agency and
-- year that print the same numbers (one report in two formats) count once. One row per report
-- of an agency-year; only shared agency-years are fingerprinted (on the printed basis too where
-- int_template_cells__bases has it).
with agency_years as (
    select
        report_id,
        agency_key,
        year,
        count(*) over (partition by agency_key, year) as reports
    from {{ ref('int_reports__agency_year') }}
),

shared as (
    select * from agency_years
    where reports > 1
),

fingerprints as (
    select
        cells.report_id,
        cells.basis,
        {{ cells_fingerprint('cells') }} as numbers
    from {{ ref('int_template_cells__bases') }} as cells
    inner join shared on cells.report_id = shared.report_id
    group by cells.report_id, cells.basis
),

versions as (
    select
        shared.agency_key,
        shared.year,
        fingerprints.basis,
        count(distinct fingerprints.numbers) as distinct_numbers
    from shared
    inner join fingerprints on shared.report_id = fingerprints.report_id
    group by shared.agency_key, shared.year, fingerprints.basis
)

select
    shared.report_id,
    'one_report_per_agency_year' as check_code,
    'agency_year' as subject,
    versions.basis,
    1.0 as expected,
    cast(versions.distinct_numbers as double) as observed
from shared
inner join versions on shared.agency_key = versions.agency_key and shared.year = versions.year
union all
select
    report_id,
    'one_report_per_agency_year' as check_code,
    'agency_year' as subject,
    'marts' as basis,
    1.0 as expected,
    1.0 as observed
from agency_years
where reports = 1
