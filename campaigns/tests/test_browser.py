from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns import services
from campaigns.models import ProgressReport, Registration, Reminder, Review
from campaigns.tests.factories import launched_campaign
from thiduakt.testing import PageProblems, World, browser_login, settle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_registers_and_reports_then_staff_sees_late_units_and_reminds(live_server, page):

    world = World()
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay], dues=(-3, 10))
    problems = PageProblems(page)

    browser_login(page, live_server.url, "donvi")
    page.goto(f"{live_server.url}/phong-trao/cua-toi/")
    page.click("text=Đăng ký ngay")
    km = campaign.criteria.get(unit_of_measure="km")
    page.fill(f"#id_target_{km.pk}", "120")
    page.fill("#id_note", "Huyện Châu Thành đăng ký vượt chỉ tiêu đường giao thông nông thôn")
    settle(page, lambda: page.click("[data-testid=registration-submit]"))
    assert "Đã gửi đăng ký thi đua" in page.locator(".alert-success").inner_text()
    assert Registration.objects.get(unit=world.chau_thanh).status == "submitted"

    page.goto(f"{live_server.url}/phong-trao/{campaign.pk}/tien-do/")
    page.click("text=Kỳ -3")
    page.fill(f"#id_target_{km.pk}", "35")
    page.fill("#id_note", "Đã hoàn thành 35 km đường giao thông nông thôn")
    settle(page, lambda: page.click("[data-testid=report-submit]"))
    assert "Đã gửi báo cáo tiến độ" in page.locator(".alert-success").inner_text()
    assert ProgressReport.objects.get(unit=world.chau_thanh).status == "submitted"

    page.context.clear_cookies()
    browser_login(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/phong-trao/{campaign.pk}/tien-do/")
    grid = page.locator("[data-testid=report-grid]").inner_text()
    assert "Ủy ban nhân dân huyện Châu Thành\tGửi trễ" in grid
    assert page.locator("[data-testid=late-count]").inner_text() == "1"
    assert "Ủy ban nhân dân thành phố Ngã Bảy" in page.locator("[data-testid=late-units]").inner_text()
    assert page.locator("[data-testid=progress-chart] .chart-bar").count() == 2
    page.once("dialog", lambda dialog: dialog.accept())
    settle(page, lambda: page.click("[data-testid=remind-late]"))
    assert "Đã nhắc 1 báo cáo trễ hạn." in page.locator(".alert-success").inner_text()
    assert list(Reminder.objects.values_list("unit__code", "reason")) == [("HG.NB", "manual")]
    assert world.user("donvi2").notifications.filter(title__startswith="Quá hạn báo cáo").count() == 1
    assert problems.errors == []


def test_staff_corrects_a_review_recorded_with_the_wrong_date(live_server, page):
    world = World()
    campaign = launched_campaign(world, units=[world.chau_thanh], dues=(-3,))
    services.campaign_start(campaign=campaign, by=world.user("staff"))
    today = timezone.localdate()
    problems = PageProblems(page)

    browser_login(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/phong-trao/{campaign.pk}/tong-ket/")
    page.select_option("#id_review-kind", "interim")
    page.fill("#id_review-held_on", f"{today - timedelta(days=1):%d/%m/%Y}")  # the mistake: yesterday
    page.fill("#id_review-summary", "Sơ kết 6 tháng đầu đợt thi đua")
    settle(page, lambda: page.click("button:has-text('Ghi nhận')"))
    review = Review.objects.get(campaign=campaign)
    assert review.held_on == today - timedelta(days=1)

    settle(page, lambda: page.click("[data-testid=review-edit]"))
    page.fill("#id_held_on", f"{today:%d/%m/%Y}")
    page.fill("#id_reason", "Ghi nhầm ngày tổ chức hội nghị sơ kết")
    settle(page, lambda: page.click("[data-testid=confirm-submit]"))
    assert "Đã sửa." in page.locator(".alert-success").inner_text()
    assert f"Sơ kết — {today:%d/%m/%Y}" in page.locator("[data-testid=review-interim] h2").inner_text()
    review.refresh_from_db()
    assert review.held_on == today
    assert review.history.latest("history_date").history_change_reason == "Ghi nhầm ngày tổ chức hội nghị sơ kết"
    assert campaign.events.filter(reason="Ghi nhầm ngày tổ chức hội nghị sơ kết").count() == 1
    assert problems.errors == []
