"""Thin Celery tasks: the broker carries an id, the services do the work."""

from celery import shared_task
from celery.signals import worker_ready


@shared_task(name="thiduakt.tasks.job_execute", acks_late=True, reject_on_worker_lost=True)
def job_execute(job_id: int) -> None:
    from thiduakt.services import job_run

    job_run(job_id=job_id)


@shared_task(name="thiduakt.tasks.jobs_requeue")
def jobs_requeue() -> int:
    from thiduakt.services import jobs_requeue as requeue

    return requeue()


@worker_ready.connect
def _requeue_on_start(sender=None, **kwargs):
    # Jobs requested while no broker or worker was up are picked up at start.
    from thiduakt.services import jobs_requeue as requeue

    requeue()
