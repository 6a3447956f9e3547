{{ config(materialized='incremental', on_schema_change='fail', pre_hook="{{ delete_refreshed_reports() }}") }}
-- depends_on: {{ ref('int_reports__refreshed') }}
-- One row per report (its primary copy) × section 二 item × measure of its template version. Money is in yuan.
select
    cells.report_id,
    agency.agency_id,
    agency.region_code,
    cells.year,
    cells.item_code,
    cells.measure_code,
    cast(corrected.value as double) as value,
    cells.unit,
    cells.printed_text,
    cells.value_status,
    cast(cells.value as double) as printed_value,
    corrected.is_corrected,
    cells.match_score,
    cells.placed_by
from {{ ref('int_proactive__cells') }} as cells
left join {{ ref('int_reports__agency') }} as agency on cells.report_id = agency.report_id
-- Each report counted once: only its primary copy (dim_report.is_primary_copy).
inner join {{ ref('int_reports__copies') }} as copies
    on cells.report_id = copies.report_id and copies.is_primary_copy
-- Researchers' corrections (seeds/corrections.csv), applied in int_template_cells__values.
left join {{ ref('int_template_cells__values') }} as corrected
    on
        cells.report_id = corrected.report_id
        and corrected.section = 'proactive'
        and cells.item_code = corrected.row_code
        and cells.measure_code = corrected.column_code
