{{ config(materialized='table') }}
-- One row per document, saying which report it is a copy of. Documents of the same agency and
-- year are one report (another site's download, a PDF and its HTML page, a re-download). The
-- primary copy, the only one the facts and aggregates count, is chosen by this rule:
--   1. copies whose template cells are identical are one version, represented by its
--      first-ingested copy;
--   2. among versions that disagree, the better quality grade wins (int_reports__own_quality),
--      then the later publication date, then the later ingest.
-- A table: the facts, dim_report and the duplicate_reports check all read it.
with reports as (
    select
        reports.report_id,
        reports.source_path,
        reports.ingested_at,
        agency.published_on,
        -- "the same agency": its agency_id where the region is attributed, else its name
        coalesce(
            'id|' || agency.agency_id,
            'name|' || coalesce(reports.canonical_agency_name, reports.agency_name)
        ) || '|' || reports.year as agency_year
    from {{ ref('stg_xxgk__reports') }} as reports
    left join {{ ref('int_reports__agency') }} as agency on reports.report_id = agency.report_id
),

grouped as (
    select
        reports.*,
        own.quality_rank,
        -- a document whose agency or year is unknown is a report of its own
        coalesce(reports.agency_year, 'report|' || reports.report_id) as copy_group,
        count(*) over (partition by coalesce(reports.agency_year, 'report|' || reports.report_id)) as copies
    from reports
    inner join {{ ref('int_reports__own_quality') }} as own on reports.report_id = own.report_id
),

-- Only documents that share an agency and year are fingerprinted (cost grows with duplicates only).
fingerprints as (
    select
        cells.report_id,
        {{ cells_fingerprint('cells') }} as cells_fingerprint
    from {{ ref('int_template_cells__values') }} as cells
    inner join grouped on cells.report_id = grouped.report_id
    where grouped.copies > 1
    group by cells.report_id
),

copies as (
    select
        grouped.*,
        -- an unread file has no cells: all of a group's unread copies are one version
        coalesce(fingerprints.cells_fingerprint, 'unread') as cells_fingerprint
    from grouped
    left join fingerprints on grouped.report_id = fingerprints.report_id
),

versions as (
    select
        copy_group,
        cells_fingerprint,
        min(quality_rank) as quality_rank,
        max(published_on) as published_on,
        max(cast(ingested_at as varchar) || source_path) as last_ingested,
        -- copies loaded in one batch share ingested_at: ingest reads them in path order
        arg_min(report_id, cast(ingested_at as varchar) || source_path || report_id) as first_copy
    from copies
    group by copy_group, cells_fingerprint
),

primaries as (
    select
        copy_group,
        first_copy as primary_report_id,
        cells_fingerprint as primary_fingerprint
    from versions
    qualify row_number() over (
        partition by copy_group
        order by quality_rank asc, published_on desc nulls last, last_ingested desc, cells_fingerprint asc
    ) = 1
)

select
    copies.report_id,
    copies.copy_group,
    cast(copies.copies as integer) as copies,
    copies.quality_rank as own_quality_rank,
    copies.report_id = primaries.primary_report_id as is_primary_copy,
    case when copies.report_id <> primaries.primary_report_id then primaries.primary_report_id end as duplicate_of,
    copies.cells_fingerprint = primaries.primary_fingerprint as cells_match_primary
from copies
inner join primaries on copies.copy_group = primaries.copy_group
