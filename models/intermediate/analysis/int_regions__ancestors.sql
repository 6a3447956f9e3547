-- One row per division × each level it rolls up to: itself, its prefecture, its province and
-- 全国 (100000), so that a county's report counts in all four.
with regions as (
    select
        region_code,
        list_distinct(
            list_filter([region_code, prefecture_code, province_code, '100000'], code -> code is not null)
        ) as ancestors
    from {{ ref('int_regions__lineage') }}
)

select
    region_code,
    unnest(ancestors) as ancestor_code
from regions
