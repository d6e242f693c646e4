"""Whole pages kept until a write of what they show (issue 18: ``thiduakt.kept_pages``, on the dossier list)."""

import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from awards.models import Dossier
from awards.tests.factories import DossierFactory, NominationFactory
from thiduakt.kept_pages import CSRF_SLOT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_write_cache")]

LIST = "/khen-thuong/"
KEPT_VISIT_QUERIES = 0  # the session and the user come from the cache (settings.CACHE_SIGNED_IN), the page too
# The user (first visit only), the page of dossiers with their counts, the unit of each row, the unread
# notifications' badge; and the session saved at the first visit (its activity stamp, thiduakt.sessions).
FIRST_VISIT_QUERIES = 7  # … in a savepoint
REBUILT_VISIT_QUERIES = 2  # after a write of the dossiers alone: the page of dossiers and their units


@pytest.fixture
def shared_write_cache(settings):
    settings.WRITE_CACHE_SHARED = True
    settings.CACHE_SIGNED_IN = True
    settings.SESSION_ENGINE = "thiduakt.session_store"


def _client(world, role: str, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(world.user(role))
    return client


def _page(client, url=LIST) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _dossier(unit, title: str) -> Dossier:
    dossier = DossierFactory(unit=unit, title=title)
    NominationFactory(dossier=dossier)
    return dossier


def test_a_second_visit_is_served_whole_from_the_cache_and_a_write_of_what_it_lists_rebuilds_it(
    world, django_assert_num_queries
):
    dossier = _dossier(world.chau_thanh, "Hồ sơ khen thưởng tổng kết năm")
    staff = _client(world, "staff")
    with django_assert_num_queries(FIRST_VISIT_QUERIES):
        first = _page(staff)
    with django_assert_num_queries(KEPT_VISIT_QUERIES):
        kept = _page(staff)
    assert "Hồ sơ khen thưởng tổng kết năm" in first and "Hồ sơ khen thưởng tổng kết năm" in kept

    Dossier.objects.filter(pk=dossier.pk).update(title="Hồ sơ khen thưởng chuyên đề")  # no signal, no save()

    with django_assert_num_queries(REBUILT_VISIT_QUERIES):
        again = _page(staff)
    assert "Hồ sơ khen thưởng chuyên đề" in again and "Hồ sơ khen thưởng tổng kết năm" not in again


def test_each_address_is_kept_apart(world):
    _dossier(world.chau_thanh, "Hồ sơ nháp của xã")
    staff = _client(world, "staff")
    _page(staff, LIST + "?status=draft")
    _page(staff, LIST + "?status=submitted")
    assert "Hồ sơ nháp của xã" in _page(staff, LIST + "?status=draft")
    assert "Hồ sơ nháp của xã" not in _page(staff, LIST + "?status=submitted")


def test_a_page_kept_for_one_user_is_never_served_to_another(world):
    _dossier(world.chau_thanh, "Hồ sơ của Châu Thành")
    _dossier(world.nga_bay, "Hồ sơ của Ngã Bảy")
    assert "Hồ sơ của Ngã Bảy" in _page(_client(world, "staff"))  # kept for staff: every unit
    officer = _client(world, "donvi")  # Châu Thành's officer, same address
    for _visit in range(2):
        page = _page(officer)
        assert "Hồ sơ của Châu Thành" in page and "Hồ sơ của Ngã Bảy" not in page


def test_a_user_who_loses_the_right_is_refused_at_the_next_visit(world):
    officer = _client(world, "donvi")
    _page(officer)
    _page(officer)  # kept
    officer_user = world.user("donvi")
    officer_user.is_unit_officer = False  # a role withdrawn by an administrator: the user's row written
    officer_user.save(update_fields=["is_unit_officer"])
    assert officer.get(LIST).status_code == 404
    officer_user.is_unit_officer = True
    officer_user.save(update_fields=["is_unit_officer"])


def test_a_kept_page_carries_a_csrf_token_of_this_visit_that_logs_out(world, django_assert_num_queries):
    client = _client(world, "staff", enforce_csrf_checks=True)
    first = _page(client)
    with django_assert_num_queries(KEPT_VISIT_QUERIES):
        kept = _page(client)
    token = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
    header = re.compile(r'"X-CSRFToken": "([A-Za-z0-9]+)"')
    assert CSRF_SLOT.decode() not in kept
    assert token.findall(kept) and token.findall(kept) != token.findall(first)  # masked anew at each visit
    secret = client.cookies["csrftoken"].value
    assert {_unmask_cipher_token(t) for t in token.findall(kept) + header.findall(kept)} == {secret}

    response = client.post("/accounts/logout/", {"csrfmiddlewaretoken": token.findall(kept)[0]})

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_message_waiting_is_shown_by_a_page_built_for_it(world, rf):
    staff = _client(world, "staff")
    _page(staff)  # kept
    # as a view's messages.success() leaves it, for the next page (Django's default storage: a cookie)
    staff.cookies["messages"] = CookieStorage(rf.get("/"))._encode([Message(messages.SUCCESS, "Đã gửi hồ sơ.")])
    assert "Đã gửi hồ sơ." in _page(staff)
    assert "Đã gửi hồ sơ." not in _page(staff)  # shown once, as Django's messages are


def test_htmx_fragments_and_other_answers_are_not_kept(world, django_assert_num_queries):
    staff = _client(world, "staff")
    _page(staff)
    with django_assert_num_queries(1):  # the menu and its badge kept, the page built: its dossiers (none here)
        assert staff.get(LIST, HTTP_HX_REQUEST="true").status_code == 200


def test_where_each_process_has_its_own_cache_every_visit_is_built(world, settings, django_assert_num_queries):
    settings.WRITE_CACHE_SHARED = False
    staff = _client(world, "staff")
    _page(staff)
    with django_assert_num_queries(1):  # the user and the menu kept, the page built: its dossiers (none here)
        _page(staff)


def test_the_cluster_list_is_kept_until_a_cluster_is_written(world, django_assert_num_queries):
    from clusters.models import Cluster  # noqa: PLC0415 -- beside the test that needs it
    from clusters.tests.factories import ClusterYearFactory  # noqa: PLC0415 -- beside the test that needs it

    cluster_year = ClusterYearFactory(year=2024)
    url = f"/cum-khoi/?nam={cluster_year.year}"
    staff = _client(world, "staff")
    assert cluster_year.cluster.name in _page(staff, url)
    with django_assert_num_queries(KEPT_VISIT_QUERIES):
        _page(staff, url)

    Cluster.objects.filter(pk=cluster_year.cluster_id).update(name="Cụm thi đua đổi tên")

    assert "Cụm thi đua đổi tên" in _page(staff, url)


def test_the_evidence_index_is_kept_until_a_person_is_written(world, django_assert_num_queries):
    from django.urls import reverse  # noqa: PLC0415 -- only here

    from thiduakt.tests.factories import PersonFactory  # noqa: PLC0415 -- beside the test that needs it

    person = PersonFactory(full_name="Nguyễn Thị Kiểm Tra")
    url = reverse("awards:evidence_index") + "?q=kiem+tra"
    staff = _client(world, "staff")
    assert "Nguyễn Thị Kiểm Tra" in _page(staff, url)
    with django_assert_num_queries(KEPT_VISIT_QUERIES):
        _page(staff, url)

    person.full_name = "Nguyễn Thị Kiểm Tra Lại"
    person.save()

    assert "Nguyễn Thị Kiểm Tra Lại" in _page(staff, url)
