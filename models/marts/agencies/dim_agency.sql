-- One row per agency (same agency, same id in every year): its latest name and category, and its
-- region today.
with reports as (
    select * from {{ ref('int_reports__agency') }}
    where agency_id is not null
),

categories as (
    select * from {{ ref('agency_categories') }}
),

agencies as (
    select
        agency_id,
        -- the latest report's name; a tie within a year is broken by the name
        arg_max(canonical_agency_name, lpad(cast(year as varchar), 4, '0') || canonical_agency_name) as agency_name,
        arg_max(agency_category, lpad(cast(year as varchar), 4, '0') || canonical_agency_name) as agency_category,
        any_value(agency_region_code) as region_code,
        min(year) as first_year,
        max(year) as last_year,
        count(*) as report_count
    from reports
    group by agency_id
)

select
    agencies.agency_id,
    agencies.agency_name,
    agencies.agency_category,
    categories.category_label as agency_category_label,
    agencies.region_code,
    agencies.first_year,
    agencies.last_year,
    cast(agencies.report_count as integer) as report_count
from agencies
left join categories on agencies.agency_category = categories.category_code
