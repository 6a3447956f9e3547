-- One row per agency (dim_agency) × year from the first to the last year any report names: did
-- the agency report that year, which copy counts, its grade, and its headline figures of
-- sections 二, 三 and 四, wide. An agency-year with no document is a row with has_report false
-- (who has not reported). Figures are those of the primary copy when it counts (var
-- `counted_qualities`), else NULL.
with report_years as (
    select
        min(year) as first_year,
        max(year) as last_year
    from {{ ref('stg_xxgk__reports') }}
),

years as (
    select dim_year.year
    from {{ ref('dim_year') }} as dim_year
    inner join report_years on dim_year.year between report_years.first_year and report_years.last_year
),

agencies as (
    select
        agency_id,
        agency_name,
        agency_category,
        region_code,
        first_year,
        last_year
    from {{ ref('dim_agency') }}
),

reports as (
    select
        counted.*,
        dim.source_format,
        dim.published_on
    from {{ ref('int_reports__counted') }} as counted
    inner join {{ ref('dim_report') }} as dim on counted.report_id = dim.report_id
    where counted.agency_id is not null
),

figures as (
    select * from {{ ref('int_reports__figures') }}
)

select
    agencies.agency_id,
    years.year,
    agencies.agency_name,
    agencies.agency_category,
    agencies.region_code,
    reports.report_id is not null as has_report,
    coalesce(reports.is_counted, false) as is_counted,
    reports.report_id,
    cast(coalesce(reports.copies, 0) as integer) as copies,
    reports.parse_status,
    reports.quality,
    reports.left_out_reason,
    reports.source_format,
    reports.published_on,
    {%- for column, name in [
        ('new_received', 'applications_received'),
        ('carried_over', 'applications_carried_over'),
        ('processed', 'applications_processed'),
        ('granted', 'granted'),
        ('partially_granted', 'partially_granted'),
        ('denied', 'denied'),
        ('unavailable', 'unavailable'),
        ('not_processed', 'not_processed'),
        ('other', 'other'),
        ('carried_forward', 'carried_forward'),
        ('administrative_review_total', 'reviews'),
        ('administrative_review_corrected', 'reviews_corrected'),
        ('litigation_direct_total', 'lawsuits_direct'),
        ('litigation_after_review_total', 'lawsuits_after_review'),
        ('litigation_direct_corrected', 'lawsuits_direct_corrected'),
        ('litigation_after_review_corrected', 'lawsuits_after_review_corrected'),
        ('regulations_issued', 'regulations_issued'),
        ('normative_documents_issued', 'normative_documents_issued'),
        ('licensing_decisions', 'licensing_decisions'),
        ('penalty_decisions', 'penalty_decisions'),
        ('coercion_decisions', 'coercion_decisions')
    ] %}
        cast(case when reports.is_counted then figures.{{ column }} end as bigint) as {{ name }},
    {%- endfor %}
    cast(case when reports.is_counted then figures.fees_yuan end as double) as fees_yuan
from agencies
cross join years
left join reports on agencies.agency_id = reports.agency_id and years.year = reports.year
left join figures on reports.report_id = figures.report_id
