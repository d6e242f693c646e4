"""The public lookup's pages come from the cache until the published records change (awards.lookup_cache):
the same page asked again reads no record; any record saved, deleted or written in bulk shows at once."""

from datetime import date

import pytest
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import lookup_cache
from awards.models import AwardRecord
from awards.services import decision_create_draft, decision_update
from awards.tests.council_factories import ready_nomination
from awards.tests.factories import DossierFactory, award
from awards.tests.helpers import run_sign_jobs
from thiduakt.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
URL = "/khen-thuong/tra-cuu/?q=nguyen+van"


def _record(name: str, year: int = 2023) -> AwardRecord:
    return AwardRecord.objects.create(
        recipient_kind="individual",
        person=PersonFactory(full_name=name),
        award=award("BKT"),
        year=year,
        decision_number="163/QĐ-UBND",
        decision_date=date(year, 12, 20),
        is_public=True,
        recipient_unit_name="Sở Nội vụ",
    )


def _ask(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL)
    names = [r.recipient_name for r in response.context["page"].object_list]
    reads = [q["sql"] for q in ctx.captured_queries if "awards_awardrecord" in q["sql"]]
    return names, reads


def test_the_same_page_asked_again_reads_no_record_and_a_saved_record_shows_at_once():
    first = _record("Nguyễn Văn An")
    client = Client()
    names, reads = _ask(client)
    assert names == ["Nguyễn Văn An"] and len(reads) == 1  # the page (holding every match: no count asked)
    names, reads = _ask(Client())  # another visitor, the same page
    assert names == ["Nguyễn Văn An"] and reads == []
    _record("Nguyễn Văn Bình")  # saved: a signal
    names, reads = _ask(client)
    assert names == ["Nguyễn Văn An", "Nguyễn Văn Bình"] and len(reads) == 1
    first.delete()
    assert _ask(client)[0] == ["Nguyễn Văn Bình"]


def test_a_bulk_write_that_calls_changed_shows_at_once():
    _record("Nguyễn Văn An")
    other = _record("Trần Thị Cúc")
    client = Client()
    assert _ask(client)[0] == ["Nguyễn Văn An"]
    AwardRecord.objects.filter(pk=other.pk).update(recipient_name="Nguyễn Văn Cúc", search_text="nguyen van cuc")
    assert _ask(client)[0] == ["Nguyễn Văn An"]  # an update sends no signal: the page is still the cached one
    lookup_cache.changed()  # what the signing and the history import call after their bulk writes
    assert _ask(client)[0] == ["Nguyễn Văn An", "Nguyễn Văn Cúc"]


def test_the_day_is_part_of_the_key(monkeypatch):
    """A decision dated tomorrow is public tomorrow: the page cached today is not served then."""
    _record("Nguyễn Văn An")
    client = Client()
    _ask(client)
    monkeypatch.setattr(lookup_cache.timezone, "localdate", lambda: date(2099, 1, 1))
    assert len(_ask(client)[1]) == 1


def test_a_signed_decision_shows_at_once_though_its_records_are_written_in_bulk(world):
    """The signing writes its records with ``bulk_create`` (no signal) and calls ``changed()``: a page cached
    before shows the new awardees at once."""
    staff = world.user("staff")
    _record("Nguyễn Văn An", 2020)
    client = Client()
    assert _ask(client)[0] == ["Nguyễn Văn An"]
    nominee = ready_nomination(
        "BKT", status="ready_for_decision", dossier=DossierFactory(year=2024), person__full_name="Nguyễn Văn Bảo"
    )
    decision = decision_create_draft(award=award("BKT"), nominations=[nominee], by=staff)
    decision_update(decision=decision, by=staff, signer_name="Nguyễn Văn Thắng")
    staff_client = Client()
    staff_client.force_login(staff)
    staff_client.post(reverse("awards:decision_sign", args=[decision.pk]), {"decision_date": "2025-07-01"})
    [job] = run_sign_jobs()
    assert job.status == "done"
    assert _ask(client)[0] == ["Nguyễn Văn An", "Nguyễn Văn Bảo"]


def test_with_the_cache_server_down_the_lookup_still_answers_from_the_database(monkeypatch):
    """Redis stopped (the production cache): the throttle lets visitors through and the page is read from
    the database, never a 500."""
    from redis.exceptions import ConnectionError as RedisDown  # noqa: PLC0415 -- only here

    from awards.views import public  # noqa: PLC0415 -- only here

    _record("Nguyễn Văn An")

    def down(*args, **kwargs):
        raise RedisDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    assert public.cache is lookup_cache.cache  # the default cache, whatever its backend
    for name in ("get", "set", "add", "incr"):
        monkeypatch.setattr(type(caches[DEFAULT_CACHE_ALIAS]), name, down)
    names, reads = _ask(Client())
    assert names == ["Nguyễn Văn An"] and len(reads) == 1
    lookup_cache.changed()  # a signing while the cache is down: logged, not raised
