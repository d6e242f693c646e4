"""The reminder task on a real Celery worker process."""

from decimal import Decimal

import pytest
from django.utils import timezone

from campaigns import services
from campaigns.models import Reminder
from campaigns.tasks import reminders_send
from campaigns.tests.factories import launched_campaign
from thiduakt.models import Notification, User
from thiduakt.testing import World, celery_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _reminders_to(username):
    return Notification.objects.filter(recipient__username=username, title__startswith="Nhắc việc ngày")


def _told(username):
    return _reminders_to(username).count()


def test_reminder_task_tells_each_unit_once_a_day_in_one_digest():
    world = World()
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay], dues=(-2, 1))
    overdue, tomorrow = campaign.dues.order_by("due_on")
    km = campaign.criteria.get(unit_of_measure="km")
    # Châu Thành sent the overdue one (its next is due tomorrow); Ngã Bảy sent tomorrow's early but not the overdue one.
    for due, unit in ((overdue, world.chau_thanh), (tomorrow, world.nga_bay)):
        report = services.report_save(due=due, unit=unit, by=None, narrative="x", values={km.pk: (Decimal(1), "")})
        services.report_submit(report=report, by=None)
    with celery_worker():
        reminders_send.apply_async()
        wait_for(lambda: _told("donvi") == 1 and _told("donvi2") == 1)
        # A second run, with one more unit that has reported nothing: only that unit is told.
        vi_thanh = world.unit("HG.VT")
        User.objects.create(username="vithanh", is_unit_officer=True, unit=vi_thanh, email="vt@thiduakt.local")
        services.participants_add(campaign=campaign, by=world.user("staff"), units=[vi_thanh])
        reminders_send.apply_async()
        wait_for(lambda: _told("vithanh") == 1)
    assert (_told("donvi"), _told("donvi2")) == (1, 1)
    day = f"{timezone.localdate():%d/%m/%Y}"
    assert _reminders_to("donvi").get().title == f"Nhắc việc ngày {day}: 1 báo cáo sắp đến hạn"
    assert _reminders_to("donvi2").get().title == f"Nhắc việc ngày {day}: 1 báo cáo trễ hạn"
    # The unit added later the same day gets its own digest, with both of its reports in it.
    assert _reminders_to("vithanh").get().title == f"Nhắc việc ngày {day}: 1 báo cáo trễ hạn, 1 báo cáo sắp đến hạn"
    assert _reminders_to("donvi2").get().emailed_to == "donvi2@thiduakt.local"
    assert sorted(Reminder.objects.values_list("unit__code", "reason")) == [
        ("HG.CT", "upcoming"),
        ("HG.NB", "overdue"),
        ("HG.VT", "overdue"),
        ("HG.VT", "upcoming"),
    ]
