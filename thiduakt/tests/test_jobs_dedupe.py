"""Nothing happens twice: the same request by the same user, while its job is waiting or running, joins that job."""

import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from thiduakt import services
from thiduakt.models import Job
from thiduakt.testing import World

EXPORT = "thiduakt.units_export"


@pytest.mark.django_db
def test_same_request_while_one_is_under_way_returns_that_job(world):
    staff, officer = world.user("staff"), world.user("donvi")
    first = services.job_create(kind=EXPORT, requested_by=staff, params={"year": 2024, "scope": "all"})
    again = [
        services.job_create(kind=EXPORT, requested_by=staff, params={"scope": "all", "year": 2024}) for _ in range(29)
    ]
    assert {job.pk for job in again} == {first.pk}  # the order of the keys does not matter
    assert Job.objects.count() == 1
    Job.objects.filter(pk=first.pk).update(status=Job.Status.RUNNING)
    assert services.job_request(kind=EXPORT, requested_by=staff, params={"year": 2024, "scope": "all"}) == (
        first,
        False,
    )
    # Another unit, other parameters, another user, no user (scheduled work): other jobs.
    other_unit = services.job_create(
        kind=EXPORT, requested_by=staff, params={"year": 2024, "scope": "all"}, unit=world.chau_thanh
    )
    other_params = services.job_create(kind=EXPORT, requested_by=staff, params={"year": 2025, "scope": "all"})
    other_user = services.job_create(kind=EXPORT, requested_by=officer, params={"year": 2024, "scope": "all"})
    scheduled = [services.job_create(kind=EXPORT, requested_by=None, params={"year": 2024}) for _ in range(2)]
    assert len({first.pk, other_unit.pk, other_params.pk, other_user.pk, *(j.pk for j in scheduled)}) == 6
    # Once finished, the same request is new work again.
    Job.objects.filter(pk=first.pk).update(status=Job.Status.DONE)
    later, created = services.job_request(kind=EXPORT, requested_by=staff, params={"year": 2024, "scope": "all"})
    assert (created, later.pk not in {first.pk, other_unit.pk}, Job.objects.count()) == (True, True, 7)


@pytest.mark.django_db
def test_thirty_posts_of_the_same_export_give_one_job(world):
    client = Client()
    client.force_login(world.user("staff"))
    answers = [client.post(reverse("units_export")) for _ in range(30)]
    job = Job.objects.get()
    assert {(a.status_code, a.url) for a in answers} == {(302, reverse("job_detail", args=[job.public_id]))}


@pytest.mark.django_db
def test_the_database_refuses_a_second_active_job_for_the_same_request(world):
    staff = world.user("staff")
    Job.objects.create(kind=EXPORT, requested_by=staff, params={"n": 1})
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(kind=EXPORT, requested_by=staff, params={"n": 1}, status=Job.Status.RUNNING)
    Job.objects.create(kind=EXPORT, requested_by=staff, params={"n": 1}, status=Job.Status.DONE)
    Job.objects.create(kind=EXPORT, requested_by=staff, params={"n": 1}, status=Job.Status.FAILED)
    assert Job.objects.count() == 3


@pytest.mark.django_db
def test_retry_is_refused_while_the_same_request_is_under_way(world):
    staff = world.user("staff")
    failed = Job.objects.create(kind=EXPORT, requested_by=staff, params={"n": 1}, status=Job.Status.FAILED)
    waiting = services.job_create(kind=EXPORT, requested_by=staff, params={"n": 1})
    with pytest.raises(services.DomainError, match="Một yêu cầu giống hệt đang chờ hoặc đang chạy"):
        services.job_retry(job=failed, by=staff)
    failed.refresh_from_db()
    assert (failed.status, waiting.status) == ("failed", "waiting")


def _in_thread(target, results, name):
    def run():
        try:
            results[name] = target()
        except Exception as exc:  # reported by the assertion on results
            results[name] = exc
        finally:
            connection.close()

    return threading.Thread(target=run)


@pytest.mark.django_db(transaction=True)
def test_second_request_while_the_first_is_not_committed_joins_it():
    """The second request looks before the first has committed, finds nothing, and inserts: the unique
    index makes it wait for the first's commit, refuses it, and it answers with the first's job."""
    staff = World().user("staff")
    inserted, results = threading.Event(), {}

    def first():
        with transaction.atomic():
            answer = services.job_request(kind=EXPORT, requested_by=staff, params={"n": 1})
            inserted.set()
            time.sleep(1.0)  # meanwhile the second request looks and inserts
        return answer

    def second():
        inserted.wait(10)
        return services.job_request(kind=EXPORT, requested_by=staff, params={"n": 1})

    threads = [_in_thread(first, results, "first"), _in_thread(second, results, "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    job = Job.objects.get()
    assert (results["first"], results["second"]) == ((job, True), (job, False))


@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_give_one_job():
    staff = World().user("staff")
    start, results = threading.Barrier(8), {}

    def request():
        start.wait(10)
        return services.job_request(kind=EXPORT, requested_by=staff, params={"n": 2})

    threads = [_in_thread(request, results, n) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    job = Job.objects.get()
    assert sorted(results.values(), key=lambda answer: not answer[1]) == [(job, True)] + [(job, False)] * 7
