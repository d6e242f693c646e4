"""The scoring table, the members' scores and deductions, and the published ranking."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.models import ClusterYear, Criterion, CriterionGroup, Deduction, Membership, RankingEntry, Score
from clusters.selectors import points_text, ranking_compute, scored_total, table_total
from clusters.services.common import attach, lock_year, log, officers, require_open, require_setup_open
from thiduakt.bounds import ensure_number
from thiduakt.models import User
from thiduakt.services import DomainError, notification_send
from thiduakt.workflow import transition


def copy_table(*, source: ClusterYear, target: ClusterYear) -> int:
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
    cluster_year = lock_year(cluster_year)
    require_setup_open(cluster_year)
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
    count = copy_table(source=source, target=cluster_year)
    log(cluster_year, by, _("Sao chép bảng chấm điểm năm %(year)s") % {"year": source.year})
    return count


@transaction.atomic
def criterion_group_save(
    *, cluster_year: ClusterYear, group: CriterionGroup | None = None, title: str, position: int, by: User | None
) -> CriterionGroup:
    """Create or rename a group of criteria. Side effects: the group, an event."""
    cluster_year = lock_year(cluster_year)
    require_setup_open(cluster_year)
    group = group or CriterionGroup(cluster_year=cluster_year)
    group.title, group.position = title, position
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError:
        raise DomainError(_("Đã có nhóm tiêu chí “%(title)s”.") % {"title": title})
    log(cluster_year, by, _("Cập nhật nhóm tiêu chí: %(title)s") % {"title": title})
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
    cluster_year = lock_year(group.cluster_year)
    require_setup_open(cluster_year)
    if max_points is None or max_points <= 0:
        raise DomainError(_("Điểm tối đa phải lớn hơn 0."))
    others = table_total(cluster_year, without=criterion)
    ensure_number(
        others + max_points,
        high=(cluster_year.table_max, _("tổng điểm tối đa của bảng chấm điểm năm %(y)s") % {"y": cluster_year.year}),
    )
    if criterion and criterion.scores.filter(self_points__gt=max_points).exists():
        raise DomainError(_("Đã có đơn vị tự chấm cao hơn điểm tối đa mới."))
    criterion = criterion or Criterion()
    criterion.group, criterion.title, criterion.position = group, title, position
    criterion.max_points, criterion.evidence_required = max_points, evidence_required
    criterion.save()
    log(cluster_year, by, _("Cập nhật tiêu chí: %(title)s") % {"title": title})
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion, by: User | None) -> None:
    """Delete a criterion nobody has scored yet. Side effects: the row, an event."""
    cluster_year = lock_year(criterion.group.cluster_year)
    require_setup_open(cluster_year)
    if criterion.scores.exists():
        raise DomainError(_("Tiêu chí đã có điểm; không thể xóa."))
    title = criterion.title
    criterion.delete()
    log(cluster_year, by, _("Xóa tiêu chí: %(title)s") % {"title": title})


SCORE_NOTE_LENGTH = Score._meta.get_field("self_note").max_length


def points_problem(points: Decimal, criterion: Criterion) -> str:
    """What is wrong with a member's own points on ``criterion`` ("" when nothing): the one statement of the
    rule that the scoring form, the score-sheet import and the services apply."""
    if points < 0:
        return _("Điểm không được âm.")
    if points > criterion.max_points:
        return _("Tối đa %(max)s điểm.") % {"max": points_text(criterion.max_points)}
    points = Decimal(points)
    if points.as_tuple().exponent < -2 and points != points.quantize(Decimal("0.01")):
        return _("Điểm ghi tối đa hai chữ số thập phân, vd. 9,25.")
    return ""


def _check_points(points: Decimal, criterion: Criterion) -> None:
    problem = points is None or points_problem(points, criterion)
    if not problem:
        return
    if points is None or points < 0 or points > criterion.max_points:
        raise DomainError(
            _("Điểm của tiêu chí “%(title)s” phải từ 0 đến %(max)s.")
            % {"title": criterion.title, "max": points_text(criterion.max_points)}
        )
    raise DomainError(_("Tiêu chí “%(title)s”: %(problem)s") % {"title": criterion.title, "problem": problem})


@transaction.atomic
def score_self_save(
    *, membership: Membership, criterion: Criterion, points: Decimal, note: str = "", upload=None, by: User | None
) -> Score:
    """A member's own points on one criterion, with evidence. Only before it submits its sheet.

    Side effects: the score (history, evidence file).
    """
    membership = Membership.objects.select_for_update().select_related("cluster_year").get(pk=membership.pk)
    require_open(membership.cluster_year)
    if membership.submitted_at:
        raise DomainError(_("Đơn vị đã nộp bảng tự chấm; không thể sửa."))
    if criterion.group.cluster_year_id != membership.cluster_year_id:
        raise DomainError(_("Tiêu chí không thuộc bảng chấm điểm của năm này."))
    _check_points(points, criterion)
    score = Score.objects.filter(membership=membership, criterion=criterion).first() or Score(
        membership=membership, criterion=criterion
    )
    score.self_points, score.self_note = points, note
    attach(score, upload)
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
    require_open(membership.cluster_year)
    if membership.submitted_at:
        raise DomainError(
            _("Đơn vị đã nộp bảng tự chấm lúc %(at)s.")
            % {"at": timezone.localtime(membership.submitted_at).strftime("%H:%M %d/%m/%Y")}
        )
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
    log(membership.cluster_year, by, _("%(unit)s nộp bảng tự chấm") % {"unit": membership.unit})
    return membership


def require_not_own(membership: Membership, by: User | None) -> None:
    """A unit never cross-checks its own sheet: the head's own sheet goes to the deputy (cụm phó) or staff."""
    if by is not None and by.is_unit_officer and by.unit_id == membership.unit_id:
        raise DomainError(
            _("Đơn vị không tự thẩm định bảng điểm của mình: bảng của cụm trưởng do cụm phó hoặc Sở Nội vụ thẩm định.")
        )


@transaction.atomic
def score_sheet_return(*, membership: Membership, reason: str, by: User | None) -> Membership:
    """Give a submitted sheet back to the member for correction. Side effects: ``submitted_at`` cleared, an event."""
    membership = (
        Membership.objects.select_for_update().select_related("cluster_year__cluster", "unit").get(pk=membership.pk)
    )
    require_open(membership.cluster_year)
    if not membership.submitted_at:
        raise DomainError(_("Đơn vị chưa nộp bảng tự chấm."))
    require_not_own(membership, by)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Cần ghi lý do trả lại."))
    membership.submitted_at = None
    membership.return_reason, membership.returned_at, membership.returned_by = reason, timezone.now(), by
    membership._change_reason = reason
    membership.save()
    cluster_year = membership.cluster_year
    log(cluster_year, by, _("Trả lại bảng tự chấm của %(unit)s") % {"unit": membership.unit}, reason)
    notification_send(
        recipients=officers([membership.unit_id]),
        title=_("%(cluster)s trả lại bảng tự chấm năm %(year)s của đơn vị")
        % {"cluster": cluster_year.cluster.name, "year": cluster_year.year},
        body=_("Lý do: %(reason)s. Xem điểm thẩm định, sửa và nộp lại.") % {"reason": reason},
        link=reverse("clusters:score_sheet", args=[membership.pk]),
    )
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
    require_open(score.membership.cluster_year)
    require_not_own(score.membership, by)
    if not (reason or "").strip():
        raise DomainError(_("Cần ghi lý do khi điều chỉnh điểm."))
    _check_points(points, score.criterion)
    if score.adjusted_at and (score.adjusted_points, score.adjust_reason) == (points, reason.strip()):
        raise DomainError(  # a double click or a second tab: the same adjustment is not written twice
            _("Điểm đã được điều chỉnh thành %(p)s lúc %(at)s (%(by)s).")
            % {
                "p": points_text(points),
                "at": timezone.localtime(score.adjusted_at).strftime("%H:%M %d/%m/%Y"),
                "by": score.adjusted_by or "—",
            }
        )
    score.adjusted_points, score.adjust_reason = points, reason.strip()
    score.adjusted_by, score.adjusted_at = by, timezone.now()
    score._change_reason = reason.strip()
    score.save()
    log(
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


def check_deduction(membership: Membership, points: Decimal) -> None:
    """The cluster's scoring regulation scores out of the table's maximum: all the deductions of a member
    together cannot exceed that maximum, and once it has submitted its sheet, nor its points after the
    cross-check (a total never falls below 0). [assume] docs/clusters.md."""
    cluster_year = membership.cluster_year
    taken = sum((d.points for d in membership.deductions.all()), Decimal("0"))
    ensure_number(
        taken + points,
        high=(cluster_year.table_max, _("tổng điểm tối đa của bảng chấm điểm (điểm trừ cộng dồn)")),
    )
    if membership.submitted_at:
        ensure_number(
            taken + points,
            high=(scored_total(membership), _("điểm sau thẩm định của đơn vị (điểm trừ cộng dồn)")),
        )


@transaction.atomic
def deduction_add(*, membership: Membership, points: Decimal, reason: str, source: str, by: User | None) -> Deduction:
    """Staff enter another agency's deduction, with reason and source. Side effects: the row (history), an event."""
    membership = Membership.objects.select_for_update().select_related("cluster_year", "unit").get(pk=membership.pk)
    require_open(membership.cluster_year)
    if points is None or points <= 0:
        raise DomainError(_("Điểm trừ phải lớn hơn 0."))
    if not reason.strip() or not source.strip():
        raise DomainError(_("Cần ghi lý do và cơ quan, văn bản đề nghị trừ điểm."))
    check_deduction(membership, points)
    deduction = Deduction.objects.create(
        membership=membership, points=points, reason=reason, source=source, entered_by=by
    )
    log(
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
    require_open(deduction.membership.cluster_year)
    log(
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
    cluster_year = lock_year(cluster_year)
    require_open(cluster_year)
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
    cluster_year = transition(
        cluster_year,
        to=ClusterYear.ScoringStatus.PUBLISHED,
        by=by,
        action=_("Công bố xếp hạng năm %(year)s") % {"year": cluster_year.year},
        field="scoring_status",
        flow=ClusterYear.ScoringStatus,
        changes={"published_at": timezone.now(), "published_by": by},
    )
    notification_send(
        recipients=officers(cluster_year.memberships.values_list("unit_id", flat=True)),
        title=_("%(cluster)s đã công bố xếp hạng năm %(year)s")
        % {"cluster": cluster_year.cluster.name, "year": cluster_year.year},
        link=reverse("clusters:ranking", args=[cluster_year.cluster_id, cluster_year.year]),
    )
    return entries
