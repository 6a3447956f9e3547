-- Every section 二 cell of every parsed report: the items × measures of its template version.
with reports as (
    select * from {{ ref('int_reports__parsed') }}
),

measures as (
    select * from {{ ref('template_proactive') }}
),

cells as (
    select * from {{ ref('stg_xxgk__cells') }}
    where section = 'proactive'
),

spine as (
    select
        reports.report_id,
        reports.year,
        measures.item_code,
        measures.measure_code,
        measures.unit
    from reports
    inner join measures on reports.template_version = measures.template_version
)

select
    spine.*,
    cells.value,
    cells.printed_text,
    coalesce(cells.value_status, 'missing') as value_status,
    cells.source_line,
    cells.source_page
from spine
left join cells
    on
        spine.report_id = cells.report_id
        and spine.item_code = cells.row_code
        and spine.measure_code = cells.column_code
