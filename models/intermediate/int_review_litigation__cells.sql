-- Every section 四 cell of every parsed report: 3 proceedings × 5 results, NULL where not printed.
with reports as (
    select * from {{ ref('int_reports__parsed') }}
),

codes as (
    select * from {{ ref('template_review_litigation') }}
),

cells as (
    select * from {{ ref('stg_xxgk__cells') }}
    where section = 'review_litigation'
),

spine as (
    select
        reports.report_id,
        reports.year,
        proceedings.seq as proceeding_seq,
        proceedings.code as proceeding,
        results.seq as result_seq,
        results.code as result
    from reports
    cross join codes as proceedings
    cross join codes as results
    where proceedings.kind = 'proceeding' and results.kind = 'result'
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
        and spine.proceeding = cells.row_code
        and spine.result = cells.column_code
