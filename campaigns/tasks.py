"""Thin Celery tasks of campaigns: the services do the work."""

from celery import shared_task

from campaigns.services import reminders_send as send


@shared_task(name="campaigns.tasks.reminders_send")
def reminders_send() -> int:
    """Periodic (beat): remind units of reports due soon or overdue; idempotent by stored reminders."""
    return send()
