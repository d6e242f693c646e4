"""The daily digest: one notice per unit officer and day, reminders of units that have not registered."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns import services
from campaigns.models import Campaign, CampaignEvent, Reminder
from campaigns.services.reminders import registration_reminder_day
from campaigns.tests.factories import launched_campaign
from thiduakt.models import DailyDigest, Notification
from thiduakt.services import DomainError

pytestmark = pytest.mark.django_db


def _dmy(day):
    return f"{day:%d/%m/%Y}"


def _digests(username=None):
    notices = Notification.objects.filter(title__startswith="Nhắc việc ngày").order_by("id")
    return notices.filter(recipient__username=username) if username else notices


def _launched_days_ago(campaign, days):
    Campaign.objects.filter(pk=campaign.pk).update(launched_at=timezone.now() - timedelta(days=days))
    campaign.refresh_from_db()
    return campaign


def _register(campaign, unit):
    registration = services.registration_save(
        campaign=campaign, unit=unit, by=None, commitments={c.pk: (Decimal(5), "") for c in campaign.criteria.all()}
    )
    return services.registration_submit(registration=registration, by=None)


def _client(world, role):
    client = Client()
    client.force_login(world.user(role))
    return client


def test_one_digest_per_unit_gathers_every_campaign(world, mailoutbox, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    reports = launched_campaign(world, units=[world.chau_thanh], dues=(-40, -30, -20, -10, 2))
    late = _launched_days_ago(
        launched_campaign(
            world, units=[world.chau_thanh, world.nga_bay], dues=(50,), name="Phong trào B", document_number="98/KH"
        ),
        7,
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        told = services.reminders_send()
    assert told == 7  # Châu Thành: 4 late reports, 1 due soon, 1 campaign not registered; Ngã Bảy: 1
    [notice] = _digests("donvi")
    assert notice.title == (
        f"Nhắc việc ngày {_dmy(today)}: 4 báo cáo trễ hạn, 1 báo cáo sắp đến hạn, 1 phong trào chưa đăng ký"
    )
    dues = list(reports.dues.order_by("due_on"))
    assert notice.body.splitlines() == [
        "Các việc đơn vị cần làm:",
        *(f"– Báo cáo trễ hạn: Vùng xanh thử nghiệm, kỳ “{d.label}”, hạn ngày {_dmy(d.due_on)}." for d in dues[:4]),
        f"– Báo cáo sắp đến hạn: Vùng xanh thử nghiệm, kỳ “Kỳ +2”, hạn ngày {_dmy(today + timedelta(days=2))}.",
        f"– Chưa đăng ký thi đua: Phong trào B, phát động ngày {_dmy(timezone.localdate(late.launched_at))}.",
        "Xem và thực hiện tại trang “Phong trào của đơn vị”.",
    ]
    assert notice.link == "/phong-trao/cua-toi/"
    assert [n.title for n in _digests("donvi2")] == [f"Nhắc việc ngày {_dmy(today)}: 1 phong trào chưa đăng ký"]
    assert _digests().count() == 2
    assert sorted((m.to, m.subject) for m in mailoutbox) == [
        (["donvi2@thiduakt.local"], f"Nhắc việc ngày {_dmy(today)}: 1 phong trào chưa đăng ký"),
        (["donvi@thiduakt.local"], notice.title),
    ]
    assert mailoutbox[0].body.endswith("/phong-trao/cua-toi/")
    assert sorted(DailyDigest.objects.values_list("unit__code", "day", "items", "recipients")) == [
        ("HG.CT", today, 6, 1),
        ("HG.NB", today, 1, 1),
    ]
    assert Reminder.objects.filter(unit=world.chau_thanh).count() == 5

    # A second run the same day: nothing new, no mail.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 0
    assert (_digests().count(), len(mailoutbox)) == (2, 0)

    # The next day: the reports were reminded already, and the registration reminder is weekly.
    assert services.reminders_send(today=today + timedelta(days=1)) == 0
    # A week later: the report then past due, and both campaigns still not registered for (the first
    # one launched a week before that day).
    week = today + timedelta(days=7)
    assert services.reminders_send(today=week) == 4
    assert [n.title for n in _digests("donvi")][1:] == [
        f"Nhắc việc ngày {_dmy(week)}: 1 báo cáo trễ hạn, 2 phong trào chưa đăng ký"
    ]
    assert [n.title for n in _digests("donvi2")][1:] == [f"Nhắc việc ngày {_dmy(week)}: 1 phong trào chưa đăng ký"]


def test_a_unit_that_has_registered_is_not_reminded_but_a_draft_or_returned_one_is(world):
    campaign = _launched_days_ago(
        launched_campaign(world, units=[world.chau_thanh, world.nga_bay, world.unit("HG.VT")], dues=(60,)), 14
    )
    _register(campaign, world.chau_thanh)
    draft = {c.pk: (Decimal(1), "") for c in campaign.criteria.all()}
    services.registration_save(campaign=campaign, unit=world.nga_bay, by=None, commitments=draft)
    assert services.reminders_send() == 2
    assert sorted(DailyDigest.objects.values_list("unit__code", flat=True)) == ["HG.NB", "HG.VT"]
    assert _digests("donvi").count() == 0
    assert [n.title for n in _digests("donvi2")] == [
        f"Nhắc việc ngày {_dmy(timezone.localdate())}: 1 phong trào chưa đăng ký"
    ]


def test_registration_reminder_days(world):
    today = timezone.localdate()
    campaign = launched_campaign(world, dues=(60,))
    assert not registration_reminder_day(campaign, today)  # launched today
    _launched_days_ago(campaign, 3)
    assert not registration_reminder_day(campaign, today)
    for days in (7, 14, 21):
        _launched_days_ago(campaign, days)
        assert registration_reminder_day(campaign, today)
    _launched_days_ago(campaign, 4)
    # Registrations close with the interim review: remind_days_before (3) and 1 day before it.
    for left, expected in ((5, False), (3, True), (2, False), (1, True), (0, False)):
        campaign.interim_review_on = today + timedelta(days=left)
        assert registration_reminder_day(campaign, today) is expected, left
    campaign.status = Campaign.Status.INTERIM_REVIEWED
    campaign.interim_review_on = today + timedelta(days=3)
    assert not registration_reminder_day(campaign, today)


def test_a_digest_already_sent_today_holds_back_the_rest_until_tomorrow(world):
    launched_campaign(world, units=[world.chau_thanh, world.nga_bay], dues=(-2,))
    today = timezone.localdate()
    # Another worker has told Châu Thành today already.
    DailyDigest.objects.create(unit=world.chau_thanh, day=today)
    assert services.reminders_send() == 1
    assert list(Reminder.objects.values_list("unit__code", flat=True)) == ["HG.NB"]
    assert _digests("donvi").count() == 0
    assert services.reminders_send(today=today + timedelta(days=1)) == 1
    assert _digests("donvi").count() == 1


def test_nothing_new_leaves_no_digest_row(world):
    campaign = launched_campaign(world, units=[world.chau_thanh], dues=(-2,))
    Reminder.objects.create(
        due=campaign.dues.get(), unit=world.chau_thanh, reason="overdue", sent_on=timezone.localdate()
    )
    assert services.reminders_send() == 0
    assert DailyDigest.objects.count() == 0


def test_digest_unique_constraint_holds_in_the_database(world):
    day = timezone.localdate()
    DailyDigest.objects.create(unit=world.chau_thanh, day=day)
    with pytest.raises(IntegrityError), transaction.atomic():
        DailyDigest.objects.create(unit=world.chau_thanh, day=day)


def test_staff_remind_unregistered_units_once_a_day(world, mailoutbox, django_capture_on_commit_callbacks):
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay, world.unit("HG.VT")], dues=(60,))
    _register(campaign, world.chau_thanh)
    staff = world.user("staff")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.campaign_remind_unregistered(campaign=campaign, by=staff) == 2
    [notice] = Notification.objects.filter(title__startswith="Chưa đăng ký thi đua")
    assert (notice.recipient.username, notice.title, notice.link) == (
        "donvi2",
        f"Chưa đăng ký thi đua: {campaign.name}",
        f"/phong-trao/{campaign.pk}/dang-ky/",
    )
    assert notice.body == (
        f"Đơn vị chưa gửi bản đăng ký thi đua (cam kết chỉ tiêu) của phong trào “{campaign.name}”. Đề nghị đăng ký sớm."
    )
    assert [m.to for m in mailoutbox] == [["donvi2@thiduakt.local"]]  # Vị Thanh has no officer
    event = CampaignEvent.objects.get(action="Nhắc đơn vị chưa đăng ký")
    assert (event.by, event.reason) == (
        staff,
        f"2 đơn vị: {', '.join(sorted([str(world.nga_bay), str(world.unit('HG.VT'))]))}",
    )
    assert services.campaign_remind_unregistered(campaign=campaign, by=staff) == 0
    assert Notification.objects.filter(title__startswith="Chưa đăng ký thi đua").count() == 1
    assert CampaignEvent.objects.filter(action="Nhắc đơn vị chưa đăng ký").count() == 1


def test_staff_remind_unregistered_refused_once_registrations_close(world):
    campaign = launched_campaign(world, dues=(60,))
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.INTERIM_REVIEWED)
    with pytest.raises(DomainError, match=r"Phong trào không ở giai đoạn nhận đăng ký\."):
        services.campaign_remind_unregistered(campaign=campaign, by=world.user("staff"))
    assert Notification.objects.filter(title__startswith="Chưa đăng ký thi đua").count() == 0


def test_staff_remind_unregistered_from_the_participants_page(world):
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay], dues=(60,))
    client = _client(world, "staff")
    page = client.get(reverse("campaigns:participants", args=[campaign.pk])).content.decode()
    assert 'data-testid="remind-unregistered"' in page
    url = reverse("campaigns:remind_unregistered", args=[campaign.pk])
    response = client.post(url)
    assert response.url == reverse("campaigns:participants", args=[campaign.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Đã nhắc 2 đơn vị chưa đăng ký."]
    client.get(response.url)
    again = client.post(url)
    assert [str(m) for m in get_messages(again.wsgi_request)] == [
        "Không có đơn vị nào cần nhắc (đã đăng ký cả, hoặc đã nhắc hôm nay)."
    ]
    assert Notification.objects.filter(title__startswith="Chưa đăng ký thi đua").count() == 2


@pytest.mark.parametrize("role", ["donvi", "hoidong"])
def test_only_staff_remind_unregistered_units(world, role):
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay], dues=(60,))
    client = _client(world, role)
    assert client.post(reverse("campaigns:remind_unregistered", args=[campaign.pk])).status_code == 404
    page = client.get(reverse("campaigns:participants", args=[campaign.pk])).content.decode()
    assert 'data-testid="remind-unregistered"' not in page
    assert Notification.objects.filter(title__startswith="Chưa đăng ký thi đua").count() == 0
    assert CampaignEvent.objects.filter(action="Nhắc đơn vị chưa đăng ký").count() == 0


def test_staff_remind_late_sends_one_notice_per_unit(world, mailoutbox, django_capture_on_commit_callbacks):
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay], dues=(-30, -20, -10))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.campaign_remind_late(campaign=campaign, by=world.user("staff")) == 6
    notices = Notification.objects.filter(title=f"Quá hạn báo cáo: {campaign.name}")
    assert sorted(n.recipient.username for n in notices) == ["donvi", "donvi2"]
    assert {n.link for n in notices} == {f"/phong-trao/{campaign.pk}/tien-do/"}
    assert len(mailoutbox) == 2
    assert set(Reminder.objects.values_list("reason", "recipients")) == {("manual", 1)}
