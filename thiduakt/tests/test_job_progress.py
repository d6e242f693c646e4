"""A job's progress, reported from inside the handler's own transaction, is seen at once (PostgreSQL)."""

import threading

import pytest
from django.db import connection, transaction

from thiduakt.models import Job
from thiduakt.services import JobContext


def _read_elsewhere(pk: int) -> tuple[int, str]:
    """The job's progress as another connection (the page following the job) reads it."""
    seen = {}

    def read():
        try:
            job = Job.objects.get(pk=pk)
            seen["value"] = (job.progress, job.message)
        finally:
            connection.close()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join(timeout=10)
    return seen["value"]


@pytest.mark.django_db(transaction=True)
def test_progress_inside_the_handlers_transaction_is_seen_before_it_ends(world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer: there progress is written in the transaction (see JobContext)")
    job = Job.objects.create(kind="thiduakt.test", status=Job.Status.RUNNING)
    context = JobContext(job)
    with transaction.atomic():  # the handler's all-or-nothing write
        context.progress(40, "Đã ghi 1.000/2.500 bản ghi")
        assert _read_elsewhere(job.pk) == (40, "Đã ghi 1.000/2.500 bản ghi")
        context.progress(80, "Đã ghi 2.000/2.500 bản ghi")
        assert _read_elsewhere(job.pk) == (80, "Đã ghi 2.000/2.500 bản ghi")
    assert Job.objects.get(pk=job.pk).progress == 80
