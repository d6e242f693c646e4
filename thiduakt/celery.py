import os

from celery import Celery
from celery.signals import worker_process_init

from thiduakt.processes import die_with_parent

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduakt.settings")

app = Celery("thiduakt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _end_with_the_worker(**kwargs) -> None:
    """A pool process ends with its worker, even one killed with -9: its job's heartbeat then stops,
    and the next worker takes the job over (``thiduakt.jobs``), instead of an orphan running it unseen."""
    die_with_parent()
