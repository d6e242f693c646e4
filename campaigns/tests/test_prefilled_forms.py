"""Forms start from what the system already knows: a criterion's remaining weight, a phase's dates, a review's
planned day, and in a progress report the unit's values of the period before."""

from datetime import timedelta
from decimal import Decimal

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns import services
from campaigns.models import Campaign, Criterion
from campaigns.tests.factories import launched_campaign

pytestmark = pytest.mark.django_db


def _client(world, role="staff"):
    client = Client()
    client.force_login(world.user(role))
    return client


def _value(response, element_id) -> str:
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode()).xpath(f"//*[@id='{element_id}']/@value")[0]


def _draft(world):
    today = timezone.localdate()
    return services.campaign_create(
        by=world.user("staff"),
        name="Dự thảo",
        launcher=Campaign.Launcher.PROVINCIAL_CHAIR,
        kind=Campaign.Kind.THEMATIC,
        start_date=today,
        end_date=today + timedelta(days=300),
    )


def test_a_new_criterion_starts_with_the_weight_left_to_reach_100(world):
    campaign = _draft(world)
    client = _client(world)
    url = reverse("campaigns:setup_step", args=[campaign.pk, "tieu-chi"])
    assert _value(client.get(url), "id_criterion-weight") == "100"
    services.criterion_add(
        campaign=campaign,
        by=world.user("staff"),
        indicator="Km",
        unit_of_measure="km",
        target=5,
        weight=Decimal("62.5"),
    )
    assert _value(client.get(url), "id_criterion-weight") == "37,5"
    # Sent as shown with "Lưu và tiếp tục": nothing added, on to the next step.
    response = client.post(
        reverse("campaigns:setup_add", args=[campaign.pk, "criterion"]),
        {"criterion-weight": "37,5", "criterion-target_scope": "per_unit", "next": ""},
    )
    assert response.url == reverse("campaigns:setup_step", args=[campaign.pk, "don-vi"])
    assert Criterion.objects.filter(campaign=campaign).count() == 1


def test_a_new_phase_starts_the_day_after_the_last_one_and_runs_to_the_end(world):
    campaign = _draft(world)
    client = _client(world)
    url = reverse("campaigns:setup_step", args=[campaign.pk, "lich"])
    response = client.get(url)
    assert _value(response, "id_phase-start_date") == f"{campaign.start_date:%d/%m/%Y}"
    assert _value(response, "id_phase-end_date") == f"{campaign.end_date:%d/%m/%Y}"
    services.phase_add(
        campaign=campaign,
        by=world.user("staff"),
        name="Giai đoạn 1",
        start_date=campaign.start_date,
        end_date=campaign.start_date + timedelta(days=99),
    )
    assert _value(client.get(url), "id_phase-start_date") == f"{campaign.start_date + timedelta(days=100):%d/%m/%Y}"


def test_the_review_form_starts_from_the_day_the_plan_set_once_it_has_come(world):
    today = timezone.localdate()
    campaign = launched_campaign(world, status=Campaign.Status.IN_PROGRESS, end_date=today - timedelta(days=2))
    url = reverse("campaigns:reviews", args=[campaign.pk])
    assert _value(_client(world).get(url), "id_review-held_on") == f"{today:%d/%m/%Y}"  # nothing planned: today
    Campaign.objects.filter(pk=campaign.pk).update(final_review_on=today - timedelta(days=1))
    assert _value(_client(world).get(url), "id_review-held_on") == f"{today - timedelta(days=1):%d/%m/%Y}"
    Campaign.objects.filter(pk=campaign.pk).update(final_review_on=today + timedelta(days=5))
    assert _value(_client(world).get(url), "id_review-held_on") == f"{today:%d/%m/%Y}"  # not come yet


def test_the_report_form_shows_the_value_of_the_period_before_beside_each_box(world):
    donvi = world.user("donvi")
    campaign = launched_campaign(world, units=[world.chau_thanh], dues=(-20, 10))
    km = campaign.criteria.get(unit_of_measure="km")
    past, coming = campaign.dues.order_by("due_on")
    report = services.report_save(
        due=past, unit=world.chau_thanh, by=donvi, narrative="Đã làm", values={km.pk: (Decimal("35.5"), "")}
    )
    services.report_submit(report=report, by=donvi)
    response = _client(world, "donvi").get(reverse("campaigns:report_edit", args=[coming.pk]))
    page = lxml.html.fromstring(response.content.decode())
    earlier = page.xpath(f"//tr[@data-testid='report-row-{km.pk}']//*[@data-testid='earlier']")
    assert [e.text_content() for e in earlier] == [f"{past.label}: 35,5"]
    assert page.xpath(f"//*[@id='id_target_{km.pk}']/@value") in ([], [""])  # this period's value is still to type
