-- Reports whose tables were read (ok or partial): the reports that carry facts; of those, the
-- ones this build refreshes (all of them on a full build; macros/incremental.sql).
select
    report_id,
    year,
    template_version,
    applications_layout
from {{ ref('stg_xxgk__reports') }}
where
    parse_status in ('ok', 'partial')
    and {{ refreshed_in_this_build() }}
