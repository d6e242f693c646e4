"""Next year's head and deputy (rotation proposals), and the cluster-head flag passing on."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.models import Cluster, ClusterYear, FlagHandover, Membership, RotationProposal
from clusters.selectors import memberships_ordered
from clusters.services.common import attach, lock_year, log
from clusters.services.years import apply_rotation, cluster_year_create, year_closed_members
from thiduakt.bounds import current_year, ensure_date, ensure_year
from thiduakt.models import OrgUnit, User
from thiduakt.services import DomainError
from thiduakt.workflow import transition

NOT_WAITING = gettext_lazy("Đề xuất này không còn chờ xác nhận.")


def _next_in_order(ordered: list[Membership], after_unit_id: int | None, skip: set[int]) -> Membership | None:
    if not ordered:
        return None
    ids = [m.unit_id for m in ordered]
    start = ids.index(after_unit_id) + 1 if after_unit_id in ids else 0
    for i in range(len(ordered)):
        candidate = ordered[(start + i) % len(ordered)]
        if candidate.unit_id not in skip:
            return candidate
    return None


def rotation_suggest(*, cluster_year: ClusterYear) -> tuple[OrgUnit, OrgUnit | None, str]:
    """Next year's head and deputy under the cluster's rule, with the reason shown to staff.

    - Fixed order: the member after this year's head in the rotation order
      becomes head, the one after it deputy.
    - Ranking: the best-ranked member of the published ranking that is not
      this year's head becomes head, the next one deputy.
    - Elected: no suggestion; staff record the result of the vote.
    """
    rule = cluster_year.cluster.rotation_rule
    members = list(memberships_ordered(cluster_year))
    head = next((m for m in members if m.role == Membership.Role.HEAD), None)
    current_head_id = head.unit_id if head else None
    if rule == Cluster.RotationRule.FIXED_ORDER:
        new_head = _next_in_order(members, current_head_id, set())
        if new_head is None:
            raise DomainError(_("Cụm chưa có thành viên."))
        new_deputy = _next_in_order(members, new_head.unit_id, {new_head.unit_id})
        note = _("Luân phiên theo thứ tự: sau %(unit)s.") % {"unit": head.unit if head else "—"}
        return new_head.unit, new_deputy.unit if new_deputy else None, note
    if rule == Cluster.RotationRule.RANKING:
        if not cluster_year.is_published:
            raise DomainError(_("Cần công bố xếp hạng năm %(year)s trước.") % {"year": cluster_year.year})
        entries = [
            e
            for e in cluster_year.ranking_entries.select_related("membership__unit").order_by("position")
            if e.membership.unit_id != current_head_id
        ]
        if not entries:
            raise DomainError(_("Chưa có kết quả xếp hạng."))
        deputy = entries[1].membership.unit if len(entries) > 1 else None
        note = _("Theo xếp hạng năm %(year)s (không giữ cụm trưởng hai năm liền).") % {"year": cluster_year.year}
        return entries[0].membership.unit, deputy, note
    raise DomainError(_("Cụm này bầu cụm trưởng, cụm phó: hãy ghi nhận kết quả bầu."))


@transaction.atomic
def rotation_propose(*, cluster_year: ClusterYear, by: User | None) -> RotationProposal:
    """Record the suggestion of ``rotation_suggest`` as an open proposal. Side effects: a proposal, an event."""
    cluster_year = lock_year(cluster_year)
    _require_no_open_rotation(cluster_year)
    head, deputy, note = rotation_suggest(cluster_year=cluster_year)
    proposal = RotationProposal.objects.create(
        cluster_year=cluster_year,
        rule=cluster_year.cluster.rotation_rule,
        head=head,
        deputy=deputy,
        note=note,
        created_by=by,
    )
    log(
        cluster_year, by, _("Đề xuất cụm trưởng năm %(year)s: %(unit)s") % {"year": cluster_year.year + 1, "unit": head}
    )
    return proposal


def _require_no_open_rotation(cluster_year: ClusterYear) -> None:
    if cluster_year.rotation_proposals.filter(status=RotationProposal.Status.PROPOSED).exists():
        raise DomainError(_("Đã có một đề xuất đang chờ xác nhận."))
    if cluster_year.rotation_proposals.filter(status=RotationProposal.Status.CONFIRMED).exists():
        raise DomainError(_("Cụm trưởng, cụm phó năm sau đã được xác nhận."))


@transaction.atomic
def rotation_record(
    *, cluster_year: ClusterYear, head: OrgUnit, deputy: OrgUnit | None, note: str, by: User | None
) -> RotationProposal:
    """Record the result of an election (or an agreed choice) for next year. Side effects: a proposal, an event."""
    cluster_year = lock_year(cluster_year)
    _require_no_open_rotation(cluster_year)
    member_ids = set(cluster_year.memberships.values_list("unit_id", flat=True))
    if head.pk not in member_ids or (deputy and deputy.pk not in member_ids):
        raise DomainError(_("Cụm trưởng và cụm phó phải là thành viên của cụm."))
    if deputy and deputy.pk == head.pk:
        raise DomainError(_("Cụm trưởng và cụm phó phải là hai đơn vị khác nhau."))
    if not note.strip():
        raise DomainError(_("Cần ghi kết quả bầu (số phiếu, biên bản)."))
    proposal = RotationProposal.objects.create(
        cluster_year=cluster_year, rule=Cluster.RotationRule.ELECTED, head=head, deputy=deputy, note=note, created_by=by
    )
    log(
        cluster_year,
        by,
        _("Ghi nhận kết quả bầu cụm trưởng năm %(year)s: %(unit)s") % {"year": cluster_year.year + 1, "unit": head},
        note,
    )
    return proposal


@transaction.atomic
def rotation_confirm(*, proposal: RotationProposal, by: User | None) -> ClusterYear:
    """Staff confirm the proposal: next year is opened if needed and gets its head and deputy.

    Next year is opened here only when every member carries over as it is; when some closed (a merger),
    staff open it first, confirming the successors, and confirm the proposal then.
    Side effects: the proposal (confirmed, history), next year's memberships, events.
    """
    proposal = RotationProposal.objects.select_related("cluster_year__cluster").get(pk=proposal.pk)
    cluster_year = proposal.cluster_year
    following = cluster_year.year + 1
    if (
        not ClusterYear.objects.filter(cluster=cluster_year.cluster, year=following).exists()
        and proposal.status == RotationProposal.Status.PROPOSED
        and year_closed_members(cluster=cluster_year.cluster, year=following)
    ):
        raise DomainError(
            _(
                "Năm %(year)s có đơn vị thành viên đã ngừng hoạt động: hãy mở năm %(year)s và xác nhận đơn vị "
                "kế thừa trước, rồi xác nhận cụm trưởng, cụm phó."
            )
            % {"year": following}
        )
    proposal = transition(
        proposal,
        to=RotationProposal.Status.CONFIRMED,
        by=by,
        action=_("Xác nhận cụm trưởng năm %(year)s: %(unit)s") % {"year": cluster_year.year + 1, "unit": proposal.head},
        error=NOT_WAITING,
        changes={"confirmed_by": by, "confirmed_at": timezone.now()},
        events="year_events",
    )
    next_year = ClusterYear.objects.filter(cluster=cluster_year.cluster, year=cluster_year.year + 1).first()
    if next_year is None:
        next_year = cluster_year_create(cluster=cluster_year.cluster, year=cluster_year.year + 1, by=by)
    else:
        apply_rotation(next_year, proposal)
    return next_year


@transaction.atomic
def rotation_withdraw(*, proposal: RotationProposal, by: User | None, reason: str) -> RotationProposal:
    """Withdraw an open proposal. Side effects: the proposal (history), an event."""
    return transition(
        proposal,
        to=RotationProposal.Status.WITHDRAWN,
        by=by,
        action=_("Hủy đề xuất cụm trưởng"),
        reason=reason,
        error=NOT_WAITING,
        events="year_events",
    )


def _check_handover(*, cluster: Cluster, year: int, from_unit: OrgUnit | None, to_unit: OrgUnit, handed_on: date):
    """The flag goes to that year's head, for a year that has begun, on a day not in the future and not
    before the year before it (the handover is held at the review conference of the year before, or in
    the year itself)."""
    ensure_year(year, high=current_year())
    if from_unit and from_unit.pk == to_unit.pk:
        raise DomainError(_("Đơn vị trao và đơn vị nhận phải khác nhau."))
    cluster_year = ClusterYear.objects.filter(cluster=cluster, year=year).first()
    if cluster_year is None:
        raise DomainError(_("Cụm chưa mở năm %(year)s: chưa có cụm trưởng để nhận cờ.") % {"year": year})
    head = cluster_year.memberships.filter(role=Membership.Role.HEAD).select_related("unit").first()
    if head is None:
        raise DomainError(_("Năm %(year)s cụm chưa có cụm trưởng: hãy phân công trước.") % {"year": year})
    if head.unit_id != to_unit.pk:
        raise DomainError(
            _("Đơn vị nhận cờ năm %(year)s phải là cụm trưởng năm %(year)s (%(head)s), không phải %(unit)s.")
            % {"year": year, "head": head.unit, "unit": to_unit}
        )
    ensure_date(handed_on, after=(date(year - 1, 1, 1), _("ngày đầu năm %(y)s") % {"y": year - 1}), not_future=True)
    return cluster_year


@transaction.atomic
def handover_record(
    *,
    cluster: Cluster,
    year: int,
    from_unit: OrgUnit | None,
    to_unit: OrgUnit,
    handed_on: date,
    place: str = "",
    note: str = "",
    upload=None,
    by: User | None,
) -> FlagHandover:
    """Record the flag passing to the head of ``year``. Side effects: the handover (and its file), an event."""
    Cluster.objects.select_for_update().get(pk=cluster.pk)
    if FlagHandover.objects.filter(cluster=cluster, year=year, status=FlagHandover.Status.RECORDED).exists():
        raise DomainError(
            _("Đã ghi nhận việc trao cờ năm %(year)s; nếu ghi nhầm, hãy sửa hoặc hủy bản ghi đó.") % {"year": year}
        )
    cluster_year = _check_handover(
        cluster=cluster, year=year, from_unit=from_unit, to_unit=to_unit, handed_on=handed_on
    )
    handover = FlagHandover(
        cluster=cluster,
        year=year,
        from_unit=from_unit,
        to_unit=to_unit,
        handed_on=handed_on,
        place=place,
        note=note,
        recorded_by=by,
    )
    attach(handover, upload)
    handover._change_reason = _("Ghi nhận trao cờ")
    handover.save()
    log(cluster_year, by, _("Trao Cờ Cụm trưởng: %(a)s → %(b)s") % {"a": from_unit or "—", "b": to_unit})
    return handover


@transaction.atomic
def handover_correct(
    *,
    handover: FlagHandover,
    from_unit: OrgUnit | None,
    to_unit: OrgUnit,
    handed_on: date,
    place: str = "",
    note: str = "",
    upload=None,
    reason: str,
    by: User | None,
) -> FlagHandover:
    """Correct a handover recorded with a wrong unit, day or place (its year stays: to change the year,
    cancel it and record the right one). Side effects: the handover (history with the reason), an event."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Cần ghi lý do sửa."))
    handover = (
        FlagHandover.objects.select_for_update(of=("self",)).select_related("from_unit", "to_unit").get(pk=handover.pk)
    )
    if handover.status != FlagHandover.Status.RECORDED:
        raise DomainError(_("Bản ghi trao cờ này đã hủy; không sửa được."))
    cluster_year = _check_handover(
        cluster=handover.cluster, year=handover.year, from_unit=from_unit, to_unit=to_unit, handed_on=handed_on
    )
    changed = []
    for label, old, new in (
        (_("đơn vị trao"), handover.from_unit, from_unit),
        (_("đơn vị nhận"), handover.to_unit, to_unit),
        (_("ngày trao"), handover.handed_on, handed_on),
        (_("địa điểm"), handover.place, place),
    ):
        if old != new:
            show = [v.strftime("%d/%m/%Y") if isinstance(v, date) else (v or "—") for v in (old, new)]
            changed.append(f"{label} {show[0]} → {show[1]}")
    handover.from_unit, handover.to_unit, handover.handed_on = from_unit, to_unit, handed_on
    handover.place, handover.note = place, note
    attach(handover, upload)
    handover._change_reason = reason
    handover.save()
    log(
        cluster_year,
        by,
        _("Sửa bản ghi trao Cờ Cụm trưởng năm %(year)s: %(changes)s")
        % {"year": handover.year, "changes": "; ".join(changed) or _("ghi chú, tệp")},
        reason,
    )
    return handover


@transaction.atomic
def handover_cancel(*, handover: FlagHandover, reason: str, by: User | None) -> FlagHandover:
    """Cancel a handover recorded by mistake (kept, marked cancelled, with the reason); the right one can then
    be recorded. Side effects: the handover (status, history), an event in the year's history."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Cần ghi lý do hủy."))
    return transition(
        handover,
        to=FlagHandover.Status.CANCELLED,
        by=by,
        action=_("Hủy bản ghi trao Cờ Cụm trưởng năm %(year)s: %(a)s → %(b)s")
        % {"year": handover.year, "a": handover.from_unit or "—", "b": handover.to_unit},
        reason=reason,
        error=_("Bản ghi trao cờ này đã hủy."),
        changes={"cancel_reason": reason, "cancelled_by": by, "cancelled_at": timezone.now()},
        events="year_events",
    )
