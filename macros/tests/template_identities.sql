{#- The identities the national template promises (codebook README, 1–4). Real reports break
    them, so the YAML gives these severity `warn`: a broken identity is visible, not fatal.
    Only cells that are reported on both sides are compared; NULL is not 0. -#}

{% test identity_received_balances(model) %}
{#- 1. Per applicant column: new_received + carried_over = processed_total + carried_forward. -#}
with pivoted as (
    select
        report_id,
        applicant_type,
        max(case when outcome_code = 'new_received' then applications end) as new_received,
        max(case when outcome_code = 'carried_over' then applications end) as carried_over,
        max(case when outcome_code = 'processed_total' then applications end) as processed_total,
        max(case when outcome_code = 'carried_forward' then applications end) as carried_forward
    from {{ model }}
    group by report_id, applicant_type
)
select *
from pivoted
where new_received + carried_over <> processed_total + carried_forward
{% endtest %}

{% test identity_processed_total_is_sum(model) %}
{#- 2. Per applicant column: processed_total = sum of the outcome rows granted … other*. -#}
with sums as (
    select
        report_id,
        applicant_type,
        max(case when outcome_code = 'processed_total' then applications end) as processed_total,
        sum(case when outcome_group not in ('received', 'processed_total', 'carried_forward')
            then applications end) as outcome_sum,
        count(case when outcome_group not in ('received', 'processed_total', 'carried_forward')
            and applications is null then 1 end) as unreported_outcomes
    from {{ model }}
    group by report_id, applicant_type
)
select *
from sums
where unreported_outcomes = 0 and processed_total <> outcome_sum
{% endtest %}

{% test identity_row_total_is_sum(model) %}
{#- 3. Per row: total = the sum of the six applicant columns (when all six are reported). -#}
with sums as (
    select
        report_id,
        outcome_code,
        max(case when applicant_type = 'total' then applications end) as total,
        sum(case when applicant_type <> 'total' then applications end) as parts,
        count(case when applicant_type <> 'total' and applications is null then 1 end) as unreported
    from {{ model }}
    group by report_id, outcome_code
)
select *
from sums
where unreported = 0 and total <> parts
{% endtest %}

{% test identity_review_total_is_sum(model) %}
{#- 4. Per proceeding: total = upheld + corrected + other + pending. -#}
with sums as (
    select
        report_id,
        proceeding,
        max(case when result = 'total' then cases end) as total,
        sum(case when result <> 'total' then cases end) as parts,
        count(case when result <> 'total' and cases is null then 1 end) as unreported
    from {{ model }}
    group by report_id, proceeding
)
select *
from sums
where unreported = 0 and total <> parts
{% endtest %}
