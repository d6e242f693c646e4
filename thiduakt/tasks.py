"""Thin Celery tasks: the broker carries an id, the services do the work."""

from celery import Task, shared_task
from celery.exceptions import TimeLimitExceeded
from celery.signals import worker_ready
from django.conf import settings

from thiduakt.services import job_run, job_time_limit_exceeded
from thiduakt.services import jobs_requeue as requeue


class JobTask(Task):
    """A job's task. When the hard time limit kills the process running it, the worker's main process
    calls ``on_failure``: the job is failed there, since the killed process could not do it."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        if isinstance(exc, TimeLimitExceeded) and args:
            # The limit this run had (the message's, which may differ from this process's settings).
            seconds = exc.args[0] if exc.args else settings.CELERY_TASK_TIME_LIMIT
            job_time_limit_exceeded(job_id=args[0], seconds=seconds)


@shared_task(name="thiduakt.tasks.job_execute", base=JobTask, acks_late=True, reject_on_worker_lost=True)
def job_execute(job_id: int) -> None:
    job_run(job_id=job_id)


@shared_task(name="thiduakt.tasks.jobs_requeue")
def jobs_requeue() -> int:
    return requeue()


@worker_ready.connect
def _requeue_on_start(sender=None, **kwargs):
    # Jobs requested while no broker or worker was up are picked up at start.
    requeue()
