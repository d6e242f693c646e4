"""Dashboard figures of awards part 2: what waits for the council and for a decision (constant queries)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from awards.council_models import Decision, Meeting
from awards.models import Nomination
from thiduakt.navigation import Card


def cards(user) -> list[Card]:
    result = []
    if user.is_department_staff:
        figures = Nomination.objects.aggregate(
            council=Count("pk", filter=Q(status=Nomination.Status.READY_FOR_COUNCIL)),
            decision=Count(
                "pk",
                filter=Q(
                    status__in=[Nomination.Status.COUNCIL_PASSED, Nomination.Status.READY_FOR_DECISION],
                    award__central_level=False,
                ),
            ),
        )
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
