"""Every write of awards, one module per subject; the services are imported here so that
``from awards.services import dossier_create_draft`` is the app's one entry point for writes.

- ``catalogue``: the dated data services compute with (processing rules, base salary, rewards)
- ``dossiers``: building, sending, appraising dossiers and nominations; public disclosure
- ``records``: importing past awards
- ``council``: meetings, agenda, attendance, recusals, the secret ballot and its count
- ``decisions``: drafts, signing and numbering, corrections and revocations, documents
- ``central``: forwarding to central level and the central results
"""

from awards.services.catalogue import base_salary_on, processing_rule_on, reward_amount
from awards.services.central import central_forward, central_result_record
from awards.services.council import (
    AGREE,
    DISAGREE,
    ItemResult,
    agenda_add,
    agenda_remove,
    attendance_set,
    ballot_cast,
    ballot_record_paper,
    item_result,
    meeting_close,
    meeting_create,
    meeting_open_ballot,
    member_seat,
    percent_of,
    recusal_declare,
)
from awards.services.decisions import (
    decision_amend_draft,
    decision_create_draft,
    decision_documents_store,
    decision_recipient_remove,
    decision_sign,
    decision_update,
)
from awards.services.dossiers import (
    attachment_add,
    attachment_remove,
    disclosure_is_open,
    disclosure_open,
    dossier_create_draft,
    dossier_mark_complete,
    dossier_missing,
    dossier_return,
    dossier_submit,
    dossier_update,
    nomination_add,
    nomination_appraise,
    nomination_can_go_to_council,
    nomination_remove,
    nomination_update,
    nominee_person_create,
    public_comment_add,
)
from awards.services.records import (
    history_import_analyse,
    history_import_apply,
    history_import_create,
    history_import_resolve,
    history_import_start_apply,
    history_import_unresolved,
)

__all__ = [
    "AGREE",
    "DISAGREE",
    "ItemResult",
    "agenda_add",
    "agenda_remove",
    "attachment_add",
    "attachment_remove",
    "attendance_set",
    "ballot_cast",
    "ballot_record_paper",
    "base_salary_on",
    "central_forward",
    "central_result_record",
    "decision_amend_draft",
    "decision_create_draft",
    "decision_documents_store",
    "decision_recipient_remove",
    "decision_sign",
    "decision_update",
    "disclosure_is_open",
    "disclosure_open",
    "dossier_create_draft",
    "dossier_mark_complete",
    "dossier_missing",
    "dossier_return",
    "dossier_submit",
    "dossier_update",
    "history_import_analyse",
    "history_import_apply",
    "history_import_create",
    "history_import_resolve",
    "history_import_start_apply",
    "history_import_unresolved",
    "item_result",
    "meeting_close",
    "meeting_create",
    "meeting_open_ballot",
    "member_seat",
    "nomination_add",
    "nomination_appraise",
    "nomination_can_go_to_council",
    "nomination_remove",
    "nomination_update",
    "nominee_person_create",
    "percent_of",
    "processing_rule_on",
    "public_comment_add",
    "recusal_declare",
    "reward_amount",
]
