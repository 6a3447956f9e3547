-- One row per report × section 二 item × measure of its template version. Money is in yuan.
select
    report_id,
    year,
    item_code,
    measure_code,
    cast(value as double) as value,
    unit,
    printed_text,
    value_status
from {{ ref('int_proactive__cells') }}
