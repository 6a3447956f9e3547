-- One row per region (every level: county, prefecture, province, 全国) × year × agency category:
-- section 四 summed over the counted reports, reviews and lawsuits per 100 processed
-- applications, and correction rates (corrected / concluded: upheld + corrected + other).
-- Rates re-aggregate from the `basis_*` columns: sum numerators and denominators, then divide.
{%- set results = ['upheld', 'corrected', 'other', 'pending'] %}
with reports as (
    select
        counted.*,
        figures.processed,
        {%- for result in results + ['total'] %}
            figures.administrative_review_{{ result }} as reviews_{{ result }},
            figures.litigation_direct_{{ result }} + figures.litigation_after_review_{{ result }}
                as lawsuits_{{ result }},
        {%- endfor %}
        figures.litigation_direct_total,
        figures.litigation_after_review_total
    from {{ ref('int_reports__counted') }} as counted
    left join {{ ref('int_reports__figures') }} as figures on counted.report_id = figures.report_id
),

flagged as (
    select
        *,
        processed is not null and reviews_total is not null and lawsuits_total is not null as in_per_100_basis,
        reviews_upheld is not null and reviews_corrected is not null and reviews_other is not null
            as in_review_correction_basis,
        lawsuits_upheld is not null and lawsuits_corrected is not null and lawsuits_other is not null
            as in_lawsuit_correction_basis
    from reports
),

placed as (
    {{ placed_in_regions('flagged') }}
),

aggregated as (
    select
        ancestor_code as region_code,
        year,
        agency_category,
        {{ report_counts() }},
        {{ counted_sum('reviews_total') }} as reviews,
        {%- for result in results %}
            {{ counted_sum('reviews_' ~ result) }} as reviews_{{ result }},
        {%- endfor %}
        {{ counted_sum('litigation_direct_total') }} as lawsuits_direct,
        {{ counted_sum('litigation_after_review_total') }} as lawsuits_after_review,
        {{ counted_sum('lawsuits_total') }} as lawsuits,
        {%- for result in results %}
            {{ counted_sum('lawsuits_' ~ result) }} as lawsuits_{{ result }},
        {%- endfor %}
        cast(count(*) filter (where is_counted and in_per_100_basis) as bigint) as basis_reports,
        {{ basis_sum('processed', 'in_per_100_basis') }} as basis_processed,
        {{ basis_sum('reviews_total', 'in_per_100_basis') }} as basis_reviews,
        {{ basis_sum('lawsuits_total', 'in_per_100_basis') }} as basis_lawsuits,
        {{ basis_sum('reviews_upheld + reviews_corrected + reviews_other', 'in_review_correction_basis') }}
            as basis_reviews_concluded,
        {{ basis_sum('reviews_corrected', 'in_review_correction_basis') }} as basis_reviews_corrected,
        {{ basis_sum('lawsuits_upheld + lawsuits_corrected + lawsuits_other', 'in_lawsuit_correction_basis') }}
            as basis_lawsuits_concluded,
        {{ basis_sum('lawsuits_corrected', 'in_lawsuit_correction_basis') }} as basis_lawsuits_corrected
    from placed
    group by ancestor_code, year, agency_category
)

select
    aggregated.*,
    regions.region_name,
    regions.region_level,
    100.0 * aggregated.basis_reviews / nullif(aggregated.basis_processed, 0) as reviews_per_100_processed,
    100.0 * aggregated.basis_lawsuits / nullif(aggregated.basis_processed, 0) as lawsuits_per_100_processed,
    aggregated.basis_reviews_corrected / nullif(aggregated.basis_reviews_concluded, 0) as review_correction_rate,
    aggregated.basis_lawsuits_corrected / nullif(aggregated.basis_lawsuits_concluded, 0) as lawsuit_correction_rate
from aggregated
left join {{ ref('int_regions__lineage') }} as regions on aggregated.region_code = regions.region_code
