{{ config(materialized='incremental', on_schema_change='fail', pre_hook="{{ delete_refreshed_reports() }}") }}
-- depends_on: {{ ref('int_reports__refreshed') }}
-- Every template cell of every parsed report in one long table, with researchers' corrections
-- (seed `corrections`) applied: `value` is what the marts show, `printed_value` what the report
-- printed. The facts take their values from here and the checks run on both columns, so a
-- correction is applied in exactly one place.
with applications as (
    select
        report_id,
        year,
        'applications' as section,
        outcome_code as row_code,
        outcome_group as row_group,
        applicant_type as column_code,
        value,
        value_status
    from {{ ref('int_applications__cells') }}
),

review_litigation as (
    select
        report_id,
        year,
        'review_litigation' as section,
        proceeding as row_code,
        proceeding as row_group,
        result as column_code,
        value,
        value_status
    from {{ ref('int_review_litigation__cells') }}
),

proactive as (
    select
        report_id,
        year,
        'proactive' as section,
        item_code as row_code,
        unit as row_group,
        measure_code as column_code,
        value,
        value_status
    from {{ ref('int_proactive__cells') }}
),

cells as (
    select * from applications
    union all
    select * from review_litigation
    union all
    select * from proactive
),

corrections as (
    select * from {{ ref('corrections') }}
)

select
    cells.report_id,
    cells.year,
    cells.section,
    cells.row_code,
    cells.row_group,
    cells.column_code,
    case
        when corrections.report_id is not null then corrections.corrected_value else cells.value
    end as value,
    cells.value as printed_value,
    corrections.report_id is not null as is_corrected,
    cells.value_status,
    corrections.reason as correction_reason
from cells
left join corrections
    on
        cells.report_id = corrections.report_id
        and cells.section = corrections.section
        and cells.row_code = corrections.row_code
        and cells.column_code = corrections.column_code
