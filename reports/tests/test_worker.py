"""Report jobs with a real Celery worker: progress, a worker killed mid-job, bounded attempts, no stray files."""

import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse

from awards import reference
from awards.models import Award, AwardRecord
from reports.models import Report
from thiduakt import services as foundation
from thiduakt.models import Job
from thiduakt.testing import RedisServer, World, broker_url_override, celery_worker, wait_for
from thiduakt.text import vi_sort_key

ROWS = 400  # enough for the PDF to take a few seconds to lay out on this machine


def ensure_award_catalogue() -> None:
    """A transactional test run earlier may have flushed the catalogue (awards.reference)."""
    if not Award.objects.filter(code="BKT").exists():
        reference.seed(apps)


def seed_records(year: int = 2024, count: int = ROWS) -> None:
    ensure_award_catalogue()
    bkt = Award.objects.get(code="BKT")
    AwardRecord.objects.bulk_create(
        AwardRecord(
            recipient_kind="household",
            household_name=f"Hộ gia đình ông Nguyễn Văn Số {i}",
            recipient_name=f"Hộ gia đình ông Nguyễn Văn Số {i}",
            sort_key=vi_sort_key(f"Nguyễn Văn Số {i}"),
            award=bkt,
            year=year,
            decision_number=f"{i}/QĐ-UBND",
        )
        for i in range(count)
    )


def request_honours_list(world) -> Report:
    client = Client()
    client.force_login(world.user("staff"))
    response = client.post(reverse("reports:request", args=["honours_list"]), {"year": 2024, "unit": ""})
    assert response.status_code == 302
    return Report.objects.get()


def result_files(job: Job) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "jobs"
    return sorted(p for p in folder.rglob("*") if p.is_file() and job.public_id.hex in str(p).replace("-", ""))


def tmp_files(*jobs) -> list[Path]:
    """What these jobs left where jobs write before the atomic rename (files are named after their job;
    other tests of the same process may leave files of their own jobs there)."""
    folder = Path(settings.MEDIA_ROOT) / "tmp" / "jobs"
    prefixes = tuple(f"{job.public_id.hex}-" for job in jobs)
    return sorted(p for p in folder.iterdir() if p.name.startswith(prefixes)) if folder.exists() else []


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_report_job_progress_moves_then_files_download():
    world = World()
    seed_records()
    seen = set()
    with celery_worker():
        report = request_honours_list(world)

        def finished():
            job = Job.objects.get(pk=report.pdf_job_id)
            seen.add(job.progress)
            return job.status == "done" and Job.objects.get(pk=report.xlsx_job_id).status == "done"

        wait_for(finished, timeout=300, interval=0.1)
    assert any(0 < p < 100 for p in seen), seen  # the bar moved before the end
    report.refresh_from_db()
    assert (report.pdf_job.progress, report.pdf_job.attempts) == (100, 1)
    client = Client()
    client.force_login(world.user("staff"))
    pdf = b"".join(client.get(reverse("reports:download", args=[report.pk, "pdf"])).streaming_content)
    xlsx = b"".join(client.get(reverse("reports:download", args=[report.pk, "xlsx"])).streaming_content)
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    assert xlsx[:2] == b"PK"
    assert report.pdf_job.result_name == "danh-sach-khen-thuong-nam-2024-toan-tinh.pdf"


def _kill_during_layout(report) -> None:
    """Wait until the PDF job is laying out its pages (40 %), then kill -9 the worker running it."""
    wait_for(lambda: Job.objects.get(pk=report.pdf_job_id).progress >= 40, timeout=300, interval=0.05)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_killed_worker_job_is_finished_by_another_without_duplicate_files(settings):
    settings.JOB_STALE_SECONDS = 3
    world = World()
    seed_records()
    stale = {"THIDUAKT_JOB_STALE_SECONDS": "3"}
    with celery_worker(extra_env=stale) as worker:
        report = request_honours_list(world)
        _kill_during_layout(report)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
    job = Job.objects.get(pk=report.pdf_job_id)
    assert (job.status, job.attempts, job.result_file.name) == ("running", 1, "")
    assert result_files(job) == []  # nothing half-written where results live
    time.sleep(3.5)  # the heartbeat is now stale: the job counts as abandoned
    with celery_worker(extra_env=stale):  # a new worker re-sends abandoned jobs when it starts
        wait_for(lambda: Job.objects.get(pk=job.pk).status == "done", timeout=300)
        wait_for(lambda: Job.objects.get(pk=report.xlsx_job_id).status == "done", timeout=120)
    job.refresh_from_db()
    assert (job.attempts, job.progress) == (2, 100)
    files = result_files(job)
    assert [f.name for f in files] == ["danh-sach-khen-thuong-nam-2024-toan-tinh.pdf"]
    assert files[0].read_bytes().rstrip().endswith(b"%%EOF")
    assert tmp_files(job, Job.objects.get(pk=report.xlsx_job_id)) == []


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_killed_worker_job_fails_after_max_attempts_then_retry_succeeds(settings):
    settings.JOB_STALE_SECONDS = 3
    settings.JOB_MAX_ATTEMPTS = 1
    world = World()
    seed_records()
    stale = {"THIDUAKT_JOB_STALE_SECONDS": "3"}
    with celery_worker(extra_env=stale) as worker:
        report = request_honours_list(world)
        _kill_during_layout(report)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
    time.sleep(3.5)
    foundation.jobs_requeue()  # what beat runs every minute
    job = Job.objects.get(pk=report.pdf_job_id)
    assert (job.status, job.attempts, job.message) == ("failed", 1, "Công việc bị gián đoạn quá số lần cho phép.")
    assert result_files(job) == []
    client = Client()
    client.force_login(world.user("staff"))
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Công việc bị gián đoạn quá số lần cho phép." in page
    with celery_worker(extra_env=stale):
        assert client.post(reverse("reports:retry", args=[report.pk, "pdf"])).status_code == 302
        wait_for(lambda: Job.objects.get(pk=job.pk).status == "done", timeout=300)
    assert [f.name for f in result_files(job)] == ["danh-sach-khen-thuong-nam-2024-toan-tinh.pdf"]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_report_requested_while_redis_is_down_is_made_when_it_is_back(tmp_path):
    if not shutil.which("redis-server"):
        if os.environ.get("CI"):
            pytest.fail("redis-server is required in CI")
        pytest.skip("redis-server is not installed")

    world = World()
    redis = RedisServer(tmp_path)
    redis.start()
    client = Client()
    client.force_login(world.user("staff"))
    try:
        with broker_url_override(redis.url), celery_worker(broker_url=redis.url):
            redis.stop()
            response = client.post(reverse("reports:request", args=["workload"]), {"year": 2024})
            assert response.status_code == 302  # the page answered; the jobs wait
            report = Report.objects.get()
            assert {j.status for j in report.jobs} == {"waiting"}
            redis.start()

            def made() -> bool:
                # Beat's requeue, run by hand: each poll sends what still waits, then the jobs must be done.
                # (Whether this poll or an earlier one sent them does not matter: a waiting job is sent again.)
                foundation.jobs_requeue()
                return {j.status for j in Report.objects.get().jobs} == {"done"}

            wait_for(made, timeout=180, interval=1)
            assert all(j.enqueued_at is not None for j in Report.objects.get().jobs)
    finally:
        redis.stop()
