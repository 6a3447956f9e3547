-- One row per report: where and by whom it was published, and the agency it belongs to.
-- `agency_id` hashes the division's lineage code with the canonical name stripped of the names of
-- that division (all of them over the years, short names too) and of its parents, so
-- 太谷县人民政府 (2018, 140726) and 太谷区人民政府 (2020, 140703) are one agency, and
-- 福建省石狮市…, 石狮市… and 石狮… read alike.
with reports as (
    select
        report_id,
        year,
        region_code,
        region_method,
        region_confidence,
        canonical_agency_name,
        agency_category,
        published_on
    from {{ ref('stg_xxgk__reports') }}
),

lineage as (
    select * from {{ ref('int_regions__lineage') }}
),

-- Every name and short name a lineage has had (石狮市, 石狮), with its parents' names: the places
-- an agency name may print.
lineage_names as (
    select distinct
        lineage.lineage_code,
        unnest(
            list_concat(
                string_split(lineage.name_history, '|'),
                [seed.short_name, today.province_name, today.prefecture_name]
            )
        ) as place_name
    from lineage
    inner join lineage as today on lineage.lineage_code = today.region_code
    inner join {{ ref('regions') }} as seed on lineage.region_code = seed.code
),

-- Longest first, so that 石狮市 goes whole before 石狮 is tried.
place_names as (
    select
        lineage_code,
        string_agg(place_name, '|' order by length(place_name) desc, place_name) as pattern
    from lineage_names
    where length(place_name) >= 2
    group by lineage_code
),

keyed as (
    select
        reports.*,
        lineage.lineage_code,
        coalesce(
            nullif(regexp_replace(reports.canonical_agency_name, place_names.pattern, '', 'g'), ''),
            reports.canonical_agency_name
        ) as agency_key
    from reports
    left join lineage on reports.region_code = lineage.region_code
    left join place_names on lineage.lineage_code = place_names.lineage_code
)

select
    report_id,
    year,
    case
        when lineage_code is not null and agency_key is not null
            then left(md5(lineage_code || '|' || agency_key), 16)
    end as agency_id,
    lineage_code as agency_region_code,
    region_code,
    region_method,
    region_confidence,
    canonical_agency_name,
    agency_category,
    published_on
from keyed
