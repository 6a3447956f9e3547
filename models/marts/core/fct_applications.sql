{{ config(materialized='incremental', on_schema_change='fail', pre_hook="{{ delete_refreshed_reports() }}") }}
-- depends_on: {{ ref('int_reports__refreshed') }}
-- One row per report (its primary copy) × section 三 outcome row of its template shape × applicant type.
select
    cells.report_id,
    agency.agency_id,
    agency.region_code,
    cells.year,
    cells.outcome_code,
    cells.outcome_group,
    cells.applicant_type,
    cast(corrected.value as bigint) as applications,
    cells.printed_text,
    cells.value_status,
    cast(cells.value as bigint) as printed_applications,
    corrected.is_corrected,
    cells.match_score,
    cells.placed_by
from {{ ref('int_applications__cells') }} as cells
left join {{ ref('int_reports__agency') }} as agency on cells.report_id = agency.report_id
-- Each report counted once: only its primary copy (dim_report.is_primary_copy).
inner join {{ ref('int_reports__copies') }} as copies
    on cells.report_id = copies.report_id and copies.is_primary_copy
-- Researchers' corrections (seeds/corrections.csv), applied in int_template_cells__values.
left join {{ ref('int_template_cells__values') }} as corrected
    on
        cells.report_id = corrected.report_id
        and corrected.section = 'applications'
        and cells.outcome_code = corrected.row_code
        and cells.applicant_type = corrected.column_code
