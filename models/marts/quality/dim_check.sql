-- One row per check the warehouse runs on a report: its suite, severity and rule.
select
    check_code,
    suite,
    severity,
    identity_number,
    subject_kind,
    rule
from {{ ref('check_catalog') }}
