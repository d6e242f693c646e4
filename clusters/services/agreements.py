"""The year's commitment agreement and each member's commitments."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from clusters.models import Agreement, ClusterYear, Commitment, Membership
from clusters.services.common import agreement_window, attach, lock_year, log, require_setup_open
from thiduakt.bounds import ensure_date
from thiduakt.models import User
from thiduakt.services import DomainError


@transaction.atomic
def agreement_save(
    *,
    cluster_year: ClusterYear,
    title: str,
    targets: str,
    signed_on: date | None,
    signed_at_place: str = "",
    upload=None,
    by: User | None,
) -> Agreement:
    """Create or update the year's agreement. Side effects: the agreement (history, file), an event."""
    cluster_year = lock_year(cluster_year)
    require_setup_open(cluster_year)
    ensure_date(signed_on, **agreement_window(cluster_year.year))
    agreement = Agreement.objects.filter(cluster_year=cluster_year).first() or Agreement(cluster_year=cluster_year)
    agreement.title, agreement.targets = title, targets
    agreement.signed_on, agreement.signed_at_place = signed_on, signed_at_place
    attach(agreement, upload)
    agreement._change_reason = _("Cập nhật giao ước thi đua")
    agreement.save()
    log(cluster_year, by, _("Cập nhật giao ước thi đua"))
    return agreement


@transaction.atomic
def commitment_save(*, membership: Membership, content: str, by: User | None) -> Commitment:
    """Record a member's commitments. Side effects: the commitment (history)."""
    require_setup_open(
        ClusterYear.objects.get(pk=membership.cluster_year_id)
    )  # as stored now, not as the caller saw it
    if not content.strip():
        raise DomainError(_("Cần ghi nội dung cam kết."))
    commitment, _created = Commitment.objects.select_for_update().get_or_create(
        membership=membership, defaults={"content": content, "updated_by": by}
    )
    commitment.content, commitment.updated_by = content, by
    commitment._change_reason = _("Cập nhật cam kết")
    commitment.save()
    return commitment
