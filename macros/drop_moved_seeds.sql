{#- Seeds moved from `main` to the schema `codebook` (main holds only the marts): a warehouse built
    before keeps its old seed tables in main, which the publish step would carry over as a
    researcher's tables on every build. Drop them once, before the build (on-run-start). -#}
{% macro drop_moved_seeds() %}
    {%- if not execute or flags.WHICH not in ['build', 'run', 'seed'] -%}
        {{ return('select 1 as nothing_to_drop') }}
    {%- endif -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'seed' and node.schema != 'main' -%}
        {%- do run_query('drop table if exists main.' ~ adapter.quote(node.alias or node.name)) -%}
    {%- endfor -%}
    {{ return('select 1 as moved_seeds_dropped') }}
{% endmacro %}
