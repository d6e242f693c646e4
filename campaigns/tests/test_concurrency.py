"""Two reminder runs at the same moment (two beat nodes, a retried task) still tell each unit once a day."""

import threading

import pytest
from django.db import connection

from campaigns import services
from campaigns.models import Reminder
from campaigns.tests.factories import launched_campaign
from thiduakt.models import DailyDigest, Notification
from thiduakt.testing import World

pytestmark = [
    pytest.mark.django_db(transaction=True),
]


def test_concurrent_reminder_runs_tell_each_unit_once():

    world = World()
    launched_campaign(world, units=[world.chau_thanh, world.nga_bay], dues=(-2, 1))
    barrier = threading.Barrier(2)
    sent = []

    def run():
        try:
            barrier.wait()
            sent.append(services.reminders_send())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(sent) == 4
    assert Reminder.objects.count() == 4
    # One digest per unit (each has one officer), whichever worker sent it.
    assert DailyDigest.objects.count() == 2
    assert Notification.objects.filter(title__startswith="Nhắc việc ngày").count() == 2
