"""A big award-history file is analysed and written by a real Celery worker (the foundation's job pattern)."""

import pytest

from awards.models import AwardRecord, HistoryImport
from awards.services import history_import_create, history_import_start_apply
from awards.tests.test_uploads_and_import import line, upload, xlsx
from thiduakt.models import Job
from thiduakt.testing import celery_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_big_history_import_runs_in_the_background(world, settings):

    settings.AWARDS_INLINE_IMPORT_BYTES = 1024  # so that this file counts as big (the default is 150 KB)
    rows = [line(name=f"Cá Nhân Nền {i}", birth=1960 + i % 40, number=f"{i}/QĐ-UBND") for i in range(500)]
    data = xlsx(rows)
    history_import = history_import_create(upload=upload(data), by=world.user("staff"))
    assert history_import.status == HistoryImport.Status.ANALYSING
    with celery_worker():
        wait_for(lambda: HistoryImport.objects.get(pk=history_import.pk).status != "analysing", timeout=300)
        history_import.refresh_from_db()
        assert (history_import.status, history_import.total_rows) == ("ready", 500)
        history_import, job = history_import_start_apply(history_import=history_import, by=world.user("staff"))
        assert job is not None
        wait_for(lambda: Job.objects.get(pk=job.pk).is_finished, timeout=600)
    history_import.refresh_from_db()
    assert (history_import.status, history_import.created_count) == ("applied", 500)
    assert AwardRecord.objects.filter(source="imported").count() == 500
