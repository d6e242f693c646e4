import io
import os
import shutil

import openpyxl
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from thiduakt import services
from thiduakt.celery import app
from thiduakt.jobs import JobError, job_kind
from thiduakt.models import Job
from thiduakt.testing import RedisServer, World, broker_url_override, celery_worker, wait_for


@job_kind("tests.fails", "Công việc thử luôn thất bại")
def _fails(job, context):
    raise JobError("Thiếu tham số năm báo cáo.")


@job_kind("tests.crashes", "Công việc thử gặp lỗi")
def _crashes(job, context):
    raise RuntimeError("boom")


@pytest.mark.django_db
def test_job_run_claims_once_and_stores_result(world, private_media):
    job = Job.objects.create(kind="thiduakt.units_export", requested_by=world.user("staff"))
    finished = services.job_run(job_id=job.pk)
    assert (finished.status, finished.progress, finished.attempts) == ("done", 100, 1)
    assert finished.result_name == "danh-ba-don-vi.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(finished.result_file.read()))
    rows = list(book.active.values)
    assert rows[0][:2] == ("Mã đơn vị", "Tên đơn vị")
    assert len(rows) == 1 + 32
    assert ("HG.CT", "Ủy ban nhân dân huyện Châu Thành") in [r[:2] for r in rows]
    # A second delivery of the same message does nothing.
    assert services.job_run(job_id=job.pk) is None
    assert Job.objects.get(pk=job.pk).attempts == 1
    # No temporary file is left behind.
    assert list((private_media / "tmp" / "jobs").iterdir()) == []


@pytest.mark.django_db
def test_job_request_follows_the_pending_job_of_the_same_user_and_params(world):
    staff, other = world.user("staff"), world.user("donvi")
    first, created = services.job_request(kind="thiduakt.units_export", requested_by=staff, params={"n": 1})
    assert (created, first.status, first.params) == (True, Job.Status.WAITING, {"n": 1})
    assert services.job_request(kind="thiduakt.units_export", requested_by=staff, params={"n": 1}) == (first, False)
    Job.objects.filter(pk=first.pk).update(status=Job.Status.RUNNING)
    assert services.job_request(kind="thiduakt.units_export", requested_by=staff, params={"n": 1}) == (first, False)
    # Other parameters, another user, or a finished job: a new one.
    assert services.job_request(kind="thiduakt.units_export", requested_by=staff, params={"n": 2})[1] is True
    assert services.job_request(kind="thiduakt.units_export", requested_by=other, params={"n": 1})[1] is True
    Job.objects.filter(pk=first.pk).update(status=Job.Status.DONE)
    again, created = services.job_request(kind="thiduakt.units_export", requested_by=staff, params={"n": 1})
    assert (created, again.pk != first.pk, Job.objects.count()) == (True, True, 4)


@pytest.mark.django_db
def test_job_for_a_deleted_row_is_ignored():
    assert services.job_run(job_id=987654) is None


@pytest.mark.django_db
def test_job_error_fails_with_its_message_and_can_be_retried(world):
    job = Job.objects.create(kind="tests.fails", requested_by=world.user("staff"))
    failed = services.job_run(job_id=job.pk)
    assert (failed.status, failed.message) == ("failed", "Thiếu tham số năm báo cáo.")
    services.job_retry(job=failed, by=world.user("staff"))
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.message) == ("waiting", 0, "")
    with pytest.raises(services.DomainError):
        services.job_retry(job=failed, by=world.user("staff"))


@pytest.mark.django_db
def test_unexpected_error_gives_a_vietnamese_message(world):
    job = Job.objects.create(kind="tests.crashes", requested_by=world.user("staff"))
    assert services.job_run(job_id=job.pk).message.startswith("Lỗi hệ thống")


@pytest.mark.django_db
def test_abandoned_job_is_reclaimed_until_attempts_run_out(world, settings):
    settings.JOB_STALE_SECONDS = 60
    old = timezone.now() - timezone.timedelta(minutes=5)
    job = Job.objects.create(
        kind="thiduakt.units_export", status="running", attempts=1, max_attempts=2, heartbeat_at=old
    )
    assert services.job_claim(job_id=job.pk).attempts == 2
    Job.objects.filter(pk=job.pk).update(heartbeat_at=old)
    assert services.job_claim(job_id=job.pk) is None  # attempts used up
    services.jobs_requeue()
    job.refresh_from_db()
    assert (job.status, job.message) == ("failed", "Công việc bị gián đoạn quá số lần cho phép.")


@pytest.mark.django_db
def test_job_list_runs_constant_queries(world, django_assert_num_queries):
    client = Client()
    client.force_login(world.user("staff"))
    Job.objects.create(kind="thiduakt.units_export", requested_by=world.user("staff"))
    client.get("/")  # the session's first stamp (thiduakt.sessions): none of the requests below saves it
    # session, user, jobs count, jobs page, then the menu of this page; the badge kept from the home page's visit
    with django_assert_num_queries(5):
        client.get(reverse("job_list"))
    for n in range(29):  # 29 different requests (identical ones would join one job)
        Job.objects.create(kind="thiduakt.units_export", requested_by=world.user("donvi"), params={"n": n})
    with django_assert_num_queries(5):
        assert len(client.get(reverse("job_list")).context["page"]) == 30


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_a_requested_job(live_server):
    world = World()
    client = Client()
    client.force_login(world.user("staff"))
    with celery_worker():
        response = client.post(reverse("units_export"))
        job = Job.objects.get()
        assert response.status_code == 302 and response.url == reverse("job_detail", args=[job.public_id])
        wait_for(lambda: Job.objects.get(pk=job.pk).status == "done")
    job.refresh_from_db()
    assert (job.progress, job.attempts, job.result_name) == (100, 1, "danh-ba-don-vi.xlsx")
    download = client.get(reverse("job_download", args=[job.public_id]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_job_waits_while_broker_is_down_and_completes_when_it_is_back(tmp_path):
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
            response = client.post(reverse("units_export"))
            # The page answered (a redirect to the job), the job waits for the broker.
            assert response.status_code == 302
            job = Job.objects.get()
            assert (job.status, job.enqueued_at) == ("waiting", None)
            page = client.get(reverse("job_detail", args=[job.public_id]))
            assert "Đang chờ" in page.content.decode()
            redis.start()  # the same port: the worker reconnects by itself
            # What beat runs every minute; the worker also runs it when it starts, and may be the one that
            # sends the job again (then ours finds nothing to send): either way the job is sent once more.
            wait_for(
                lambda: (
                    services.jobs_requeue() >= 1 or Job.objects.filter(pk=job.pk, enqueued_at__isnull=False).exists()
                ),
                timeout=30,
                interval=1,
            )
            wait_for(lambda: Job.objects.get(pk=job.pk).status == "done", timeout=90)
    finally:
        redis.stop()
    assert settings.CELERY_TASK_DEFAULT_QUEUE.startswith("thiduakt-test-")


def test_a_broker_override_gives_the_previous_broker_back():
    """Tests that point the app at a private Redis must leave it on the run's broker (the filesystem
    broker when nothing is configured), or every later job of the run would wait forever."""

    before = app.conf.broker_url
    with broker_url_override("redis://127.0.0.1:1/0"):
        assert app.conf.broker_url == "redis://127.0.0.1:1/0"
    assert app.conf.broker_url == before
