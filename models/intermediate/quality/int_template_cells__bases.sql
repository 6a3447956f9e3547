-- The template cells on the two bases the checks run on: `marts` (corrections applied, what the
-- facts show) for every report, and `printed` (as the report printed them) only for the reports
-- a correction can change: those with a corrected cell and the other reports of the same agency
-- (identity 6 and one_report_per_agency_year compare an agency's reports). Everywhere else both
-- bases hold the same numbers, so int_report_checks reads the printed result from the marts one.
with cells as (
    -- the reports this build refreshes (macros/incremental.sql)
    select * from {{ ref('int_template_cells__values') }}
    where {{ refreshed_in_this_build() }}
),

agency_years as (
    select
        report_id,
        agency_key
    from {{ ref('int_reports__agency_year') }}
),

corrected_reports as (
    select distinct report_id from cells
    where is_corrected
),

printed_reports as (
    select report_id from corrected_reports
    union
    select agency_years.report_id
    from agency_years
    inner join agency_years as corrected_agency
        on agency_years.agency_key = corrected_agency.agency_key
    inner join corrected_reports on corrected_agency.report_id = corrected_reports.report_id
)

select
    report_id,
    year,
    section,
    row_code,
    row_group,
    column_code,
    'marts' as basis,
    value
from cells
union all
select
    cells.report_id,
    cells.year,
    cells.section,
    cells.row_code,
    cells.row_group,
    cells.column_code,
    'printed' as basis,
    cells.printed_value as value
from cells
inner join printed_reports on cells.report_id = printed_reports.report_id
