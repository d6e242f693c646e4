"""Thin Celery tasks of the reports app."""

from celery import shared_task


@shared_task(name="reports.tasks.monthly_statistics")
def monthly_statistics() -> int | None:
    from reports.services import report_schedule_monthly

    report = report_schedule_monthly()
    return report.pk if report else None
