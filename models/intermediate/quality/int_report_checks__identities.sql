-- The template's identities 1–5 (seeds/README.md) and the 小计 column, per report, on each
-- basis of int_template_cells__bases. A side with an unreported cell (NULL: not 0) leaves the
-- check not evaluated.
with cells as (
    select * from {{ ref('int_template_cells__bases') }}
),

applications as (
    select * from cells
    where section = 'applications'
),

-- 1. Per applicant column: 一 + 二 = （七） + 四.
received_balances as (
    select
        report_id,
        'received_balances' as check_code,
        column_code as subject,
        basis,
        case
            when count(value) filter (where row_code in ('new_received', 'carried_over')) = 2
                then sum(value) filter (where row_code in ('new_received', 'carried_over'))
        end as expected,
        case
            when count(value) filter (where row_code in ('processed_total', 'carried_forward')) = 2
                then sum(value) filter (where row_code in ('processed_total', 'carried_forward'))
        end as observed
    from applications
    group by report_id, column_code, basis
),

-- 2. Per applicant column: （七）总计 = the outcome rows （一） … （六）.
processed_total_is_sum as (
    select
        report_id,
        'processed_total_is_sum' as check_code,
        column_code as subject,
        basis,
        case
            when
                count(*) filter (where row_group not in ('received', 'processed_total', 'carried_forward'))
                = count(value) filter (where row_group not in ('received', 'processed_total', 'carried_forward'))
                then sum(value) filter (where row_group not in ('received', 'processed_total', 'carried_forward'))
        end as expected,
        max(value) filter (where row_code = 'processed_total') as observed
    from applications
    group by report_id, column_code, basis
),

-- 3. Per section 三 row: 总计 = the six applicant columns; 4. per section 四 proceeding:
-- total = upheld + corrected + other + pending. One rule: a row's total is the sum of the rest.
row_totals as (
    select
        report_id,
        case section
            when 'applications' then 'row_total_is_sum'
            else 'review_total_is_sum'
        end as check_code,
        row_code as subject,
        basis,
        case
            when count(*) filter (where column_code <> 'total') = count(value) filter (where column_code <> 'total')
                then sum(value) filter (where column_code <> 'total')
        end as expected,
        max(value) filter (where column_code = 'total') as observed
    from cells
    where section in ('applications', 'review_litigation')
    group by report_id, section, row_code, basis
),

-- 5. Counts are non-negative (本年增/减 may be negative).
counts_non_negative as (
    select
        report_id,
        'counts_non_negative' as check_code,
        section as subject,
        basis,
        0.0 as expected,
        cast(count(*) filter (where value < 0 and column_code <> 'change') as double) as observed
    from cells
    group by report_id, section, basis
),

-- 小计, where printed: the five 法人或其他组织 columns. Staging keeps it out of the marts, so it
-- has no correction: both bases compare the same printed 小计 with their own parts.
subtotals as (
    select
        report_id,
        row_code,
        value as subtotal
    from {{ ref('stg_xxgk__cells') }}
    where section = 'applications' and column_code = 'legal_person_subtotal'
),

organisation_parts as (
    select
        report_id,
        row_code,
        basis,
        case when count(value) = 5 then sum(value) end as parts
    from applications
    where column_code not in ('natural_person', 'total')
    group by report_id, row_code, basis
),

subtotal_is_sum as (
    select
        subtotals.report_id,
        'subtotal_is_sum' as check_code,
        subtotals.row_code as subject,
        organisation_parts.basis,
        organisation_parts.parts as expected,
        subtotals.subtotal as observed
    from subtotals
    inner join organisation_parts
        on subtotals.report_id = organisation_parts.report_id and subtotals.row_code = organisation_parts.row_code
)

select * from received_balances
union all
select * from processed_total_is_sum
union all
select * from row_totals
union all
select * from counts_non_negative
union all
select * from subtotal_is_sum
