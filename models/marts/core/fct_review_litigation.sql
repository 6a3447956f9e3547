-- One row per report × proceeding × result (section 四).
select
    report_id,
    year,
    proceeding,
    result,
    cast(value as bigint) as cases,
    printed_text,
    value_status
from {{ ref('int_review_litigation__cells') }}
