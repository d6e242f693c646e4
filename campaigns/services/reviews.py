"""Reviews (sơ kết, tổng kết): each unit's result, adjusted with a reason, and the award proposals
that become draft dossiers of the awards app.
"""

from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from awards.models import Award, Dossier
from awards.services import dossier_create_draft
from campaigns.models import Campaign, Review, ReviewProposal, ReviewResult
from campaigns.selectors import quota_uses
from campaigns.services.common import locked_campaign, unit_officers
from thiduakt.bounds import ensure_number
from thiduakt.models import OrgUnit, Person, User
from thiduakt.services import DomainError, notification_send
from thiduakt.workflow import record_event

S = Campaign.Status
# A unit's result is a share of its commitments: 0 to 100 % (the computed one is capped at 100 % too).
RESULT_BOUNDS = {"low": (0, _lazy("mức thấp nhất (%)")), "high": (100, _lazy("mức hoàn thành tối đa (%)"))}


@transaction.atomic
def review_result_adjust(*, result: ReviewResult, by: User, percent: Decimal, reason: str) -> ReviewResult:
    """Change a unit's computed result, with a reason. Side effects: the result (history), an event."""
    if not reason.strip():
        raise DomainError(_("Cần ghi lý do điều chỉnh kết quả."))
    ensure_number(percent, **RESULT_BOUNDS)
    result = (
        ReviewResult.objects.select_for_update(of=("self",))
        .select_related("review__campaign", "unit")
        .get(pk=result.pk)
    )
    if result.review.campaign.status == S.CLOSED:
        raise DomainError(_("Phong trào đã kết thúc, không sửa kết quả."))
    result.percent = percent
    result.adjust_reason = reason.strip()
    result.adjusted_by = by
    result._change_reason = reason.strip()
    result.save()
    record_event(
        result.review.campaign,
        by=by,
        action=_("Điều chỉnh kết quả %(unit)s: %(p)s%%") % {"unit": result.unit, "p": percent},
        reason=reason.strip(),
    )
    return result


@transaction.atomic
def review_proposal_add(
    *,
    review: Review,
    by: User,
    unit: OrgUnit,
    kind: str,
    award_code: str,
    person: Person | None = None,
    nominee_unit: OrgUnit | None = None,
    is_exemplar: bool = False,
    summary: str = "",
    quota_override_reason: str = "",
) -> ReviewProposal:
    """A collective or an individual proposed for an award at a review.

    The plan's quotas are checked here: a proposal beyond one ("2/1 ✗": a unit's number, or the share
    of participants) is refused, unless department staff override it with a reason, which is kept on
    the proposal and in the event. Side effects: the proposal, an event.
    """
    campaign = locked_campaign(review.campaign)
    if campaign.status == S.CLOSED:
        raise DomainError(_("Phong trào đã kết thúc."))
    if not campaign.participants.filter(unit=unit).exists():
        raise DomainError(_("Đơn vị trình không tham gia phong trào."))
    award = Award.objects.filter(code=award_code).first()
    if award is None:
        raise DomainError(_("Không có hình thức khen thưởng mã %(code)s.") % {"code": award_code})
    if kind == ReviewProposal.Kind.INDIVIDUAL:
        if person is None:
            raise DomainError(_("Cần chọn cá nhân được đề xuất."))
        nominee_unit = None
    else:
        if nominee_unit is None:
            raise DomainError(_("Cần chọn tập thể được đề xuất."))
        person = None
    if campaign.quotas.exists() and not campaign.quotas.filter(award=award, recipient=kind).exists():
        raise DomainError(_("Kế hoạch không có hình thức “%(award)s” cho đối tượng này.") % {"award": award.name})
    exists = ReviewProposal.objects.filter(review=review, award=award)
    if (person and exists.filter(person=person).exists()) or (
        nominee_unit and exists.filter(nominee_unit=nominee_unit).exists()
    ):
        raise DomainError(_("Đối tượng này đã được đề xuất hình thức khen thưởng đó."))
    over = [
        use
        for use in quota_uses(review, extra={"unit": unit, "award_id": award.pk, "kind": kind})
        if use.over
        and use.quota.award_id == award.pk
        and use.quota.recipient == kind
        and (use.unit is None or use.unit.pk == unit.pk)
    ]
    override = quota_override_reason.strip()
    if over:
        said = "; ".join(
            _("%(award)s – %(who)s: %(count)s")
            % {
                "award": use.quota.award.name,
                "who": use.unit or _("toàn phong trào"),
                "count": use.label,
            }
            for use in over
        )
        if not (by.is_department_staff or by.is_superuser):
            raise DomainError(_("Vượt số lượng kế hoạch cho phép (%(said)s).") % {"said": said})
        if not override:
            raise DomainError(
                _("Vượt số lượng kế hoạch cho phép (%(said)s). Muốn đề xuất vượt, ghi lý do vượt số lượng.")
                % {"said": said}
            )
    proposal = ReviewProposal.objects.create(
        quota_override_reason=override if over else "",
        review=review,
        unit=unit,
        kind=kind,
        person=person,
        nominee_unit=nominee_unit,
        award=award,
        is_exemplar=is_exemplar,
        summary=summary,
        created_by=by,
    )
    record_event(
        campaign,
        by=by,
        action=(_("Đề xuất khen thưởng vượt số lượng: %(p)s") if over else _("Đề xuất khen thưởng: %(p)s"))
        % {"p": proposal.nominee_name},
        reason=override if over else "",
    )
    return proposal


@transaction.atomic
def review_proposals_to_dossiers(*, review: Review, by: User) -> list:
    """Turn the review's pending proposals into one draft dossier per proposing unit (awards app).

    The unit's officers then complete and submit it. All or nothing: an error from the awards
    app (duplicate nomination, award not for that nominee) leaves every proposal pending.
    Side effects: Dossiers and Nominations (through ``awards.services.dossier_create_draft``),
    the proposals' dossier link, an event, a notice to each unit.
    """

    review = Review.objects.select_related("campaign").get(pk=review.pk)
    campaign = locked_campaign(review.campaign)
    pending = list(
        ReviewProposal.objects.select_for_update(of=("self",))
        .filter(review=review, dossier__isnull=True)
        .select_related("unit", "person", "nominee_unit", "award")
        .order_by("unit_id", "id")
    )
    if not pending:
        raise DomainError(_("Không còn đề xuất nào chờ chuyển thành hồ sơ."))
    by_unit: dict[int, list[ReviewProposal]] = {}
    for proposal in pending:
        by_unit.setdefault(proposal.unit_id, []).append(proposal)
    year = review.held_on.year
    dossiers = []
    now = timezone.now()
    for proposals in by_unit.values():
        unit = proposals[0].unit
        dossier = dossier_create_draft(
            unit=unit,
            round_kind=Dossier.RoundKind.CAMPAIGN,
            year=year,
            by=by,
            title=_("Khen thưởng %(review)s %(c)s") % {"review": review.get_kind_display().lower(), "c": campaign.name},
            origin=Dossier.Origin.CAMPAIGN_REVIEW,
            origin_note=_("Đề xuất tại %(review)s phong trào “%(c)s” ngày %(d)s.")
            % {"review": review.get_kind_display().lower(), "c": campaign.name, "d": f"{review.held_on:%d/%m/%Y}"},
            nominees=[
                {
                    "kind": p.kind,
                    "person": p.person,
                    "unit": p.nominee_unit,
                    "household_name": "",
                    "award": p.award.code,
                    "summary": p.summary,
                }
                for p in proposals
            ],
            campaign=campaign,
        )
        ReviewProposal.objects.filter(pk__in=[p.pk for p in proposals]).update(dossier=dossier, dossier_created_at=now)
        dossiers.append(dossier)
        recipients = unit_officers([unit.pk])
        link = reverse("awards:dossier_detail", args=[dossier.pk])
        transaction.on_commit(
            lambda r=recipients, link=link: notification_send(
                recipients=r,
                title=_("Có hồ sơ đề nghị khen thưởng cần hoàn thiện: %(c)s") % {"c": campaign.name},
                body=_("Hồ sơ được tạo từ đề xuất tại %(review)s; hãy bổ sung và gửi.")
                % {"review": review.get_kind_display().lower()},
                link=link,
            )
        )
    record_event(
        campaign,
        by=by,
        action=_("Chuyển %(n)s đề xuất thành %(d)s hồ sơ đề nghị khen thưởng")
        % {"n": len(pending), "d": len(dossiers)},
    )
    return dossiers
