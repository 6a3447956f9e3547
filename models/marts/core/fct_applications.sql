-- One row per report × section 三 outcome row of its template shape × applicant type.
select
    cells.report_id,
    agency.agency_id,
    agency.region_code,
    cells.year,
    cells.outcome_code,
    cells.outcome_group,
    cells.applicant_type,
    cast(cells.value as bigint) as applications,
    cells.printed_text,
    cells.value_status
from {{ ref('int_applications__cells') }} as cells
left join {{ ref('int_reports__agency') }} as agency on cells.report_id = agency.report_id
