-- Structural checks: was the file read, is each section there, is every template cell there
-- exactly once and readable, did every printed row find its template row (severity error),
-- were rows placed by their labels (warn).
-- Corrections do not change structure: the marts basis only (int_report_checks takes the
-- printed result from it).
with reports as (
    select
        report_id,
        parse_status,
        unplaced_rows
    from {{ ref('stg_xxgk__reports') }}
    where {{ refreshed_in_this_build() }}  -- the reports this build refreshes
),

spine_cells as (
    select
        report_id,
        section,
        row_code,
        column_code,
        count(*) as occurrences,
        bool_and(value_status <> 'missing') as found,
        bool_and(value_status <> 'unparsed') as readable
    from {{ ref('int_template_cells__values') }}
    where {{ refreshed_in_this_build() }}
    group by report_id, section, row_code, column_code
),

sections as (
    select
        report_id,
        section,
        count(*) as template_cells,
        count(*) filter (where found) as found_cells,
        count(*) filter (where found and occurrences = 1) as found_once,
        count(*) filter (where found and readable) as readable_cells
    from spine_cells
    group by report_id, section
),

placements as (
    select
        report_id,
        section,
        count(distinct row_code) filter (where placed_by = 'position') as rows_by_position
    from {{ ref('stg_xxgk__cells') }}
    where placed_by is not null
    group by report_id, section
),

checks as (
    select
        report_id,
        'report_parsed' as check_code,
        'document' as subject,
        1.0 as expected,
        case when parse_status in ('ok', 'partial') then 1.0 else 0.0 end as observed
    from reports
    union all
    select
        report_id,
        'rows_unplaced' as check_code,
        'document' as subject,
        0.0 as expected,
        unplaced_rows as observed
    from reports
    where parse_status in ('ok', 'partial')
    union all
    select
        report_id,
        'section_present' as check_code,
        section as subject,
        1.0 as expected,
        case when found_cells > 0 then 1.0 else 0.0 end as observed
    from sections
    union all
    select
        report_id,
        'cells_complete' as check_code,
        section as subject,
        template_cells as expected,
        found_once as observed
    from sections
    union all
    select
        report_id,
        'cells_readable' as check_code,
        section as subject,
        found_cells as expected,
        readable_cells as observed
    from sections
    union all
    select
        report_id,
        'rows_placed_by_position' as check_code,
        section as subject,
        0.0 as expected,
        rows_by_position as observed
    from placements
)

select
    report_id,
    check_code,
    subject,
    'marts' as basis,
    cast(expected as double) as expected,
    cast(observed as double) as observed
from checks
