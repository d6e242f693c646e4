"""Dashboard figures of awards: what is asked of a unit's officers (and the council's cards)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from awards.council_dashboard import cards as council_cards
from awards.models import Dossier
from thiduakt.navigation import Card


def cards(user) -> list[Card]:
    """A unit officer's dossiers to act on. (Staff find the dossiers waiting and overdue in the reports
    app's cards: one place for those figures.)"""
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
    return result + council_cards(user)  # issue 5: council and decisions
