-- The template cells twice: `basis` = `marts` (corrections applied, what the facts show) and
-- `printed` (as the report printed them). Every check runs on both bases.
with cells as (
    select * from {{ ref('int_template_cells__values') }}
)

select
    report_id,
    year,
    section,
    row_code,
    row_group,
    column_code,
    'marts' as basis,
    value
from cells
union all
select
    report_id,
    year,
    section,
    row_code,
    row_group,
    column_code,
    'printed' as basis,
    printed_value as value
from cells
