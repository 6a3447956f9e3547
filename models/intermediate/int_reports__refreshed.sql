{{ config(materialized='incremental', unique_key='report_id', incremental_strategy='delete+insert') }}
-- One row per ingested document: what its rows were built from, and the build that last
-- refreshed them. A build refreshes new documents, documents whose staging rows, attribution or
-- corrections changed, and every document of the same agency (identity 6, one report per
-- agency-year and the primary copy compare an agency's reports). Incremental models rebuild
-- only the documents with `refreshed_at` of the latest build (macros/incremental.sql).
with reports as (
    select
        reports.report_id,
        reports.ingested_at,
        agency.agency_id,
        agency.region_code,
        coalesce(
            'id|' || agency.agency_id,
            'name|' || coalesce(reports.canonical_agency_name, reports.agency_name)
        ) as agency_key
    from {{ ref('stg_xxgk__reports') }} as reports
    left join {{ ref('int_reports__agency') }} as agency on reports.report_id = agency.report_id
),

corrections as (
    select
        report_id,
        md5(string_agg(
            section || '.' || row_code || '.' || column_code || '=' || cast(corrected_value as varchar),
            ';' order by section, row_code, column_code
        )) as corrections_fingerprint
    from {{ ref('corrections') }}
    group by report_id
),

current_state as (
    select
        reports.*,
        corrections.corrections_fingerprint
    from reports
    left join corrections on reports.report_id = corrections.report_id
),

{% if is_incremental() %}
changed as (
    select current_state.*
    from current_state
    left join {{ this }} as built on current_state.report_id = built.report_id
    where
        built.report_id is null
        or built.ingested_at is distinct from current_state.ingested_at
        or built.agency_id is distinct from current_state.agency_id
        or built.region_code is distinct from current_state.region_code
        or built.agency_key is distinct from current_state.agency_key
        or built.corrections_fingerprint is distinct from current_state.corrections_fingerprint
),

-- the agencies changed reports belong to now, and belonged to at the last build
touched_agencies as (
    select agency_key from changed
    union
    select built.agency_key
    from {{ this }} as built
    inner join changed on built.report_id = changed.report_id
),

{% endif %}

refreshed as (
    select * from current_state
    {% if is_incremental() %}
        where
            report_id in (select changed.report_id from changed)
            or agency_key in (select touched_agencies.agency_key from touched_agencies)
    {% endif %}
)

select
    report_id,
    ingested_at,
    agency_id,
    region_code,
    agency_key,
    corrections_fingerprint,
    {{ build_started_at() }} as refreshed_at
from refreshed
