-- One row per region (every level: county, prefecture, province, 全国) × year × agency category:
-- the reports counted and left out, and section 三's totals summed over the counted reports.
-- Rates re-aggregate from the `basis_*` columns: sum numerators and denominators, then divide.
{%- set outcome_groups = ['granted', 'partially_granted', 'denied', 'unavailable', 'not_processed', 'other'] %}
with reports as (
    select
        counted.*,
        figures.* exclude (report_id)  -- noqa: RF02
    from {{ ref('int_reports__counted') }} as counted
    left join {{ ref('int_reports__figures') }} as figures on counted.report_id = figures.report_id
),

placed as (
    {{ placed_in_regions('reports') }}
),

aggregated as (
    select
        ancestor_code as region_code,
        year,
        agency_category,
        {{ report_counts() }},
        cast(count(*) filter (where is_counted and new_received is not null) as bigint) as reports_with_received,
        {{ counted_sum('new_received') }} as applications_received,
        {{ counted_sum('carried_over') }} as applications_carried_over,
        {{ counted_sum('processed') }} as applications_processed,
        {%- for group in outcome_groups %}
            {{ counted_sum(group) }} as {{ group }},
        {%- endfor %}
        {{ counted_sum('carried_forward') }} as carried_forward,
        cast(count(*) filter (where is_counted and in_outcome_basis) as bigint) as basis_reports,
        {{ basis_sum('processed', 'in_outcome_basis') }} as basis_processed,
        {%- for group in outcome_groups %}
            {{ basis_sum(group, 'in_outcome_basis') }} as basis_{{ group }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from placed
    group by ancestor_code, year, agency_category
)

select
    aggregated.*,
    regions.region_name,
    regions.region_level,
    aggregated.basis_denied / nullif(aggregated.basis_processed, 0) as denial_rate,
    aggregated.basis_granted / nullif(aggregated.basis_processed, 0) as grant_rate
from aggregated
left join {{ ref('int_regions__lineage') }} as regions on aggregated.region_code = regions.region_code
