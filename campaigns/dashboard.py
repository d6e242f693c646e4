"""Dashboard cards of campaigns (a few counts) and their inbox: campaigns with late units (staff), a unit's
registrations to send and reports due. Constant queries."""

from datetime import timedelta

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from campaigns.models import (
    ACTIVE_STATUSES,
    REGISTRATION_STATUSES,
    REPORTING_ROLES,
    Campaign,
    Participant,
    ProgressReport,
    Registration,
    ReportDue,
)
from thiduakt.navigation import INBOX_LIMIT, Card, InboxItem, calendar_item, capped


def cards(user) -> list[Card]:
    result = []
    today = timezone.localdate()
    if user.is_department_staff:
        counts = Campaign.objects.aggregate(active=Count("pk", filter=Q(status__in=ACTIVE_STATUSES)))
        pending = Registration.objects.filter(status=Registration.Status.SUBMITTED).count()
        result += [
            Card(_("Phong trào đang triển khai"), counts["active"], url=reverse("campaigns:list"), icon="flag"),
            Card(_("Bản đăng ký thi đua chờ duyệt"), pending, url=reverse("campaigns:list"), icon="clipboard-check"),
        ]
    if user.is_unit_officer and user.unit_id:
        dues = ReportDue.objects.filter(
            campaign__status__in=ACTIVE_STATUSES, campaign__participants__unit_id=user.unit_id, due_on__lt=today
        ).exclude(
            pk__in=ProgressReport.objects.filter(unit_id=user.unit_id, status=ProgressReport.Status.SUBMITTED).values(
                "due_id"
            )
        )
        result.append(
            Card(
                _("Báo cáo phong trào quá hạn"),
                dues.count(),
                url=reverse("campaigns:mine"),
                icon="exclamation-triangle",
            )
        )
    return result


# ---------------------------------------------------------------------------
# Inbox (calendar days: a campaign's report dates are the plan's own)
# ---------------------------------------------------------------------------

REPORT_HORIZON_DAYS = 30  # a unit sees the reports due within a month, and every overdue one


def inbox(user) -> list[InboxItem]:
    today = timezone.localdate()
    items = []
    if user.is_department_staff:
        items += _late_units(today)
    if user.is_unit_officer and user.unit_id:
        items += _registrations_to_send(user.unit_id)
        items += _reports_due(user.unit_id, today)
    return items


def _missing_reports(today, unit_ref) -> QuerySet:
    """The past report dates of a campaign for which ``unit_ref``'s unit has sent nothing."""
    submitted = ProgressReport.objects.filter(
        due_id=OuterRef("pk"), unit_id=unit_ref, status=ProgressReport.Status.SUBMITTED
    )
    return ReportDue.objects.filter(campaign_id=OuterRef("campaign_id"), due_on__lt=today).exclude(Exists(submitted))


def _late_units(today) -> list[InboxItem]:
    """Staff: each active campaign with units late with a report, how many, since when (1 query)."""
    oldest = _missing_reports(today, OuterRef(OuterRef("unit_id"))).order_by("due_on").values("due_on")[:1]
    late = (
        Participant.objects.filter(campaign__status__in=ACTIVE_STATUSES, role__in=REPORTING_ROLES)
        .annotate(since=Subquery(oldest))
        .filter(since__isnull=False)
    )
    rows = list(
        late.values("campaign_id", "campaign__name")
        .annotate(units=Count("pk"), oldest=Min("since"))
        .order_by("oldest", "campaign_id")[: INBOX_LIMIT + 1]
    )
    rows, more = capped(rows, title=_("Xem toàn bộ phong trào"), url=reverse("campaigns:list"), kind=_("Phong trào"))
    return [
        calendar_item(
            title=row["campaign__name"],
            url=reverse("campaigns:progress", args=[row["campaign_id"]]),
            due_on=row["oldest"],
            today=today,
            kind=_("Đơn vị trễ báo cáo"),
            note=_("%(n)s đơn vị chưa gửi báo cáo đã quá hạn") % {"n": row["units"]},
        )
        for row in rows
    ] + more


def _registrations_to_send(unit_id) -> list[InboxItem]:
    """The campaigns open for registration where the unit has not sent its registration (1 query)."""
    registration = Registration.objects.filter(campaign_id=OuterRef("pk"), unit_id=unit_id)
    rows = list(
        Campaign.objects.filter(status__in=REGISTRATION_STATUSES, participants__unit_id=unit_id)
        .annotate(
            registration_status=Subquery(registration.values("status")[:1]),
            return_reason=Subquery(registration.values("return_reason")[:1]),
        )
        .filter(
            Q(registration_status__isnull=True)
            | Q(registration_status__in=[Registration.Status.DRAFT, Registration.Status.RETURNED])
        )
        .order_by("start_date", "id")[: INBOX_LIMIT + 1]
    )
    rows, more = capped(
        rows, title=_("Xem các phong trào của đơn vị"), url=reverse("campaigns:mine"), kind=_("Phong trào")
    )
    notes = {
        None: _("Đơn vị chưa đăng ký thi đua"),
        Registration.Status.DRAFT: _("Bản đăng ký đang soạn, chưa gửi"),
    }
    return [
        InboxItem(
            title=campaign.name,
            url=reverse("campaigns:register", args=[campaign.pk]),
            kind=_("Đăng ký thi đua"),
            note=notes.get(campaign.registration_status)
            or _("Bị trả lại: %(reason)s") % {"reason": Truncator(campaign.return_reason).chars(160)},
        )
        for campaign in rows
    ] + more


def _reports_due(unit_id, today) -> list[InboxItem]:
    """The unit's progress reports not sent, overdue or due within the horizon, the oldest first (1 query)."""
    mine = ProgressReport.objects.filter(due_id=OuterRef("pk"), unit_id=unit_id)
    rows = list(
        ReportDue.objects.filter(
            campaign__status__in=ACTIVE_STATUSES,
            campaign__participants__unit_id=unit_id,
            campaign__participants__role__in=REPORTING_ROLES,
            due_on__lte=today + timedelta(days=REPORT_HORIZON_DAYS),
        )
        .exclude(Exists(mine.filter(status=ProgressReport.Status.SUBMITTED)))
        .annotate(drafted=Exists(mine))
        .select_related("campaign")
        .order_by("due_on", "id")[: INBOX_LIMIT + 1]
    )
    rows, more = capped(
        rows, title=_("Xem các phong trào của đơn vị"), url=reverse("campaigns:mine"), kind=_("Báo cáo")
    )
    return [
        calendar_item(
            title=f"{due.label} — {due.campaign.name}",
            url=reverse("campaigns:report_edit", args=[due.pk]),
            due_on=due.due_on,
            today=today,
            kind=_("Báo cáo tiến độ phong trào"),
            note=_("Báo cáo đang soạn, chưa gửi") if due.drafted else "",
        )
        for due in rows
    ] + more
