-- Identity 6: an agency's carried_forward of year N is its carried_over of year N+1, per
-- applicant column, on each basis. The row belongs to the year N report. Where an agency has
-- several reports for year N+1, the one with the smallest report_id stands for that year (the
-- one_report_per_agency_year check flags such years).
with agency_years as (
    select * from {{ ref('int_reports__agency_year') }}
),

next_year as (
    select
        agency_key,
        year,
        min(report_id) as report_id
    from agency_years
    group by agency_key, year
),

pairs as (
    select
        this_year.report_id,
        next_year.report_id as next_report_id
    from agency_years as this_year
    inner join next_year
        on this_year.agency_key = next_year.agency_key and this_year.year + 1 = next_year.year
),

carried as (
    select
        report_id,
        column_code,
        basis,
        max(value) filter (where row_code = 'carried_forward') as carried_forward,
        max(value) filter (where row_code = 'carried_over') as carried_over
    from {{ ref('int_template_cells__bases') }}
    where section = 'applications' and row_code in ('carried_forward', 'carried_over')
    group by report_id, column_code, basis
)

select
    pairs.report_id,
    'carried_forward_continues' as check_code,
    this_year.column_code as subject,
    this_year.basis,
    following.carried_over as expected,
    this_year.carried_forward as observed
from pairs
inner join carried as this_year on pairs.report_id = this_year.report_id
inner join carried as following
    on
        pairs.next_report_id = following.report_id
        and this_year.column_code = following.column_code
        and this_year.basis = following.basis
