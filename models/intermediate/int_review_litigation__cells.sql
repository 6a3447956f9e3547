-- Every section 四 cell of every parsed report: 3 proceedings × 5 results, NULL where not printed.
with reports as (
    select * from {{ ref('int_reports__parsed') }}
),

codes as (
    select * from {{ ref('template_review_litigation') }}
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

{{ printed_cells('review_litigation', 'proceeding', 'result') }}
