"""In the browser: the 133 honourees of 8/6/2023 in one upload, previewed, confirmed, listed on the event."""

from datetime import date

import pytest
from playwright.sync_api import expect

from exemplars.models import Honour, HonouringEvent
from exemplars.tests.factories import ensure_reference_data
from exemplars.tests.honouree_files import many, real_list
from thiduakt.testing import PageProblems, World, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_uploads_133_honourees_previews_confirms_and_the_event_lists_them(live_server, page, tmp_path):
    world = World()
    ensure_reference_data()
    event = HonouringEvent.objects.create(
        title="Hội nghị biểu dương, tôn vinh điển hình tiên tiến 75 năm Ngày Bác Hồ ra Lời kêu gọi thi đua ái quốc",
        date=date(2023, 6, 8),
        organiser=world.unit("HG"),
    )
    path = tmp_path / "danh-sach-133.xlsx"
    path.write_bytes(real_list(many(133)))
    url = live_server.url
    problems = PageProblems(page)

    browser_login(page, url, "staff")
    page.goto(f"{url}/dien-hinh/bieu-duong/{event.pk}/")
    page.click("[data-testid=honourees-import]")
    expect(page.locator("[data-testid=honourees-template]")).to_have_text("Tải tệp mẫu")
    page.set_input_files("[data-testid=honourees-upload-form] input[type=file]", str(path))
    page.click("[data-testid=honourees-upload]")

    expect(page.locator("[data-testid=import-row]")).to_have_count(133)
    expect(page.locator("[data-testid=import-counts]")).to_contain_text("133 dòng: 0 đã có điển hình")
    expect(page.locator("[data-testid=import-row]").first).to_contain_text("Chưa có: tạo cá nhân và điển hình")
    page.click("[data-testid=import-apply]")

    expect(page.locator("text=Đã thêm 133 điển hình vào danh sách biểu dương, bỏ qua 0 dòng trùng.")).to_be_visible()
    assert page.url == f"{url}/dien-hinh/bieu-duong/{event.pk}/"
    expect(page.locator("[data-testid=honours-count]")).to_have_text("133")
    expect(page.locator("[data-testid=honours] tbody tr")).to_have_count(133)
    assert Honour.objects.filter(event=event).count() == 133
    assert problems.errors == []
