"""The participants tab of a campaign of many top units: the total of all, the roll-up a page at a time, and
each unit's registration as the list shows it (exact figures)."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns import services
from campaigns.models import Registration
from campaigns.tests.factories import launched_campaign
from campaigns.views.registrations import ROLLUP_PAGE
from thiduakt.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(world):
    """21 top units (one more than a page of the roll-up), two communes under the first; the first and one
    commune sent their registration (5 of each criterion), the second top unit saved one without sending it."""
    roots = [OrgUnitFactory(parent=world.unit("HG"), name=f"Huyện Thử {i:02d}") for i in range(ROLLUP_PAGE + 1)]
    communes = [OrgUnitFactory(parent=roots[0], name=f"Xã Con {c}") for c in "AB"]
    campaign = launched_campaign(world, units=[*roots, *communes])
    five = {c.pk: (Decimal(5), "") for c in campaign.criteria.all()}
    sent = []
    for unit in (roots[0], communes[0]):
        registration = services.registration_save(campaign=campaign, unit=unit, by=None, commitments=five)
        sent.append(services.registration_submit(registration=registration, by=None))
    draft = services.registration_save(campaign=campaign, unit=roots[1], by=None, commitments=five)
    client = Client()
    client.force_login(world.user("staff"))
    return campaign, roots, communes, sent, draft, client


def _get(client, campaign, query=""):
    response = client.get(reverse("campaigns:participants", args=[campaign.pk]) + query)
    assert response.status_code == 200
    return response


def _figures(rollup):
    return (rollup.participants, rollup.registered, rollup.approved, rollup.sums)


def test_rollup_shows_the_total_then_a_page_of_top_units(setting):
    campaign, roots, _communes, _sent, _draft, client = setting
    assert ROLLUP_PAGE == 20
    first = _get(client, campaign)
    rollups = first.context["rollups"]
    assert [r.unit for r in rollups] == roots[:20]
    assert _figures(rollups[0]) == (3, 2, 0, [Decimal(10), Decimal(10)])  # itself and its two communes
    assert _figures(rollups[1]) == (1, 1, 0, [Decimal(5), Decimal(5)])  # a registration saved counts here
    assert _figures(rollups[2]) == (1, 0, 0, [None, None])
    assert _figures(first.context["total"]) == (23, 3, 0, [Decimal(15), Decimal(15)])
    html = first.content.decode()
    assert html.count('data-testid="rollup"') == 20
    assert "Tất cả (21 đơn vị cấp trên cùng)" in html
    assert "Tổng hợp: trang 1/2" in html and 'href="?tong_hop=2"' in html
    second = _get(client, campaign, "?tong_hop=2")
    [last] = second.context["rollups"]
    assert (last.unit, _figures(last)) == (roots[20], (1, 0, 0, [None, None]))
    assert _figures(second.context["total"]) == (23, 3, 0, [Decimal(15), Decimal(15)])
    assert second.content.decode().count('data-testid="rollup"') == 1
    # The counts that drive the decide form and the reminder are the campaign's: 2 sent, 21 not yet.
    assert (second.context["decidable"], second.context["unregistered"]) == (2, 21)


def test_the_two_pagers_keep_each_other_s_page(setting, monkeypatch):
    from campaigns.views import registrations as view  # noqa: PLC0415 -- the module whose page size is set

    campaign, _roots, _communes, _sent, _draft, client = setting
    monkeypatch.setattr(view, "PARTICIPANTS_PAGE", 10)
    html = _get(client, campaign, "?tong_hop=2&page=2").content.decode()
    assert 'href="?tong_hop=2&amp;page=3"' in html  # the units' pager keeps the roll-up's page
    assert 'href="?page=2&amp;tong_hop=1"' in html  # and the other way round
    assert "Trang 2/3" in html and "Tổng hợp: trang 2/2" in html


def test_each_unit_row_shows_its_registration_with_link_badge_and_time_sent(setting):
    campaign, roots, communes, sent, _draft, client = setting
    response = _get(client, campaign)
    rows = {p.unit_id: (p, registration) for p, registration in response.context["rows"]}
    assert len(rows) == 23
    participant, cell = rows[roots[0].pk]
    assert (participant.unit, participant.role, participant.group) == (roots[0].name, "Đơn vị tham gia", None)
    assert (cell.pk, cell.status) == (sent[0].pk, Registration.Status.SUBMITTED)
    assert cell.href == reverse("campaigns:registration_detail", args=[campaign.pk, sent[0].pk])
    assert cell.sent == timezone.localtime(sent[0].submitted_at).strftime("%d/%m/%Y %H:%M")
    assert rows[roots[1].pk][1].sent == ""  # saved, not sent
    assert rows[roots[2].pk][1] is None
    html = response.content.decode()
    label = Registration.Status.SUBMITTED.label
    assert f'<a href="{cell.href}"><span class="badge text-bg-' in html and f">{label}</span></a>" in html
    assert html.count('type="checkbox" name="registrations"') == 2
    assert f'value="{sent[1].pk}" aria-label="{communes[0].name}"' in html


def test_a_unit_officer_sees_the_rollup_of_its_own_unit(world):
    commune = world.unit("HG.CT.NS")
    campaign = launched_campaign(world, units=[world.chau_thanh, commune, world.nga_bay])
    five = {c.pk: (Decimal(5), "") for c in campaign.criteria.all()}
    for unit in (commune, world.nga_bay):
        services.registration_save(campaign=campaign, unit=unit, by=None, commitments=five)
    client = Client()
    client.force_login(world.user("donvi"))  # an officer of Châu Thành
    response = _get(client, campaign)
    [rollup] = response.context["rollups"]
    assert (rollup.unit, _figures(rollup)) == (world.chau_thanh, (2, 1, 0, [Decimal(5), Decimal(5)]))
    assert response.context["total"] is None  # one row: no total above it
    assert sorted(p.unit_id for p, _r in response.context["rows"]) == sorted([world.chau_thanh.pk, commune.pk])
