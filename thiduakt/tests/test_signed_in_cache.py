"""The session and the signed-in user read from the cache (thiduakt.session_store, thiduakt.backends): no query for
them on a signed-in request, and still a logout, a deactivation, a role taken away and an idle expiry seen at once,
with the cache server down too."""

import datetime
import time
from unittest import mock

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("_cached_signed_in"),
]
PAGE = "/accounts/password/done/"  # a signed-in page that reads nothing else


@pytest.fixture
def _cached_signed_in():
    with override_settings(CACHE_SIGNED_IN=True, SESSION_ENGINE="thiduakt.session_store"):
        yield


def _client(world, username="staff"):
    client = Client()
    client.force_login(world.user(username))
    return client


def _get(client, url=PAGE):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    tables = [q["sql"] for q in queries.captured_queries]
    return response, tables


def test_a_signed_in_page_reads_neither_the_session_nor_the_user_from_the_database(world):
    client = _client(world)
    response, first = _get(client)
    assert response.status_code == 200
    assert [sql for sql in first if "thiduakt_user" in sql]  # the user read once, then kept
    response, second = _get(client)
    assert response.status_code == 200
    assert second == []


def test_a_session_stays_in_the_cache_a_minute_at_most(world):
    client = _client(world)
    client.get(PAGE)
    key = cache.make_key("django.contrib.sessions.cached_db" + client.session.session_key)
    left = cache._expire_info[key] - time.time()
    assert 0 < left <= 60


def test_signing_out_ends_the_session_for_every_copy_of_its_cookie(world):
    client = _client(world)
    assert client.get(PAGE).status_code == 200
    copy = Client()
    copy.cookies = client.cookies.__class__(client.cookies)
    assert copy.get(PAGE).status_code == 200
    client.post(reverse("logout"))
    response = copy.get(PAGE)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_deactivated_user_is_signed_out_at_the_next_request(world):
    client = _client(world)
    assert client.get(PAGE).status_code == 200
    user = world.user("staff")
    user.is_active = False
    user.save()
    response = client.get(PAGE)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_role_taken_away_is_seen_at_the_next_request(world):
    client = _client(world)
    assert client.get(reverse("awards:dossier_list")).status_code == 200
    user = world.user("staff")
    user.is_department_staff = False
    user.save()
    assert client.get(reverse("awards:dossier_list")).status_code in (403, 404)


def test_a_new_password_elsewhere_signs_the_old_session_out(world):
    client = _client(world)
    assert client.get(PAGE).status_code == 200
    user = world.user("staff")
    user.set_password("một mật khẩu mới 2026")
    user.save()
    response = client.get(PAGE)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_idle_session_still_ends_on_time(world, settings):
    settings.SESSION_COOKIE_AGE = 300
    client = _client(world)
    assert client.get(PAGE).status_code == 200
    later, real_time = timezone.now() + datetime.timedelta(seconds=301), time.time
    with (
        mock.patch("django.utils.timezone.now", lambda: later),
        mock.patch("django.core.cache.backends.locmem.time.time", lambda: real_time() + 301),  # the cache's clock
    ):
        response = client.get(PAGE)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


class _Down(Exception):
    pass


def _down(*args, **kwargs):
    raise _Down("cache server down")


def test_with_the_cache_server_down_signed_in_pages_answer_from_the_database(world):
    client = _client(world)
    assert client.get(PAGE).status_code == 200
    backend = type(caches["default"])
    with (
        mock.patch.object(backend, "get", _down),
        mock.patch.object(backend, "set", _down),
        mock.patch.object(backend, "add", _down),
        mock.patch.object(backend, "delete", _down),
        mock.patch.object(backend, "has_key", _down),
        mock.patch.object(backend, "incr", _down),
    ):
        response, queries = _get(client)
        assert response.status_code == 200
        assert any("django_session" in sql for sql in queries) and any("thiduakt_user" in sql for sql in queries)
        client.post(reverse("logout"))
        response = client.get(PAGE)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
