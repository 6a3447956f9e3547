-- One row per report × proceeding × result (section 四).
select
    cells.report_id,
    agency.agency_id,
    agency.region_code,
    cells.year,
    cells.proceeding,
    cells.result,
    cast(cells.value as bigint) as cases,
    cells.printed_text,
    cells.value_status
from {{ ref('int_review_litigation__cells') }} as cells
left join {{ ref('int_reports__agency') }} as agency on cells.report_id = agency.report_id
