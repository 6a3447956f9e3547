with source as (
    select * from {{ source('xxgk', 'report_paths') }}
),

renamed as (
    select
        report_id,
        source_path,
        first_seen_at
    from source
)

select * from renamed
