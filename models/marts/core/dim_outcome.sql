-- One row per section 三 outcome row of the codebook, in template order.
select
    outcome_code,
    outcome_group,
    label as outcome_label,
    seq as outcome_seq,
    in_2019,
    in_2021
from {{ ref('template_outcomes') }}
