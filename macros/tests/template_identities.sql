{% test check_holds(model, check_code) %}
{#- Rows of fct_report_checks where a check failed. Each template identity (codebook 1–4) is
    computed once, in models/intermediate/quality; applied in the YAML with severity `warn`
    so a report that breaks an identity is visible in `dbt build`, not fatal. -#}
select report_id, check_code, subject, expected, observed
from {{ model }}
where check_code = '{{ check_code }}' and passed = false
{% endtest %}
