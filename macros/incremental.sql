{#- Incremental builds, keyed on report_id. int_reports__refreshed records, per build, which
    reports it refreshes (new or changed ones and every report of their agencies, whose
    cross-report checks they change). The spine views and the check inputs read only those
    reports, and every incremental model deletes them before inserting their new rows, so a
    report that no longer yields rows loses its old ones. `xxgk build --full-refresh` rebuilds
    everything (needed after a change to the template seeds or the models). -#}

{% macro build_started_at() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp)
{%- endmacro %}

{% macro refreshed_in_this_build(column='report_id') -%}
    {{ column }} in (
        select refreshed.report_id from {{ ref('int_reports__refreshed') }} as refreshed
        where refreshed.refreshed_at = {{ build_started_at() }}
    )
{%- endmacro %}

{% macro delete_refreshed_reports() -%}
    {#- pre_hook of an incremental model: drop the rows of the reports this build refreshes -#}
    {% if is_incremental() %}
        delete from {{ this }} where {{ refreshed_in_this_build() }}
    {% endif %}
{%- endmacro %}
