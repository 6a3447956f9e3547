{{ config(materialized='incremental', on_schema_change='fail', pre_hook="{{ delete_refreshed_reports() }}") }}
-- depends_on: {{ ref('int_reports__refreshed') }}
-- One row per non-primary copy (a file that was read) × template cell × basis, beside the
-- primary copy's value: `agrees` when both print the same number or both print none (NULL, not
-- reported, against a number is a disagreement; so is a cell the other copy's template shape
-- lacks). The duplicate_reports check counts these per section; dim_report names the cells.
with copies as (
    select
        report_id,
        duplicate_of
    from {{ ref('int_reports__copies') }}
    where duplicate_of is not null and own_quality_rank < 3
),

cells as (
    select * from {{ ref('int_template_cells__bases') }}
),

copy_cells as (
    select
        copies.report_id,
        copies.duplicate_of,
        cells.section,
        cells.row_code,
        cells.column_code,
        cells.basis,
        cells.value
    from copies
    inner join cells on copies.report_id = cells.report_id
),

primary_cells as (
    select
        copies.report_id,
        copies.duplicate_of,
        cells.section,
        cells.row_code,
        cells.column_code,
        cells.basis,
        cells.value
    from copies
    inner join cells on copies.duplicate_of = cells.report_id
)

select
    coalesce(copy_cells.report_id, primary_cells.report_id) as report_id,
    coalesce(copy_cells.duplicate_of, primary_cells.duplicate_of) as duplicate_of,
    coalesce(copy_cells.section, primary_cells.section) as section,
    coalesce(copy_cells.row_code, primary_cells.row_code) as row_code,
    coalesce(copy_cells.column_code, primary_cells.column_code) as column_code,
    coalesce(copy_cells.basis, primary_cells.basis) as basis,
    copy_cells.value as copy_value,
    primary_cells.value as primary_value,
    (
        copy_cells.report_id is not null
        and primary_cells.report_id is not null
        and copy_cells.value is not distinct from primary_cells.value
    ) as agrees
from copy_cells
full outer join primary_cells
    on
        copy_cells.report_id = primary_cells.report_id
        and copy_cells.section = primary_cells.section
        and copy_cells.row_code = primary_cells.row_code
        and copy_cells.column_code = primary_cells.column_code
        and copy_cells.basis = primary_cells.basis
{% if is_incremental() %}
    where {{ refreshed_in_this_build('coalesce(copy_cells.report_id, primary_cells.report_id)') }}
{% endif %}
