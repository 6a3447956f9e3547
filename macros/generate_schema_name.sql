{#- Marts live in `main`, where researchers look first; staging and intermediate views get
    schemas of their own instead of dbt's default `main_staging`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
