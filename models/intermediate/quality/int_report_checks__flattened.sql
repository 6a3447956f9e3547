-- Rows a crawler copy printed as one run of digits (ingest/flattened.py): each glued row passes
-- when exactly one split of its run obeys the template's arithmetic (its cells are `decoded`),
-- and fails with the number of splits otherwise (0: none fits; 2+: ambiguous, cells NULL). The
-- subject names the row, its run and the candidate splits. Structural: marts basis only.
with glued_rows as (
    select
        report_id,
        printed_text,
        stated_value
    from {{ ref('stg_xxgk__statements') }}
    where statement_code = 'flattened_row'
)

select
    report_id,
    'flattened_row_decoded' as check_code,
    printed_text as subject,
    'marts' as basis,
    1.0 as expected,
    cast(stated_value as double) as observed
from glued_rows
