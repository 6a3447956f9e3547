-- Every check the warehouse runs on a report: its suite, severity and rule. `error` marks
-- structural problems and parse failures (a number may be wrong because we read it wrong);
-- `warn` marks arithmetic the source itself breaks. Every check compares two numbers: it passes
-- when `expected` = `observed`, and is not evaluated (passed NULL) when either is not reported.
select
    catalog.check_code,
    catalog.suite,
    catalog.severity,
    catalog.identity_number,
    catalog.subject_kind,
    catalog.rule
from (
    values
    (
        'report_parsed', 'template_identities', 'error', null, 'document',
        'expected 1; observed 1 when the file was read (parse_status ok or partial), 0 when it failed'
    ),
    (
        'section_present', 'template_identities', 'error', null, 'section',
        'expected 1; observed 1 when any cell of the section (二 proactive, 三 applications, 四 '
        || 'review_litigation) was found'
    ),
    (
        'cells_complete', 'template_identities', 'error', null, 'section',
        'expected: template cells of the section in the report''s shape; observed: those found exactly once'
    ),
    (
        'cells_readable', 'template_identities', 'error', null, 'section',
        'expected: cells found in the section; observed: those whose printed text was readable (not `unparsed`)'
    ),
    (
        'received_balances', 'template_identities', 'warn', 1, 'applicant_type',
        'per applicant column: expected new_received + carried_over (一+二); observed processed_total + '
        || 'carried_forward (（七）+四)'
    ),
    (
        'processed_total_is_sum', 'template_identities', 'warn', 2, 'applicant_type',
        'per applicant column: expected the sum of the outcome rows granted … other*; observed processed_total (（七）总计)'
    ),
    (
        'row_total_is_sum', 'template_identities', 'warn', 3, 'outcome_code',
        'per section 三 row: expected the sum of the six applicant columns; observed the total (总计) column'
    ),
    (
        'review_total_is_sum', 'template_identities', 'warn', 4, 'proceeding',
        'per proceeding: expected upheld + corrected + other + pending; observed total'
    ),
    (
        'counts_non_negative', 'template_identities', 'warn', 5, 'section',
        'expected 0; observed the number of negative counts in the section (本年增/减 `change` may be negative)'
    ),
    (
        'subtotal_is_sum', 'template_identities', 'warn', null, 'outcome_code',
        'per section 三 row with a printed 小计 column: expected the sum of the five 法人或其他组织 columns; observed 小计'
    ),
    (
        'carried_forward_continues', 'cross_year', 'warn', 6, 'applicant_type',
        'per applicant column, on the year N report of an agency that also reported year N+1: expected '
        || 'carried_over of N+1; observed carried_forward of N'
    ),
    (
        'narrative_matches_tables', 'narrative_consistency', 'warn', null, 'statement_code',
        'per number the prose states: expected the tables'' number (applications_received: new_received '
        || 'total; applications_received_incl_carried_over: new_received + carried_over total; '
        || 'review_cases: administrative_review total; litigation_cases: both litigation totals); observed '
        || 'the stated number'
    ),
    (
        'one_report_per_agency_year', 'marts_contract', 'warn', null, 'agency_year',
        'expected 1; observed the number of different sets of numbers among the reports of the same '
        || 'agency and year (identical copies in other formats count once)'
    )
) as catalog (check_code, suite, severity, identity_number, subject_kind, rule)
