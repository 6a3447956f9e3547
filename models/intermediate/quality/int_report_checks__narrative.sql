-- Numbers stated in the prose (ingest/statements.py) against the report's own tables, on each
-- basis of int_template_cells__bases. Statements without a table counterpart
-- (proactive_published) are not checked.
with statements as (
    select
        report_id,
        statement_code,
        stated_value
    from {{ ref('stg_xxgk__statements') }}
    where statement_code in (
        'applications_received',
        'applications_received_incl_carried_over',
        'review_cases',
        'litigation_cases'
    )
),

totals as (
    select
        report_id,
        basis,
        max(value) filter (
            where section = 'applications' and row_code = 'new_received'
        ) as new_received,
        max(value) filter (
            where section = 'applications' and row_code = 'carried_over'
        ) as carried_over,
        max(value) filter (
            where section = 'review_litigation' and row_code = 'administrative_review'
        ) as review_cases,
        max(value) filter (
            where section = 'review_litigation' and row_code = 'litigation_direct'
        ) as litigation_direct,
        max(value) filter (
            where section = 'review_litigation' and row_code = 'litigation_after_review'
        ) as litigation_after_review
    from {{ ref('int_template_cells__bases') }}
    where column_code = 'total'
    group by report_id, basis
)

select
    statements.report_id,
    'narrative_matches_tables' as check_code,
    statements.statement_code as subject,
    totals.basis,
    case statements.statement_code
        when 'applications_received' then totals.new_received
        when 'applications_received_incl_carried_over' then totals.new_received + totals.carried_over
        when 'review_cases' then totals.review_cases
        when 'litigation_cases' then totals.litigation_direct + totals.litigation_after_review
    end as expected,
    statements.stated_value as observed
from statements
inner join totals on statements.report_id = totals.report_id
