"""A running job's heartbeat tells a live job from one whose worker died; a dead worker's job runs again
within about a minute, still no more than JOB_MAX_ATTEMPTS times."""

import os
import signal
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from thiduakt import services
from thiduakt.jobs import job_kind
from thiduakt.models import Job
from thiduakt.testing import World, celery_worker, wait_for
from thiduakt.tests.job_kinds import INCLUDE

_SEEN = {}


@job_kind("tests.silent", "Công việc thử im lặng")
def _silent(job, context):
    """Reports no progress for 2.5 s, then reads what the database says of its heartbeat."""
    time.sleep(2.5)
    _SEEN[job.pk] = Job.objects.values_list("heartbeat_at", flat=True).get(pk=job.pk)


def _leftovers(job: Job) -> list[str]:
    folder = Path(settings.MEDIA_ROOT) / "tmp" / "jobs"
    return sorted(p.name for p in folder.glob(f"{job.public_id.hex}-*")) if folder.exists() else []


def test_a_dead_workers_job_is_sent_again_within_a_minute():
    assert (settings.JOB_HEARTBEAT_SECONDS, settings.JOB_STALE_SECONDS, settings.JOB_REQUEUE_SECONDS) == (10, 40, 20)
    # Beat re-sends every JOB_REQUEUE_SECONDS; a job is stale JOB_STALE_SECONDS after its last heartbeat.
    assert settings.CELERY_BEAT_SCHEDULE["jobs-requeue"] == {"task": "thiduakt.tasks.jobs_requeue", "schedule": 20.0}
    assert settings.JOB_STALE_SECONDS + settings.JOB_REQUEUE_SECONDS <= 60
    assert settings.JOB_STALE_SECONDS >= 3 * settings.JOB_HEARTBEAT_SECONDS  # two missed beats are not a death


@pytest.mark.django_db(transaction=True)
def test_heartbeat_is_recorded_while_the_handler_reports_nothing(settings):
    settings.JOB_HEARTBEAT_SECONDS = 1
    job = Job.objects.create(kind="tests.silent", requested_by=World().user("staff"))
    done = services.job_run(job_id=job.pk)
    assert done.status == "done"
    assert (_SEEN[job.pk] - done.started_at).total_seconds() >= 1.0  # beaten meanwhile, not only at the claim


@pytest.mark.django_db
def test_a_job_under_way_is_not_taken_for_a_dead_one(world, settings):
    settings.JOB_STALE_SECONDS = 40
    fresh = timezone.now() - timezone.timedelta(seconds=30)
    stale = timezone.now() - timezone.timedelta(seconds=50)
    alive = Job.objects.create(kind="thiduakt.units_export", status="running", attempts=1, heartbeat_at=fresh)
    dead = Job.objects.create(
        kind="thiduakt.units_export", status="running", attempts=1, heartbeat_at=stale, params={"n": 1}
    )
    assert services.job_claim(job_id=alive.pk) is None
    assert services.job_claim(job_id=dead.pk).attempts == 2


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_job_of_a_killed_worker_runs_again_and_finishes_within_the_bound(settings):
    settings.JOB_STALE_SECONDS, settings.JOB_HEARTBEAT_SECONDS = 3, 1
    env = {"THIDUAKT_JOB_STALE_SECONDS": "3", "THIDUAKT_JOB_HEARTBEAT_SECONDS": "1"}
    staff = World().user("staff")
    with celery_worker(extra_env=env, include=INCLUDE) as worker:
        job = services.job_create(kind="tests.works", requested_by=staff, params={"seconds": 8})
        wait_for(lambda: Job.objects.get(pk=job.pk).status == "running", timeout=120)
        time.sleep(4.5)  # longer than the stale window, and the handler reports no progress
        assert services.jobs_requeue() == 0  # what beat runs: its heartbeat says it is alive
        running = Job.objects.get(pk=job.pk)
        assert (running.status, running.attempts) == ("running", 1)
        assert (timezone.now() - running.heartbeat_at).total_seconds() < 2.5
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
    killed_at = timezone.now()
    assert len(_leftovers(job)) == 1  # the half-written file of the killed run, never where results live
    with celery_worker(extra_env=env, include=INCLUDE):
        wait_for(lambda: _requeue_until(job, attempts=2), timeout=60, interval=0.5)
        wait_for(lambda: Job.objects.get(pk=job.pk).is_finished, timeout=120)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress, job.result_name) == ("done", 2, 100, "ket-qua.txt")
    assert job.result_file.read().decode() == "xong ở lần chạy 2"
    # Run again once its heartbeat was stale (3 s, the last beat at most 1 s before the kill), and
    # within seconds (a new worker starting included), not after a fixed 300 s window.
    assert 2 <= (job.started_at - killed_at).total_seconds() < 30
    assert _leftovers(job) == []


def _requeue_until(job: Job, *, attempts: int) -> bool:
    services.jobs_requeue()  # what beat runs every JOB_REQUEUE_SECONDS (and a worker when it starts)
    return Job.objects.get(pk=job.pk).attempts == attempts


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_job_of_killed_workers_fails_once_its_attempts_are_used(settings):
    settings.JOB_STALE_SECONDS, settings.JOB_HEARTBEAT_SECONDS, settings.JOB_MAX_ATTEMPTS = 3, 1, 2
    env = {"THIDUAKT_JOB_STALE_SECONDS": "3", "THIDUAKT_JOB_HEARTBEAT_SECONDS": "1"}
    staff = World().user("staff")
    job = services.job_create(kind="tests.works", requested_by=staff, params={"seconds": 60})
    for attempt in (1, 2):
        with celery_worker(extra_env=env, include=INCLUDE) as worker:
            wait_for(lambda n=attempt: _requeue_until(job, attempts=n), timeout=120, interval=0.5)
            wait_for(lambda: Job.objects.get(pk=job.pk).status == "running", timeout=30)
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait()
    time.sleep(3.5)
    assert services.jobs_requeue() == 0  # no third run
    job.refresh_from_db()
    assert (job.status, job.attempts, job.message) == ("failed", 2, "Công việc bị gián đoạn quá số lần cho phép.")
