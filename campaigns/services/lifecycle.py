"""The campaign's life: draft → launched → in progress → (interim reviewed →) final reviewed → closed.

Every move goes through ``thiduakt.workflow.transition`` (the moves are declared on
``Campaign.Status``); the reviews record each unit's result computed from its reports.
"""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign, Participant, ReportDue, Review, ReviewProposal, ReviewResult
from campaigns.selectors import unit_results
from campaigns.services.common import locked_campaign, unit_officers
from campaigns.services.plan import schedule_days
from thiduakt.bounds import ensure_date
from thiduakt.models import User
from thiduakt.services import DomainError, notification_send
from thiduakt.workflow import record_event, transition

S = Campaign.Status


def launch_gaps(campaign: Campaign) -> list[tuple[str, str]]:
    """What a draft still lacks to be launched, as ``(part of the plan, message)`` pairs, in the order
    ``campaign_launch`` checks them: the launching document ("general"), participants ("participants"),
    a measurable criterion ("criteria"). The set-up's review step lists them; the launch refuses on the first.

    The host and cooperating agencies joining at launch do not count: they join in other roles.
    """
    gaps = []
    if not campaign.document_number:
        gaps.append(("general", _("Cần ghi số văn bản phát động trước khi phát động.")))
    if not campaign.participants.filter(role=Participant.Role.PARTICIPANT).exists():
        gaps.append(("participants", _("Cần chọn đơn vị tham gia trước khi phát động.")))
    if not campaign.criteria.filter(is_qualitative=False).exists():
        gaps.append(("criteria", _("Cần ít nhất một tiêu chí đo lường được (có đơn vị tính và chỉ tiêu).")))
    return gaps


@transaction.atomic
def campaign_launch(*, campaign: Campaign, by: User) -> Campaign:
    """Launch a draft: it needs a launching document, participants and at least one measurable criterion.

    Side effects: status; the host agency (reports) and cooperating agencies join as participants;
    the report schedule of the plan's frequency; a notification to the units' officers; an event.
    Any missing part refuses the launch and leaves everything as it was.
    """
    campaign = transition(
        campaign,
        to=S.LAUNCHED,
        by=by,
        action=_("Phát động phong trào"),
        error=_("Chỉ phát động được phong trào đang là dự thảo."),
        changes={"launched_at": timezone.now()},
    )
    gaps = launch_gaps(campaign)
    if gaps:
        raise DomainError(gaps[0][1])
    # The host agency reports like a participant; cooperating agencies follow the campaign.
    existing_units = set(campaign.participants.values_list("unit_id", flat=True))
    joining = [(campaign.host_unit, Participant.Role.HOST)] if campaign.host_unit_id else []
    joining += [(u, Participant.Role.COOPERATING) for u in campaign.cooperating_units.all()]
    for unit, role in joining:
        if unit.pk not in existing_units:
            Participant.objects.create(campaign=campaign, unit=unit, role=role)
            existing_units.add(unit.pk)
    existing = set(campaign.dues.values_list("due_on", flat=True))
    ReportDue.objects.bulk_create(
        [
            ReportDue(campaign=campaign, due_on=d, label=label)
            for d, label in schedule_days(campaign)
            if d not in existing
        ]
    )
    link = reverse("campaigns:detail", args=[campaign.pk])
    recipients = unit_officers(campaign.participants.values_list("unit_id", flat=True))
    transaction.on_commit(
        lambda: notification_send(
            recipients=recipients,
            title=_("Phát động phong trào: %(name)s") % {"name": campaign.name},
            body=_("Đơn vị được mời tham gia. Hãy đăng ký thi đua với các chỉ tiêu cam kết."),
            link=link,
        )
    )
    return campaign


@transaction.atomic
def campaign_start(*, campaign: Campaign, by: User) -> Campaign:
    """Launched → in progress (registrations are in). Side effects: status, an event."""
    return transition(
        campaign,
        to=S.IN_PROGRESS,
        by=by,
        action=_("Chuyển sang giai đoạn triển khai"),
        error=_("Chỉ chuyển sang triển khai khi phong trào đã phát động."),
        allowed_from=[S.LAUNCHED],
    )


def review_date_bounds(campaign: Campaign, kind: str) -> dict:
    """What a review's date must respect (``thiduakt.bounds``): from the campaign's start, not after today;
    an interim review not after the campaign's end, a final review not before it.

    A final review before the end would mark a running campaign "Đã tổng kết" and stop its reports:
    refused [decision]; to end a campaign early, shorten its period in the plan first.
    """
    start = (campaign.start_date, _("ngày bắt đầu phong trào"))
    end = (campaign.end_date, _("ngày kết thúc phong trào"))
    if kind == Review.Kind.FINAL:
        return {"after": [start, end], "not_future": True}
    return {"after": start, "before": end, "not_future": True}


def _review_create(*, campaign: Campaign, by: User, kind: str, held_on: date, summary: str) -> Review:
    if not summary.strip():
        raise DomainError(_("Cần ghi tóm tắt kết quả."))
    ensure_date(held_on, **review_date_bounds(campaign, kind))
    if campaign.reviews.filter(kind=kind).exists():
        raise DomainError(_("Phong trào đã có %(kind)s.") % {"kind": Review.Kind(kind).label.lower()})
    review = Review.objects.create(campaign=campaign, kind=kind, held_on=held_on, summary=summary, created_by=by)
    results = unit_results(campaign)
    ReviewResult.objects.bulk_create(
        [
            ReviewResult(review=review, unit_id=unit_id, computed_percent=percent, percent=percent)
            for unit_id, percent in results.items()
        ]
    )
    return review


@transaction.atomic
def campaign_interim_review(*, campaign: Campaign, by: User, held_on: date, summary: str) -> Review:
    """In progress → interim reviewed: record the sơ kết with each unit's result computed from the reports.

    Side effects: status, the Review and its results, an event.
    """
    campaign = transition(
        campaign,
        to=S.INTERIM_REVIEWED,
        by=by,
        action=_("Sơ kết phong trào"),
        error=_("Chỉ sơ kết phong trào đang triển khai."),
        allowed_from=[S.IN_PROGRESS],
    )
    return _review_create(campaign=campaign, by=by, kind=Review.Kind.INTERIM, held_on=held_on, summary=summary)


@transaction.atomic
def campaign_final_review(*, campaign: Campaign, by: User, held_on: date, summary: str) -> Review:
    """In progress or interim reviewed → final reviewed: the tổng kết, where awards are proposed.

    Side effects: status, the Review and its results, an event.
    """
    campaign = transition(
        campaign,
        to=S.FINAL_REVIEWED,
        by=by,
        action=_("Tổng kết phong trào"),
        error=_("Chỉ tổng kết phong trào đang triển khai hoặc đã sơ kết."),
        allowed_from=[S.IN_PROGRESS, S.INTERIM_REVIEWED],
    )
    return _review_create(campaign=campaign, by=by, kind=Review.Kind.FINAL, held_on=held_on, summary=summary)


@transaction.atomic
def campaign_close(*, campaign: Campaign, by: User, reason: str = "") -> Campaign:
    """Final reviewed → closed, once every proposal has become a dossier. Side effects: status, an event."""
    campaign = transition(
        campaign,
        to=S.CLOSED,
        by=by,
        action=_("Kết thúc phong trào"),
        reason=reason,
        error=_("Chỉ kết thúc phong trào đã tổng kết."),
        allowed_from=[S.FINAL_REVIEWED],
    )
    if ReviewProposal.objects.filter(review__campaign=campaign, dossier__isnull=True).exists():
        raise DomainError(_("Còn đề xuất khen thưởng chưa chuyển thành hồ sơ."))
    return campaign


@transaction.atomic
def review_update(*, review: Review, by: User, held_on: date, summary: str, reason: str) -> Review:
    """Correct a review's date or summary, with a reason. Not once the campaign is closed.

    Side effects: the Review (history with the reason), an event.
    """
    if not reason.strip():
        raise DomainError(_("Cần ghi lý do sửa."))
    if not summary.strip():
        raise DomainError(_("Cần ghi tóm tắt kết quả."))
    campaign = locked_campaign(review.campaign)
    review = Review.objects.select_for_update().get(pk=review.pk)
    if campaign.status == S.CLOSED:
        raise DomainError(_("Phong trào đã kết thúc, không sửa sơ kết, tổng kết."))
    ensure_date(held_on, **review_date_bounds(campaign, review.kind))
    before = review.held_on
    review.held_on, review.summary = held_on, summary
    review._change_reason = reason.strip()
    review.save()
    record_event(
        campaign,
        by=by,
        action=_("Sửa %(kind)s (ngày %(old)s → %(new)s)")
        % {"kind": review.get_kind_display().lower(), "old": f"{before:%d/%m/%Y}", "new": f"{held_on:%d/%m/%Y}"},
        reason=reason.strip(),
    )
    return review


@transaction.atomic
def review_cancel(*, review: Review, by: User, reason: str) -> Campaign:
    """Cancel a review recorded by mistake: its results and proposals go with it, the campaign goes back
    to the status before it (in progress, or interim reviewed when a final review is cancelled).

    Refused once a proposal became a dossier, when cancelling an interim review that a final review
    follows, and once the campaign is closed. Side effects: deletions, the status (event with the reason).
    """
    if not reason.strip():
        raise DomainError(_("Cần ghi lý do hủy."))
    campaign = locked_campaign(review.campaign)
    review = Review.objects.select_for_update().get(pk=review.pk)
    if campaign.status == S.CLOSED:
        raise DomainError(_("Phong trào đã kết thúc, không hủy sơ kết, tổng kết."))
    if review.proposals.filter(dossier__isnull=False).exists():
        raise DomainError(_("Đã có đề xuất được lập hồ sơ đề nghị khen thưởng: không hủy được."))
    if review.kind == Review.Kind.INTERIM and campaign.reviews.filter(kind=Review.Kind.FINAL).exists():
        raise DomainError(_("Đã tổng kết: hủy tổng kết trước khi hủy sơ kết."))
    back = S.IN_PROGRESS
    if review.kind == Review.Kind.FINAL and campaign.reviews.filter(kind=Review.Kind.INTERIM).exists():
        back = S.INTERIM_REVIEWED
    label = review.get_kind_display().lower()
    review._change_reason = reason.strip()
    review.delete()
    return transition(
        campaign,
        to=back,
        by=by,
        action=_("Hủy %(kind)s ghi nhầm") % {"kind": label},
        reason=reason.strip(),
    )
