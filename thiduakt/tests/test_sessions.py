"""Sessions are saved at most once a minute, and an idle one still ends (thiduakt.sessions)."""

import datetime
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

_real_now = timezone.now


class _Clock:
    """``timezone.now`` moved forward by hand; the session backend and the middleware both read it."""

    def __init__(self):
        self.offset = 0

    def __call__(self):
        return _real_now() + datetime.timedelta(seconds=self.offset)


@pytest.fixture
def clock():
    c = _Clock()
    with mock.patch("django.utils.timezone.now", c):
        yield c


def _session_writes(client, url="/"):
    """The status of a GET and how many statements wrote the session row."""
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    writes = [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]]
    return status, len(writes)


def _signed_in(world, username="staff"):
    client = Client()
    client.force_login(world.user(username))
    return client


def test_two_requests_within_a_minute_write_the_session_once(world, clock):
    client = _signed_in(world)
    assert _session_writes(client) == (200, 1)  # the first stamps the session
    clock.offset = 30
    assert _session_writes(client) == (200, 0)
    clock.offset = 58  # the stamp is in whole seconds, and the test's own time runs on
    assert _session_writes(client) == (200, 0)


def test_a_request_after_a_minute_saves_the_session_and_its_expiry(world, clock):
    client = _signed_in(world)
    _session_writes(client)
    key = client.session.session_key
    expiry = Session.objects.get(session_key=key).expire_date
    clock.offset = 61
    assert _session_writes(client) == (200, 1)
    assert Session.objects.get(session_key=key).expire_date - expiry >= datetime.timedelta(seconds=61)


def test_an_anonymous_page_creates_no_session(client, db):
    assert _session_writes(client, "/healthz") == (200, 0)
    response = client.get(reverse("awards:lookup"))
    assert not Session.objects.exists()
    assert "sessionid" not in response.cookies


def test_an_active_session_outlives_the_idle_limit_and_an_idle_one_ends(world, clock, settings):
    settings.SESSION_COOKIE_AGE = 300
    client = _signed_in(world)
    for offset in (0, 58, 120, 240, 360, 420):  # never idle for 300 s: still signed in at 420 s
        clock.offset = offset
        assert client.get("/").status_code == 200, offset
    clock.offset = 420 + 300 + 1  # idle past the limit since the last save (at 420 s)
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_idle_session_ends_within_a_minute_of_the_limit(world, clock, settings):
    settings.SESSION_COOKIE_AGE = 300
    client = _signed_in(world)
    client.get("/")  # saved at 0 s
    clock.offset = 50
    client.get("/")  # not saved: the expiry is still 300 s after 0 s, i.e. 250 s after this request
    clock.offset = 301
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_signing_out_leaves_no_session(world):
    client = _signed_in(world)
    client.get("/")
    client.post(reverse("logout"))
    assert not Session.objects.exists()
