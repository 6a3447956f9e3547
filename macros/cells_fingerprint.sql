{#- One hash of a report's printed template cells (every cell's code and value, NULL as empty), so
    two documents with the same numbers compare equal. Used for copies and for the agency-year
    check; the caller groups by the report (and basis). -#}
{% macro cells_fingerprint(cells) -%}
    md5(string_agg(
        {{ cells }}.section || '.' || {{ cells }}.row_code || '.' || {{ cells }}.column_code || '='
        || coalesce(cast({{ cells }}.value as varchar), ''),
        ';' order by {{ cells }}.section, {{ cells }}.row_code, {{ cells }}.column_code
    ))
{%- endmacro %}
