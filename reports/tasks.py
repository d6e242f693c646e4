"""Thin Celery tasks of the reports app."""

from celery import shared_task

from reports.services import report_schedule_monthly


@shared_task(name="reports.tasks.monthly_statistics")
def monthly_statistics() -> int | None:
    report = report_schedule_monthly()
    return report.pk if report else None
