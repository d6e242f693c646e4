"""Who may do what in awards (django-rules): dossiers and nominations, council meetings and ballots,
decisions. ``awards.selectors`` mirrors these for lists."""

import rules

from awards.models import CouncilMember, Dossier
from thiduakt.rules import is_council_member, is_department_staff, is_unit_officer


@rules.predicate
def is_dossier_unit_officer(user, dossier):
    return bool(dossier is not None and user.is_unit_officer and dossier.unit_id == user.unit_id)


@rules.predicate
def is_dossier_editable(user, dossier):
    return bool(dossier is not None and dossier.status in Dossier.EDITABLE)


@rules.predicate
def is_dossier_awaiting_appraisal(user, dossier):
    return bool(dossier is not None and dossier.status in Dossier.AWAITING)


can_read_dossier = is_department_staff | (is_unit_officer & is_dossier_unit_officer)
rules.add_perm("awards.use_dossiers", is_department_staff | is_unit_officer)
rules.add_perm("awards.create_dossier", is_unit_officer)
rules.add_perm("awards.read_dossier", can_read_dossier)
rules.add_perm("awards.edit_dossier", is_unit_officer & is_dossier_unit_officer & is_dossier_editable)
rules.add_perm("awards.appraise_dossier", is_department_staff & is_dossier_awaiting_appraisal)
rules.add_perm("awards.manage_appraisal", is_department_staff)
rules.add_perm("awards.import_history", is_department_staff)
# The evidence the eligibility check reads (ratings, initiatives, discipline, matters pending, confirmations).
rules.add_perm("awards.manage_evidence", is_department_staff)

# ---------------------------------------------------------------------------
# Council meetings, ballots and decisions
# ---------------------------------------------------------------------------


@rules.predicate
def sits_on_meeting(user, meeting):
    return bool(
        meeting is not None
        and user.is_authenticated
        and user.is_council_member
        and meeting.term.members.filter(user=user).exists()
    )


@rules.predicate
def meeting_is_published(user, meeting):
    """Members see a meeting once its ballot is open (the agenda is final)."""
    return bool(meeting is not None and meeting.status != meeting.Status.DRAFT)


@rules.predicate
def meeting_is_voting(user, meeting):
    return bool(meeting is not None and meeting.status == meeting.Status.VOTING)


@rules.predicate
def meeting_is_closed(user, meeting):
    return bool(meeting is not None and meeting.status == meeting.Status.CLOSED)


@rules.predicate
def is_meeting_secretary(user, meeting):
    return bool(
        meeting is not None
        and user.is_authenticated
        and meeting.term.members.filter(user=user, role=CouncilMember.Role.SECRETARY).exists()
    )


can_read_meeting = is_department_staff | (is_council_member & sits_on_meeting & meeting_is_published)

rules.add_perm("awards.use_meetings", is_department_staff | is_council_member)
rules.add_perm("awards.manage_meetings", is_department_staff)
rules.add_perm("awards.read_meeting", can_read_meeting)
rules.add_perm("awards.vote_meeting", is_council_member & sits_on_meeting & meeting_is_voting)
rules.add_perm("awards.record_paper_ballots", (is_department_staff | is_meeting_secretary) & meeting_is_voting)
rules.add_perm("awards.read_meeting_results", can_read_meeting & meeting_is_closed)
rules.add_perm("awards.manage_decisions", is_department_staff)
