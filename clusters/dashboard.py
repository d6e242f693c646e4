"""Dashboard cards of clusters, and a unit's self-score sheets still to send in its inbox (constant queries)."""

from django.db.models import F
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from clusters.models import ClusterYear, Membership
from thiduakt.navigation import INBOX_LIMIT, Card, InboxItem, capped


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


def inbox(user) -> list[InboxItem]:
    """Officers: the unit's self-score sheets not sent while their cluster's scoring is open, those returned
    by the cluster first (1 query). A cluster's regulation sets its own day: none is held, so no deadline."""
    if not (user.is_unit_officer and user.unit_id):
        return []
    rows = list(
        Membership.objects.filter(
            unit_id=user.unit_id,
            submitted_at__isnull=True,
            cluster_year__scoring_status=ClusterYear.ScoringStatus.OPEN,
        )
        .select_related("cluster_year__cluster")
        .order_by(F("returned_at").desc(nulls_last=True), "-cluster_year__year", "id")[: INBOX_LIMIT + 1]
    )
    rows, more = capped(rows, title=_("Xem toàn bộ cụm, khối"), url=reverse("clusters:list"), kind=_("Cụm, khối"))
    return [
        InboxItem(
            title=str(membership.cluster_year),
            url=reverse("clusters:score_sheet", args=[membership.pk]),
            kind=_("Bảng tự chấm điểm cụm, khối"),
            note=_("Bị trả lại: %(reason)s") % {"reason": Truncator(membership.return_reason).chars(160)}
            if membership.returned_at
            else _("Chưa nộp bảng tự chấm điểm"),
        )
        for membership in rows
    ] + more
