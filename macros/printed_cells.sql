{% macro printed_cells(section, row_key, column_key) %}
{#- The template spine (a CTE named `spine`, one row per cell the template has) with the cells
    staging found for it: NULL value where the report printed nothing, status `missing`. -#}
select
    spine.*,
    cells.value,
    cells.printed_text,
    coalesce(cells.value_status, 'missing') as value_status,
    cells.source_line,
    cells.source_page,
    cells.match_score,
    cells.placed_by
from spine
left join {{ ref('stg_xxgk__cells') }} as cells
    on
        spine.report_id = cells.report_id
        and cells.section = '{{ section }}'
        and spine.{{ row_key }} = cells.row_code
        and spine.{{ column_key }} = cells.column_code
{% endmacro %}
