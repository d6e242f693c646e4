"""Campaigns on the foundation's state machine: declared moves, one event row per move, badges."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns import services
from campaigns.models import Campaign, CampaignEvent, ProgressReport, Registration
from campaigns.tests.factories import launched_campaign
from thiduakt.services import DomainError

S = Campaign.Status


def test_campaign_moves_are_declared_on_the_enum():
    assert S.next_of(S.DRAFT) == [S.LAUNCHED]
    assert S.next_of(S.IN_PROGRESS) == [S.INTERIM_REVIEWED, S.FINAL_REVIEWED]
    assert S.next_of(S.CLOSED) == []
    assert Registration.Status.next_of(Registration.Status.SUBMITTED) == [
        Registration.Status.APPROVED,
        Registration.Status.RETURNED,
    ]
    assert ProgressReport.Status.next_of(ProgressReport.Status.SUBMITTED) == []


@pytest.mark.django_db
def test_each_move_writes_one_event_with_its_statuses(world):
    campaign = launched_campaign(world)
    donvi, staff = world.user("donvi"), world.user("staff")
    services.campaign_start(campaign=campaign, by=staff)
    registration = services.registration_save(
        campaign=campaign,
        unit=world.chau_thanh,
        by=donvi,
        commitments={c.pk: (Decimal(10), "") for c in campaign.criteria.all()},
    )
    services.registration_submit(registration=registration, by=donvi)
    services.registration_return(registration=registration, by=staff, reason="Thiếu số liệu")
    report = services.report_save(due=campaign.dues.first(), unit=world.chau_thanh, by=donvi, narrative="x", values={})
    services.report_submit(report=report, by=donvi)

    moves = list(
        CampaignEvent.objects.filter(campaign=campaign)
        .exclude(to_status="")
        .order_by("id")
        .values_list("from_status", "to_status", "registration_id", "report_id", "by__username", "reason")
    )
    assert moves == [
        ("draft", "launched", None, None, "staff", ""),
        ("launched", "in_progress", None, None, "staff", ""),
        ("draft", "submitted", registration.pk, None, "donvi", ""),
        ("submitted", "returned", registration.pk, None, "staff", "Thiếu số liệu"),
        ("draft", "submitted", None, report.pk, "donvi", ""),
    ]


@pytest.mark.django_db
def test_a_refused_launch_writes_nothing(world):
    staff = world.user("staff")
    campaign = services.campaign_create(
        by=staff,
        name="Chưa có văn bản",
        launcher=Campaign.Launcher.PROVINCIAL_CHAIR,
        kind=Campaign.Kind.REGULAR,
        start_date=timezone.localdate(),
    )
    with pytest.raises(DomainError, match=r"^Cần ghi số văn bản phát động trước khi phát động\.$"):
        services.campaign_launch(campaign=campaign, by=staff)
    campaign.refresh_from_db()
    assert (campaign.status, campaign.launched_at) == (S.DRAFT, None)
    assert list(campaign.events.values_list("action", flat=True)) == ["Tạo dự thảo phong trào"]


@pytest.mark.django_db
def test_status_badges_take_the_enum_colours(world):
    campaign = launched_campaign(world)
    client = Client()
    client.force_login(world.user("staff"))
    html = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert '<span class="badge text-bg-primary">Đã phát động</span>' in html
    assert S.badge_of(S.CLOSED) == "dark"
    assert Registration.Status.RETURNED.badge == "warning"
