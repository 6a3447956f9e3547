-- Every section 二 cell of every parsed report: the items × measures of its template version.
with reports as (
    select * from {{ ref('int_reports__parsed') }}
),

measures as (
    select * from {{ ref('template_proactive') }}
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

{{ printed_cells('proactive', 'item_code', 'measure_code') }}
