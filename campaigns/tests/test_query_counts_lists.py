"""Constant queries on the campaign list and the participants page, whatever the number of campaigns and units.

The list's figures (units taking part, registrations) come from the database, one correlated count each:
never two distinct counts over joins, which multiply a campaign's participants by its registrations.
"""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from campaigns import services
from campaigns.models import Campaign
from campaigns.tests.factories import CampaignFactory, launched_campaign
from thiduakt.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db

LIST_QUERIES = 10  # the missing reports of the page: three subqueries of the list's own query, not a query
PARTICIPANTS_QUERIES = 16  # units, parents and registrations as tuples (the pages and the counts come from
# them), then when the page's registrations were sent (800 times read and parsed for 50 shown: one query more)


def _client(world, role):
    client = Client()
    client.force_login(world.user(role))
    return client


def _half_registered(world, count):
    """A campaign of ``count`` units (Châu Thành and units under it), every other one registered; staff's client."""
    units = [world.chau_thanh] + [OrgUnitFactory(parent=world.chau_thanh) for _ in range(count - 1)]
    campaign = launched_campaign(world, units=units)
    _register(campaign, units[::2])
    return campaign, units, _client(world, "staff")


def _register(campaign, units):
    for unit in units:
        services.registration_save(
            campaign=campaign,
            unit=unit,
            by=None,
            commitments={c.pk: (Decimal(2), "") for c in campaign.criteria.all()},
        )


@pytest.mark.parametrize("count,units_each", [(2, 2), (12, 6)])
def test_campaign_list_figures_from_the_database_in_constant_queries(
    world, django_assert_num_queries, count, units_each
):
    expected = {}
    for index in range(count):
        units = [OrgUnitFactory(parent=world.unit("HG")) for _ in range(units_each)]
        campaign = launched_campaign(
            world, units=[world.chau_thanh, *units], name=f"Phong trào {index}", document_number=f"{index}/KH"
        )
        registered = units[: index % (units_each + 1)]
        _register(campaign, registered)
        expected[campaign.pk] = (units_each + 1, len(registered))
    client = _client(world, "staff")
    with django_assert_num_queries(LIST_QUERIES) as captured:
        response = client.get(reverse("campaigns:list"))
    assert response.status_code == 200
    assert {c.pk: (c.participant_count, c.registration_count) for c in response.context["page"]} == expected
    sql = " ".join(q["sql"] for q in captured.captured_queries).upper()
    assert "COUNT(DISTINCT" not in sql
    first = response.context["page"][0]
    assert f"{first.participant_count} / {first.registration_count}" in response.content.decode()


def test_campaign_list_counts_a_campaign_without_units_as_zero(world):
    campaign = CampaignFactory()  # a draft: no unit yet
    response = _client(world, "staff").get(reverse("campaigns:list"))
    [row] = [c for c in response.context["page"] if c.pk == campaign.pk]
    assert (row.participant_count, row.registration_count) == (0, 0)


@pytest.mark.parametrize("count", [3, 30])
def test_participants_page_runs_constant_queries_whatever_the_units(world, django_assert_num_queries, count):
    campaign, units, client = _half_registered(world, count)
    with django_assert_num_queries(PARTICIPANTS_QUERIES):
        response = client.get(reverse("campaigns:participants", args=[campaign.pk]))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == count
    assert sum(1 for _participant, registration in rows if registration is not None) == len(units[::2])
    [rollup] = response.context["rollups"]
    assert (rollup.participants, rollup.registered) == (count, len(units[::2]))


@pytest.mark.parametrize("count", [3, 30])
def test_participants_page_shows_a_page_of_units_with_counts_of_all(
    world, monkeypatch, django_assert_num_queries, count
):
    """A campaign of the whole province (800 units) is shown a page at a time; the counts that drive the reminder
    and the decide form are the campaign's, not the page's."""
    from campaigns.views import registrations as view  # noqa: PLC0415 -- the module whose page size is set

    monkeypatch.setattr(view, "PARTICIPANTS_PAGE", 10)
    campaign, units, client = _half_registered(world, count)
    with django_assert_num_queries(PARTICIPANTS_QUERIES):
        response = client.get(reverse("campaigns:participants", args=[campaign.pk]))
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(count, 10)
    assert response.context["page"].paginator.count == count
    assert response.context["unregistered"] == count  # a registration saved but not sent is not one yet
    [rollup] = response.context["rollups"]
    assert (rollup.participants, rollup.registered) == (count, len(units[::2]))


def test_campaign_list_rows_print_what_the_tags_and_includes_printed(world):
    from datetime import time  # noqa: PLC0415 -- only this test sets the times of a period

    from django.template.loader import render_to_string  # noqa: PLC0415 -- the include the rows no longer use

    from campaigns.views.plan import period_text  # noqa: PLC0415 -- the helper checked against the include

    timed = launched_campaign(world, name="Có giờ", document_number="1/KH")
    Campaign.objects.filter(pk=timed.pk).update(start_time=time(7, 30), end_time=time(17, 0))
    open_ended = launched_campaign(world, name="Không hạn", document_number="2/KH")
    Campaign.objects.filter(pk=open_ended.pk).update(end_date=None)
    for campaign in Campaign.objects.filter(pk__in=[timed.pk, open_ended.pk]):
        assert period_text(campaign) == render_to_string("campaigns/_period.html", {"campaign": campaign}).strip()
    timed.refresh_from_db()
    assert period_text(timed) == f"07:30 {timed.start_date:%d/%m/%Y} – 17:00 {timed.end_date:%d/%m/%Y}"
    response = _client(world, "staff").get(reverse("campaigns:list") + "?status=launched")
    html = response.content.decode()
    row = next(c for c in response.context["page"] if c.pk == timed.pk)
    assert (row.url, row.launcher_label, row.kind_label) == (
        reverse("campaigns:detail", args=[timed.pk]),
        timed.get_launcher_display(),
        timed.get_kind_display(),
    )
    assert f'<a href="{row.url}" class="fw-semibold">Có giờ</a>' in html
    assert f'<td class="small">{period_text(timed)}</td>' in html
    assert '<span class="badge text-bg-' in str(row.badge) and "Đã phát động" in str(row.badge)
    assert '<option value="launched" selected>' in html


# A visit that finds the units, registrations and roll-up kept (thiduakt.write_cache): the session and user, the
# campaign, its criteria, the roll-up page's units, the times the page's registrations were sent, the user's
# own registration.
PARTICIPANTS_KEPT = 7


@pytest.mark.parametrize("count", [3, 30])
def test_participants_page_kept_until_a_write_reads_only_the_page(world, django_assert_num_queries, count):
    campaign, units, client = _half_registered(world, count)
    url = reverse("campaigns:participants", args=[campaign.pk])
    client.get(url)
    with django_assert_num_queries(PARTICIPANTS_KEPT):
        kept = client.get(url)
    [rollup] = kept.context["rollups"]
    assert (rollup.participants, rollup.registered) == (count, len(units[::2]))

    _register(campaign, [units[1]])  # a write: seen at the next visit
    [rollup] = client.get(url).context["rollups"]
    assert (rollup.participants, rollup.registered) == (count, len(units[::2]) + 1)
    assert sum(1 for _p, registration in client.get(url).context["rows"] if registration) == len(units[::2]) + 1
