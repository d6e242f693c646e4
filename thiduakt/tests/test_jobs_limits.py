"""Nothing runs unbounded: every task has soft and hard time limits, a job kind may set its own, and a
prefork child that grew past the memory ceiling is replaced after its task."""

import time
from pathlib import Path

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from thiduakt import services
from thiduakt.celery import app
from thiduakt.jobs import get_kind, job_kind
from thiduakt.models import Job
from thiduakt.testing import World, celery_worker, wait_for
from thiduakt.tests.job_kinds import INCLUDE


@job_kind("tests.times_out", "Công việc thử hết giờ")
def _times_out(job, context):
    """Half a file written, then the soft time limit strikes (as Celery raises it inside the task)."""
    context.new_result_path(".pdf").write_bytes(b"%PDF-1.7 half")
    raise SoftTimeLimitExceeded()


def _leftovers(job: Job) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "tmp" / "jobs"
    return sorted(folder.glob(f"{job.public_id.hex}-*")) if folder.exists() else []


def test_every_task_has_soft_and_hard_time_limits_and_a_memory_ceiling():
    assert (settings.CELERY_TASK_SOFT_TIME_LIMIT, settings.CELERY_TASK_TIME_LIMIT) == (300, 360)
    # Every task of the app, beat's included, not only the job task.
    assert (app.conf.task_soft_time_limit, app.conf.task_time_limit) == (300, 360)
    assert app.conf.worker_max_memory_per_child == 512 * 1024  # KiB


def test_job_kind_sets_its_own_soft_limit_and_keeps_the_grace(settings):
    assert (get_kind("thiduakt.units_export").soft_time_limit, get_kind("thiduakt.units_export").hard_time_limit) == (
        300,
        360,
    )
    assert (get_kind("tests.limited").soft_time_limit, get_kind("tests.limited").hard_time_limit) == (2, 62)
    settings.CELERY_TASK_SOFT_TIME_LIMIT, settings.CELERY_TASK_TIME_LIMIT = 100, 130
    assert (get_kind("tests.limited").soft_time_limit, get_kind("tests.limited").hard_time_limit) == (2, 32)
    with pytest.raises(ValueError, match="at least 1 second"):
        job_kind("tests.never", "Không bao giờ", time_limit=0)


@pytest.mark.django_db
def test_soft_time_limit_fails_the_job_with_a_message_and_removes_its_half_file(world, private_media):
    job = Job.objects.create(kind="tests.times_out", requested_by=world.user("staff"))
    failed = services.job_run(job_id=job.pk)
    assert (failed.status, failed.attempts, failed.result_file.name) == ("failed", 1, "")
    assert failed.message == (
        "Công việc vượt quá thời gian cho phép (300 giây) nên đã bị dừng. "
        "Hãy thu hẹp phạm vi rồi chạy lại, hoặc báo quản trị viên."
    )
    assert list((private_media / "tmp" / "jobs").iterdir()) == []
    # Not re-run by itself: the same work would hit the same limit.
    assert services.job_claim(job_id=job.pk) is None


@pytest.mark.django_db
def test_hard_time_limit_reported_by_the_worker_fails_the_running_job_and_removes_its_files(world, private_media):
    job = Job.objects.create(kind="tests.limited", requested_by=world.user("staff"), params={"seconds": 60})
    job = services.job_claim(job_id=job.pk)
    half = services.JobContext(job).new_result_path(".txt")
    assert half.name.startswith(job.public_id.hex)
    assert services.job_time_limit_exceeded(job_id=job.pk, seconds=62) is True
    job.refresh_from_db()
    assert (job.status, job.message) == (
        "failed",
        "Công việc vượt quá thời gian cho phép (62 giây) nên đã bị dừng. "
        "Hãy thu hẹp phạm vi rồi chạy lại, hoặc báo quản trị viên.",
    )
    assert list((private_media / "tmp" / "jobs").iterdir()) == []
    assert services.job_time_limit_exceeded(job_id=job.pk, seconds=62) is False  # already failed: left alone


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_stops_a_job_at_its_soft_time_limit():
    staff = World().user("staff")
    with celery_worker(pool="prefork", include=INCLUDE):
        job = services.job_create(kind="tests.limited", requested_by=staff, params={"seconds": 120})
        wait_for(lambda: Job.objects.get(pk=job.pk).status == "running", timeout=120)
        started = time.monotonic()
        wait_for(lambda: Job.objects.get(pk=job.pk).is_finished, timeout=60)
        stopped_after = time.monotonic() - started
    job.refresh_from_db()
    assert (job.status, job.attempts, job.result_file.name) == ("failed", 1, "")
    assert job.message.startswith("Công việc vượt quá thời gian cho phép (2 giây)")
    assert stopped_after < 10  # two seconds of work allowed, not 120
    assert _leftovers(job) == []


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_kills_a_job_that_ignores_its_soft_limit_at_the_hard_one(settings):
    settings.CELERY_TASK_SOFT_TIME_LIMIT, settings.CELERY_TASK_TIME_LIMIT = 300, 303  # a grace of 3 s
    staff = World().user("staff")
    with celery_worker(pool="prefork", include=INCLUDE):
        job = services.job_create(kind="tests.stubborn", requested_by=staff, params={"seconds": 120})
        wait_for(lambda: Job.objects.get(pk=job.pk).status == "running", timeout=120)
        started = time.monotonic()
        wait_for(lambda: Job.objects.get(pk=job.pk).is_finished, timeout=60)
        stopped_after = time.monotonic() - started
        # The worker replaced the killed process and goes on with the next job.
        after = services.job_create(kind="tests.works", requested_by=staff, params={"seconds": 0})
        wait_for(lambda: Job.objects.get(pk=after.pk).is_finished, timeout=120)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.result_file.name) == ("failed", 1, "")
    assert job.message.startswith("Công việc vượt quá thời gian cho phép (4 giây)")
    assert stopped_after < 12
    assert _leftovers(job) == []
    assert Job.objects.get(pk=after.pk).status == "done"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_replaces_a_child_grown_past_the_memory_ceiling():
    staff = World().user("staff")

    def pids_of_two_jobs(extra_env):
        with celery_worker(pool="prefork", include=INCLUDE, extra_env=extra_env):
            jobs = [services.job_create(kind="tests.pid", requested_by=staff, params={"n": n}) for n in range(2)]
            wait_for(lambda: all(Job.objects.get(pk=j.pk).status == "done" for j in jobs), timeout=120)
        return [Job.objects.get(pk=j.pk).result_file.read().decode() for j in jobs]

    first, second = pids_of_two_jobs({"CELERY_WORKER_MAX_MEMORY_MB": "1"})  # every child is above 1 MB
    assert first != second
    first, second = pids_of_two_jobs({})  # the default ceiling (512 MB): one child runs both
    assert first == second
