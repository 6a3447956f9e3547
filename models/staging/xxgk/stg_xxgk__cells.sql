with source as (
    select * from {{ source('xxgk', 'cells') }}
),

renamed as (
    select
        report_id,
        section,
        row_code,
        column_code,
        printed_text,
        value,
        value_status,
        unit as printed_unit,
        printed_label,
        source_line,
        source_page,
        match_score,
        placed_by
    from source
)

select * from renamed
