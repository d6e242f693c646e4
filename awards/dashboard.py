"""Dashboard figures of awards (constant queries): what is asked of a unit's officers, what waits for the
council and for a decision (staff), the meetings whose ballot is open (council members).

Staff find the dossiers waiting and overdue in the reports app's cards: one place for those figures.
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from awards.models import Decision, Dossier, Meeting, Nomination
from thiduakt.navigation import Card


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
