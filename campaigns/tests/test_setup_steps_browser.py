"""Staff sets a campaign up through its six steps in Chromium; a step with an error shows it in the summary,
whose link takes the focus to the field."""

from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.models import Campaign
from thiduakt.testing import PageProblems, browser_login, settle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTIVE_ID = "() => document.activeElement && document.activeElement.id"
ACTIVE_TESTID = "() => document.activeElement && document.activeElement.dataset.testid"


def _current_step(page) -> str:
    return " ".join(page.locator("[data-testid=setup-steps] [aria-current=step]").inner_text().split())


def test_staff_sets_up_a_campaign_step_by_step_and_an_error_summary_link_focuses_its_field(live_server, page):
    today = timezone.localdate()
    problems = PageProblems(page)
    browser_login(page, live_server.url, "staff")

    # 1. General.
    page.goto(f"{live_server.url}/phong-trao/moi/")
    assert _current_step(page) == "1 Thông tin chung"
    page.fill("#id_name", "Thi đua chuyển đổi số năm 2027")
    page.select_option("#id_launcher", "provincial_chair")
    page.select_option("#id_kind", "thematic")
    page.fill("#id_document_number", "15/KH-UBND")
    page.fill("#id_start_date", f"{today:%d/%m/%Y}")
    page.fill("#id_end_date", f"{today + timedelta(days=365):%d/%m/%Y}")
    settle(page, lambda: page.click("[data-testid=save-next]"))
    campaign = Campaign.objects.get()
    assert _current_step(page) == "2 Tiêu chí"

    # 2. Criteria: a measurable criterion without its target and unit is refused with the summary on top.
    page.fill("#id_criterion-indicator", "Tỷ lệ hồ sơ giải quyết trực tuyến")
    page.fill("#id_criterion-weight", "100")
    settle(page, lambda: page.click("[data-testid=save-next]"))
    summary = page.locator("[data-testid=error-summary]")
    assert summary.locator("h2").inner_text() == "Có 2 lỗi cần sửa"
    assert page.evaluate(ACTIVE_TESTID) == "error-summary"  # read first by a screen reader
    assert campaign.criteria.count() == 0
    summary.locator("a[href='#id_criterion-target']").click()
    assert page.evaluate(ACTIVE_ID) == "id_criterion-target"
    page.keyboard.type("90")
    summary.locator("a[href='#id_criterion-unit_of_measure']").click()
    assert page.evaluate(ACTIVE_ID) == "id_criterion-unit_of_measure"
    page.keyboard.type("%")
    settle(page, lambda: page.click("[data-testid=save-next]"))
    assert _current_step(page) == "3 Đơn vị tham gia"
    assert list(campaign.criteria.values_list("unit_of_measure", "weight")) == [("%", 100)]

    # 3. Participants: the districts, by unit kind (the unit picker itself is tested with the pickers).
    page.select_option("#id_participants-how", "kind")
    page.select_option("#id_participants-kind", "district")
    settle(page, lambda: page.click("[data-testid=save-next]"))
    assert _current_step(page) == "4 Khen thưởng"
    assert campaign.participants.count() == 8

    # 4. Quotas left for later, 5. the schedule as planned.
    settle(page, lambda: page.click("[data-testid=save-next]"))
    assert _current_step(page) == "5 Lịch báo cáo"
    page.select_option("#id_report_frequency", "quarterly")
    settle(page, lambda: page.click("[data-testid=save-next]"))
    assert _current_step(page) == "6 Rà soát và phát động"
    assert page.locator("[data-testid=missing]").count() == 0
    assert campaign.quotas.count() == 0
    Campaign.objects.filter(pk=campaign.pk, status=Campaign.Status.DRAFT).get()  # still a draft

    # 6. Launch.
    page.once("dialog", lambda dialog: dialog.accept())
    settle(page, lambda: page.click("[data-testid=launch]"))
    assert "Đã phát động phong trào" in page.locator(".alert-success").inner_text()
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.LAUNCHED
    assert problems.errors == []
