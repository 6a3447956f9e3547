with source as (
    select * from {{ source('xxgk', 'reports') }}
),

renamed as (
    select
        report_id,
        source_path,
        source_format,
        cast(size_bytes as bigint) as size_bytes,
        ingested_at,
        parser_version,
        status as parse_status,
        error_reason,
        error_message,
        title,
        cast(year as integer) as year,
        agency_name,
        template_version,
        coalesce(applications_layout, template_version) as applications_layout,
        cast(page_count as integer) as page_count,
        region_code,
        region_method,
        region_confidence,
        canonical_agency_name,
        agency_category,
        published_on,
        source_url,
        cast(unplaced_rows as integer) as unplaced_rows
    from source
)

select * from renamed
