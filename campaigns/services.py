"""Every write of campaigns: plan, transitions, registrations, reports, reminders, reviews.

Each function is keyword-only, atomic, checks the current state under ``select_for_update``
and records who did what (``CampaignEvent`` and simple-history). Illegal actions raise
``DomainError`` with a Vietnamese message.
"""

import calendar
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import (
    AwardQuota,
    Campaign,
    CampaignEvent,
    Commitment,
    Criterion,
    Participant,
    ParticipantGroup,
    Phase,
    ProgressReport,
    RegisteredNominee,
    Registration,
    Reminder,
    ReportAttachment,
    ReportDue,
    ReportValue,
    Review,
    ReviewProposal,
    ReviewResult,
)
from campaigns.selectors import REPORTING_ROLES, unit_results
from thiduakt.models import OrgUnit, Person, User
from thiduakt.services import DomainError, notification_send
from thiduakt.uploads import DOCUMENTS, UploadError, check_upload

S = Campaign.Status
CAMPAIGN_FIELDS = {
    "name",
    "slogan",
    "purpose",
    "launcher",
    "launcher_unit",
    "document_number",
    "document_date",
    "parent",
    "kind",
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "host_unit",
    "allows_nominee_registration",
    "dossier_deadline",
    "interim_review_on",
    "final_review_on",
    "report_frequency",
    "report_day",
    "remind_days_before",
}
# Overdue reminders go out for due dates of the last few months only: an old campaign
# switched on again must not flood units with reminders about years-old reports.
OVERDUE_WINDOW_DAYS = 92


def _event(*, campaign: Campaign, by: User | None, action: str, reason: str = "", registration=None) -> None:
    CampaignEvent.objects.create(campaign=campaign, registration=registration, by=by, action=action, reason=reason)


def _locked(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


def _check_plan(values: dict) -> None:
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        raise DomainError(_("Ngày kết thúc phải sau ngày bắt đầu."))
    start_time, end_time = values.get("start_time"), values.get("end_time")
    if start and end and end == start and start_time and end_time and end_time <= start_time:
        raise DomainError(_("Thời điểm kết thúc phải sau thời điểm bắt đầu."))
    if values.get("launcher") == Campaign.Launcher.UNIT and not values.get("launcher_unit"):
        raise DomainError(_("Cần chọn đơn vị phát động."))
    day = values.get("report_day")
    if day is not None and not 1 <= day <= 28:
        raise DomainError(_("Ngày báo cáo trong kỳ phải từ 1 đến 28."))


# ---------------------------------------------------------------------------
# The plan
# ---------------------------------------------------------------------------


@transaction.atomic
def campaign_create(*, by: User, cooperating_units=(), document_file=None, **values) -> Campaign:
    """A draft campaign. Side effects: the Campaign, an event."""
    unknown = set(values) - CAMPAIGN_FIELDS
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    _check_plan(values)
    campaign = Campaign(created_by=by, **values)
    campaign._change_reason = _("Tạo dự thảo")
    campaign.save()
    if cooperating_units:
        campaign.cooperating_units.set(cooperating_units)
    if document_file is not None:
        _store_document(campaign, document_file)
    _event(campaign=campaign, by=by, action=_("Tạo dự thảo phong trào"))
    return campaign


def _checked(upload):
    """The upload checked by the foundation's gate (documents of a campaign), or a ``DomainError``."""
    try:
        return check_upload(upload, allow=DOCUMENTS)
    except UploadError as exc:
        raise DomainError(str(exc)) from exc


def _store_document(campaign: Campaign, upload) -> None:
    checked = _checked(upload)
    campaign.document_file.save(f"van-ban{checked.extension}", ContentFile(checked.data), save=False)
    campaign.document_file_name = checked.name
    campaign.document_content_type = checked.content_type
    campaign.save(update_fields=["document_file", "document_file_name", "document_content_type"])


@transaction.atomic
def campaign_update(*, campaign: Campaign, by: User, cooperating_units=None, document_file=None, **values) -> Campaign:
    """Change the plan; not once closed. Side effects: the Campaign (history), an event."""
    unknown = set(values) - CAMPAIGN_FIELDS
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    campaign = _locked(campaign)
    if campaign.status == S.CLOSED:
        raise DomainError(_("Phong trào đã kết thúc, không sửa được kế hoạch."))
    merged = {f: getattr(campaign, f) for f in CAMPAIGN_FIELDS} | values
    _check_plan(merged)
    for name, value in values.items():
        setattr(campaign, name, value)
    campaign._change_reason = _("Sửa kế hoạch")
    campaign.save()
    if cooperating_units is not None:
        campaign.cooperating_units.set(cooperating_units)
    if document_file is not None:
        _store_document(campaign, document_file)
    _event(campaign=campaign, by=by, action=_("Sửa kế hoạch"))
    return campaign


def _plan_editable(campaign: Campaign) -> Campaign:
    campaign = _locked(campaign)
    if campaign.status != S.DRAFT:
        raise DomainError(_("Chỉ sửa tiêu chí, nhóm đối tượng, giai đoạn khi phong trào còn là dự thảo."))
    return campaign


@transaction.atomic
def group_add(*, campaign: Campaign, by: User, name: str, description: str = "") -> ParticipantGroup:
    """A participant group. Side effects: the group."""
    campaign = _plan_editable(campaign)
    if campaign.groups.filter(name=name.strip()).exists():
        raise DomainError(_("Nhóm đối tượng này đã có."))
    return ParticipantGroup.objects.create(campaign=campaign, name=name.strip(), description=description)


@transaction.atomic
def phase_add(*, campaign: Campaign, by: User, name: str, start_date: date, end_date: date) -> Phase:
    """A phase of the period, inside the period. Side effects: the phase."""
    campaign = _plan_editable(campaign)
    if end_date < start_date:
        raise DomainError(_("Ngày kết thúc giai đoạn phải sau ngày bắt đầu."))
    if start_date < campaign.start_date or (campaign.end_date and end_date > campaign.end_date):
        raise DomainError(_("Giai đoạn phải nằm trong thời gian của phong trào."))
    if campaign.phases.filter(name=name.strip()).exists():
        raise DomainError(_("Giai đoạn này đã có."))
    return Phase.objects.create(campaign=campaign, name=name.strip(), start_date=start_date, end_date=end_date)


@transaction.atomic
def criterion_add(
    *,
    campaign: Campaign,
    by: User,
    indicator: str,
    unit_of_measure: str = "",
    target: Decimal | None = None,
    weight: Decimal = Decimal(0),
    is_qualitative: bool = False,
    group: ParticipantGroup | None = None,
) -> Criterion:
    """A criterion: measurable (unit of measure and target) unless marked qualitative.

    Side effects: the criterion, an event.
    """
    campaign = _plan_editable(campaign)
    if group is not None and group.campaign_id != campaign.pk:
        raise DomainError(_("Nhóm đối tượng không thuộc phong trào này."))
    if not is_qualitative and (target is None or not unit_of_measure.strip()):
        raise DomainError(
            _("Tiêu chí đo lường được cần đơn vị tính và chỉ tiêu; nếu thật sự không đo được, hãy đánh dấu định tính.")
        )
    if target is not None and target < 0:
        raise DomainError(_("Chỉ tiêu không được âm."))
    if not 0 <= weight <= 100:
        raise DomainError(_("Trọng số phải từ 0 đến 100."))
    if campaign.criteria.filter(group=group, indicator=indicator.strip()).exists():
        raise DomainError(_("Tiêu chí này đã có."))
    total = sum((c.weight for c in campaign.criteria.filter(group=group)), Decimal(0))
    if total + weight > 100:
        raise DomainError(_("Tổng trọng số các tiêu chí vượt quá 100%."))
    position = campaign.criteria.count() + 1
    criterion = Criterion.objects.create(
        campaign=campaign,
        group=group,
        position=position,
        indicator=indicator.strip(),
        unit_of_measure=unit_of_measure.strip(),
        target=target,
        weight=weight,
        is_qualitative=is_qualitative,
    )
    _event(campaign=campaign, by=by, action=_("Thêm tiêu chí: %(name)s") % {"name": criterion.indicator})
    return criterion


@transaction.atomic
def criterion_remove(*, criterion: Criterion, by: User) -> None:
    """Remove a criterion of a draft. Side effects: the criterion is deleted, an event."""
    campaign = _plan_editable(criterion.campaign)
    _event(campaign=campaign, by=by, action=_("Bỏ tiêu chí: %(name)s") % {"name": criterion.indicator})
    criterion.delete()


@transaction.atomic
def quota_add(
    *,
    campaign: Campaign,
    by: User,
    award_code: str,
    recipient: str,
    max_per_unit: int | None = None,
    max_percent: Decimal | None = None,
    note: str = "",
) -> AwardQuota:
    """An award form the plan allows and its quota. Side effects: the quota, an event."""
    from awards.models import Award

    campaign = _locked(campaign)
    if campaign.status in (S.FINAL_REVIEWED, S.CLOSED):
        raise DomainError(_("Phong trào đã tổng kết, không thêm hình thức khen thưởng."))
    award = Award.objects.filter(code=award_code).first()
    if award is None:
        raise DomainError(_("Không có hình thức khen thưởng mã %(code)s.") % {"code": award_code})
    if recipient == AwardQuota.For.INDIVIDUAL and not award.for_individual:
        raise DomainError(_("“%(award)s” không dành cho cá nhân.") % {"award": award.name})
    if recipient == AwardQuota.For.COLLECTIVE and not award.for_collective:
        raise DomainError(_("“%(award)s” không dành cho tập thể.") % {"award": award.name})
    if max_per_unit is None and max_percent is None:
        raise DomainError(_("Cần ghi số lượng tối đa mỗi đơn vị hoặc tỷ lệ tối đa."))
    if AwardQuota.objects.filter(campaign=campaign, award=award, recipient=recipient).exists():
        raise DomainError(_("Hình thức khen thưởng này đã có trong kế hoạch."))
    quota = AwardQuota.objects.create(
        campaign=campaign,
        award=award,
        recipient=recipient,
        max_per_unit=max_per_unit,
        max_percent=max_percent,
        note=note,
    )
    _event(campaign=campaign, by=by, action=_("Thêm hình thức khen thưởng: %(q)s") % {"q": quota})
    return quota


def units_for_selection(*, kind: str = "", cluster=None, year: int | None = None) -> list[OrgUnit]:
    """Active units of a kind, or the members of a cluster in a year (its latest year if none given)."""
    if kind:
        return list(OrgUnit.objects.filter(kind=kind, valid_to__isnull=True).order_by("name"))
    if cluster is not None:
        from clusters.models import ClusterYear

        years = ClusterYear.objects.filter(cluster=cluster)
        cluster_year = (years.filter(year=year).first() if year else None) or years.order_by("-year").first()
        if cluster_year is None:
            return []
        return list(OrgUnit.objects.filter(cluster_memberships__cluster_year=cluster_year).order_by("name"))
    return []


@transaction.atomic
def participants_add(
    *,
    campaign: Campaign,
    by: User,
    units,
    source: str = Participant.Source.INDIVIDUAL,
    role: str = Participant.Role.PARTICIPANT,
    group: ParticipantGroup | None = None,
) -> int:
    """Add units (chosen individually, by kind, by cluster or imported); ones already in stay as they are.

    Not once the final review is done. Returns the number added. Side effects: Participants, an event.
    """
    campaign = _locked(campaign)
    if campaign.status in (S.FINAL_REVIEWED, S.CLOSED):
        raise DomainError(_("Phong trào đã tổng kết, không thêm đơn vị tham gia."))
    if group is not None and group.campaign_id != campaign.pk:
        raise DomainError(_("Nhóm đối tượng không thuộc phong trào này."))
    existing = set(campaign.participants.values_list("unit_id", flat=True))
    new = [
        Participant(campaign=campaign, unit=u, source=source, role=role, group=group)
        for u in {u.pk: u for u in units}.values()
        if u.pk not in existing
    ]
    Participant.objects.bulk_create(new)
    if new:
        _event(
            campaign=campaign,
            by=by,
            action=_("Thêm %(n)s đơn vị tham gia (%(how)s)") % {"n": len(new), "how": Participant.Source(source).label},
        )
    return len(new)


@transaction.atomic
def participant_remove(*, participant: Participant, by: User) -> None:
    """Remove a unit that has not registered or reported. Side effects: deletion, an event."""
    campaign = _locked(participant.campaign)
    if (
        campaign.registrations.filter(unit_id=participant.unit_id).exists()
        or campaign.reports.filter(unit_id=participant.unit_id).exists()
    ):
        raise DomainError(_("Đơn vị đã đăng ký hoặc báo cáo, không thể bỏ khỏi phong trào."))
    _event(campaign=campaign, by=by, action=_("Bỏ đơn vị tham gia: %(unit)s") % {"unit": participant.unit})
    participant.delete()


# ---------------------------------------------------------------------------
# Report schedule
# ---------------------------------------------------------------------------


def schedule_days(campaign: Campaign) -> list[tuple[date, str]]:
    """The due dates that the plan's frequency gives, inside the period (a year when it has no end)."""
    if campaign.report_frequency not in (Campaign.ReportFrequency.MONTHLY, Campaign.ReportFrequency.QUARTERLY):
        return []
    end = campaign.end_date or campaign.final_review_on or (campaign.start_date + timedelta(days=365))
    step = 1 if campaign.report_frequency == Campaign.ReportFrequency.MONTHLY else 3
    days = []
    year, month = campaign.start_date.year, campaign.start_date.month
    while date(year, month, 1) <= end:
        if step == 1 or month % 3 == 0:
            day = date(year, month, min(campaign.report_day, calendar.monthrange(year, month)[1]))
            if campaign.start_date <= day <= end:
                label = (
                    _("Tháng %(m)s/%(y)s") % {"m": month, "y": year}
                    if step == 1
                    else _("Quý %(q)s/%(y)s") % {"q": (month - 1) // 3 + 1, "y": year}
                )
                days.append((day, label))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    if not days and campaign.end_date:
        # A short drive (e.g. two weeks): one report at its end.
        days.append((campaign.end_date, _("Báo cáo kết thúc đợt")))
    return days


@transaction.atomic
def report_due_add(*, campaign: Campaign, by: User, due_on: date, label: str = "") -> ReportDue:
    """A fixed due date. Side effects: the ReportDue, an event."""
    campaign = _locked(campaign)
    if campaign.status in (S.FINAL_REVIEWED, S.CLOSED):
        raise DomainError(_("Phong trào đã tổng kết, không thêm kỳ báo cáo."))
    if campaign.dues.filter(due_on=due_on).exists():
        raise DomainError(_("Đã có kỳ báo cáo ngày %(d)s.") % {"d": due_on.strftime("%d/%m/%Y")})
    due = ReportDue.objects.create(
        campaign=campaign, due_on=due_on, label=label.strip() or _("Báo cáo ngày %(d)s") % {"d": f"{due_on:%d/%m/%Y}"}
    )
    _event(campaign=campaign, by=by, action=_("Thêm kỳ báo cáo %(due)s") % {"due": due})
    return due


# ---------------------------------------------------------------------------
# Transitions: draft → launched → in progress → interim reviewed → final reviewed → closed
# ---------------------------------------------------------------------------


def _officers(unit_ids) -> list[User]:
    return list(User.objects.filter(is_active=True, is_unit_officer=True, unit_id__in=unit_ids))


@transaction.atomic
def campaign_launch(*, campaign: Campaign, by: User) -> Campaign:
    """Launch a draft: it needs a launching document, participants and at least one measurable criterion.

    Side effects: status; the host agency (reports) and cooperating agencies join as participants;
    the report schedule of the plan's frequency; a notification to the units' officers; an event.
    """
    campaign = _locked(campaign)
    if campaign.status != S.DRAFT:
        raise DomainError(_("Chỉ phát động được phong trào đang là dự thảo."))
    if not campaign.document_number:
        raise DomainError(_("Cần ghi số văn bản phát động trước khi phát động."))
    # The host agency reports like a participant; cooperating agencies follow the campaign.
    existing_units = set(campaign.participants.values_list("unit_id", flat=True))
    joining = [(campaign.host_unit, Participant.Role.HOST)] if campaign.host_unit_id else []
    joining += [(u, Participant.Role.COOPERATING) for u in campaign.cooperating_units.all()]
    for unit, role in joining:
        if unit.pk not in existing_units:
            Participant.objects.create(campaign=campaign, unit=unit, role=role)
            existing_units.add(unit.pk)
    if not campaign.participants.filter(role=Participant.Role.PARTICIPANT).exists():
        raise DomainError(_("Cần chọn đơn vị tham gia trước khi phát động."))
    if not campaign.criteria.filter(is_qualitative=False).exists():
        raise DomainError(_("Cần ít nhất một tiêu chí đo lường được (có đơn vị tính và chỉ tiêu)."))
    existing = set(campaign.dues.values_list("due_on", flat=True))
    ReportDue.objects.bulk_create(
        [
            ReportDue(campaign=campaign, due_on=d, label=label)
            for d, label in schedule_days(campaign)
            if d not in existing
        ]
    )
    campaign.status = S.LAUNCHED
    campaign.launched_at = timezone.now()
    campaign._change_reason = _("Phát động")
    campaign.save()
    _event(campaign=campaign, by=by, action=_("Phát động phong trào"))
    link = reverse("campaigns:detail", args=[campaign.pk])
    recipients = _officers(campaign.participants.values_list("unit_id", flat=True))
    transaction.on_commit(
        lambda: notification_send(
            recipients=recipients,
            title=_("Phát động phong trào: %(name)s") % {"name": campaign.name},
            body=_("Đơn vị được mời tham gia. Hãy đăng ký thi đua với các chỉ tiêu cam kết."),
            link=link,
        )
    )
    return campaign


def _transition(*, campaign: Campaign, by: User, allowed: tuple, to: str, error: str, action: str, reason: str = ""):
    campaign = _locked(campaign)
    if campaign.status not in allowed:
        raise DomainError(error)
    campaign.status = to
    campaign._change_reason = reason or action
    campaign.save()
    _event(campaign=campaign, by=by, action=action, reason=reason)
    return campaign


@transaction.atomic
def campaign_start(*, campaign: Campaign, by: User) -> Campaign:
    """Launched → in progress (registrations are in). Side effects: status, an event."""
    return _transition(
        campaign=campaign,
        by=by,
        allowed=(S.LAUNCHED,),
        to=S.IN_PROGRESS,
        error=_("Chỉ chuyển sang triển khai khi phong trào đã phát động."),
        action=_("Chuyển sang giai đoạn triển khai"),
    )


def _review_create(*, campaign: Campaign, by: User, kind: str, held_on: date, summary: str) -> Review:
    if not summary.strip():
        raise DomainError(_("Cần ghi tóm tắt kết quả."))
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
    campaign = _transition(
        campaign=campaign,
        by=by,
        allowed=(S.IN_PROGRESS,),
        to=S.INTERIM_REVIEWED,
        error=_("Chỉ sơ kết phong trào đang triển khai."),
        action=_("Sơ kết phong trào"),
    )
    return _review_create(campaign=campaign, by=by, kind=Review.Kind.INTERIM, held_on=held_on, summary=summary)


@transaction.atomic
def campaign_final_review(*, campaign: Campaign, by: User, held_on: date, summary: str) -> Review:
    """In progress or interim reviewed → final reviewed: the tổng kết, where awards are proposed.

    Side effects: status, the Review and its results, an event.
    """
    campaign = _transition(
        campaign=campaign,
        by=by,
        allowed=(S.IN_PROGRESS, S.INTERIM_REVIEWED),
        to=S.FINAL_REVIEWED,
        error=_("Chỉ tổng kết phong trào đang triển khai hoặc đã sơ kết."),
        action=_("Tổng kết phong trào"),
    )
    return _review_create(campaign=campaign, by=by, kind=Review.Kind.FINAL, held_on=held_on, summary=summary)


@transaction.atomic
def campaign_close(*, campaign: Campaign, by: User, reason: str = "") -> Campaign:
    """Final reviewed → closed, once every proposal has become a dossier. Side effects: status, an event."""
    campaign = _locked(campaign)
    if (
        campaign.status == S.FINAL_REVIEWED
        and ReviewProposal.objects.filter(review__campaign=campaign, dossier__isnull=True).exists()
    ):
        raise DomainError(_("Còn đề xuất khen thưởng chưa chuyển thành hồ sơ."))
    return _transition(
        campaign=campaign,
        by=by,
        allowed=(S.FINAL_REVIEWED,),
        to=S.CLOSED,
        error=_("Chỉ kết thúc phong trào đã tổng kết."),
        action=_("Kết thúc phong trào"),
        reason=reason,
    )


# ---------------------------------------------------------------------------
# Registrations
# ---------------------------------------------------------------------------


def _participant_of(campaign: Campaign, unit: OrgUnit) -> Participant:
    participant = campaign.participants.filter(unit=unit).first()
    if participant is None:
        raise DomainError(_("Đơn vị %(unit)s không tham gia phong trào này.") % {"unit": unit})
    return participant


@transaction.atomic
def registration_save(
    *,
    campaign: Campaign,
    unit: OrgUnit,
    by: User,
    note: str = "",
    commitments: dict[int, tuple[Decimal | None, str]],
    nominees: list[dict] | None = None,
) -> Registration:
    """Create or change the unit's registration (draft or returned) with its commitment per criterion.

    ``commitments``: criterion id → (target, text). Measurable criteria need a target.
    ``nominees``: [{"kind": "individual"|"collective", "person": Person|None, "unit": OrgUnit|None,
    "commitment": str}] when the plan lets units register individuals and collectives.
    Side effects: the Registration (history), its Commitments and nominees, an event.
    """
    campaign = _locked(campaign)
    if campaign.status not in (S.LAUNCHED, S.IN_PROGRESS):
        raise DomainError(_("Phong trào không nhận đăng ký ở trạng thái hiện tại."))
    participant = _participant_of(campaign, unit)
    registration, created = Registration.objects.select_for_update().get_or_create(
        campaign=campaign, unit=unit, defaults={"created_by": by}
    )
    if registration.status not in (Registration.Status.DRAFT, Registration.Status.RETURNED):
        raise DomainError(_("Bản đăng ký đã gửi, không sửa được nữa."))
    criteria = [c for c in campaign.criteria.all() if c.group_id is None or c.group_id == participant.group_id]
    errors = []
    for criterion in criteria:
        target, _text = commitments.get(criterion.pk, (None, ""))
        if not criterion.is_qualitative and target is None:
            errors.append(_("Cần ghi chỉ tiêu đăng ký cho “%(c)s”.") % {"c": criterion.indicator})
        if target is not None and target < 0:
            errors.append(_("Chỉ tiêu đăng ký cho “%(c)s” không được âm.") % {"c": criterion.indicator})
    if errors:
        raise DomainError(" ".join(errors))
    registration.note = note
    registration._change_reason = _("Lưu đăng ký")
    registration.save()
    for criterion in criteria:
        target, text = commitments.get(criterion.pk, (None, ""))
        Commitment.objects.update_or_create(
            registration=registration, criterion=criterion, defaults={"target": target, "text": text[:500]}
        )
    if nominees is not None:
        if nominees and not campaign.allows_nominee_registration:
            raise DomainError(_("Kế hoạch không cho đăng ký cá nhân, tập thể."))
        registration.nominees.all().delete()
        for nominee in nominees:
            person, sub_unit = nominee.get("person"), nominee.get("unit")
            if person is not None and person.unit_id not in _subtree(unit):
                raise DomainError(_("%(name)s không thuộc đơn vị.") % {"name": person})
            if sub_unit is not None and sub_unit.pk not in _subtree(unit):
                raise DomainError(_("%(name)s không thuộc đơn vị.") % {"name": sub_unit})
            RegisteredNominee.objects.create(
                registration=registration,
                kind=nominee["kind"],
                person=person,
                unit=sub_unit,
                commitment=nominee.get("commitment", "")[:500],
            )
    _event(
        campaign=campaign,
        by=by,
        registration=registration,
        action=_("Tạo bản đăng ký") if created else _("Sửa bản đăng ký"),
    )
    return registration


def _subtree(unit: OrgUnit) -> set[int]:
    from thiduakt.selectors import unit_descendant_ids

    return unit_descendant_ids(unit)


@transaction.atomic
def registration_submit(*, registration: Registration, by: User) -> Registration:
    """Draft or returned → submitted. Side effects: status, time, an event, a notice to staff."""
    registration = (
        Registration.objects.select_for_update(of=("self",)).select_related("campaign", "unit").get(pk=registration.pk)
    )
    if registration.status not in (Registration.Status.DRAFT, Registration.Status.RETURNED):
        raise DomainError(_("Bản đăng ký đã được gửi."))
    if registration.campaign.status not in (S.LAUNCHED, S.IN_PROGRESS):
        raise DomainError(_("Phong trào không nhận đăng ký ở trạng thái hiện tại."))
    registration.status = Registration.Status.SUBMITTED
    registration.submitted_at = timezone.now()
    registration._change_reason = _("Gửi đăng ký")
    registration.save()
    _event(campaign=registration.campaign, by=by, registration=registration, action=_("Gửi đăng ký thi đua"))
    return registration


@transaction.atomic
def registration_approve(*, registration: Registration, by: User) -> Registration:
    """Submitted → approved. Side effects: status, reviewer, an event, a notice to the unit."""
    registration = (
        Registration.objects.select_for_update(of=("self",)).select_related("campaign", "unit").get(pk=registration.pk)
    )
    if registration.status != Registration.Status.SUBMITTED:
        raise DomainError(_("Chỉ duyệt được bản đăng ký đã gửi."))
    registration.status = Registration.Status.APPROVED
    registration.reviewed_at = timezone.now()
    registration.reviewed_by = by
    registration.return_reason = ""
    registration._change_reason = _("Duyệt đăng ký")
    registration.save()
    _event(campaign=registration.campaign, by=by, registration=registration, action=_("Duyệt đăng ký thi đua"))
    _notify_unit(
        registration,
        _("Đăng ký thi đua đã được duyệt: %(c)s") % {"c": registration.campaign.name},
        "",
    )
    return registration


@transaction.atomic
def registration_return(*, registration: Registration, by: User, reason: str) -> Registration:
    """Submitted → returned with a reason. Side effects: status, reason, an event, a notice to the unit."""
    if not reason.strip():
        raise DomainError(_("Cần ghi lý do trả lại."))
    registration = (
        Registration.objects.select_for_update(of=("self",)).select_related("campaign", "unit").get(pk=registration.pk)
    )
    if registration.status != Registration.Status.SUBMITTED:
        raise DomainError(_("Chỉ trả lại được bản đăng ký đã gửi."))
    registration.status = Registration.Status.RETURNED
    registration.return_reason = reason.strip()
    registration.reviewed_at = timezone.now()
    registration.reviewed_by = by
    registration._change_reason = reason
    registration.save()
    _event(
        campaign=registration.campaign,
        by=by,
        registration=registration,
        action=_("Trả lại bản đăng ký"),
        reason=reason.strip(),
    )
    _notify_unit(
        registration,
        _("Đăng ký thi đua bị trả lại: %(c)s") % {"c": registration.campaign.name},
        reason.strip(),
    )
    return registration


def _notify_unit(registration: Registration, title: str, body: str) -> None:
    link = reverse("campaigns:registration_detail", args=[registration.campaign_id, registration.pk])
    recipients = _officers([registration.unit_id])
    transaction.on_commit(lambda: notification_send(recipients=recipients, title=title, body=body, link=link))


# ---------------------------------------------------------------------------
# Progress reports
# ---------------------------------------------------------------------------


@transaction.atomic
def report_save(
    *,
    due: ReportDue,
    unit: OrgUnit,
    by: User,
    narrative: str,
    values: dict[int, tuple[Decimal | None, str]],
    uploads=(),
) -> ProgressReport:
    """Create or change the unit's draft report for one due date; values are cumulative to date.

    ``uploads``: files to attach, checked by content; one refused file refuses the whole save.
    Side effects: the ProgressReport (history), its values, its attachments in private storage.
    """
    campaign = _locked(due.campaign)
    if campaign.status not in (S.LAUNCHED, S.IN_PROGRESS, S.INTERIM_REVIEWED):
        raise DomainError(_("Phong trào không nhận báo cáo ở trạng thái hiện tại."))
    participant = _participant_of(campaign, unit)
    if participant.role not in REPORTING_ROLES:
        raise DomainError(_("Cơ quan phối hợp không phải gửi báo cáo tiến độ."))
    report, _created = ProgressReport.objects.select_for_update().get_or_create(
        due=due, unit=unit, defaults={"campaign": campaign}
    )
    if report.status != ProgressReport.Status.DRAFT:
        raise DomainError(_("Báo cáo đã gửi, không sửa được nữa."))
    for value, _text in values.values():
        if value is not None and value < 0:
            raise DomainError(_("Kết quả không được âm."))
    report.narrative = narrative
    report._change_reason = _("Lưu báo cáo")
    report.save()
    valid = {c.pk for c in campaign.criteria.all() if c.group_id is None or c.group_id == participant.group_id}
    for criterion_id, (value, text) in values.items():
        if criterion_id in valid:
            ReportValue.objects.update_or_create(
                report=report, criterion_id=criterion_id, defaults={"value": value, "text": text[:500]}
            )
    for upload in uploads:
        report_attach(report=report, by=by, upload=upload)
    return report


@transaction.atomic
def report_attach(*, report: ProgressReport, by: User, upload) -> ReportAttachment:
    """Attach a file checked by its content to a draft report. Side effects: the file in private storage."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ProgressReport.Status.DRAFT:
        raise DomainError(_("Báo cáo đã gửi, không đính kèm thêm được."))
    checked = _checked(upload)
    attachment = ReportAttachment(
        report=report,
        original_name=checked.name,
        content_kind=checked.kind,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=by,
    )
    attachment.file.save(f"{timezone.now():%Y%m%d%H%M%S}{checked.extension}", ContentFile(checked.data), save=False)
    attachment.save()
    return attachment


@transaction.atomic
def report_submit(*, report: ProgressReport, by: User) -> ProgressReport:
    """Draft → submitted; marked late when sent after the due date. Side effects: status, an event."""
    report = (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("due", "campaign", "unit")
        .get(pk=report.pk)
    )
    if report.status != ProgressReport.Status.DRAFT:
        raise DomainError(_("Báo cáo đã được gửi."))
    if report.campaign.status not in (S.LAUNCHED, S.IN_PROGRESS, S.INTERIM_REVIEWED):
        raise DomainError(_("Phong trào không nhận báo cáo ở trạng thái hiện tại."))
    now = timezone.now()
    report.status = ProgressReport.Status.SUBMITTED
    report.submitted_at = now
    report.submitted_by = by
    report.is_late = timezone.localdate(now) > report.due.due_on
    report._change_reason = _("Gửi báo cáo")
    report.save()
    _event(
        campaign=report.campaign,
        by=by,
        action=_("%(unit)s gửi báo cáo %(due)s%(late)s")
        % {"unit": report.unit, "due": report.due, "late": _(" (trễ hạn)") if report.is_late else ""},
    )
    return report


# ---------------------------------------------------------------------------
# Reminders
# ---------------------------------------------------------------------------


def _missing_units(due: ReportDue, participants: dict[int, list[int]], submitted: set[tuple[int, int]]) -> list[int]:
    return [u for u in participants.get(due.campaign_id, []) if (due.pk, u) not in submitted]


def _remind(*, due: ReportDue, unit_id: int, reason: str, today: date, by: User | None) -> bool:
    """Store the reminder first: if the same reminder exists, nobody is told twice."""
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(due=due, unit_id=unit_id, reason=reason, sent_on=today, sent_by=by)
    except IntegrityError:
        return False
    campaign = due.campaign
    if reason == Reminder.Reason.UPCOMING:
        title = _("Sắp đến hạn báo cáo: %(c)s") % {"c": campaign.name}
        body = _("Hạn gửi báo cáo tiến độ kỳ “%(label)s” là ngày %(d)s.") % {
            "label": due.label,
            "d": f"{due.due_on:%d/%m/%Y}",
        }
    else:
        title = _("Quá hạn báo cáo: %(c)s") % {"c": campaign.name}
        body = _("Đơn vị chưa gửi báo cáo tiến độ kỳ “%(label)s” (hạn ngày %(d)s). Đề nghị gửi ngay.") % {
            "label": due.label,
            "d": f"{due.due_on:%d/%m/%Y}",
        }
    recipients = _officers([unit_id])
    notification_send(
        recipients=recipients, title=title, body=body, link=reverse("campaigns:report_edit", args=[due.pk])
    )
    Reminder.objects.filter(pk=reminder.pk).update(recipients=len(recipients))
    return True


def _active_dues(campaigns, *, first: date, last: date):
    return list(
        ReportDue.objects.filter(campaign__in=campaigns, due_on__gte=first, due_on__lte=last).select_related("campaign")
    )


def _reporting(campaign_ids) -> dict[int, list[int]]:
    units: dict[int, list[int]] = {}
    for campaign_id, unit_id in Participant.objects.filter(
        campaign_id__in=campaign_ids, role__in=REPORTING_ROLES
    ).values_list("campaign_id", "unit_id"):
        units.setdefault(campaign_id, []).append(unit_id)
    return units


def reminders_send(*, today: date | None = None) -> int:
    """Tell units about reports due within each campaign's ``remind_days_before`` days, and overdue ones.

    Run periodically (Celery beat). Each (due date, unit, reason) is told once: a stored
    ``Reminder`` with a unique constraint, written before the notification, so a second run
    (or two workers at once) sends nothing again. Returns the number of reminders sent.
    Side effects: Reminders, Notifications (in-app and e-mail).
    """
    today = today or timezone.localdate()
    campaigns = Campaign.objects.filter(status__in=[S.LAUNCHED, S.IN_PROGRESS, S.INTERIM_REVIEWED])
    horizon = max(campaigns.values_list("remind_days_before", flat=True), default=0)
    dues = _active_dues(campaigns, first=today - timedelta(days=OVERDUE_WINDOW_DAYS), last=today + timedelta(horizon))
    participants = _reporting({d.campaign_id for d in dues})
    submitted = set(
        ProgressReport.objects.filter(due__in=dues, status=ProgressReport.Status.SUBMITTED).values_list(
            "due_id", "unit_id"
        )
    )
    sent = 0
    for due in dues:
        if due.due_on < today:
            reason = Reminder.Reason.OVERDUE
        elif (due.due_on - today).days <= due.campaign.remind_days_before:
            reason = Reminder.Reason.UPCOMING
        else:
            continue
        for unit_id in _missing_units(due, participants, submitted):
            sent += _remind(due=due, unit_id=unit_id, reason=reason, today=today, by=None)
    return sent


def campaign_remind_late(*, campaign: Campaign, by: User, today: date | None = None) -> int:
    """Staff: remind every unit that has not sent a report that is past due, once a day at most.

    Returns the number of reminders sent. Side effects: Reminders (manual), Notifications, an event.
    """
    today = today or timezone.localdate()
    if campaign.status not in (S.LAUNCHED, S.IN_PROGRESS, S.INTERIM_REVIEWED):
        raise DomainError(_("Phong trào không ở giai đoạn nhận báo cáo."))
    dues = list(campaign.dues.filter(due_on__lt=today).select_related("campaign"))
    participants = _reporting([campaign.pk])
    submitted = set(
        ProgressReport.objects.filter(due__in=dues, status=ProgressReport.Status.SUBMITTED).values_list(
            "due_id", "unit_id"
        )
    )
    sent = 0
    for due in dues:
        for unit_id in _missing_units(due, participants, submitted):
            sent += _remind(due=due, unit_id=unit_id, reason=Reminder.Reason.MANUAL, today=today, by=by)
    if sent:
        _event(campaign=campaign, by=by, action=_("Nhắc %(n)s báo cáo trễ hạn") % {"n": sent})
    return sent


# ---------------------------------------------------------------------------
# Reviews
# ---------------------------------------------------------------------------


@transaction.atomic
def review_result_adjust(*, result: ReviewResult, by: User, percent: Decimal, reason: str) -> ReviewResult:
    """Change a unit's computed result, with a reason. Side effects: the result (history), an event."""
    if not reason.strip():
        raise DomainError(_("Cần ghi lý do điều chỉnh kết quả."))
    if not Decimal(0) <= percent <= Decimal(200):
        raise DomainError(_("Mức hoàn thành phải từ 0 đến 200%."))
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
    _event(
        campaign=result.review.campaign,
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
) -> ReviewProposal:
    """A collective or an individual proposed for an award at a review. Side effects: the proposal, an event."""
    from awards.models import Award

    campaign = _locked(review.campaign)
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
    proposal = ReviewProposal.objects.create(
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
    _event(campaign=campaign, by=by, action=_("Đề xuất khen thưởng: %(p)s") % {"p": proposal.nominee_name})
    return proposal


@transaction.atomic
def review_proposals_to_dossiers(*, review: Review, by: User) -> list:
    """Turn the review's pending proposals into one draft dossier per proposing unit (awards app).

    The unit's officers then complete and submit it. All or nothing: an error from the awards
    app (duplicate nomination, award not for that nominee) leaves every proposal pending.
    Side effects: Dossiers and Nominations (through ``awards.services.dossier_create_draft``),
    the proposals' dossier link, an event, a notice to each unit.
    """
    from awards.models import Dossier
    from awards.services import dossier_create_draft

    review = Review.objects.select_related("campaign").get(pk=review.pk)
    campaign = _locked(review.campaign)
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
        recipients = _officers([unit.pk])
        link = reverse("awards:dossier_detail", args=[dossier.pk]) if _has_url("awards:dossier_detail") else ""
        transaction.on_commit(
            lambda r=recipients, link=link: notification_send(
                recipients=r,
                title=_("Có hồ sơ đề nghị khen thưởng cần hoàn thiện: %(c)s") % {"c": campaign.name},
                body=_("Hồ sơ được tạo từ đề xuất tại %(review)s; hãy bổ sung và gửi.")
                % {"review": review.get_kind_display().lower()},
                link=link,
            )
        )
    _event(
        campaign=campaign,
        by=by,
        action=_("Chuyển %(n)s đề xuất thành %(d)s hồ sơ đề nghị khen thưởng")
        % {"n": len(pending), "d": len(dossiers)},
    )
    return dossiers


def _has_url(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name, args=[1])
    except NoReverseMatch:
        return False
    return True


# ---------------------------------------------------------------------------
# Import (all or nothing; rows were checked by ``campaigns.resources``)
# ---------------------------------------------------------------------------


def _refuse_if_errors(parsed) -> None:
    if parsed.errors:
        raise DomainError(_("Tệp có %(n)s lỗi, chưa ghi dữ liệu nào.") % {"n": len(parsed.errors)})


@transaction.atomic
def campaigns_import(*, data: bytes, by: User) -> int:
    """Create draft campaigns from an xlsx; nothing is written if any row is wrong.

    Side effects: Campaigns (drafts) and their events. Raises ``SpreadsheetError`` or ``DomainError``.
    """
    from campaigns.resources import parse_campaigns

    parsed = parse_campaigns(data)
    _refuse_if_errors(parsed)
    for values in parsed.rows:
        campaign_create(by=by, **values)
    return len(parsed.rows)


@transaction.atomic
def participants_import(*, campaign: Campaign, data: bytes, by: User) -> int:
    """Add the units of an xlsx to the campaign; all or nothing. Side effects: Participants, an event."""
    from campaigns.resources import parse_participants

    parsed = parse_participants(data, campaign)
    _refuse_if_errors(parsed)
    added = 0
    for row in parsed.rows:
        added += participants_add(
            campaign=campaign,
            by=by,
            units=[row["unit"]],
            source=Participant.Source.IMPORT,
            role=row["role"],
            group=row["group"],
        )
    return added


@transaction.atomic
def registrations_import(*, campaign: Campaign, data: bytes, by: User) -> int:
    """Registrations collected on paper, entered by staff: saved and submitted; all or nothing.

    Side effects: Registrations with their commitments (submitted, for staff to approve), events.
    """
    from campaigns.resources import parse_registrations

    parsed = parse_registrations(data, campaign)
    _refuse_if_errors(parsed)
    for row in parsed.rows:
        registration = registration_save(
            campaign=campaign,
            unit=row["unit"],
            by=by,
            note=_("Nhập từ tệp Excel"),
            commitments=row["commitments"],
        )
        registration_submit(registration=registration, by=by)
    return len(parsed.rows)
