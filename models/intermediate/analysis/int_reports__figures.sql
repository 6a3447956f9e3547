-- One row per report (its primary copy) that was read: its headline figures, wide, from the
-- marts' values (corrections applied). Section 三 totals (总计 column) per outcome group, with
-- `*_complete` saying every row of the group was printed; section 四 per proceeding × result;
-- section 二's common items. NULL = not reported.
{%- set outcome_groups = ['granted', 'partially_granted', 'denied', 'unavailable', 'not_processed', 'other'] %}
{%- set proceedings = ['administrative_review', 'litigation_direct', 'litigation_after_review'] %}
{%- set results = ['upheld', 'corrected', 'other', 'pending', 'total'] %}
with cells as (
    select values.*
    from {{ ref('int_template_cells__values') }} as values
    inner join {{ ref('int_reports__copies') }} as copies
        on values.report_id = copies.report_id and copies.is_primary_copy
),

applications as (
    select
        report_id,
        max(value) filter (where row_code = 'new_received') as new_received,
        max(value) filter (where row_code = 'carried_over') as carried_over,
        max(value) filter (where row_code = 'processed_total') as processed,
        max(value) filter (where row_code = 'carried_forward') as carried_forward,
        {%- for group in outcome_groups %}
            sum(value) filter (where row_group = '{{ group }}') as {{ group }},
            count(*) filter (where row_group = '{{ group }}')
            = count(value) filter (where row_group = '{{ group }}') as {{ group }}_complete,
        {%- endfor %}
        count(*) as cells
    from cells
    where section = 'applications' and column_code = 'total'
    group by report_id
),

review_litigation as (
    select
        report_id,
        {%- for proceeding in proceedings %}
            {%- for result in results %}
                max(value) filter (
                    where row_code = '{{ proceeding }}' and column_code = '{{ result }}'
                ) as {{ proceeding }}_{{ result }},
            {%- endfor %}
        {%- endfor %}
        count(*) as cells
    from cells
    where section = 'review_litigation'
    group by report_id
),

-- The items both template versions print (2019's 本年新制作数量 stands for 2021's 本年制发件数).
proactive as (
    select
        report_id,
        max(value) filter (
            where row_code = 'regulations' and column_code in ('issued', 'newly_made')
        ) as regulations_issued,
        max(value) filter (
            where row_code = 'normative_documents' and column_code in ('issued', 'newly_made')
        ) as normative_documents_issued,
        max(value) filter (
            where row_code = 'administrative_licensing' and column_code = 'decisions'
        ) as licensing_decisions,
        max(value) filter (
            where row_code = 'administrative_penalty' and column_code = 'decisions'
        ) as penalty_decisions,
        max(value) filter (
            where row_code = 'administrative_coercion' and column_code = 'decisions'
        ) as coercion_decisions,
        max(value) filter (
            where row_code = 'administrative_fees' and column_code = 'fee_amount'
        ) as fees_yuan
    from cells
    where section = 'proactive'
    group by report_id
)

select
    applications.report_id,
    applications.new_received,
    applications.carried_over,
    applications.processed,
    applications.carried_forward,
    {%- for group in outcome_groups %}
        applications.{{ group }},
    {%- endfor %}
    -- the rate basis: (七)总计 and every outcome row printed, so shares of it add up
    applications.processed is not null
    {%- for group in outcome_groups %}
        and applications.{{ group }}_complete
    {%- endfor %} as in_outcome_basis,
    {%- for proceeding in proceedings %}
        {%- for result in results %}
            review_litigation.{{ proceeding }}_{{ result }},
        {%- endfor %}
    {%- endfor %}
    proactive.regulations_issued,
    proactive.normative_documents_issued,
    proactive.licensing_decisions,
    proactive.penalty_decisions,
    proactive.coercion_decisions,
    proactive.fees_yuan
from applications
left join review_litigation on applications.report_id = review_litigation.report_id
left join proactive on applications.report_id = proactive.report_id
