with source as (
    select * from {{ source('xxgk', 'statements') }}
),

renamed as (
    select
        report_id,
        statement_code,
        value as stated_value,
        printed_text,
        source_line
    from source
)

select * from renamed
