-- One row per distinct document ingested (by sha256 of its bytes), failed ones included, every
-- copy of a report too: `is_primary_copy` says which one the facts count (int_reports__copies).
with paths as (
    select
        report_id,
        source_path,
        min(seen_at) as seen_at
    from (
        select
            report_id,
            source_path,
            ingested_at as seen_at
        from {{ ref('stg_xxgk__reports') }}
        union all
        select
            report_id,
            source_path,
            first_seen_at as seen_at
        from {{ ref('stg_xxgk__report_paths') }}
    )
    group by report_id, source_path
),

all_paths as (
    select
        report_id,
        string_agg(source_path, ' | ' order by seen_at, source_path) as source_paths,
        count(*) as source_path_count
    from paths
    group by report_id
),

-- Where a copy disagrees with the primary copy (marts basis), at most 20 cells named.
differences as (
    select
        report_id,
        count(*) as cells_differing,
        string_agg(
            section || '.' || row_code || '.' || column_code || ': '
            || coalesce(cast(copy_value as varchar), 'NULL') || ' vs '
            || coalesce(cast(primary_value as varchar), 'NULL'),
            '; ' order by section, row_code, column_code
        ) filter (where cell_rank <= 20) as copy_differences
    from (
        select
            *,
            row_number() over (partition by report_id order by section, row_code, column_code) as cell_rank
        from {{ ref('int_reports__copy_cells') }}
        where basis = 'marts' and not agrees
    )
    group by report_id
)

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
    checks.quality,
    copies.is_primary_copy,
    copies.duplicate_of,
    copies.copies,
    cast(coalesce(differences.cells_differing, 0) as integer) as cells_differing,
    differences.copy_differences,
    all_paths.source_paths,
    cast(all_paths.source_path_count as integer) as source_path_count
from {{ ref('stg_xxgk__reports') }} as reports
left join {{ ref('int_reports__agency') }} as agency on reports.report_id = agency.report_id
-- Data quality (fct_report_checks): every report has at least its report_parsed check.
left join {{ ref('int_report_checks__summary') }} as checks on reports.report_id = checks.report_id
inner join {{ ref('int_reports__copies') }} as copies on reports.report_id = copies.report_id
left join differences on reports.report_id = differences.report_id
left join all_paths on reports.report_id = all_paths.report_id
