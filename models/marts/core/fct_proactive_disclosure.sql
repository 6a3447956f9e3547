-- One row per report × section 二 item × measure of its template version. Money is in yuan.
select
    cells.report_id,
    agency.agency_id,
    agency.region_code,
    cells.year,
    cells.item_code,
    cells.measure_code,
    cast(cells.value as double) as value,
    cells.unit,
    cells.printed_text,
    cells.value_status
from {{ ref('int_proactive__cells') }} as cells
left join {{ ref('int_reports__agency') }} as agency on cells.report_id = agency.report_id
