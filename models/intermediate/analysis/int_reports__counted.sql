-- One row per report (its primary copy) whose year is known: where and by whom it was published
-- and whether the aggregates count it. By default a report counts when it was read and its
-- quality grade is `clean` or `source_inconsistent` (var `counted_qualities`); otherwise
-- `left_out_reason` says why: `not_read` (the file could not be read) or its grade.
with reports as (
    select
        report_id,
        year,
        parse_status
    from {{ ref('stg_xxgk__reports') }}
    where year is not null
),

copies as (
    select
        report_id,
        copies
    from {{ ref('int_reports__copies') }}
    where is_primary_copy
),

agencies as (
    select * from {{ ref('int_reports__agency') }}
),

grades as (
    select * from {{ ref('int_report_checks__summary') }}
),

classified as (
    select
        reports.report_id,
        reports.year,
        agencies.agency_id,
        agencies.region_code,
        -- `other` also when the category could not be decided
        coalesce(agencies.agency_category, 'other') as agency_category,
        reports.parse_status,
        grades.quality,
        copies.copies,
        case
            when reports.parse_status = 'failed' then 'not_read'
            when grades.quality not in (
                {%- for quality in var('counted_qualities') %}
                    '{{ quality }}'{% if not loop.last %},{% endif %}
                {%- endfor %}
            ) then grades.quality
        end as left_out_reason
    from reports
    inner join copies on reports.report_id = copies.report_id
    left join agencies on reports.report_id = agencies.report_id
    left join grades on reports.report_id = grades.report_id
)

select
    *,
    left_out_reason is null as is_counted
from classified
