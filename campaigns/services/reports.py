"""Progress reports (báo cáo tiến độ) and the reminders about them.

A report's one move (draft → submitted) is declared on ``ProgressReport.Status`` and goes through
``thiduakt.workflow.transition``. Reminders are stored before anyone is told, so never sent twice.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import (
    ACTIVE_STATUSES,
    REPORTING_ROLES,
    Campaign,
    Participant,
    ProgressReport,
    Reminder,
    ReportAttachment,
    ReportDue,
    ReportValue,
)
from campaigns.services.common import checked_upload, locked_campaign, participant_of, unit_officers
from thiduakt.models import OrgUnit, User
from thiduakt.services import DomainError, notification_send
from thiduakt.workflow import record_event, transition

# Overdue reminders go out for due dates of the last few months only: an old campaign
# switched on again must not flood units with reminders about years-old reports.
OVERDUE_WINDOW_DAYS = 92


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
    campaign = locked_campaign(due.campaign)
    if campaign.status not in ACTIVE_STATUSES:
        raise DomainError(_("Phong trào không nhận báo cáo ở trạng thái hiện tại."))
    participant = participant_of(campaign, unit)
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
    checked = checked_upload(upload)
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
    report = ProgressReport.objects.select_related("due", "unit").get(pk=report.pk)
    now = timezone.now()
    is_late = timezone.localdate(now) > report.due.due_on
    submitted = transition(
        report,
        to=ProgressReport.Status.SUBMITTED,
        by=by,
        action=_("%(unit)s gửi báo cáo %(due)s%(late)s")
        % {"unit": report.unit, "due": report.due, "late": _(" (trễ hạn)") if is_late else ""},
        error=_("Báo cáo đã được gửi."),
        changes={"submitted_at": now, "submitted_by": by, "is_late": is_late},
        event_fields={"campaign_id": report.campaign_id},
    )
    if submitted.campaign.status not in ACTIVE_STATUSES:
        raise DomainError(_("Phong trào không nhận báo cáo ở trạng thái hiện tại."))
    return submitted


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
    recipients = unit_officers([unit_id])
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
    campaigns = Campaign.objects.filter(status__in=ACTIVE_STATUSES)
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
    if campaign.status not in ACTIVE_STATUSES:
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
        record_event(campaign, by=by, action=_("Nhắc %(n)s báo cáo trễ hạn") % {"n": sent})
    return sent
