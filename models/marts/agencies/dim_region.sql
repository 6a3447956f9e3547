-- One row per division code: 全国, provinces, prefectures and counties of the MCA year-end lists
-- 2018–2025, abolished and renamed codes included with the years they were in force.
select
    region_code,
    region_name,
    region_level,
    province_code,
    province_name,
    prefecture_code,
    prefecture_name,
    valid_from_year,
    valid_to_year,
    name_history,
    successor_codes,
    lineage_code
from {{ ref('int_regions__lineage') }}
