"""Writes of the reports app: requesting a report (and its jobs), re-running it, the monthly schedule.

Every function is keyword-only, atomic and lists its side effects.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.kinds import get_kind
from reports.models import Report
from thiduakt.models import Job, OrgUnit, User
from thiduakt.selectors import unit_descendant_ids
from thiduakt.services import DomainError, job_create, notification_send

MONTHLY_KIND = "annual_statistics"


def _check_may_request(kind, *, user: User | None, unit: OrgUnit | None) -> None:
    if user is None:  # the scheduler
        return
    if not kind.may_request(user):
        raise DomainError(_("Bạn không có quyền lập loại báo cáo này."))
    if user.is_department_staff or user.is_superuser:
        return
    if unit is None or not user.unit_id or unit.pk not in unit_descendant_ids(user.unit_id):
        raise DomainError(_("Cán bộ đơn vị chỉ lập được báo cáo về đơn vị mình và các đơn vị trực thuộc."))


def report_request(
    *,
    kind: str,
    params: dict,
    unit: OrgUnit | None,
    by: User | None,
    scheduled: bool = False,
    period: str = "",
    rerun_of: Report | None = None,
) -> Report:
    """Record a report request and start one background job per format (PDF, xlsx).

    Side effects: one Report; two Jobs (scoped to ``unit``, so the foundation's
    job pages follow the same visibility), sent to the broker after commit.
    """
    report_kind = get_kind(kind)
    if report_kind is None:
        raise DomainError(_("Loại báo cáo không tồn tại."))
    _check_may_request(report_kind, user=by, unit=unit)
    with transaction.atomic():
        if by is not None and (pending := _report_under_way(kind=kind, params=params, unit=unit, by=by)):
            return pending  # a double click, or the same request again while it is being made
        report = Report.objects.create(
            kind=kind,
            params=params,
            unit=unit,
            requested_by=by,
            scheduled=scheduled,
            period=period,
            rerun_of=rerun_of,
            title=report_kind.title(params, unit)[:300],
        )
        report.pdf_job = job_create(kind="reports.pdf", requested_by=by, params={"report_id": report.pk}, unit=unit)
        report.xlsx_job = job_create(kind="reports.xlsx", requested_by=by, params={"report_id": report.pk}, unit=unit)
        report.save(update_fields=["pdf_job", "xlsx_job"])
    return report


def _report_under_way(*, kind: str, params: dict, unit: OrgUnit | None, by: User) -> Report | None:
    """The requester's identical report whose files are still being made, read under a lock on the requester
    (so that two requests at the same moment see each other)."""
    User.objects.select_for_update().filter(pk=by.pk).first()
    active = Job.ACTIVE
    return (
        Report.objects.filter(kind=kind, params=params, unit=unit, requested_by=by)
        .filter(Q(pdf_job__status__in=active) | Q(xlsx_job__status__in=active))
        .order_by("-pk")
        .first()
    )


def report_rerun(*, report: Report, by: User) -> Report:
    """Generate the same report again with today's data (the old files stay in the archive).

    Side effects: a new Report and its two Jobs.
    """
    return report_request(kind=report.kind, params=report.params, unit=report.unit, by=by, rerun_of=report)


def report_schedule_monthly(*, today: date | None = None) -> Report | None:
    """The monthly statistics for staff: the current year's figures, once per calendar month.

    Run by Celery beat; running it twice in a month (two beats, a restart)
    creates nothing more. Side effects: one Report with its Jobs; one
    notification to each active staff member, linking to the report.
    """
    today = today or timezone.localdate()
    period = f"{today:%Y-%m}"
    if Report.objects.filter(kind=MONTHLY_KIND, scheduled=True, period=period).exists():
        return None
    try:
        with transaction.atomic():
            report = report_request(
                kind=MONTHLY_KIND, params={"year": today.year}, unit=None, by=None, scheduled=True, period=period
            )
            staff = User.objects.filter(is_active=True, is_department_staff=True)
            notification_send(
                recipients=staff,
                title=_("Báo cáo thống kê tháng %(month)s đã được lập") % {"month": f"{today:%m/%Y}"},
                body=_("%(title)s: tệp PDF và Excel sẵn sàng sau ít phút.") % {"title": report.title},
                link=reverse("reports:detail", args=[report.pk]),
            )
    except IntegrityError:  # another beat created it at the same moment
        return None
    return report
