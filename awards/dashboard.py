"""Dashboard figures and inbox of awards (constant queries).

Cards: what is asked of a unit's officers, what waits for the council and for a decision (staff), the
meetings whose ballot is open (council members); staff find the dossiers waiting and overdue in the reports
app's cards: one place for those figures.

Inbox: staff's dossiers to receive and appraise (working days left of the processing time), disclosure
windows closing, meetings to prepare, decisions to sign; a unit's dossiers returned and in draft; a council
member's next meeting, documents to read and ballots to cast.
"""

from collections import defaultdict

from django.db.models import Case, Count, Exists, F, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from awards.models import (
    AgendaItem,
    Attachment,
    Award,
    BallotReceipt,
    CouncilMember,
    Decision,
    Dossier,
    Meeting,
    MeetingDocumentRead,
    Nomination,
    Recusal,
)
from awards.workdays import holidays_around, working_days_between
from thiduakt.navigation import INBOX_LIMIT, SOON, Card, InboxItem, calendar_item, capped


def cards(user) -> list[Card]:
    result = []
    if user.is_unit_officer and user.unit_id:
        figures = Dossier.objects.filter(unit_id=user.unit_id).aggregate(
            returned=Count("pk", filter=Q(status=Dossier.Status.RETURNED)),
            drafts=Count("pk", filter=Q(status=Dossier.Status.DRAFT)),
        )
        url = reverse("awards:dossier_list")
        result += [
            Card(
                _("Hồ sơ bị trả lại, cần bổ sung"),
                figures["returned"],
                url=f"{url}?status=returned",
                icon="arrow-return-left",
            ),
            Card(_("Hồ sơ đang soạn"), figures["drafts"], url=f"{url}?status=draft", icon="pencil-square"),
        ]
    if user.is_department_staff:
        queued = [
            Nomination.Status.READY_FOR_COUNCIL,
            Nomination.Status.COUNCIL_PASSED,
            Nomination.Status.READY_FOR_DECISION,
        ]
        # Grouped by (status, award) from the index on those two columns alone (an index-only scan): a count of
        # the rows' ids, or a join to the catalogue for each row, would read every queued nomination's row.
        queues = (
            Nomination.objects.filter(status__in=queued).values_list("status", "award_id").annotate(n=Count("award_id"))
        )
        central = set(Award.objects.filter(central_level=True).values_list("pk", flat=True))
        figures = {"council": 0, "decision": 0}
        for status, award_id, n in queues.order_by():
            if status == Nomination.Status.READY_FOR_COUNCIL:
                figures["council"] += n
            elif award_id not in central:
                figures["decision"] += n
        drafts = Decision.objects.filter(status=Decision.Status.DRAFT).count()
        result += [
            Card(
                _("Đối tượng chờ Hội đồng xét"), figures["council"], url=reverse("awards:meeting_list"), icon="people"
            ),
            Card(
                _("Đối tượng chờ ra quyết định"),
                figures["decision"],
                url=reverse("awards:decision_create"),
                icon="file-earmark-plus",
            ),
            Card(
                _("Dự thảo quyết định chưa ký"),
                drafts,
                url=reverse("awards:decision_list") + "?status=draft",
                icon="pencil-square",
            ),
        ]
    if user.is_council_member:
        voting = Meeting.objects.filter(status=Meeting.Status.VOTING, term__members__user=user).distinct().count()
        result.append(
            Card(_("Phiên họp đang bỏ phiếu"), voting, url=reverse("awards:meeting_list"), icon="check2-square")
        )
    return result


# ---------------------------------------------------------------------------
# Inbox
# ---------------------------------------------------------------------------


def _day(day) -> str:
    return date_format(day, "d/m/Y")


def inbox(user) -> list[InboxItem]:
    today = timezone.localdate()
    items = []
    if user.is_department_staff:
        items += _staff_clocks(today)
        items += _staff_meetings(today)
        items += _staff_decisions()
    if user.is_unit_officer and user.unit_id:
        items += _unit_dossiers(user.unit_id, today)
    if user.is_council_member:
        items += _council(user, today)
    return items


def _staff_clocks(today) -> list[InboxItem]:
    """What runs on the working-day clock (3 queries): the dossiers waiting for staff, the nearest deadline
    first (received: completeness to check within the days to return an incomplete one; complete: the
    appraisal days), and the public comment windows open today, one line per closing day."""
    dossiers = list(
        Dossier.objects.filter(status__in=Dossier.AWAITING)
        .select_related("unit")
        .order_by(F("due_on").asc(nulls_last=True), "received_on", "id")[: INBOX_LIMIT + 1]
    )
    dossiers, more = capped(
        dossiers, title=_("Xem toàn bộ hồ sơ chờ tiếp nhận, thẩm định"), url=reverse("awards:queue"), kind=_("Hồ sơ")
    )
    windows = list(
        Nomination.objects.filter(disclosure_opens_on__lte=today, disclosure_closes_on__gte=today)
        .values("disclosure_closes_on")
        .annotate(count=Count("pk"))
        .order_by("disclosure_closes_on")[:INBOX_LIMIT]
    )
    dues = [d.due_on for d in dossiers if d.due_on] + [w["disclosure_closes_on"] for w in windows]
    holidays = holidays_around(today, max(abs((due - today).days) for due in dues) + 1) if dues else set()
    items = []
    for dossier in dossiers:
        notes = [dossier.unit.name]
        if dossier.late_pending:
            notes.append(_("gửi sau hạn %(day)s, cần quyết định nhận hay không") % {"day": _day(dossier.deadline_on)})
        items.append(
            InboxItem(
                title=str(dossier),
                url=reverse("awards:dossier_detail", args=[dossier.pk]),
                due_on=dossier.due_on,
                days_left=working_days_between(today, dossier.due_on, holidays) if dossier.due_on else None,
                working_days=True,
                kind=_("Tiếp nhận hồ sơ") if dossier.complete_on is None else _("Thẩm định hồ sơ"),
                note=" · ".join(notes),
            )
        )
    url = reverse("awards:disclosure_list")
    for window in windows:
        closes_on = window["disclosure_closes_on"]
        items.append(
            InboxItem(
                title=_("%(n)s đối tượng đang công khai lấy ý kiến") % {"n": window["count"]},
                url=url,
                due_on=closes_on,
                days_left=working_days_between(today, closes_on, holidays),
                working_days=True,
                kind=_("Công khai lấy ý kiến"),
                note=_("Kết thúc hết ngày %(day)s; sau đó đưa vào phiên họp Hội đồng") % {"day": _day(closes_on)},
            )
        )
    return items + more


def _staff_meetings(today) -> list[InboxItem]:
    """Council meetings still being prepared (ballot not opened), the soonest first (1 query)."""
    rows = list(
        Meeting.objects.filter(status=Meeting.Status.DRAFT)
        .annotate(item_count=Count("items"))
        .order_by("date", "id")[: INBOX_LIMIT + 1]
    )
    rows, more = capped(
        rows, title=_("Xem toàn bộ phiên họp Hội đồng"), url=reverse("awards:meeting_list"), kind=_("Phiên họp")
    )
    items = []
    for meeting in rows:
        if meeting.item_count:
            note = _("%(n)s đối tượng trong chương trình, chưa mở bỏ phiếu") % {"n": meeting.item_count}
        else:
            note = _("Chưa có đối tượng nào trong chương trình")
        items.append(
            calendar_item(
                title=meeting.title,
                url=reverse("awards:meeting_detail", args=[meeting.pk]),
                due_on=meeting.date,
                today=today,
                kind=_("Chuẩn bị phiên họp Hội đồng"),
                note=note,
            )
        )
    return items + more


def _staff_decisions() -> list[InboxItem]:
    """Drafted decisions not yet signed, the oldest draft first (1 query); the law sets no day for them."""
    rows = list(Decision.objects.filter(status=Decision.Status.DRAFT).order_by("created_at", "id")[: INBOX_LIMIT + 1])
    rows, more = capped(
        rows,
        title=_("Xem toàn bộ dự thảo quyết định"),
        url=reverse("awards:decision_list") + "?status=draft",
        kind=_("Quyết định"),
    )
    return [
        InboxItem(
            title=decision.subject,
            url=reverse("awards:decision_detail", args=[decision.pk]),
            kind=_("Quyết định chờ ký"),
            note=_("Dự thảo soạn ngày %(day)s") % {"day": _day(timezone.localtime(decision.created_at))},
        )
        for decision in rows
    ] + more


def _unit_dossiers(unit_id, today) -> list[InboxItem]:
    """The unit's dossiers that came back for completion, then its drafts (with their campaign's deadline
    for dossiers when there is one), 1 query."""
    rows = list(
        Dossier.objects.filter(unit_id=unit_id, status__in=Dossier.EDITABLE)
        .select_related("campaign")
        .annotate(back=Case(When(status=Dossier.Status.RETURNED, then=Value(0)), default=Value(1)))
        .order_by("back", "created_at", "id")[: INBOX_LIMIT + 1]
    )
    rows, more = capped(
        rows,
        title=_("Xem toàn bộ hồ sơ của đơn vị"),
        url=reverse("awards:dossier_list"),
        kind=_("Hồ sơ"),
    )
    items = []
    for dossier in rows:
        url = reverse("awards:dossier_detail", args=[dossier.pk])
        if dossier.status == Dossier.Status.RETURNED:
            items.append(
                InboxItem(
                    title=str(dossier),
                    url=url,
                    kind=_("Hồ sơ bị trả lại, cần bổ sung"),
                    note=Truncator(dossier.return_reason).chars(160),
                )
            )
        else:
            deadline = dossier.campaign.dossier_deadline if dossier.campaign_id else None
            items.append(
                calendar_item(
                    title=str(dossier),
                    url=url,
                    due_on=deadline,
                    today=today,
                    kind=_("Hồ sơ đang soạn, chưa gửi"),
                    note=_("Hạn nộp hồ sơ của phong trào %(day)s") % {"day": _day(deadline)} if deadline else "",
                )
            )
    return items + more


def _council(user, today) -> list[InboxItem]:
    """A member's next meeting, then for each meeting whose ballot is open the documents still unread and the
    nominees still to vote on (5 queries whatever the number of meetings, nominees and documents)."""
    terms = list(CouncilMember.objects.filter(user=user).values_list("term_id", flat=True))
    if not terms:
        return []
    meetings = list(
        Meeting.objects.filter(term_id__in=terms)
        .filter(Q(status=Meeting.Status.VOTING) | Q(status=Meeting.Status.DRAFT, date__gte=today))
        .order_by("date", "id")[:INBOX_LIMIT]
    )
    if not meetings:
        return []
    items = []
    upcoming = [m for m in meetings if m.date >= today]
    if upcoming:
        meeting = upcoming[0]
        drafted = meeting.status == Meeting.Status.DRAFT
        notes = [meeting.location] if meeting.location else []
        if drafted:
            notes.append(_("Chương trình phiên họp đang được chuẩn bị"))
        items.append(
            calendar_item(
                title=meeting.title,
                # A member opens a meeting once its agenda is final (the ballot opened).
                url="" if drafted else reverse("awards:meeting_room", args=[meeting.pk]),
                due_on=meeting.date,
                today=today,
                kind=_("Phiên họp sắp tới"),
                note=" · ".join(notes),
            )
        )
    voting = {m.pk: m for m in meetings if m.status == Meeting.Status.VOTING and m.archived_at is None}
    if not voting:
        return items
    agenda = list(
        AgendaItem.objects.filter(meeting_id__in=voting)
        .annotate(
            voted=Exists(BallotReceipt.objects.filter(item=OuterRef("pk"), member__user=user)),
            recused=Exists(Recusal.objects.filter(item=OuterRef("pk"), member__user=user)),
        )
        .values_list("meeting_id", "nomination_id", "nomination__dossier_id", "voted", "recused")
    )
    nominations = {row[1] for row in agenda}
    dossiers = {row[2] for row in agenda}
    documents = list(
        Attachment.objects.filter(
            Q(nomination_id__in=nominations) | Q(nomination__isnull=True, dossier_id__in=dossiers)
        ).values_list("pk", "nomination_id", "dossier_id")
    )
    read = set(
        MeetingDocumentRead.objects.filter(meeting_id__in=voting, by=user).values_list("meeting_id", "attachment_id")
    )
    per_meeting = defaultdict(lambda: {"nominations": set(), "dossiers": set(), "to_vote": 0})
    for meeting_id, nomination_id, dossier_id, voted, recused in agenda:
        entry = per_meeting[meeting_id]
        entry["nominations"].add(nomination_id)
        entry["dossiers"].add(dossier_id)
        entry["to_vote"] += not voted and not recused
    for meeting_id, meeting in voting.items():
        entry = per_meeting[meeting_id]
        # The reading room's documents (awards.services.meeting_documents): each nominee's, and the dossier-wide
        # ones of their dossiers.
        ids = {
            pk
            for pk, nomination_id, dossier_id in documents
            if nomination_id in entry["nominations"] or (nomination_id is None and dossier_id in entry["dossiers"])
        }
        unread = len(ids - {attachment for m, attachment in read if m == meeting_id})
        # Until the meeting, its day is the deadline; once it has met and the ballot is still open, the
        # ballot is due now (no "overdue by a year" for a ballot staff left open).
        if meeting.date >= today:
            when = {"due_on": meeting.date, "today": today, "note": meeting.title}
        else:
            when = {
                "due_on": None,
                "today": today,
                "severity": SOON,
                "note": _("%(title)s, họp ngày %(day)s, đang bỏ phiếu")
                % {"title": meeting.title, "day": _day(meeting.date)},
            }
        url = reverse("awards:meeting_room", args=[meeting_id])
        if unread:
            items.append(
                calendar_item(
                    title=_("Còn %(n)s/%(total)s tài liệu chưa đọc") % {"n": unread, "total": len(ids)},
                    url=url,
                    kind=_("Tài liệu cần đọc"),
                    **when,
                )
            )
        if entry["to_vote"]:
            items.append(
                calendar_item(
                    title=_("%(n)s đối tượng chờ bạn bỏ phiếu") % {"n": entry["to_vote"]},
                    url=url,
                    kind=_("Phiếu bầu đang mở"),
                    **when,
                )
            )
    return items
