{#- The last step of every dbt build/run/seed/snapshot (on-run-end in dbt_project.yml): publish
    the build file to the readers' warehouse, atomically, when nothing failed.

    dbt builds in a file of its own (profiles.yml); ingest/dbt_publish.py took the writer lock
    and copied the published warehouse into it before dbt connected, and registered the SQL
    function xxgk_publish, which copies the checkpointed file beside the published one and
    renames it into place. Tables in the warehouse that no model, seed or source produces (a
    researcher's) are carried over, with a warning: they belong in a file of their own. -#}
{% macro publish_warehouse(results) %}
    {%- if not execute or flags.WHICH not in ['build', 'run', 'seed', 'snapshot'] -%}
        {{ return('select 1 as not_a_publishing_command') }}
    {%- endif -%}
    {%- set failed = [] -%}
    {%- for result in results if result.status in ['error', 'fail', 'runtime error'] -%}
        {%- do failed.append(result.node.unique_id) -%}
    {%- endfor -%}
    {%- if failed -%}
        {{ log('xxgk: not published, ' ~ failed | length ~ ' nodes failed: ' ~ failed | join(', '), info=true) }}
        {{ return('select 1 as not_published') }}
    {%- endif -%}
    {%- set foreign = xxgk_foreign_tables() -%}
    {%- for table in foreign -%}
        {{ exceptions.warn('xxgk: carried over ' ~ table ~ ', which no model produces; keep your own tables in your own DuckDB file that ATTACHes the warehouse read-only (README)') }}
    {%- endfor -%}
    {%- do run_query('checkpoint') -%}
    {%- set outcome = run_query("select xxgk_publish('" ~ tojson(foreign) | replace("'", "''") ~ "')") -%}
    {{ log('xxgk: ' ~ outcome.columns[0].values()[0], info=true) }}
    {{ return('select 1 as published') }}
{% endmacro %}

{#- Tables and views of the build catalog that the project does not produce. `raw` belongs to
    `xxgk ingest`; dbt's own scratch schemas are left out. -#}
{% macro xxgk_foreign_tables() %}
    {%- set produced = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type in ['model', 'seed', 'snapshot'] -%}
        {%- do produced.append((node.schema ~ '.' ~ (node.alias or node.name)) | lower) -%}
    {%- endfor -%}
    {%- for source in graph.sources.values() -%}
        {%- do produced.append((source.schema ~ '.' ~ source.identifier) | lower) -%}
    {%- endfor -%}
    {%- set found = run_query(
        "select lower(table_schema || '.' || table_name) from information_schema.tables"
        ~ " where table_catalog = current_database()"
        ~ " and table_schema not in ('raw', 'information_schema', 'pg_catalog', 'dbt_temp')"
        ~ " and table_schema not like '%dbt_test__audit'"
        ~ " order by 1"
    ) -%}
    {%- set foreign = [] -%}
    {%- for name in found.columns[0].values() if name not in produced -%}
        {%- do foreign.append(name) -%}
    {%- endfor -%}
    {{ return(foreign) }}
{% endmacro %}
