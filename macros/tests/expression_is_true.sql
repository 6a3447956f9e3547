{% test expression_is_true(model, expression, column_name=none) %}
{#- Rows for which the SQL expression is not true (NULL counts as not failing). -#}
select *
from {{ model }}
where not ({{ column_name ~ ' ' if column_name else '' }}{{ expression }})
{% endtest %}
