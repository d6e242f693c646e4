"""Staff's home opens on the inbox, an overdue dossier first, at a desk (1366 px) and on a phone (360 px):
no sideways scroll, no console error, no CSP violation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from awards.models import Dossier
from awards.tests.factories import DossierFactory
from awards.workdays import add_working_days
from campaigns.tests.factories import launched_campaign
from thiduakt.testing import PageProblems, World, browser_login
from thiduakt.tests.test_inbox import _working_days_ago

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def _waiting(world):
    today = timezone.localdate()
    DossierFactory(
        unit=world.nga_bay,
        status=Dossier.Status.SUBMITTED,
        title="Hồ sơ khen thưởng tổng kết năm của phường Ngã Bảy, gửi lần đầu",
        received_on=today,
        due_on=add_working_days(today, 4),
    )
    DossierFactory(
        unit=world.chau_thanh,
        status=Dossier.Status.SUBMITTED,
        title="Hồ sơ đề nghị tặng Bằng khen của xã Châu Thành",
        received_on=today - timedelta(days=30),
        complete_on=today - timedelta(days=30),
        due_on=_working_days_ago(3),
    )
    launched_campaign(world, dues=(-1, 20), name="Phong trào thi đua chuyển đổi số trong cơ quan hành chính")


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 768}, {"width": 360, "height": 740}])
def test_staff_home_shows_the_overdue_dossier_first(live_server, browser, viewport):
    world = World()
    _waiting(world)
    context = browser.new_context(locale="vi-VN", viewport=viewport, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        problems = PageProblems(page)
        browser_login(page, live_server.url, "staff")
        page.goto(f"{live_server.url}/")
        items = page.locator("[data-testid=inbox] [data-testid=inbox-item]")
        assert items.count() == 3
        first = items.nth(0)
        assert "Hồ sơ đề nghị tặng Bằng khen của xã Châu Thành" in first.inner_text()
        assert first.get_attribute("data-severity") == "overdue"
        assert first.locator("[data-testid=inbox-badge]").inner_text() == "Quá hạn 3 ngày làm việc"
        assert "Phong trào thi đua chuyển đổi số" in items.nth(1).inner_text()
        assert items.nth(2).locator("[data-testid=inbox-badge]").inner_text() == "Còn 4 ngày làm việc"
        # The inbox above the figures.
        inbox_top = page.locator("[data-testid=inbox]").bounding_box()["y"]
        assert inbox_top < page.locator(".card-figure").first.bounding_box()["y"]
        assert page.evaluate(NO_SIDEWAYS_SCROLL), page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        with page.expect_navigation():
            first.locator("a").click()
        assert page.url.endswith(f"/khen-thuong/ho-so/{Dossier.objects.get(unit=world.chau_thanh).pk}/")
        assert problems.errors == []
    finally:
        context.close()
