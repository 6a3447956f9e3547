-- One row per section 三 applicant column of the codebook, in template order.
select
    applicant_type,
    label as applicant_label,
    label_variants,
    seq as applicant_seq,
    applicant_type <> 'total' as is_applicant_type
from {{ ref('template_applicant_types') }}
