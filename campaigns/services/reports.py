"""Progress reports (báo cáo tiến độ).

A report's one move (draft → submitted) is declared on ``ProgressReport.Status`` and goes through
``thiduakt.workflow.transition``. The reminders about reports are in ``campaigns.services.reminders``.
"""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import (
    ACTIVE_STATUSES,
    REPORTING_ROLES,
    ProgressReport,
    ReportAttachment,
    ReportDue,
    ReportValue,
)
from campaigns.services.common import checked_upload, locked_campaign, participant_of
from thiduakt.models import OrgUnit, User
from thiduakt.services import DomainError
from thiduakt.workflow import transition


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
