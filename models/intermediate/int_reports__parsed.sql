-- Reports whose tables were read (ok or partial): the reports that carry facts.
select
    report_id,
    year,
    template_version,
    applications_layout
from {{ ref('stg_xxgk__reports') }}
where parse_status in ('ok', 'partial')
