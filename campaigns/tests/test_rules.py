"""Every permission rule of campaigns, for every role, and the selectors that mirror them."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from campaigns import services
from campaigns.models import Campaign, Participant
from campaigns.selectors import campaigns_visible_to, registrations_visible_to, reports_visible_to
from campaigns.tests.factories import launched_campaign
from thiduakt.models import User

pytestmark = pytest.mark.django_db
ROLES = ["admin", "staff", "donvi", "donvi2", "hoidong"]


def _who(world, perm, obj=None):
    return sorted(r for r in ROLES if world.user(r).has_perm(perm, obj))


@pytest.fixture
def setup(world):
    """A launched campaign with Châu Thành only, its registration (draft) and report (draft); a staff draft."""
    campaign = launched_campaign(world, units=[world.chau_thanh], dues=(-3, 10))
    donvi = world.user("donvi")
    registration = services.registration_save(
        campaign=campaign,
        unit=world.chau_thanh,
        by=donvi,
        commitments={c.pk: (Decimal(1), "") for c in campaign.criteria.all()},
    )
    report = services.report_save(due=campaign.dues.first(), unit=world.chau_thanh, by=donvi, narrative="x", values={})
    draft = services.campaign_create(
        by=world.user("staff"),
        name="Dự thảo",
        launcher=Campaign.Launcher.PROVINCIAL_CHAIR,
        kind=Campaign.Kind.REGULAR,
        start_date=campaign.start_date,
    )
    services.participants_add(campaign=draft, by=world.user("staff"), units=[world.chau_thanh])
    return campaign, registration, report, draft


def test_view_campaign_rule_per_role(world, setup):
    campaign, _registration, _report, draft = setup
    assert _who(world, "campaigns.read_campaign", campaign) == ["admin", "donvi", "hoidong", "staff"]
    assert _who(world, "campaigns.read_campaign", draft) == ["admin", "staff"]
    assert AnonymousUser().has_perm("campaigns.read_campaign", campaign) is False


def test_campaigns_visible_to_mirrors_the_rule(world, setup):
    campaign, _registration, _report, draft = setup
    for role in ROLES:
        user = world.user(role)
        visible = set(campaigns_visible_to(user))
        expected = {c for c in (campaign, draft) if user.has_perm("campaigns.read_campaign", c)}
        assert visible == expected, role
    assert list(campaigns_visible_to(AnonymousUser())) == []


def test_manage_and_import_rules_are_staff_only(world, setup):
    campaign = setup[0]
    assert _who(world, "campaigns.manage_campaign", campaign) == ["admin", "staff"]
    assert _who(world, "campaigns.import_campaigns") == ["admin", "staff"]


def test_register_rule_needs_officer_of_participating_unit_and_open_campaign(world, setup):
    campaign, _registration, _report, draft = setup
    assert _who(world, "campaigns.register", campaign) == ["admin", "donvi"]
    assert _who(world, "campaigns.register", draft) == ["admin"]
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.INTERIM_REVIEWED)
    campaign.refresh_from_db()
    assert _who(world, "campaigns.register", campaign) == ["admin"]
    assert _who(world, "campaigns.report", campaign) == ["admin", "donvi"]


def test_registration_rules_per_role(world, setup):
    _campaign, registration, _report, _draft = setup
    assert _who(world, "campaigns.read_registration", registration) == ["admin", "donvi", "hoidong", "staff"]
    assert _who(world, "campaigns.edit_registration", registration) == ["admin", "donvi"]
    assert _who(world, "campaigns.decide_registration", registration) == ["admin"]
    services.registration_submit(registration=registration, by=world.user("donvi"))
    registration.refresh_from_db()
    assert _who(world, "campaigns.edit_registration", registration) == ["admin"]
    assert _who(world, "campaigns.decide_registration", registration) == ["admin", "staff"]


def test_report_rules_per_role(world, setup):
    _campaign, _registration, report, _draft = setup
    assert _who(world, "campaigns.read_report", report) == ["admin", "donvi", "hoidong", "staff"]
    assert _who(world, "campaigns.edit_report", report) == ["admin", "donvi"]
    services.report_submit(report=report, by=world.user("donvi"))
    report.refresh_from_db()
    assert _who(world, "campaigns.edit_report", report) == ["admin"]


def test_district_officer_reads_but_does_not_write_a_commune_registration(world, setup):
    campaign = setup[0]
    commune = world.unit("HG.CT.NS")
    services.participants_add(campaign=campaign, by=world.user("staff"), units=[commune])
    registration = services.registration_save(
        campaign=campaign,
        unit=commune,
        by=world.user("staff"),
        commitments={c.pk: (Decimal(1), "") for c in campaign.criteria.all()},
    )
    donvi = world.user("donvi")
    assert donvi.has_perm("campaigns.read_registration", registration) is True
    assert donvi.has_perm("campaigns.edit_registration", registration) is False
    assert registration in registrations_visible_to(donvi)
    assert registration not in registrations_visible_to(world.user("donvi2"))


def test_selectors_hide_other_units_registrations_and_reports(world, setup):
    _campaign, registration, report, _draft = setup
    donvi2 = world.user("donvi2")
    assert list(registrations_visible_to(donvi2)) == []
    assert list(reports_visible_to(donvi2)) == []
    assert list(registrations_visible_to(world.user("donvi"))) == [registration]
    assert list(reports_visible_to(world.user("hoidong"))) == [report]


def test_cooperating_agency_reads_but_does_not_report(world, setup):

    campaign = setup[0]
    agency = world.unit("HG.SYT")
    services.participants_add(
        campaign=campaign, by=world.user("staff"), units=[agency], role=Participant.Role.COOPERATING
    )
    officer = User.objects.create(username="syt", is_unit_officer=True, unit=agency)
    assert officer.has_perm("campaigns.read_campaign", campaign) is True
    assert officer.has_perm("campaigns.register", campaign) is True
    assert officer.has_perm("campaigns.report", campaign) is False
