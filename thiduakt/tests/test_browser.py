import pytest

from thiduakt.testing import PageProblems, World, browser_login, celery_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED_MENU = {
    "admin": ["Công việc nền", "Quản trị"],
    "staff": ["Công việc nền"],
    "donvi": ["Công việc nền"],
    "donvi2": ["Công việc nền"],
    "hoidong": ["Công việc nền"],
}


@pytest.mark.parametrize("username", ["admin", "staff", "donvi", "donvi2", "hoidong"])
def test_each_demo_role_reaches_its_dashboard_without_errors(live_server, page, username):
    world = World()
    problems = PageProblems(page)
    browser_login(page, live_server.url, username)
    assert page.url == f"{live_server.url}/"
    assert page.locator("h1").inner_text() == f"Xin chào, {world.user(username)}"
    menu = page.locator("#mainnav .navbar-nav.me-auto .nav-link").all_inner_texts()
    for label in EXPECTED_MENU[username]:
        assert label in [m.strip() for m in menu]
    if username != "admin":
        assert "Quản trị" not in [m.strip() for m in menu]
    assert problems.errors == []


def test_wrong_password_shows_vietnamese_message(live_server, page):
    World()
    problems = PageProblems(page)
    browser_login(page, live_server.url, "donvi", password="sai")
    assert "mật khẩu chính xác" in page.locator(".alert-danger").inner_text()
    assert problems.errors == []


def test_staff_exports_units_and_watches_progress(live_server, page):
    World()
    problems = PageProblems(page)
    browser_login(page, live_server.url, "staff")
    with celery_worker():
        page.click("text=Xuất danh bạ đơn vị (xlsx)")
        page.wait_for_selector("[data-testid=job-download]", timeout=60_000)
    assert page.locator("[data-testid=job-percent]").inner_text() == "100%"
    with page.expect_download() as info:
        page.click("[data-testid=job-download]")
    assert info.value.suggested_filename == "danh-ba-don-vi.xlsx"
    assert problems.errors == []
