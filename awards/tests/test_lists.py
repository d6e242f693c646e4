"""Lists run a constant number of queries; the public lookup finds, orders and hides the right things."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from awards.dashboard import cards as awards_cards
from awards.models import AwardRecord, Dossier, Nomination, PublicComment
from awards.tests.factories import AwardRecordFactory, DossierFactory, NominationFactory, award
from reports.dashboard import cards as reports_cards
from thiduakt.tests.factories import PersonFactory


def _dossiers(unit, n, status=Dossier.Status.DRAFT):
    today = timezone.localdate()
    for i in range(n):
        dossier = DossierFactory(unit=unit, status=status, received_on=today, due_on=today - timezone.timedelta(days=i))
        NominationFactory(dossier=dossier)


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 50])
def test_dossier_list_queries_constant_for_staff(world, django_assert_num_queries, count):
    _dossiers(world.chau_thanh, count)
    client = Client()
    client.force_login(world.user("staff"))
    with django_assert_num_queries(STAFF_LIST_QUERIES):
        response = _get(client, "/khen-thuong/?status=draft")
    assert len(response.context["page"].object_list) == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 50])
def test_dossier_list_queries_constant_for_officer(world, django_assert_num_queries, count):
    _dossiers(world.chau_thanh, count)
    _dossiers(world.nga_bay, 3)
    client = Client()
    client.force_login(world.user("donvi"))
    with django_assert_num_queries(OFFICER_LIST_QUERIES):
        response = _get(client, "/khen-thuong/")
    assert len(response.context["page"].object_list) == count
    assert {d.unit_id for d in response.context["page"].object_list} == {world.chau_thanh.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 50])
def test_queue_queries_constant_and_overdue_first(world, django_assert_num_queries, count):
    _dossiers(world.chau_thanh, count, status=Dossier.Status.SUBMITTED)
    client = Client()
    client.force_login(world.user("staff"))
    with django_assert_num_queries(QUEUE_QUERIES):
        response = _get(client, "/khen-thuong/tiep-nhan/")
    rows = list(response.context["page"].object_list)
    assert len(rows) == count
    assert [d.due_on for d in rows] == sorted(d.due_on for d in rows)
    if count > 1:
        assert rows[0].overdue == 1 and rows[-1].overdue == 0


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 50])
def test_lookup_queries_constant(world, django_assert_num_queries, count):
    cache.clear()
    for i in range(count):
        AwardRecordFactory(person=PersonFactory(full_name=f"Nguyễn Văn Tra {i}"), is_public=True)
    with django_assert_num_queries(LOOKUP_QUERIES):
        response = _get(Client(), "/khen-thuong/tra-cuu/?q=nguyen+van+tra")
    assert len(response.context["page"].object_list) == count


@pytest.mark.django_db
def test_lookup_is_diacritics_insensitive_in_vietnamese_order_and_public_only(world):
    cache.clear()
    for name in ["Trần Thị Bình", "Nguyễn Văn Anh", "Lê Văn Ánh", "Ngô Thị Ân"]:
        AwardRecord.objects.create(
            recipient_kind="individual",
            person=PersonFactory(full_name=name, birth_year=1977),
            award=award("BKT"),
            year=2023,
            decision_number="163/QĐ-UBND",
            is_public=True,
            recipient_unit_name="Sở Nội vụ tỉnh Hậu Giang",
        )
    AwardRecordFactory(person=PersonFactory(full_name="Nguyễn Văn Ẩn"), is_public=False)
    response = _get(Client(), "/tra-cuu/?q=van".replace("/tra-cuu/", "/khen-thuong/tra-cuu/"))
    names = [r.recipient_name for r in response.context["page"].object_list]
    assert names == ["Nguyễn Văn Anh", "Lê Văn Ánh"]
    response = _get(Client(), "/khen-thuong/tra-cuu/?year=2023&award=BKT")
    names = [r.recipient_name for r in response.context["page"].object_list]
    assert names == ["Nguyễn Văn Anh", "Lê Văn Ánh", "Ngô Thị Ân", "Trần Thị Bình"]
    page = response.content.decode()
    assert "1977" not in page  # no birth year: only what a published decision shows
    assert "Nguyễn Văn Ẩn" not in page
    short = Client().get("/tra-cuu/?q=nguyen")
    assert (short.status_code, short["Location"]) == (302, "/khen-thuong/tra-cuu/?q=nguyen")


@pytest.mark.django_db
def test_lookup_is_rate_limited_per_ip(world, settings):
    cache.clear()
    settings.AWARDS_LOOKUP_RATE_PER_MINUTE = 3
    client = Client(REMOTE_ADDR="10.0.0.1")
    statuses = [client.get("/khen-thuong/tra-cuu/?q=an").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "Quá nhiều yêu cầu" in client.get("/khen-thuong/tra-cuu/?q=an").content.decode()
    assert Client(REMOTE_ADDR="10.0.0.2").get("/khen-thuong/tra-cuu/?q=an").status_code == 200


# The first page holding every row (50 at most here) needs no count: one query fewer than a longer list
# (thiduakt.keyset; awards/tests/test_search_scale.py counts beyond the page).
STAFF_LIST_QUERIES = 8  # the unit filter is a picker: it reads only a chosen unit (none here)
OFFICER_LIST_QUERIES = 8
QUEUE_QUERIES = 10
# No count (the first page holds every match), with the decisions of the page (what holds of each:
# awards.services.amendments.annotate_effects).
LOOKUP_QUERIES = 3


@pytest.mark.django_db
def test_dashboard_cards_for_staff_and_officer(world):
    today = timezone.localdate()
    DossierFactory(unit=world.chau_thanh, status="returned")
    DossierFactory(unit=world.chau_thanh, status="submitted", due_on=today - timezone.timedelta(days=1))
    DossierFactory(unit=world.nga_bay, status="resubmitted", due_on=today)

    # Staff's figures of waiting and overdue dossiers are the reports app's cards (not twice on the dashboard).
    assert not {"Hồ sơ chờ thẩm định", "Hồ sơ quá hạn xử lý"} & {c.title for c in awards_cards(world.user("staff"))}
    assert [(c.title, c.value) for c in awards_cards(world.user("donvi"))][:2] == [
        ("Hồ sơ bị trả lại, cần bổ sung", 1),
        ("Hồ sơ đang soạn", 0),
    ]
    assert "Hồ sơ chờ thẩm định" not in [c.title for c in awards_cards(world.user("hoidong"))]


@pytest.mark.django_db
def test_public_comment_is_rate_limited(world, settings):

    cache.clear()
    settings.AWARDS_COMMENT_RATE_PER_MINUTE = 2
    nomination = NominationFactory(
        award=award("HCLD3"),
        status="ready_for_council",
        disclosure_opens_on=timezone.localdate(),
        disclosure_closes_on=timezone.localdate(),
    )
    client = Client(REMOTE_ADDR="10.0.0.9")
    url = f"/khen-thuong/cong-khai/{nomination.pk}/gop-y/"
    statuses = [client.post(url, {"body": "Góp ý"}).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert PublicComment.objects.filter(nomination=nomination).count() == 2
    page = Client().get("/khen-thuong/cong-khai/").content.decode()
    assert nomination.nominee_name in page
    assert Nomination.objects.get(pk=nomination.pk).public_comments.count() == 2


@pytest.mark.django_db
def test_staff_search_finds_dossiers_by_nominee_name_without_diacritics(world):
    dossier = DossierFactory(unit=world.chau_thanh, title="Hồ sơ A")
    NominationFactory(dossier=dossier, person=PersonFactory(full_name="Huỳnh Thị Hạnh"))
    DossierFactory(unit=world.nga_bay, title="Hồ sơ B")
    client = Client()
    client.force_login(world.user("staff"))
    found = client.get("/khen-thuong/?q=huynh+thi+hanh").context["page"].object_list
    assert [d.pk for d in found] == [dossier.pk]
    found = client.get("/khen-thuong/?q=ngã bảy").context["page"].object_list
    assert [d.title for d in found] == ["Hồ sơ B"]


@pytest.mark.django_db
def test_lookup_rate_limit_behind_the_proxy_counts_the_forwarded_address(world, settings):
    cache.clear()
    settings.AWARDS_LOOKUP_RATE_PER_MINUTE = 1
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    first = proxy.get("/khen-thuong/tra-cuu/?q=an", HTTP_X_FORWARDED_FOR="203.0.113.5")
    other = proxy.get("/khen-thuong/tra-cuu/?q=an", HTTP_X_FORWARDED_FOR="203.0.113.6")
    again = proxy.get("/khen-thuong/tra-cuu/?q=an", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert (first.status_code, other.status_code, again.status_code) == (200, 200, 429)


@pytest.mark.django_db
def test_dossier_list_filters_the_overdue_appraisals(world):
    today = timezone.localdate()
    late = DossierFactory(unit=world.chau_thanh, status="submitted", due_on=today - timezone.timedelta(days=1))
    late_again = DossierFactory(unit=world.nga_bay, status="resubmitted", due_on=today - timezone.timedelta(days=9))
    DossierFactory(unit=world.chau_thanh, status="submitted", due_on=today)  # due today: not late yet
    DossierFactory(unit=world.chau_thanh, status="appraised", due_on=today - timezone.timedelta(days=30))  # done
    DossierFactory(unit=world.chau_thanh, status="returned", due_on=today - timezone.timedelta(days=30))
    client = Client()
    client.force_login(world.user("staff"))
    page = client.get("/khen-thuong/?overdue=on").context["page"]
    assert sorted(d.pk for d in page) == sorted([late.pk, late_again.pk])
    assert len(client.get("/khen-thuong/").context["page"]) == 5
    # The dashboard's card leads there.

    card = next(c for c in reports_cards(world.user("staff")) if c.title == "Hồ sơ quá hạn thẩm định")
    assert (card.value, card.url) == (2, "/khen-thuong/?overdue=on")
    officer = Client()
    officer.force_login(world.user("donvi"))
    assert [d.pk for d in officer.get("/khen-thuong/?overdue=on").context["page"]] == [late.pk]
