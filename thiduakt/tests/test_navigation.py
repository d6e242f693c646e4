"""The main menu: entries by role, exactly one active entry for the page being shown."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from thiduakt.models import Notification
from thiduakt.navigation import menu_for
from thiduakt.tests.factories import StaffFactory


def _active(user, path):
    return [item["label"] for item in menu_for(user, path) if item["active"]]


@pytest.mark.django_db
def test_the_longest_matching_entry_alone_is_active():
    staff = StaffFactory()
    assert _active(staff, "/khen-thuong/hoi-dong/3/") == ["Hội đồng"]
    assert _active(staff, "/khen-thuong/quyet-dinh/") == ["Quyết định"]
    assert _active(staff, "/khen-thuong/") == ["Hồ sơ khen thưởng"]
    assert _active(staff, "/khen-thuong/tiep-nhan/") == ["Hồ sơ khen thưởng"]
    assert _active(staff, "/khen-thuong/can-cu/ca-nhan/4/") == ["Căn cứ xét khen thưởng"]
    assert _active(staff, "/phong-trao/5/") == ["Phong trào"]
    assert _active(staff, "/") == []


@pytest.mark.django_db
def test_staff_sees_the_staff_menu_in_order():
    labels = [item["label"] for item in menu_for(StaffFactory())]
    assert labels == [
        "Phong trào",
        "Cụm/Khối",
        "Hồ sơ khen thưởng",
        "Căn cứ xét khen thưởng",
        "Hội đồng",
        "Quyết định",
        "Điển hình tiên tiến",
        "Báo cáo",
        "Công việc nền",
    ]


def _jobs_page(client):
    """A page of every role without a notification list or card of its own: the background jobs."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("job_list"))
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


@pytest.mark.django_db
def test_the_menu_shows_the_unread_notifications_count_in_one_query(client, world):
    donvi = world.user("donvi")
    donvi.notifications.all().delete()
    client.force_login(donvi)
    client.get("/")  # the session's first stamp (thiduakt.sessions): none of the requests below saves it
    page, before = _jobs_page(client)
    assert 'data-testid="unread-count"' not in page
    notices = [Notification(recipient=donvi, title=f"Quá hạn báo cáo kỳ {n}") for n in range(4)]
    Notification.objects.bulk_create(notices)
    Notification.objects.filter(pk=notices[0].pk).update(read_at=timezone.now())
    Notification.objects.create(recipient=world.user("donvi2"), title="Thông báo của đơn vị khác")
    page, after = _jobs_page(client)
    assert '<span class="badge rounded-pill text-bg-warning" data-testid="unread-count">3</span>' in page
    assert "3 thông báo chưa đọc" in page
    counts = [sql for sql in after if "thiduakt_notification" in sql and "COUNT(" in sql]
    assert len(counts) == 1
    assert len(after) == len(before)  # the badge is the same one query whatever the count


@pytest.mark.django_db
def test_the_badge_says_99_plus_beyond_99(client, world):
    hoidong = world.user("hoidong")
    Notification.objects.bulk_create([Notification(recipient=hoidong, title="Lịch họp hội đồng") for _ in range(120)])
    client.force_login(hoidong)
    page, _queries = _jobs_page(client)
    assert 'data-testid="unread-count">99+</span>' in page


@pytest.mark.django_db
def test_a_new_notification_renews_the_badge_and_keeps_the_menu(client, world, settings):
    """Notifications come all day: each renews the badge alone (one count), not the menu it sits in."""
    from unittest import mock  # noqa: PLC0415 -- only here

    from thiduakt.templatetags import navbar  # noqa: PLC0415 -- the menu's renderer, watched

    settings.WRITE_CACHE_SHARED = True
    donvi = world.user("donvi")
    donvi.notifications.all().delete()
    client.force_login(donvi)
    client.get("/")
    with mock.patch.object(navbar, "render_to_string", wraps=navbar.render_to_string) as menus:
        first, _ = _jobs_page(client)
        Notification.objects.create(recipient=donvi, title="Quá hạn báo cáo quý III")
        second, queries = _jobs_page(client)
        Notification.objects.filter(recipient=donvi).update(read_at=timezone.now())
        third, _ = _jobs_page(client)
    assert menus.call_count == 1  # the menu was built once, at the first visit
    badges = [re.findall(r'data-testid="unread-count">([^<]*)<', page) for page in (first, second, third)]
    assert badges == [[], ["1"], []]
    assert len([sql for sql in queries if "thiduakt_notification" in sql]) == 1
