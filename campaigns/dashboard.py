"""Dashboard cards of campaigns: a few counts, constant queries."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import ACTIVE_STATUSES, Campaign, ProgressReport, Registration, ReportDue
from thiduakt.navigation import Card


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
