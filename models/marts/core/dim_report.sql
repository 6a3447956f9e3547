-- One row per distinct document ingested (by sha256 of its bytes), failed ones included.
select
    report_id,
    source_path,
    source_format,
    title,
    agency_name,
    year,
    template_version,
    parse_status,
    applications_layout,
    error_reason,
    error_message,
    size_bytes,
    page_count,
    parser_version,
    ingested_at
from {{ ref('stg_xxgk__reports') }}
