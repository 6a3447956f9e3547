-- One row per report × section 三 outcome row of its template shape × applicant type.
select
    report_id,
    year,
    outcome_code,
    outcome_group,
    applicant_type,
    cast(value as bigint) as applications,
    printed_text,
    value_status
from {{ ref('int_applications__cells') }}
