-- Every section 三 cell of every parsed report: the template's rows for the shape the report
-- printed (one （六）其他处理 row or three) × the seven applicant columns, NULL where not printed.
with reports as (
    select * from {{ ref('int_reports__parsed') }}
),

outcomes as (
    select * from {{ ref('template_outcomes') }}
),

applicant_types as (
    select * from {{ ref('template_applicant_types') }}
),

spine as (
    select
        reports.report_id,
        reports.year,
        outcomes.seq as outcome_seq,
        outcomes.outcome_code,
        outcomes.outcome_group,
        applicant_types.seq as applicant_seq,
        applicant_types.applicant_type
    from reports
    inner join outcomes
        on
            (reports.applications_layout = '2019' and outcomes.in_2019)
            or (reports.applications_layout <> '2019' and outcomes.in_2021)
    cross join applicant_types
)

{{ printed_cells('applications', 'outcome_code', 'applicant_type') }}
