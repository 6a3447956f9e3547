-- One row per report × check × subject: every check the warehouse ran, and what it found.
select
    report_id,
    check_code,
    subject,
    expected,
    observed,
    passed,
    severity,
    suite,
    printed_expected,
    printed_observed,
    passed_as_printed,
    is_corrected
from {{ ref('int_report_checks') }}
