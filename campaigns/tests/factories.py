"""Factories of campaigns, and a helper that builds a launched campaign the usual way (services)."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from campaigns import services
from campaigns.models import Campaign, Criterion, Participant, ReportDue


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"Phong trào thi đua thử nghiệm {n}")
    launcher = Campaign.Launcher.PROVINCIAL_CHAIR
    kind = Campaign.Kind.THEMATIC
    document_number = factory.Sequence(lambda n: f"{n:02d}/KH-UBND")
    document_date = date(2024, 1, 10)
    start_date = date(2024, 1, 15)
    end_date = date(2024, 12, 31)
    report_frequency = Campaign.ReportFrequency.FIXED


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    campaign = factory.SubFactory(CampaignFactory)
    position = factory.Sequence(lambda n: n + 1)
    indicator = factory.Sequence(lambda n: f"Chỉ tiêu {n}")
    unit_of_measure = "km"
    target = Decimal("100")
    weight = Decimal("50")


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    campaign = factory.SubFactory(CampaignFactory)
    role = Participant.Role.PARTICIPANT


def launched_campaign(world, *, units=None, dues=None, status=Campaign.Status.LAUNCHED, **fields) -> Campaign:
    """A campaign launched through the services: two measurable criteria, the given units, fixed due dates.

    ``dues``: offsets in days from today (default: one report 10 days ago, one in 20 days).
    """
    staff = world.user("staff")
    today = timezone.localdate()
    values = {
        "name": "Vùng xanh thử nghiệm",
        "launcher": Campaign.Launcher.PROVINCIAL_CHAIR,
        "kind": Campaign.Kind.PEAK,
        "document_number": "99/KH-UBND",
        "document_date": today - timedelta(days=60),
        "start_date": today - timedelta(days=60),
        "end_date": today + timedelta(days=200),
        "report_frequency": Campaign.ReportFrequency.FIXED,
        "remind_days_before": 3,
    } | fields
    campaign = services.campaign_create(by=staff, **values)
    services.criterion_add(
        campaign=campaign,
        by=staff,
        indicator="Số km đường giao thông nông thôn",
        unit_of_measure="km",
        target=Decimal("100"),
        weight=Decimal("60"),
    )
    services.criterion_add(
        campaign=campaign,
        by=staff,
        indicator="Số hộ thoát nghèo",
        unit_of_measure="hộ",
        target=Decimal("50"),
        weight=Decimal("40"),
    )
    units = units if units is not None else [world.chau_thanh, world.nga_bay]
    services.participants_add(campaign=campaign, by=staff, units=units)
    for offset in dues if dues is not None else (-10, 20):
        ReportDue.objects.create(campaign=campaign, due_on=today + timedelta(days=offset), label=f"Kỳ {offset:+d}")
    services.campaign_launch(campaign=campaign, by=staff)
    if status == Campaign.Status.IN_PROGRESS:
        services.campaign_start(campaign=campaign, by=staff)
    campaign.refresh_from_db()
    return campaign
