-- One row per report year since the 条例 took effect (2008), through this year and any later year
-- a report names: the template in force and the regulation it reports under. (The var exists
-- for the unit test: the current year is not a fixed row.)
with years as (
    select cast(range as integer) as year
    from range(2008, {{ var('xxgk_through_year', 'cast(extract(year from current_date) as integer)') }} + 1)
    union
    select year from {{ ref('stg_xxgk__reports') }}
    where year is not null
)

select
    year,
    case
        when year >= 2021 then '2021'
        when year >= 2019 then '2019'
    end as template_version,
    case
        when year >= 2021 then '国办公开办函〔2021〕30号'
        when year >= 2019 then '国办公开办函〔2019〕60号'
    end as template_notice,
    case when year >= 2019 then '2019' else '2007' end as regulation_version
from years
