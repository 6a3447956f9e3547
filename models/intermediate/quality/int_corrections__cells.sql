-- One row per correction (seed `corrections`), saying whether it names a cell of the marts:
-- a report that was parsed, and a section, row and column of that report's template shape.
-- The YAML fails the build on a correction that names no cell.
with corrections as (
    select * from {{ ref('corrections') }}
),

cells as (
    select
        report_id,
        section,
        row_code,
        column_code,
        printed_value
    from {{ ref('int_template_cells__values') }}
)

select
    corrections.report_id,
    corrections.section,
    corrections.row_code,
    corrections.column_code,
    corrections.corrected_value,
    cells.printed_value,
    corrections.reason,
    corrections.source,
    cells.report_id is not null as names_a_cell
from corrections
left join cells
    on
        corrections.report_id = cells.report_id
        and corrections.section = cells.section
        and corrections.row_code = cells.row_code
        and corrections.column_code = cells.column_code
