"""The plan of a campaign: its fields and document, groups, phases, criteria, award quotas,
participants and report schedule. Parts of the plan that shape registrations (groups, phases,
criteria) change only while the campaign is a draft.
"""

import calendar
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from awards.models import Award
from campaigns.models import (
    AwardQuota,
    Campaign,
    Criterion,
    Participant,
    ParticipantGroup,
    Phase,
    ReportDue,
    is_rate,
)
from campaigns.services.common import checked_upload, locked_campaign
from clusters.models import ClusterYear
from thiduakt.bounds import ensure_date, ensure_number
from thiduakt.models import OrgUnit, User
from thiduakt.services import DomainError
from thiduakt.workflow import record_event

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
    record_event(campaign, by=by, action=_("Tạo dự thảo phong trào"))
    return campaign


def _store_document(campaign: Campaign, upload) -> None:
    checked = checked_upload(upload)
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
    campaign = locked_campaign(campaign)
    if campaign.status == S.CLOSED:
        raise DomainError(_("Phong trào đã kết thúc, không sửa được kế hoạch."))
    merged = {f: getattr(campaign, f) for f in CAMPAIGN_FIELDS} | values
    _check_plan(merged)
    check_dues_inside(campaign, merged["start_date"], merged["end_date"])
    for name, value in values.items():
        setattr(campaign, name, value)
    campaign._change_reason = _("Sửa kế hoạch")
    campaign.save()
    if cooperating_units is not None:
        campaign.cooperating_units.set(cooperating_units)
    if document_file is not None:
        _store_document(campaign, document_file)
    record_event(campaign, by=by, action=_("Sửa kế hoạch"))
    return campaign


def due_date_bounds(campaign: Campaign) -> dict:
    """A report due date lies inside the campaign's period (``thiduakt.bounds``)."""
    return {
        "after": (campaign.start_date, _("ngày bắt đầu phong trào")),
        "before": (campaign.end_date, _("ngày kết thúc phong trào")),
    }


def check_dues_inside(campaign: Campaign, start: date, end: date | None) -> None:
    """Moving the period is refused while due dates would fall outside it [decision: refuse, not move]:
    the message lists them; cancel or move those due dates first (each with its reason)."""
    outside = campaign.dues.filter(due_on__lt=start)
    if end is not None:
        outside = campaign.dues.filter(due_on__lt=start) | campaign.dues.filter(due_on__gt=end)
    days = sorted(outside.values_list("due_on", flat=True))
    if days:
        raise DomainError(
            _("Còn kỳ báo cáo ngoài thời gian mới của phong trào: %(days)s. Hãy sửa hoặc hủy các kỳ đó trước.")
            % {"days": ", ".join(f"{d:%d/%m/%Y}" for d in days)}
        )


def _plan_editable(campaign: Campaign) -> Campaign:
    campaign = locked_campaign(campaign)
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
    aggregation: str = "",
    target_scope: str = Criterion.Scope.PER_UNIT,
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
    if aggregation and aggregation not in Criterion.Aggregation.values:
        raise DomainError(_("Cách tổng hợp không hợp lệ."))
    if target_scope not in Criterion.Scope.values:
        raise DomainError(_("Phạm vi chỉ tiêu không hợp lệ."))
    if is_rate(unit_of_measure) and aggregation == Criterion.Aggregation.SUM:
        raise DomainError(
            _("Chỉ tiêu tính bằng % không cộng tổng giữa các đơn vị: chọn trung bình, nhỏ nhất hoặc tỷ lệ đơn vị đạt.")
        )
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
        aggregation=aggregation,
        target_scope=target_scope,
    )
    record_event(campaign, by=by, action=_("Thêm tiêu chí: %(name)s") % {"name": criterion.indicator})
    return criterion


@transaction.atomic
def criterion_remove(*, criterion: Criterion, by: User, reason: str = "") -> None:
    """Remove a criterion of a draft. Side effects: the criterion is deleted, an event (with the reason)."""
    campaign = _plan_editable(criterion.campaign)
    record_event(
        campaign, by=by, action=_("Bỏ tiêu chí: %(name)s") % {"name": criterion.indicator}, reason=reason.strip()
    )
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
    campaign = locked_campaign(campaign)
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
    ensure_number(max_per_unit, low=QUOTA_COUNT_LOW)
    ensure_number(max_percent, low=QUOTA_PERCENT_LOW, high=QUOTA_PERCENT_HIGH)
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
    record_event(campaign, by=by, action=_("Thêm hình thức khen thưởng: %(q)s") % {"q": quota})
    return quota


QUOTA_COUNT_LOW = (1, _lazy("số lượng tối thiểu"))
QUOTA_PERCENT_LOW = (Decimal("0.01"), _lazy("tỷ lệ tối thiểu"))
QUOTA_PERCENT_HIGH = (100, _lazy("tỷ lệ tối đa cho phép (% số tham gia)"))


def units_for_selection(*, kind: str = "", cluster=None, year: int | None = None) -> list[OrgUnit]:
    """Active units of a kind, or the members of a cluster in a year (its latest year if none given)."""
    if kind:
        return list(OrgUnit.objects.filter(kind=kind, valid_to__isnull=True).order_by("name"))
    if cluster is not None:
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
    campaign = locked_campaign(campaign)
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
        record_event(
            campaign,
            by=by,
            action=_("Thêm %(n)s đơn vị tham gia (%(how)s)") % {"n": len(new), "how": Participant.Source(source).label},
        )
    return len(new)


@transaction.atomic
def participant_remove(*, participant: Participant, by: User, reason: str) -> None:
    """Remove a unit that has not registered or reported, with a reason (confirmed on its own page).

    A mistaken removal is corrected by adding the unit again; the event keeps its role and group.
    Side effects: deletion, an event with the reason.
    """
    if not reason.strip():
        raise DomainError(_("Cần ghi lý do bỏ đơn vị khỏi phong trào."))
    campaign = locked_campaign(participant.campaign)
    if campaign.status in (S.FINAL_REVIEWED, S.CLOSED):
        raise DomainError(_("Phong trào đã tổng kết, không bỏ đơn vị tham gia."))
    if (
        campaign.registrations.filter(unit_id=participant.unit_id).exists()
        or campaign.reports.filter(unit_id=participant.unit_id).exists()
    ):
        raise DomainError(_("Đơn vị đã đăng ký hoặc báo cáo, không thể bỏ khỏi phong trào."))
    record_event(
        campaign,
        by=by,
        action=_("Bỏ đơn vị tham gia: %(unit)s (%(role)s%(group)s)")
        % {
            "unit": participant.unit,
            "role": participant.get_role_display().lower(),
            "group": f", {participant.group}" if participant.group_id else "",
        },
        reason=reason.strip(),
    )
    participant.delete()


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
    campaign = locked_campaign(campaign)
    if campaign.status in (S.FINAL_REVIEWED, S.CLOSED):
        raise DomainError(_("Phong trào đã tổng kết, không thêm kỳ báo cáo."))
    ensure_date(due_on, **due_date_bounds(campaign))
    if campaign.dues.filter(due_on=due_on).exists():
        raise DomainError(_("Đã có kỳ báo cáo ngày %(d)s.") % {"d": due_on.strftime("%d/%m/%Y")})
    due = ReportDue.objects.create(
        campaign=campaign, due_on=due_on, label=label.strip() or _("Báo cáo ngày %(d)s") % {"d": f"{due_on:%d/%m/%Y}"}
    )
    record_event(campaign, by=by, action=_("Thêm kỳ báo cáo %(due)s") % {"due": due})
    return due


def _due_for_change(due: ReportDue) -> tuple[Campaign, ReportDue]:
    campaign = locked_campaign(due.campaign)
    due = ReportDue.objects.select_for_update().get(pk=due.pk)
    if campaign.status in (S.FINAL_REVIEWED, S.CLOSED):
        raise DomainError(_("Phong trào đã tổng kết, không sửa kỳ báo cáo."))
    if due.reports.filter(status="submitted").exists():
        raise DomainError(_("Đã có đơn vị gửi báo cáo kỳ này: không sửa, không hủy được."))
    return campaign, due


@transaction.atomic
def report_due_update(*, due: ReportDue, by: User, due_on: date, label: str = "", reason: str) -> ReportDue:
    """Move or rename a due date no unit has reported for, with a reason.

    The automatic reminders sent for the old date are cleared so that they follow the new one;
    the staff's own reminders stay. Side effects: the ReportDue, an event with the reason.
    """
    if not reason.strip():
        raise DomainError(_("Cần ghi lý do sửa."))
    campaign, due = _due_for_change(due)
    ensure_date(due_on, **due_date_bounds(campaign))
    if campaign.dues.filter(due_on=due_on).exclude(pk=due.pk).exists():
        raise DomainError(_("Đã có kỳ báo cáo ngày %(d)s.") % {"d": due_on.strftime("%d/%m/%Y")})
    before = due.due_on
    due.due_on = due_on
    due.label = label.strip() or due.label
    due.save()
    due.reminders.exclude(reason="manual").delete()
    record_event(
        campaign,
        by=by,
        action=_("Sửa kỳ báo cáo %(label)s: %(old)s → %(new)s")
        % {"label": due.label, "old": f"{before:%d/%m/%Y}", "new": f"{due_on:%d/%m/%Y}"},
        reason=reason.strip(),
    )
    return due


@transaction.atomic
def report_due_cancel(*, due: ReportDue, by: User, reason: str) -> None:
    """Cancel a due date no unit has reported for, with a reason. Drafts for it go with it.

    Side effects: the ReportDue, its drafts and reminders deleted; an event with the reason.
    """
    if not reason.strip():
        raise DomainError(_("Cần ghi lý do hủy."))
    campaign, due = _due_for_change(due)
    record_event(campaign, by=by, action=_("Hủy kỳ báo cáo %(due)s") % {"due": due}, reason=reason.strip())
    due.delete()
