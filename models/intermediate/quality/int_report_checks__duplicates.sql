-- duplicate_reports: a document of the same agency and year as the primary copy (another
-- download, format or version of the report) should print the same numbers. One row per
-- non-primary copy × section, on both bases: expected the cells compared, observed those that
-- agree with the primary copy (int_reports__copy_cells names the cells that do not).
select
    report_id,
    'duplicate_reports' as check_code,
    section as subject,
    basis,
    cast(count(*) as double) as expected,
    cast(count(*) filter (where agrees) as double) as observed
from {{ ref('int_reports__copy_cells') }}
group by report_id, section, basis
