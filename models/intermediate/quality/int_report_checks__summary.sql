-- One row per report: how many of its checks failed and the grade a researcher filters on.
-- `parse_suspect`: an error check failed (structure, or a cell we could not read), so numbers
-- may be wrong because of the parse; `source_inconsistent`: only warn checks failed, the report's
-- own arithmetic does not add up; `clean`: every evaluated check passed. On the marts' values
-- (corrections applied).
select
    report_id,
    count(*) filter (where not passed) as checks_failed,
    count(*) filter (where not passed and severity = 'error') as error_checks_failed,
    case
        when count(*) filter (where not passed and severity = 'error') > 0 then 'parse_suspect'
        when count(*) filter (where not passed) > 0 then 'source_inconsistent'
        else 'clean'
    end as quality
from {{ ref('int_report_checks') }}
group by report_id
