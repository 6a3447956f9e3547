-- One report per agency and year, or the duplicates explained: reports of the same agency and
-- year that print the same numbers (one report in two formats) count once. One row per report
-- of an agency-year, on both bases.
with agency_years as (
    select * from {{ ref('int_reports__agency_year') }}
),

fingerprints as (
    select
        report_id,
        basis,
        md5(string_agg(
            section || '.' || row_code || '.' || column_code || '=' || coalesce(cast(value as varchar), ''),
            ';' order by section, row_code, column_code
        )) as numbers
    from {{ ref('int_template_cells__bases') }}
    group by report_id, basis
),

versions as (
    select
        agency_years.agency_key,
        agency_years.year,
        fingerprints.basis,
        count(distinct fingerprints.numbers) as distinct_numbers
    from agency_years
    inner join fingerprints on agency_years.report_id = fingerprints.report_id
    group by agency_years.agency_key, agency_years.year, fingerprints.basis
)

select
    agency_years.report_id,
    'one_report_per_agency_year' as check_code,
    'agency_year' as subject,
    versions.basis,
    1.0 as expected,
    cast(versions.distinct_numbers as double) as observed
from agency_years
inner join versions
    on agency_years.agency_key = versions.agency_key and agency_years.year = versions.year
