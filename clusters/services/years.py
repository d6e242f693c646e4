"""Clusters, their years and members, and the year's documents."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from clusters.models import Cluster, ClusterDocument, ClusterYear, Membership, RotationProposal
from clusters.selectors import memberships_ordered, table_total
from clusters.services.common import attach, lock_year, log, require_setup_open
from clusters.services.scoring import copy_table
from thiduakt.bounds import ensure_number
from thiduakt.models import OrgUnit, User
from thiduakt.selectors import successors_of, units_as_of
from thiduakt.services import DomainError


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def units_of_year(year: int):
    """The units in force at some time in ``year``: what a cluster year may have as members."""
    return units_as_of(*year_bounds(year))


@dataclass(frozen=True)
class ClosedMember:
    """A member of the year before that closed before the new year starts, and who could carry it on."""

    membership: Membership
    proposed: list[OrgUnit]  # its successors in force on 1 January (the one it merged into first); may be empty


def year_closed_members(*, cluster: Cluster, year: int) -> list[ClosedMember]:
    """The members of the latest year before ``year`` that no longer exist on 1 January of ``year``.

    Opening ``year`` copies these only as staff confirm (``cluster_year_create(successors=…)``): each
    comes with its successors under the unit registry (a district of 2025 with every commune and ward
    that carries it on), for staff to keep, change or drop.
    """
    previous = ClusterYear.objects.filter(cluster=cluster, year__lt=year).order_by("-year").first()
    if previous is None:
        return []
    start = date(year, 1, 1)
    return [
        ClosedMember(membership=m, proposed=successors_of(m.unit, start))
        for m in memberships_ordered(previous)
        if m.unit.valid_to is not None and m.unit.valid_to < start
    ]


def _closed_text(unit: OrgUnit, replacements: list[OrgUnit]) -> str:
    names = ", ".join(u.name for u in replacements) or _("không có đơn vị kế thừa")
    return f"{unit.name} → {names}"


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
    *,
    cluster: Cluster,
    year: int,
    by: User | None,
    units: list[OrgUnit] | None = None,
    successors: dict[int, list[OrgUnit]] | None = None,
) -> ClusterYear:
    """Open a year of a cluster.

    Members are copied from the latest earlier year, in its rotation order,
    with the number of awards to propose, the tie-break rules and the scoring
    table; ``units`` are added. A member that closed before 1 January of
    ``year`` (a merger, the 2025 reorganisation) is never carried silently:
    ``successors`` maps each such unit's id (``year_closed_members``) to the
    units staff confirmed in its place (an empty list leaves it out); without
    that confirmation, or when it no longer matches, nothing is written. The
    head and deputy come from the confirmed rotation proposal of the year before.
    Side effects: the year, its memberships, its copied criteria, an event naming the replacements.
    """
    Cluster.objects.select_for_update().get(pk=cluster.pk)
    if ClusterYear.objects.filter(cluster=cluster, year=year).exists():
        raise DomainError(_("Cụm đã có năm %(year)s.") % {"year": year})
    closed = {c.membership.unit_id: c for c in year_closed_members(cluster=cluster, year=year)}
    if closed and successors is None:
        raise DomainError(
            _(
                "Năm %(year)s: đơn vị thành viên năm trước đã ngừng hoạt động (%(units)s). "
                "Hãy xem đề xuất đơn vị kế thừa và xác nhận trước khi mở năm."
            )
            % {"year": year, "units": ", ".join(c.membership.unit.name for c in closed.values())}
        )
    successors = successors or {}
    if set(successors) != set(closed):
        raise DomainError(_("Danh sách đơn vị đã ngừng hoạt động đã thay đổi; hãy xem lại đề xuất đơn vị kế thừa."))
    in_year = set(units_of_year(year).values_list("pk", flat=True))
    for unit in [u for chosen in successors.values() for u in chosen] + list(units or []):
        if unit.pk not in in_year:
            raise DomainError(_("%(unit)s không hoạt động trong năm %(year)s.") % {"unit": unit.name, "year": year})
    previous = ClusterYear.objects.filter(cluster=cluster, year__lt=year).order_by("-year").first()
    cluster_year = ClusterYear.objects.create(
        cluster=cluster,
        year=year,
        flag_count=previous.flag_count if previous else 1,
        commendation_count=previous.commendation_count if previous else 2,
        tie_break=previous.tie_break if previous else ClusterYear._meta.get_field("tie_break").default,
    )
    added: dict[int, Membership] = {}
    carried = []

    def add(unit: OrgUnit) -> None:
        if unit.pk not in added:
            added[unit.pk] = Membership.objects.create(
                cluster_year=cluster_year, unit=unit, rotation_position=len(added) + 1
            )

    if previous:
        for old in memberships_ordered(previous):
            replacements = successors[old.unit_id] if old.unit_id in closed else [old.unit]
            if old.unit_id in closed:
                carried.append(_closed_text(old.unit, replacements))
            for unit in replacements:
                add(unit)
        copy_table(source=previous, target=cluster_year)
    for unit in units or []:
        add(unit)
    note = _("Đơn vị kế thừa do cán bộ xác nhận: %(list)s") % {"list": "; ".join(carried)} if carried else ""
    if previous:
        confirmed = previous.rotation_proposals.filter(status=RotationProposal.Status.CONFIRMED).first()
        if confirmed:
            apply_rotation(cluster_year, confirmed)
    log(cluster_year, by, _("Mở năm %(year)s") % {"year": year}, note)
    return cluster_year


@transaction.atomic
def cluster_year_configure(
    *,
    cluster_year: ClusterYear,
    flag_count: int,
    commendation_count: int,
    tie_break: list[str],
    table_max: Decimal | None = None,
    by: User | None,
) -> ClusterYear:
    """Set how many units the cluster may propose, the table's declared maximum and the tie-break rules.

    Side effects: the year (history).
    """
    cluster_year = lock_year(cluster_year)
    require_setup_open(cluster_year)
    if table_max is not None:
        ensure_number(table_max, low=(table_total(cluster_year), _("tổng điểm tối đa các tiêu chí đã có")))
        ensure_number(table_max, low=(Decimal("0.01"), _("mức tối thiểu")))
        cluster_year.table_max = table_max
    cluster_year.flag_count, cluster_year.commendation_count = flag_count, commendation_count
    cluster_year.tie_break = ",".join(tie_break)
    cluster_year._change_reason = _("Cấu hình số lượng đề nghị và quy tắc phân định")
    cluster_year.save()
    log(cluster_year, by, _("Cấu hình năm"), cluster_year.tie_break)
    return cluster_year


@transaction.atomic
def membership_add(*, cluster_year: ClusterYear, unit: OrgUnit, by: User | None) -> Membership:
    """Add a unit in force in the year to it. Side effects: a membership, an event."""
    cluster_year = lock_year(cluster_year)
    require_setup_open(cluster_year)
    if cluster_year.memberships.filter(unit=unit).exists():
        raise DomainError(_("%(unit)s đã là thành viên.") % {"unit": unit})
    if not units_of_year(cluster_year.year).filter(pk=unit.pk).exists():
        raise DomainError(
            _("%(unit)s không hoạt động trong năm %(year)s.") % {"unit": unit.name, "year": cluster_year.year}
        )
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
    require_setup_open(cluster_year)
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
    """Give next year's head and deputy their roles. A unit that closed before that year passes its role to
    the first of its successors staff kept as a member; with none, the role waits for staff (recorded)."""
    start = date(next_year.year, 1, 1)
    for unit, role in ((proposal.head, Membership.Role.HEAD), (proposal.deputy, Membership.Role.DEPUTY)):
        if unit is None:
            continue
        if unit.valid_to is not None and unit.valid_to < start:
            members = set(next_year.memberships.values_list("unit_id", flat=True))
            carrier = next((u for u in successors_of(unit, start) if u.pk in members), None)
            if carrier is None:
                log(
                    next_year,
                    proposal.confirmed_by,
                    _("%(role)s đã xác nhận (%(unit)s) đã ngừng hoạt động: cần phân công lại.")
                    % {"role": Membership.Role(role).label, "unit": unit.name},
                )
                continue
            unit = carrier
        if not next_year.memberships.filter(unit=unit).exists():
            Membership.objects.create(cluster_year=next_year, unit=unit)
        membership_set_role(cluster_year=next_year, unit=unit, role=role, by=proposal.confirmed_by)
