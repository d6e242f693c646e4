"""Every write of campaigns, one function each: keyword-only, atomic, recording who did what.

Status changes go through ``thiduakt.workflow.transition`` (moves declared on the status enums),
events are ``CampaignEvent`` rows, illegal actions raise ``DomainError`` in Vietnamese. By subject:
``plan`` (the plan and its set-up), ``lifecycle`` (launch to close), ``registrations``,
``reports`` (progress reports), ``reminders`` (the daily digest and staff reminders), ``reviews``, ``imports``.
"""

from campaigns.services.imports import (
    campaigns_import,
    participants_import,
    registrations_import,
)
from campaigns.services.lifecycle import (
    campaign_close,
    campaign_final_review,
    campaign_interim_review,
    campaign_launch,
    campaign_start,
    launch_gaps,
    review_cancel,
    review_update,
)
from campaigns.services.plan import (
    campaign_create,
    campaign_update,
    criterion_add,
    criterion_remove,
    group_add,
    participant_remove,
    participants_add,
    phase_add,
    quota_add,
    report_due_add,
    report_due_cancel,
    report_due_update,
    schedule_days,
    units_for_selection,
)
from campaigns.services.registrations import (
    registration_approve,
    registration_return,
    registration_save,
    registration_submit,
    registrations_approve,
    registrations_return,
)
from campaigns.services.reminders import (
    campaign_remind_late,
    campaign_remind_unregistered,
    reminders_send,
)
from campaigns.services.reports import (
    report_attach,
    report_save,
    report_submit,
)
from campaigns.services.reviews import (
    review_proposal_add,
    review_proposals_to_dossiers,
    review_result_adjust,
)

__all__ = [
    "campaign_close",
    "campaign_create",
    "campaign_final_review",
    "campaign_interim_review",
    "campaign_launch",
    "campaign_remind_late",
    "campaign_remind_unregistered",
    "campaign_start",
    "campaign_update",
    "campaigns_import",
    "criterion_add",
    "criterion_remove",
    "group_add",
    "launch_gaps",
    "participant_remove",
    "participants_add",
    "participants_import",
    "phase_add",
    "quota_add",
    "registration_approve",
    "registration_return",
    "registration_save",
    "registration_submit",
    "registrations_approve",
    "registrations_import",
    "registrations_return",
    "reminders_send",
    "report_attach",
    "report_due_add",
    "report_due_cancel",
    "report_due_update",
    "report_save",
    "report_submit",
    "review_cancel",
    "review_proposal_add",
    "review_proposals_to_dossiers",
    "review_result_adjust",
    "review_update",
    "schedule_days",
    "units_for_selection",
]
