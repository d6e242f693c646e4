"""Every write of the clusters app. Keyword-only, atomic; each lists its side effects."""

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.models import (
    Agreement,
    AwardProposal,
    AwardProposalItem,
    Cluster,
    ClusterDocument,
    ClusterYear,
    Commitment,
    Criterion,
    CriterionGroup,
    Deduction,
    Event,
    FlagHandover,
    Membership,
    RankingEntry,
    RotationProposal,
    Score,
)
from clusters.selectors import memberships_ordered, points_text, ranking_compute, unit_successor
from thiduakt.models import OrgUnit, User
from thiduakt.services import DomainError, notification_send
from thiduakt.uploads import DOCUMENTS, UploadError, check_upload

FLAG_AWARD = "CTDT"  # Cờ thi đua của UBND tỉnh
COMMENDATION_AWARD = "BKT"  # Bằng khen của Chủ tịch UBND tỉnh


def _officers(unit_ids):
    return User.objects.filter(is_unit_officer=True, is_active=True, unit_id__in=list(unit_ids))


def _year_link(cluster_year: ClusterYear) -> str:
    return reverse("clusters:year_detail", args=[cluster_year.cluster_id, cluster_year.year])


def _log(cluster_year: ClusterYear, by: User | None, action: str, note: str = "") -> Event:
    return Event.objects.create(cluster_year=cluster_year, by=by, action=action, note=note)


def _attach(obj, upload) -> None:
    """Check an upload by content (documents or photos), then put it on ``obj`` (saved by the caller)."""
    if upload is None:
        return
    try:
        checked = check_upload(upload, allow=DOCUMENTS)
    except UploadError as exc:
        raise DomainError(str(exc)) from exc
    obj.file_name = checked.name
    obj.file_content_type = checked.content_type
    obj.file.save(f"tep{checked.extension}", ContentFile(checked.data), save=False)


def _lock_year(cluster_year: ClusterYear) -> ClusterYear:
    return ClusterYear.objects.select_for_update().select_related("cluster").get(pk=cluster_year.pk)


def _require_open(cluster_year: ClusterYear) -> None:
    if cluster_year.is_published:
        raise DomainError(_("Xếp hạng năm %(year)s đã công bố; không thể sửa điểm.") % {"year": cluster_year.year})


# ---------------------------------------------------------------------------
# Clusters and their years
# ---------------------------------------------------------------------------


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
        _copy_table(source=previous, target=cluster_year)
    for unit in units or []:
        if unit.pk not in added:
            added[unit.pk] = Membership.objects.create(
                cluster_year=cluster_year, unit=unit, rotation_position=len(added) + 1
            )
    note = "; ".join(carried)
    if previous:
        confirmed = previous.rotation_proposals.filter(status=RotationProposal.Status.CONFIRMED).first()
        if confirmed:
            _apply_rotation(cluster_year, confirmed)
    _log(cluster_year, by, _("Mở năm %(year)s") % {"year": year}, note)
    return cluster_year


@transaction.atomic
def cluster_year_configure(
    *, cluster_year: ClusterYear, flag_count: int, commendation_count: int, tie_break: list[str], by: User | None
) -> ClusterYear:
    """Set how many units the cluster may propose and the tie-break rules. Side effects: the year (history)."""
    cluster_year = _lock_year(cluster_year)
    _require_open(cluster_year)
    cluster_year.flag_count, cluster_year.commendation_count = flag_count, commendation_count
    cluster_year.tie_break = ",".join(tie_break)
    cluster_year._change_reason = _("Cấu hình số lượng đề nghị và quy tắc phân định")
    cluster_year.save()
    _log(cluster_year, by, _("Cấu hình năm"), cluster_year.tie_break)
    return cluster_year


@transaction.atomic
def membership_add(*, cluster_year: ClusterYear, unit: OrgUnit, by: User | None) -> Membership:
    """Add a unit to the year. Side effects: a membership, an event."""
    cluster_year = _lock_year(cluster_year)
    if cluster_year.memberships.filter(unit=unit).exists():
        raise DomainError(_("%(unit)s đã là thành viên.") % {"unit": unit})
    position = cluster_year.memberships.count() + 1
    membership = Membership.objects.create(cluster_year=cluster_year, unit=unit, rotation_position=position)
    _log(cluster_year, by, _("Thêm thành viên %(unit)s") % {"unit": unit})
    return membership


@transaction.atomic
def membership_set_role(*, cluster_year: ClusterYear, unit: OrgUnit, role: str, by: User | None) -> Membership:
    """Make ``unit`` the head or deputy (or a plain member); the previous holder becomes a member.

    Side effects: the memberships' roles (history), an event.
    """
    cluster_year = _lock_year(cluster_year)
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
    _log(cluster_year, by, _("%(unit)s: %(role)s") % {"unit": unit, "role": Membership.Role(role).label})
    return membership


@transaction.atomic
def document_add(*, cluster_year: ClusterYear, kind: str, title: str, upload, by: User | None) -> ClusterDocument:
    """Store a document of the year. Side effects: the file (private storage), a row, an event."""
    if upload is None:
        raise DomainError(_("Cần chọn tệp."))
    document = ClusterDocument(cluster_year=cluster_year, kind=kind, title=title, uploaded_by=by)
    _attach(document, upload)
    document.save()
    _log(cluster_year, by, _("Tải lên văn bản: %(title)s") % {"title": title})
    return document


# ---------------------------------------------------------------------------
# Rotation of head and deputy, and the flag
# ---------------------------------------------------------------------------


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
    cluster_year = _lock_year(cluster_year)
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
    _log(
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
    cluster_year = _lock_year(cluster_year)
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
    _log(
        cluster_year,
        by,
        _("Ghi nhận kết quả bầu cụm trưởng năm %(year)s: %(unit)s") % {"year": cluster_year.year + 1, "unit": head},
        note,
    )
    return proposal


def _apply_rotation(next_year: ClusterYear, proposal: RotationProposal) -> None:
    for unit, role in ((proposal.head, Membership.Role.HEAD), (proposal.deputy, Membership.Role.DEPUTY)):
        if unit is None:
            continue
        unit = unit_successor(unit)
        if not next_year.memberships.filter(unit=unit).exists():
            Membership.objects.create(cluster_year=next_year, unit=unit)
        membership_set_role(cluster_year=next_year, unit=unit, role=role, by=proposal.confirmed_by)


@transaction.atomic
def rotation_confirm(*, proposal: RotationProposal, by: User | None) -> ClusterYear:
    """Staff confirm the proposal: next year is opened if needed and gets its head and deputy.

    Side effects: the proposal (confirmed, history), next year's memberships, events.
    """
    proposal = RotationProposal.objects.select_for_update().select_related("cluster_year__cluster").get(pk=proposal.pk)
    if proposal.status != RotationProposal.Status.PROPOSED:
        raise DomainError(_("Đề xuất này không còn chờ xác nhận."))
    proposal.status = RotationProposal.Status.CONFIRMED
    proposal.confirmed_by, proposal.confirmed_at = by, timezone.now()
    proposal._change_reason = _("Xác nhận cụm trưởng, cụm phó năm sau")
    proposal.save()
    cluster_year = proposal.cluster_year
    next_year = ClusterYear.objects.filter(cluster=cluster_year.cluster, year=cluster_year.year + 1).first()
    if next_year is None:
        next_year = cluster_year_create(cluster=cluster_year.cluster, year=cluster_year.year + 1, by=by)
    else:
        _apply_rotation(next_year, proposal)
    _log(
        cluster_year,
        by,
        _("Xác nhận cụm trưởng năm %(year)s: %(unit)s") % {"year": next_year.year, "unit": proposal.head},
    )
    return next_year


@transaction.atomic
def rotation_withdraw(*, proposal: RotationProposal, by: User | None, reason: str) -> RotationProposal:
    """Withdraw an open proposal. Side effects: the proposal (history), an event."""
    proposal = RotationProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != RotationProposal.Status.PROPOSED:
        raise DomainError(_("Đề xuất này không còn chờ xác nhận."))
    proposal.status = RotationProposal.Status.WITHDRAWN
    proposal._change_reason = reason or _("Hủy đề xuất")
    proposal.save()
    _log(proposal.cluster_year, by, _("Hủy đề xuất cụm trưởng"), reason)
    return proposal


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
    if FlagHandover.objects.filter(cluster=cluster, year=year).exists():
        raise DomainError(_("Đã ghi nhận việc trao cờ năm %(year)s.") % {"year": year})
    if from_unit and from_unit.pk == to_unit.pk:
        raise DomainError(_("Đơn vị trao và đơn vị nhận phải khác nhau."))
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
    _attach(handover, upload)
    handover.save()
    cluster_year = ClusterYear.objects.filter(cluster=cluster, year=year).first()
    if cluster_year:
        _log(cluster_year, by, _("Trao Cờ Cụm trưởng: %(a)s → %(b)s") % {"a": from_unit or "—", "b": to_unit})
    return handover


# ---------------------------------------------------------------------------
# Commitment agreement
# ---------------------------------------------------------------------------


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
    cluster_year = _lock_year(cluster_year)
    agreement = Agreement.objects.filter(cluster_year=cluster_year).first() or Agreement(cluster_year=cluster_year)
    agreement.title, agreement.targets = title, targets
    agreement.signed_on, agreement.signed_at_place = signed_on, signed_at_place
    _attach(agreement, upload)
    agreement._change_reason = _("Cập nhật giao ước thi đua")
    agreement.save()
    _log(cluster_year, by, _("Cập nhật giao ước thi đua"))
    return agreement


@transaction.atomic
def commitment_save(*, membership: Membership, content: str, by: User | None) -> Commitment:
    """Record a member's commitments. Side effects: the commitment (history)."""
    if not content.strip():
        raise DomainError(_("Cần ghi nội dung cam kết."))
    commitment, _created = Commitment.objects.select_for_update().get_or_create(
        membership=membership, defaults={"content": content, "updated_by": by}
    )
    commitment.content, commitment.updated_by = content, by
    commitment._change_reason = _("Cập nhật cam kết")
    commitment.save()
    return commitment


# ---------------------------------------------------------------------------
# Scoring table
# ---------------------------------------------------------------------------


def _copy_table(*, source: ClusterYear, target: ClusterYear) -> int:
    count = 0
    for group in source.criterion_groups.prefetch_related("criteria").order_by("position", "id"):
        new_group = CriterionGroup.objects.create(cluster_year=target, position=group.position, title=group.title)
        Criterion.objects.bulk_create(
            [
                Criterion(
                    group=new_group,
                    position=c.position,
                    title=c.title,
                    max_points=c.max_points,
                    evidence_required=c.evidence_required,
                )
                for c in group.criteria.all()
            ]
        )
        count += len(group.criteria.all())
    return count


@transaction.atomic
def scoring_table_copy(*, cluster_year: ClusterYear, by: User | None) -> int:
    """Copy the scoring table of the latest earlier year that has one, into an empty table.

    Returns the number of criteria copied. Side effects: groups and criteria, an event.
    """
    cluster_year = _lock_year(cluster_year)
    _require_open(cluster_year)
    if cluster_year.criterion_groups.exists():
        raise DomainError(_("Bảng chấm điểm năm nay đã có nội dung."))
    source = (
        ClusterYear.objects.filter(
            cluster=cluster_year.cluster, year__lt=cluster_year.year, criterion_groups__isnull=False
        )
        .order_by("-year")
        .first()
    )
    if source is None:
        raise DomainError(_("Không có bảng chấm điểm năm trước để sao chép."))
    count = _copy_table(source=source, target=cluster_year)
    _log(cluster_year, by, _("Sao chép bảng chấm điểm năm %(year)s") % {"year": source.year})
    return count


@transaction.atomic
def criterion_group_save(
    *, cluster_year: ClusterYear, group: CriterionGroup | None = None, title: str, position: int, by: User | None
) -> CriterionGroup:
    """Create or rename a group of criteria. Side effects: the group, an event."""
    cluster_year = _lock_year(cluster_year)
    _require_open(cluster_year)
    group = group or CriterionGroup(cluster_year=cluster_year)
    group.title, group.position = title, position
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError:
        raise DomainError(_("Đã có nhóm tiêu chí “%(title)s”.") % {"title": title})
    _log(cluster_year, by, _("Cập nhật nhóm tiêu chí: %(title)s") % {"title": title})
    return group


@transaction.atomic
def criterion_save(
    *,
    group: CriterionGroup,
    criterion: Criterion | None = None,
    title: str,
    position: int,
    max_points: Decimal,
    evidence_required: str = "",
    by: User | None,
) -> Criterion:
    """Create or edit a criterion; its maximum may not fall below points already given.

    Side effects: the criterion, an event.
    """
    cluster_year = _lock_year(group.cluster_year)
    _require_open(cluster_year)
    if max_points <= 0:
        raise DomainError(_("Điểm tối đa phải lớn hơn 0."))
    if criterion and criterion.scores.filter(self_points__gt=max_points).exists():
        raise DomainError(_("Đã có đơn vị tự chấm cao hơn điểm tối đa mới."))
    criterion = criterion or Criterion()
    criterion.group, criterion.title, criterion.position = group, title, position
    criterion.max_points, criterion.evidence_required = max_points, evidence_required
    criterion.save()
    _log(cluster_year, by, _("Cập nhật tiêu chí: %(title)s") % {"title": title})
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion, by: User | None) -> None:
    """Delete a criterion nobody has scored yet. Side effects: the row, an event."""
    cluster_year = _lock_year(criterion.group.cluster_year)
    _require_open(cluster_year)
    if criterion.scores.exists():
        raise DomainError(_("Tiêu chí đã có điểm; không thể xóa."))
    title = criterion.title
    criterion.delete()
    _log(cluster_year, by, _("Xóa tiêu chí: %(title)s") % {"title": title})


# ---------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------


def _check_points(points: Decimal, criterion: Criterion) -> None:
    if points is None or points < 0 or points > criterion.max_points:
        raise DomainError(
            _("Điểm của tiêu chí “%(title)s” phải từ 0 đến %(max)s.")
            % {"title": criterion.title, "max": points_text(criterion.max_points)}
        )


@transaction.atomic
def score_self_save(
    *, membership: Membership, criterion: Criterion, points: Decimal, note: str = "", upload=None, by: User | None
) -> Score:
    """A member's own points on one criterion, with evidence. Only before it submits its sheet.

    Side effects: the score (history, evidence file).
    """
    membership = Membership.objects.select_for_update().select_related("cluster_year").get(pk=membership.pk)
    _require_open(membership.cluster_year)
    if membership.submitted_at:
        raise DomainError(_("Đơn vị đã nộp bảng tự chấm; không thể sửa."))
    if criterion.group.cluster_year_id != membership.cluster_year_id:
        raise DomainError(_("Tiêu chí không thuộc bảng chấm điểm của năm này."))
    _check_points(points, criterion)
    score = Score.objects.filter(membership=membership, criterion=criterion).first() or Score(
        membership=membership, criterion=criterion
    )
    score.self_points, score.self_note = points, note
    _attach(score, upload)
    score._change_reason = _("Tự chấm điểm")
    score.save()
    return score


@transaction.atomic
def score_sheet_save(*, membership: Membership, entries: list[dict], by: User | None) -> list[Score]:
    """Save several self-scores at once, all or nothing.

    Each entry: {"criterion": Criterion, "points": Decimal, "note": str, "upload": file or None}.
    Side effects: as ``score_self_save`` for each entry.
    """
    return [
        score_self_save(
            membership=membership,
            criterion=e["criterion"],
            points=e["points"],
            note=e.get("note", ""),
            upload=e.get("upload"),
            by=by,
        )
        for e in entries
    ]


@transaction.atomic
def score_sheet_submit(*, membership: Membership, by: User | None) -> Membership:
    """The member submits its self-scores: every criterion scored, evidence where asked.

    Side effects: ``submitted_at`` (history), an event.
    """
    membership = Membership.objects.select_for_update().select_related("cluster_year", "unit").get(pk=membership.pk)
    _require_open(membership.cluster_year)
    if membership.submitted_at:
        raise DomainError(_("Đơn vị đã nộp bảng tự chấm."))
    criteria = list(Criterion.objects.filter(group__cluster_year_id=membership.cluster_year_id))
    if not criteria:
        raise DomainError(_("Bảng chấm điểm chưa có tiêu chí."))
    scores = {s.criterion_id: s for s in membership.scores.all()}
    missing = [c.title for c in criteria if c.pk not in scores]
    if missing:
        raise DomainError(_("Chưa chấm các tiêu chí: %(list)s.") % {"list": "; ".join(missing)})
    no_evidence = [
        c.title for c in criteria if c.evidence_required and scores[c.pk].self_points > 0 and not scores[c.pk].file
    ]
    if no_evidence:
        raise DomainError(_("Thiếu minh chứng cho: %(list)s.") % {"list": "; ".join(no_evidence)})
    membership.submitted_at = timezone.now()
    membership._change_reason = _("Nộp bảng tự chấm")
    membership.save()
    _log(membership.cluster_year, by, _("%(unit)s nộp bảng tự chấm") % {"unit": membership.unit})
    return membership


@transaction.atomic
def score_sheet_return(*, membership: Membership, reason: str, by: User | None) -> Membership:
    """Give a submitted sheet back to the member for correction. Side effects: ``submitted_at`` cleared, an event."""
    membership = Membership.objects.select_for_update().select_related("cluster_year", "unit").get(pk=membership.pk)
    _require_open(membership.cluster_year)
    if not membership.submitted_at:
        raise DomainError(_("Đơn vị chưa nộp bảng tự chấm."))
    if not reason.strip():
        raise DomainError(_("Cần ghi lý do trả lại."))
    membership.submitted_at = None
    membership._change_reason = reason
    membership.save()
    _log(membership.cluster_year, by, _("Trả lại bảng tự chấm của %(unit)s") % {"unit": membership.unit}, reason)
    return membership


@transaction.atomic
def score_adjust(*, score: Score, points: Decimal, reason: str, by: User | None) -> Score:
    """The head unit (or staff) cross-checks a member's points: only with a reason.

    Side effects: the score's adjusted points (history with the reason), an event.
    """
    score = (
        Score.objects.select_for_update()
        .select_related("membership__cluster_year", "membership__unit", "criterion")
        .get(pk=score.pk)
    )
    _require_open(score.membership.cluster_year)
    if not (reason or "").strip():
        raise DomainError(_("Cần ghi lý do khi điều chỉnh điểm."))
    _check_points(points, score.criterion)
    score.adjusted_points, score.adjust_reason = points, reason.strip()
    score.adjusted_by, score.adjusted_at = by, timezone.now()
    score._change_reason = reason.strip()
    score.save()
    _log(
        score.membership.cluster_year,
        by,
        _("Điều chỉnh điểm %(unit)s – %(title)s: %(a)s → %(b)s")
        % {
            "unit": score.membership.unit,
            "title": score.criterion.title,
            "a": points_text(score.self_points),
            "b": points_text(points),
        },
        reason,
    )
    return score


@transaction.atomic
def deduction_add(*, membership: Membership, points: Decimal, reason: str, source: str, by: User | None) -> Deduction:
    """Staff enter another agency's deduction, with reason and source. Side effects: the row (history), an event."""
    membership = Membership.objects.select_for_update().select_related("cluster_year", "unit").get(pk=membership.pk)
    _require_open(membership.cluster_year)
    if points is None or points <= 0:
        raise DomainError(_("Điểm trừ phải lớn hơn 0."))
    if not reason.strip() or not source.strip():
        raise DomainError(_("Cần ghi lý do và cơ quan, văn bản đề nghị trừ điểm."))
    deduction = Deduction.objects.create(
        membership=membership, points=points, reason=reason, source=source, entered_by=by
    )
    _log(
        membership.cluster_year,
        by,
        _("Trừ %(p)s điểm của %(unit)s") % {"p": points_text(points), "unit": membership.unit},
        f"{source}: {reason}",
    )
    return deduction


@transaction.atomic
def deduction_delete(*, deduction: Deduction, by: User | None) -> None:
    """Remove a deduction entered by mistake. Side effects: the row (history), an event."""
    deduction = (
        Deduction.objects.select_for_update()
        .select_related("membership__cluster_year", "membership__unit")
        .get(pk=deduction.pk)
    )
    _require_open(deduction.membership.cluster_year)
    _log(
        deduction.membership.cluster_year,
        by,
        _("Xóa điểm trừ của %(unit)s") % {"unit": deduction.membership.unit},
        deduction.reason,
    )
    deduction._change_reason = _("Xóa điểm trừ")
    deduction.delete()


@transaction.atomic
def ranking_publish(*, cluster_year: ClusterYear, by: User | None) -> list[RankingEntry]:
    """Freeze and publish the ranking once every member has submitted. Scores can no longer change.

    Side effects: ranking entries, the year's status (history), an event.
    """
    cluster_year = _lock_year(cluster_year)
    _require_open(cluster_year)
    waiting = list(cluster_year.memberships.filter(submitted_at__isnull=True).select_related("unit"))
    if waiting:
        raise DomainError(
            _("Còn đơn vị chưa nộp bảng tự chấm: %(list)s.") % {"list": ", ".join(str(m.unit) for m in waiting)}
        )
    rows = ranking_compute(cluster_year)
    if not rows:
        raise DomainError(_("Cụm chưa có thành viên."))
    entries = RankingEntry.objects.bulk_create(
        [
            RankingEntry(
                cluster_year=cluster_year,
                membership=r.membership,
                position=r.position,
                rank=r.rank,
                self_total=r.self_total,
                scored_total=r.scored_total,
                deductions_total=r.deductions_total,
                total=r.total,
            )
            for r in rows
        ]
    )
    cluster_year.scoring_status = ClusterYear.ScoringStatus.PUBLISHED
    cluster_year.published_at, cluster_year.published_by = timezone.now(), by
    cluster_year._change_reason = _("Công bố xếp hạng")
    cluster_year.save()
    _log(cluster_year, by, _("Công bố xếp hạng năm %(year)s") % {"year": cluster_year.year})
    notification_send(
        recipients=_officers(cluster_year.memberships.values_list("unit_id", flat=True)),
        title=_("%(cluster)s đã công bố xếp hạng năm %(year)s")
        % {"cluster": cluster_year.cluster.name, "year": cluster_year.year},
        link=reverse("clusters:ranking", args=[cluster_year.cluster_id, cluster_year.year]),
    )
    return entries


# ---------------------------------------------------------------------------
# Award proposal → dossier
# ---------------------------------------------------------------------------


@transaction.atomic
def award_proposal_create(*, cluster_year: ClusterYear, by: User | None) -> AwardProposal:
    """Draft the proposal from the published ranking: the first ``flag_count`` units for the
    Cờ thi đua (CTDT), the next ``commendation_count`` for the Bằng khen (BKT).

    Units sharing a rank across a boundary cannot be split by the system:
    staff must add a tie-break rule before publishing. Side effects: the proposal and its items, an event.
    """
    cluster_year = _lock_year(cluster_year)
    if not cluster_year.is_published:
        raise DomainError(_("Cần công bố xếp hạng trước khi lập đề nghị khen thưởng."))
    if AwardProposal.objects.filter(cluster_year=cluster_year).exists():
        raise DomainError(_("Cụm đã lập đề nghị khen thưởng năm %(year)s.") % {"year": cluster_year.year})
    entries = list(cluster_year.ranking_entries.select_related("membership__unit").order_by("position"))
    flags, commendations = cluster_year.flag_count, cluster_year.commendation_count
    for boundary in (flags, flags + commendations):
        if 0 < boundary < len(entries) and entries[boundary - 1].rank == entries[boundary].rank:
            raise DomainError(
                _("%(a)s và %(b)s đồng hạng %(rank)s ở ranh giới đề nghị; cần quy tắc phân định khác.")
                % {
                    "a": entries[boundary - 1].membership.unit,
                    "b": entries[boundary].membership.unit,
                    "rank": entries[boundary].rank,
                }
            )
    proposal = AwardProposal.objects.create(cluster_year=cluster_year, created_by=by)
    items = []
    for entry in entries[: flags + commendations]:
        code = FLAG_AWARD if entry.position <= flags else COMMENDATION_AWARD
        items.append(
            AwardProposalItem(
                proposal=proposal, membership=entry.membership, award_code=code, rank=entry.rank, total=entry.total
            )
        )
    AwardProposalItem.objects.bulk_create(items)
    _log(cluster_year, by, _("Lập đề nghị khen thưởng từ kết quả xếp hạng"))
    return proposal


@transaction.atomic
def award_proposal_update(
    *,
    proposal: AwardProposal,
    meeting_on: date | None,
    meeting_place: str,
    votes_for: int | None,
    votes_total: int | None,
    vote_note: str,
    upload=None,
    by: User | None,
) -> AwardProposal:
    """Record the cluster meeting: date, place, vote, minutes. Side effects: the proposal (history, file)."""
    proposal = AwardProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != AwardProposal.Status.DRAFT:
        raise DomainError(_("Đề nghị đã được chuyển thành hồ sơ; không thể sửa."))
    if votes_for is not None and votes_total is not None and votes_for > votes_total:
        raise DomainError(_("Số phiếu tán thành không thể lớn hơn tổng số."))
    proposal.meeting_on, proposal.meeting_place = meeting_on, meeting_place
    proposal.votes_for, proposal.votes_total, proposal.vote_note = votes_for, votes_total, vote_note
    _attach(proposal, upload)
    proposal._change_reason = _("Cập nhật biên bản họp và kết quả biểu quyết")
    proposal.save()
    return proposal


@transaction.atomic
def award_proposal_send(*, proposal: AwardProposal, by: User | None) -> AwardProposal:
    """Turn the proposal into a draft nomination dossier of the head unit in the awards app.

    Needs the meeting's minutes and a vote with a majority in favour.
    Side effects: through ``awards.services.dossier_create_draft`` a dossier
    and its nominations; the proposal (sent, linked to the dossier); an event.
    """
    from awards.services import dossier_create_draft

    proposal = AwardProposal.objects.select_for_update().select_related("cluster_year__cluster").get(pk=proposal.pk)
    if proposal.status != AwardProposal.Status.DRAFT:
        raise DomainError(_("Đề nghị đã được chuyển thành hồ sơ."))
    if not proposal.file:
        raise DomainError(_("Cần tải lên biên bản họp cụm."))
    if not (proposal.votes_for and proposal.votes_total and proposal.meeting_on):
        raise DomainError(_("Cần ghi ngày họp và kết quả biểu quyết."))
    if proposal.votes_for * 2 <= proposal.votes_total:
        raise DomainError(_("Đề nghị chưa được quá nửa số đơn vị tán thành."))
    cluster_year = proposal.cluster_year
    head = cluster_year.memberships.filter(role=Membership.Role.HEAD).select_related("unit").first()
    if head is None:
        raise DomainError(_("Cụm chưa có cụm trưởng năm %(year)s để đứng tên hồ sơ.") % {"year": cluster_year.year})
    items = list(proposal.items.select_related("membership__unit").order_by("rank", "id"))
    if not items:
        raise DomainError(_("Đề nghị chưa có đơn vị nào."))
    size = cluster_year.memberships.count()
    nominees = [
        {
            "kind": "collective",
            "person": None,
            "unit": item.membership.unit,
            "household_name": "",
            "award": item.award_code,
            "summary": _("Xếp hạng %(rank)s/%(size)s trong %(cluster)s năm %(year)s, %(total)s điểm.")
            % {
                "rank": item.rank,
                "size": size,
                "cluster": cluster_year.cluster.name,
                "year": cluster_year.year,
                "total": points_text(item.total),
            },
        }
        for item in items
    ]
    dossier = dossier_create_draft(
        unit=head.unit,
        round_kind="cluster",
        year=cluster_year.year,
        by=by,
        title=_("Đề nghị khen thưởng %(cluster)s năm %(year)s")
        % {"cluster": cluster_year.cluster.name, "year": cluster_year.year},
        origin="cluster_proposal",
        origin_note=_("Kết quả xếp hạng và biểu quyết của %(cluster)s ngày %(day)s: %(votes)s/%(total)s tán thành.")
        % {
            "cluster": cluster_year.cluster.name,
            "day": proposal.meeting_on.strftime("%d/%m/%Y"),
            "votes": proposal.votes_for,
            "total": proposal.votes_total,
        },
        nominees=nominees,
    )
    proposal.status = AwardProposal.Status.SENT
    proposal.sent_by, proposal.sent_at = by, timezone.now()
    proposal.dossier = dossier
    proposal._change_reason = _("Chuyển thành hồ sơ đề nghị khen thưởng")
    proposal.save()
    _log(cluster_year, by, _("Chuyển đề nghị thành hồ sơ của %(unit)s") % {"unit": head.unit})
    notification_send(
        recipients=_officers([head.unit_id]),
        title=_("Hồ sơ đề nghị khen thưởng của %(cluster)s năm %(year)s đang chờ hoàn thiện")
        % {"cluster": cluster_year.cluster.name, "year": cluster_year.year},
        body=_(
            "Hồ sơ dự thảo được tạo từ kết quả xếp hạng và biểu quyết của cụm; đơn vị cụm trưởng hoàn thiện và gửi."
        ),
        link=_year_link(cluster_year),
    )
    return proposal
