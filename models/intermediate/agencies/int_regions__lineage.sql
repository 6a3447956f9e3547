-- One row per division code of the 2018–2025 MCA lists (and 100000 全国), with the code that
-- carries its identity today: itself while in force, the new code after a one-to-one recode
-- (太谷县 140726 → 太谷区 140703), itself after a merger or a split.
with seed as (
    select * from {{ ref('regions') }}
),

codes as (
    select
        code as region_code,
        arg_max(name, coalesce(valid_to_year, 9999)) as region_name,
        any_value(level) as region_level,
        arg_max(province_code, coalesce(valid_to_year, 9999)) as province_code,
        arg_max(province_name, coalesce(valid_to_year, 9999)) as province_name,
        arg_max(prefecture_code, coalesce(valid_to_year, 9999)) as prefecture_code,
        arg_max(prefecture_name, coalesce(valid_to_year, 9999)) as prefecture_name,
        min(valid_from_year) as valid_from_year,
        case when bool_or(valid_to_year is null) then null else max(valid_to_year) end as valid_to_year,
        string_agg(name, '|' order by valid_from_year) as name_history,
        arg_max(successor_codes, coalesce(valid_to_year, 9999)) as successor_codes
    from seed
    group by code
),

-- Successors that took the whole area (an earlier partial transfer is marked [YYYY]).
successions as (
    select
        region_code,
        valid_to_year,
        list_filter(string_split(successor_codes, ';'), s -> s not like '%[%') as successors
    from codes
    where valid_to_year is not null and successor_codes is not null
),

-- A code replaced by exactly one new code that replaced nothing else is the same division.
recodes as (
    select
        successions.region_code,
        successions.successors[1] as successor_code
    from successions
    inner join codes as successor on successions.successors[1] = successor.region_code
    where
        len(successions.successors) = 1
        and successions.successors[1] <> successions.region_code
        and successor.valid_from_year > successions.valid_to_year
        and (
            select count(*) from successions as other
            where list_contains(other.successors, successions.successors[1])
        ) = 1
)

select
    codes.region_code,
    codes.region_name,
    codes.region_level,
    codes.province_code,
    codes.province_name,
    codes.prefecture_code,
    codes.prefecture_name,
    codes.valid_from_year,
    codes.valid_to_year,
    codes.name_history,
    codes.successor_codes,
    coalesce(second_recode.successor_code, first_recode.successor_code, codes.region_code) as lineage_code
from codes
left join recodes as first_recode on codes.region_code = first_recode.region_code
left join recodes as second_recode on first_recode.successor_code = second_recode.region_code
