from django.urls import reverse
from django.utils.translation import gettext as _

from clusters.models import ClusterYear, Membership
from thiduakt.navigation import Card


def cards(user) -> list[Card]:
    """Staff: clusters whose ranking is not yet published; officers: their unit's unsubmitted score sheets."""
    if user.is_department_staff:
        open_years = ClusterYear.objects.filter(scoring_status=ClusterYear.ScoringStatus.OPEN).count()
        return [Card(_("Cụm, khối chưa công bố xếp hạng"), open_years, url=reverse("clusters:list"), icon="diagram-3")]
    if user.is_unit_officer and user.unit_id:
        waiting = Membership.objects.filter(
            unit_id=user.unit_id,
            submitted_at__isnull=True,
            cluster_year__scoring_status=ClusterYear.ScoringStatus.OPEN,
        ).count()
        return [Card(_("Bảng chấm điểm cụm, khối chưa nộp"), waiting, url=reverse("clusters:list"), icon="diagram-3")]
    return []
