"""Clusters, their years and members, and the year's documents."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from clusters.models import Cluster, ClusterDocument, ClusterYear, Membership, RotationProposal
from clusters.selectors import memberships_ordered, unit_successor
from clusters.services.common import attach, lock_year, log, require_open
from clusters.services.scoring import copy_table
from thiduakt.models import OrgUnit, User
from thiduakt.services import DomainError


@transaction.atomic
def cluster_save(
    *,
    cluster: Cluster | None = None,
    name: str,
    kind: str,
    description: str = "",
    rotation_rule: str = Cluster.RotationRule.FIXED_ORDER,
    by: User | None,
) -> Cluster:
    """Create a cluster/block or update one. Side effects: the cluster row (history)."""
    cluster = cluster or Cluster()
    cluster.name, cluster.kind, cluster.description, cluster.rotation_rule = name, kind, description, rotation_rule
    cluster._change_reason = _("Cập nhật thông tin cụm, khối")
    try:
        with transaction.atomic():
            cluster.save()
    except IntegrityError:
        raise DomainError(_("Đã có cụm, khối tên “%(name)s”.") % {"name": name})
    return cluster


@transaction.atomic
def cluster_year_create(
    *, cluster: Cluster, year: int, by: User | None, units: list[OrgUnit] | None = None
) -> ClusterYear:
    """Open a year of a cluster.

    Members are copied from the latest earlier year (a merged unit is
    replaced by its successor; a closed unit without successor is left
    out), with the rotation order, the number of awards to propose, the
    tie-break rules and the scoring table; ``units`` are added. The head and
    deputy come from the confirmed rotation proposal of the year before.
    Side effects: the year, its memberships, its copied criteria, an event.
    """
    Cluster.objects.select_for_update().get(pk=cluster.pk)
    if ClusterYear.objects.filter(cluster=cluster, year=year).exists():
        raise DomainError(_("Cụm đã có năm %(year)s.") % {"year": year})
    previous = ClusterYear.objects.filter(cluster=cluster, year__lt=year).order_by("-year").first()
    cluster_year = ClusterYear.objects.create(
        cluster=cluster,
        year=year,
        flag_count=previous.flag_count if previous else 1,
        commendation_count=previous.commendation_count if previous else 2,
        tie_break=previous.tie_break if previous else ClusterYear._meta.get_field("tie_break").default,
    )
    start = date(year, 1, 1)
    added: dict[int, Membership] = {}
    carried = []
    if previous:
        for old in memberships_ordered(previous).select_related("unit__merged_into"):
            unit = unit_successor(old.unit)
            if unit.valid_to and unit.valid_to < start:
                continue
            if unit.pk != old.unit_id:
                carried.append(f"{old.unit} → {unit}")
            if unit.pk not in added:
                added[unit.pk] = Membership.objects.create(
                    cluster_year=cluster_year, unit=unit, rotation_position=old.rotation_position
                )
        copy_table(source=previous, target=cluster_year)
    for unit in units or []:
        if unit.pk not in added:
            added[unit.pk] = Membership.objects.create(
                cluster_year=cluster_year, unit=unit, rotation_position=len(added) + 1
            )
    note = "; ".join(carried)
    if previous:
        confirmed = previous.rotation_proposals.filter(status=RotationProposal.Status.CONFIRMED).first()
        if confirmed:
            apply_rotation(cluster_year, confirmed)
    log(cluster_year, by, _("Mở năm %(year)s") % {"year": year}, note)
    return cluster_year


@transaction.atomic
def cluster_year_configure(
    *, cluster_year: ClusterYear, flag_count: int, commendation_count: int, tie_break: list[str], by: User | None
) -> ClusterYear:
    """Set how many units the cluster may propose and the tie-break rules. Side effects: the year (history)."""
    cluster_year = lock_year(cluster_year)
    require_open(cluster_year)
    cluster_year.flag_count, cluster_year.commendation_count = flag_count, commendation_count
    cluster_year.tie_break = ",".join(tie_break)
    cluster_year._change_reason = _("Cấu hình số lượng đề nghị và quy tắc phân định")
    cluster_year.save()
    log(cluster_year, by, _("Cấu hình năm"), cluster_year.tie_break)
    return cluster_year


@transaction.atomic
def membership_add(*, cluster_year: ClusterYear, unit: OrgUnit, by: User | None) -> Membership:
    """Add a unit to the year. Side effects: a membership, an event."""
    cluster_year = lock_year(cluster_year)
    if cluster_year.memberships.filter(unit=unit).exists():
        raise DomainError(_("%(unit)s đã là thành viên.") % {"unit": unit})
    position = cluster_year.memberships.count() + 1
    membership = Membership.objects.create(cluster_year=cluster_year, unit=unit, rotation_position=position)
    log(cluster_year, by, _("Thêm thành viên %(unit)s") % {"unit": unit})
    return membership


@transaction.atomic
def membership_set_role(*, cluster_year: ClusterYear, unit: OrgUnit, role: str, by: User | None) -> Membership:
    """Make ``unit`` the head or deputy (or a plain member); the previous holder becomes a member.

    Side effects: the memberships' roles (history), an event.
    """
    cluster_year = lock_year(cluster_year)
    membership = cluster_year.memberships.select_for_update().filter(unit=unit).first()
    if membership is None:
        raise DomainError(
            _("%(unit)s không phải thành viên của cụm năm %(year)s.") % {"unit": unit, "year": cluster_year.year}
        )
    if role != Membership.Role.MEMBER:
        for holder in cluster_year.memberships.select_for_update().filter(role=role).exclude(pk=membership.pk):
            holder.role = Membership.Role.MEMBER
            holder._change_reason = _("Chuyển vai trò cho đơn vị khác")
            holder.save()
    membership.role = role
    membership._change_reason = _("Phân công vai trò")
    membership.save()
    log(cluster_year, by, _("%(unit)s: %(role)s") % {"unit": unit, "role": Membership.Role(role).label})
    return membership


@transaction.atomic
def document_add(*, cluster_year: ClusterYear, kind: str, title: str, upload, by: User | None) -> ClusterDocument:
    """Store a document of the year. Side effects: the file (private storage), a row, an event."""
    if upload is None:
        raise DomainError(_("Cần chọn tệp."))
    document = ClusterDocument(cluster_year=cluster_year, kind=kind, title=title, uploaded_by=by)
    attach(document, upload)
    document.save()
    log(cluster_year, by, _("Tải lên văn bản: %(title)s") % {"title": title})
    return document


def apply_rotation(next_year: ClusterYear, proposal: RotationProposal) -> None:
    for unit, role in ((proposal.head, Membership.Role.HEAD), (proposal.deputy, Membership.Role.DEPUTY)):
        if unit is None:
            continue
        unit = unit_successor(unit)
        if not next_year.memberships.filter(unit=unit).exists():
            Membership.objects.create(cluster_year=next_year, unit=unit)
        membership_set_role(cluster_year=next_year, unit=unit, role=role, by=proposal.confirmed_by)
