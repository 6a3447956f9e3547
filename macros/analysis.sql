{#- Columns shared by the analysis marts. Counts are BIGINT (DuckDB's sum(bigint) is HUGEINT). -#}

{% macro report_counts() -%}
    cast(count(*) filter (where is_counted) as bigint) as reports,
    cast(count(*) filter (where not is_counted) as bigint) as reports_left_out,
    cast(count(*) filter (where left_out_reason = 'parse_suspect') as bigint) as reports_left_out_parse_suspect,
    cast(count(*) filter (where left_out_reason = 'source_inconsistent') as bigint) as reports_left_out_source_inconsistent,
    cast(count(*) filter (where left_out_reason = 'not_read') as bigint) as reports_left_out_not_read,
    cast(coalesce(sum(copies - 1), 0) as bigint) as copies_not_counted
{%- endmacro %}

{#- The sum of a figure over the counted reports (NULL when none of them printed it). -#}
{% macro counted_sum(expression, condition='true') -%}
    cast(sum({{ expression }}) filter (where is_counted and {{ condition }}) as bigint)
{%- endmacro %}

{#- The sum over the counted reports of a rate's basis: 0 when no report is in it. -#}
{% macro basis_sum(expression, condition) -%}
    cast(coalesce(sum({{ expression }}) filter (where is_counted and {{ condition }}), 0) as bigint)
{%- endmacro %}

{#- A report's placement in every level of the region hierarchy: the report's own division, its
    prefecture, its province and 全国; a report whose region is unknown counts in 全国 only. -#}
{% macro placed_in_regions(reports) -%}
    select
        coalesce(ancestors.ancestor_code, '100000') as ancestor_code,
        {{ reports }}.*
    from {{ reports }}
    left join {{ ref('int_regions__ancestors') }} as ancestors
        on {{ reports }}.region_code = ancestors.region_code
{%- endmacro %}
