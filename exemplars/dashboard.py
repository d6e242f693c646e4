from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from exemplars.models import Stage
from exemplars.selectors import exemplars_visible_to
from thiduakt.navigation import Card


def cards(user) -> list[Card]:
    """One query: live exemplars the user sees, and how many wait for a review."""
    if not (user.is_department_staff or (user.is_unit_officer and user.unit_id)):
        return []
    counts = (
        exemplars_visible_to(user)
        .select_related(None)
        .aggregate(
            live=Count("id", filter=~Q(stage=Stage.DROPPED)),
            published=Count("id", filter=Q(is_published=True)),
        )
    )
    url = reverse("exemplars:list")
    return [
        Card(_("Điển hình đang theo dõi"), counts["live"], url=url, icon="star"),
        Card(_("Điển hình đã công bố"), counts["published"], url=reverse("exemplars:gallery"), icon="globe"),
    ]
