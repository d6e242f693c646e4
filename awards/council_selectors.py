"""Reused reads of awards part 2: meetings a user may see, decisions, packets.

Nothing here reads a ballot box: tallies are read from the agenda items, which
carry them only once the ballot is closed.
"""

from django.db.models import Count, F, Prefetch, QuerySet

from awards.council_models import AgendaItem, Attendance, Decision, DecisionRecipient, Meeting
from thiduakt.models import User


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    """Staff see every meeting; a council member the published meetings of a council they sit on."""
    meetings = Meeting.objects.select_related("term").annotate(item_count=Count("items", distinct=True))
    if user.is_authenticated and user.is_department_staff:
        return meetings
    if user.is_authenticated and user.is_council_member:
        return meetings.filter(term__members__user=user).exclude(status=Meeting.Status.DRAFT).distinct()
    return meetings.none()


def meeting_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The agenda, grouped by award (award order), with what each line shows."""
    return (
        meeting.items.select_related(
            "nomination__award", "nomination__dossier__unit", "nomination__person__unit", "nomination__unit"
        )
        .annotate(receipt_count=Count("receipts", distinct=True), recusal_count=Count("recusals", distinct=True))
        .order_by("nomination__award__order", "order", "id")
    )


def meeting_attendance(meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendance.select_related("member__user").order_by("member__order", "member_id")


def packet_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The agenda with the public comments of each nominee (the meeting packet)."""
    return meeting_items(meeting).prefetch_related(
        Prefetch("nomination__public_comments"),
    )


def decisions_visible_to(user: User) -> QuerySet[Decision]:
    decisions = (
        Decision.objects.select_related("award", "amends")
        .annotate(recipient_count=Count("recipients", distinct=True))
        .order_by(F("decision_date").desc(nulls_first=True), "-number", "-id")
    )
    if user.is_authenticated and user.is_department_staff:
        return decisions
    return decisions.none()


def decision_recipients(decision: Decision) -> QuerySet[DecisionRecipient]:
    return decision.recipients.select_related("person", "unit", "nomination__dossier__unit", "replaces__decision")


def grouped_recipients(decision: Decision) -> list[tuple[str, list[DecisionRecipient]]]:
    """Annex groups in the official order: I. TẬP THỂ, II. CÁ NHÂN, III. HỘ GIA ĐÌNH (empty groups left out),
    each sorted the Vietnamese way (individuals by given name)."""
    from django.utils.translation import gettext as _

    heads = [("collective", _("TẬP THỂ")), ("individual", _("CÁ NHÂN")), ("household", _("HỘ GIA ĐÌNH"))]
    roman = ["I", "II", "III"]
    recipients = list(decision_recipients(decision))
    groups = []
    for kind, label in heads:
        lines = sorted((r for r in recipients if r.recipient_kind == kind), key=lambda r: (r.sort_key, r.pk))
        if lines:
            groups.append((f"{roman[len(groups)]}. {label}", lines))
    return groups
