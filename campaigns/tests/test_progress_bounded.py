"""The progress tab at a province's scale: one page of the grid, the figures over every unit from the database."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns import services
from campaigns.selectors import campaign_progress
from campaigns.tests.factories import launched_campaign
from campaigns.views.reports import PROGRESS_PAGE
from thiduakt import write_cache
from thiduakt.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


def _campaign(world, count: int, *, sent: int):
    """``count`` reporting units (Châu Thành first), dues 20 and 5 days ago and in 10 days; the first ``sent``
    units by name sent the first report (today: late), with 2 km each. Returns the campaign and its units by name."""
    units = [world.chau_thanh] + [
        OrgUnitFactory(parent=world.unit("HG"), name=f"Xã Thử Nghiệm {i:03d}") for i in range(count - 1)
    ]
    campaign = launched_campaign(
        world, units=units, dues=(-20, -5, 10), name=f"Phong trào {count} đơn vị", document_number=f"{count}/KH"
    )
    first_due = campaign.dues.order_by("due_on").first()
    km = campaign.criteria.get(unit_of_measure="km")
    by_name = sorted(units, key=lambda u: u.name)
    for unit in by_name[:sent]:
        report = services.report_save(
            due=first_due, unit=unit, by=None, narrative="x", values={km.pk: (Decimal(2), "")}
        )
        services.report_submit(report=report, by=None)
    return campaign, by_name


# A visit to the progress tab: the session and user, the campaign, its due dates, the user's registration,
# the grid's page of reports and the reminders; the first after a write, also the menu and its badge (two) and
# the figures over every unit in scope (the late units, the units, the reports by due date, the bars' values and
# targets: six).
KEPT_VISIT = 7
FIRST_VISIT = 15


def _get(client, campaign, query=""):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("campaigns:progress", args=[campaign.pk]) + query)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


@pytest.fixture
def staff_client(world):
    client = Client()
    client.force_login(world.user("staff"))
    return client


def test_progress_queries_equal_for_5_and_60_units_and_one_page_shown(world, staff_client):
    small, _units = _campaign(world, 5, sent=3)
    big, _units = _campaign(world, 60, sent=30)
    _get(staff_client, small)  # the session's first page reads what later ones find cached
    visits = []
    for campaign in (small, big):
        write_cache.changed()  # a write: the figures over every unit are read again at the next visit
        visits += [_get(staff_client, campaign), _get(staff_client, campaign)]
    (_small, small_first), (small_page, small_kept), (_big, big_first), (big_page, big_kept) = visits
    assert small_first == big_first == FIRST_VISIT
    assert small_kept == big_kept == KEPT_VISIT  # the figures kept until the next write
    assert len(small_page.context["rows"]) == 5
    assert len(big_page.context["rows"]) == PROGRESS_PAGE == 50
    assert big_page.content.decode().count('data-testid="grid-row"') == 50


def test_progress_page_two_shows_the_remaining_units_in_name_order(world, staff_client):
    campaign, by_name = _campaign(world, 60, sent=0)
    first, _q = _get(staff_client, campaign)
    second, _q = _get(staff_client, campaign, "?page=2")
    shown = [row.participant.unit_id for row in first.context["rows"]] + [
        row.participant.unit_id for row in second.context["rows"]
    ]
    assert shown == [u.pk for u in by_name]
    assert "Trang 2/2" in second.content.decode()


def test_progress_figures_on_top_count_every_unit_not_only_the_page(world, staff_client):
    campaign, _by_name = _campaign(world, 60, sent=45)
    page, _q = _get(staff_client, campaign)
    summary = page.context["summary"]
    # Two dues past: the 45 units that sent the first (late) still miss the second; every unit is late.
    assert (summary.units, summary.submitted, summary.late_units) == (60, 45, 60)
    assert [(c.on_time, c.late, c.missing, c.pending) for c in summary.due_counts] == [
        (0, 45, 15, 0),
        (0, 0, 60, 0),
        (0, 0, 0, 60),
    ]
    [km_bar] = [b for b in summary.bars if b.criterion.unit_of_measure == "km"]
    assert (km_bar.value, km_bar.reporting_units) == (Decimal(90), 45)
    # The figures are those of the campaign's review document, which still reads every unit's row.
    everything = campaign_progress(campaign)
    assert len(everything.rows) == 60
    assert (everything.submitted, len(everything.late_units)) == (45, 60)
    assert [(b.value, b.target) for b in everything.bars] == [(b.value, b.target) for b in summary.bars]
    assert len(page.context["late_shown"]) == 30
    assert page.context["late_more"] == 30
    html = page.content.decode()
    assert "60 đơn vị phải báo cáo · 45 báo cáo đã gửi" in html


def test_progress_late_filter_lists_only_the_late_units(world, staff_client):
    campaign, by_name = _campaign(world, 8, sent=0)
    second_due = campaign.dues.order_by("due_on")[1]
    first_due = campaign.dues.order_by("due_on")[0]
    on_time = by_name[2]
    for due in (first_due, second_due):
        report = services.report_save(due=due, unit=on_time, by=None, narrative="x", values={})
        services.report_submit(report=report, by=None)
    page, _q = _get(staff_client, campaign, "?late=1")
    late = [row.participant.unit_id for row in page.context["rows"]]
    assert late == [u.pk for u in by_name if u != on_time]
    assert page.context["summary"].late_units == 7


def test_progress_search_ignores_diacritics_and_pages_the_matches(world, staff_client):
    campaign, _units = _campaign(world, 5, sent=0)
    hung_phu = OrgUnitFactory(parent=world.unit("HG"), name="Phường Hưng Phú")
    services.participants_add(campaign=campaign, units=[hung_phu], by=world.user("staff"))
    page, _q = _get(staff_client, campaign, "?q=hung+phu")
    assert [row.participant.unit_id for row in page.context["rows"]] == [hung_phu.pk]
    assert page.context["summary"].units == 6  # the figures stay the campaign's


def test_progress_grid_cells_link_sent_reports_and_late_units_say_how_many_dues_they_missed(world, staff_client):
    campaign, by_name = _campaign(world, 3, sent=1)
    page, _q = _get(staff_client, campaign)
    first, second = page.context["rows"][:2]
    report = campaign.reports.get(unit=by_name[0])
    assert [(c.state, c.badge, c.label, c.href) for c in first.cells] == [
        ("late", "warning", "Gửi trễ", reverse("campaigns:report_detail", args=[report.pk])),
        ("missing", "danger", "Quá hạn", ""),
        ("pending", "secondary", "Chưa đến hạn", ""),
    ]
    assert [c.href for c in second.cells] == ["", "", ""]
    html = page.content.decode()
    assert (
        f'<a href="{reverse("campaigns:report_detail", args=[report.pk])}"><span class="badge text-bg-warning">' in html
    )
    # Two dues past: the unit that sent the first missed one, the others both.
    assert page.context["late_shown"] == [
        (by_name[0].name, "1 kỳ chưa báo cáo"),
        (by_name[1].name, "2 kỳ chưa báo cáo"),
        (by_name[2].name, "2 kỳ chưa báo cáo"),
    ]
    assert f"{by_name[1].name} — 2 kỳ chưa báo cáo" in html


def test_latest_values_follow_the_due_dates_not_the_order_reports_were_sent(world):
    from campaigns.selectors import latest_values  # noqa: PLC0415 -- only this test reads it directly

    campaign, by_name = _campaign(world, 2, sent=0)
    first, second, _third = campaign.dues.order_by("due_on")
    km, households = campaign.criteria.order_by("position")
    unit = by_name[0]
    later = services.report_save(
        due=second, unit=unit, by=None, narrative="x", values={km.pk: (Decimal(7), ""), households.pk: (None, "")}
    )
    services.report_submit(report=later, by=None)
    earlier = services.report_save(
        due=first, unit=unit, by=None, narrative="x", values={km.pk: (Decimal(3), ""), households.pk: (Decimal(4), "")}
    )
    services.report_submit(report=earlier, by=None)  # sent last, but for the earlier due date
    assert earlier.pk > later.pk
    # km from the report of the later due; households, left empty there, from the earlier one.
    assert latest_values(campaign) == {(unit.pk, km.pk): Decimal(7), (unit.pk, households.pk): Decimal(4)}


def test_the_figures_kept_show_a_report_sent_at_the_next_visit(world, staff_client):
    campaign, by_name = _campaign(world, 5, sent=2)
    _get(staff_client, campaign)  # the session's first page
    before, _q = _get(staff_client, campaign)
    assert (before.context["summary"].submitted, before.context["summary"].late_units) == (2, 5)
    again, kept = _get(staff_client, campaign)
    assert (again.context["summary"].submitted, kept) == (2, KEPT_VISIT)

    first_due = campaign.dues.order_by("due_on").first()
    km = campaign.criteria.get(unit_of_measure="km")
    report = services.report_save(
        due=first_due, unit=by_name[2], by=None, narrative="x", values={km.pk: (Decimal(7), "")}
    )
    services.report_submit(report=report, by=None)

    after, queries = _get(staff_client, campaign)
    # the figures read again; the menu's badge kept (no notification was written)
    assert (after.context["summary"].submitted, after.context["summary"].late_units, queries) == (3, 5, FIRST_VISIT - 1)
    assert after.context["summary"].bars[0].value == Decimal(2) * 2 + Decimal(7)
