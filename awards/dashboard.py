"""Dashboard figures of awards: what waits for staff, what is asked of a unit's officers."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.council_dashboard import cards as council_cards
from awards.models import Dossier
from thiduakt.navigation import Card


def cards(user) -> list[Card]:
    result = []
    waiting = [Dossier.Status.SUBMITTED, Dossier.Status.RESUBMITTED]
    if user.is_department_staff:
        today = timezone.localdate()
        figures = Dossier.objects.aggregate(
            waiting=Count("pk", filter=Q(status__in=waiting)),
            overdue=Count("pk", filter=Q(status__in=waiting, due_on__lt=today)),
        )
        url = reverse("awards:queue")
        result += [
            Card(_("Hồ sơ chờ thẩm định"), figures["waiting"], url=url, icon="inbox"),
            Card(_("Hồ sơ quá hạn xử lý"), figures["overdue"], url=url, icon="alarm"),
        ]
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
    return result + council_cards(user)  # issue 5: council and decisions
