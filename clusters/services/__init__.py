"""Every write of the clusters app, by subject. Keyword-only, atomic; each lists its side effects.

Views import the submodules; the names below are the app's public writes for other callers.
"""

from clusters.services.agreements import agreement_save, commitment_save
from clusters.services.proposals import award_proposal_create, award_proposal_send, award_proposal_update
from clusters.services.rotation import (
    handover_cancel,
    handover_correct,
    handover_record,
    rotation_confirm,
    rotation_propose,
    rotation_record,
    rotation_suggest,
    rotation_withdraw,
)
from clusters.services.scoring import (
    criterion_delete,
    criterion_group_save,
    criterion_save,
    deduction_add,
    deduction_delete,
    ranking_publish,
    score_adjust,
    score_self_save,
    score_sheet_return,
    score_sheet_save,
    score_sheet_submit,
    scoring_table_copy,
)
from clusters.services.years import (
    cluster_save,
    cluster_year_configure,
    cluster_year_create,
    document_add,
    membership_add,
    membership_set_role,
    year_closed_members,
)

__all__ = [
    "agreement_save",
    "award_proposal_create",
    "award_proposal_send",
    "award_proposal_update",
    "cluster_save",
    "cluster_year_configure",
    "cluster_year_create",
    "commitment_save",
    "criterion_delete",
    "criterion_group_save",
    "criterion_save",
    "deduction_add",
    "deduction_delete",
    "document_add",
    "handover_cancel",
    "handover_correct",
    "handover_record",
    "membership_add",
    "membership_set_role",
    "ranking_publish",
    "rotation_confirm",
    "rotation_propose",
    "rotation_record",
    "rotation_suggest",
    "rotation_withdraw",
    "score_adjust",
    "score_self_save",
    "score_sheet_return",
    "score_sheet_save",
    "score_sheet_submit",
    "scoring_table_copy",
    "year_closed_members",
]
