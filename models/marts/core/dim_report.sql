-- One row per distinct document ingested (by sha256 of its bytes), failed ones included.
select
    reports.report_id,
    agency.agency_id,
    agency.region_code,
    agency.region_method,
    agency.region_confidence,
    agency.published_on,
    reports.source_path,
    reports.source_url,
    reports.source_format,
    reports.title,
    reports.agency_name,
    reports.year,
    reports.template_version,
    reports.parse_status,
    reports.applications_layout,
    reports.error_reason,
    reports.error_message,
    reports.size_bytes,
    reports.page_count,
    reports.parser_version,
    reports.ingested_at,
    checks.checks_failed,
    checks.quality
from {{ ref('stg_xxgk__reports') }} as reports
left join {{ ref('int_reports__agency') }} as agency on reports.report_id = agency.report_id
-- Data quality (fct_report_checks): every report has at least its report_parsed check.
left join {{ ref('int_report_checks__summary') }} as checks on reports.report_id = checks.report_id
