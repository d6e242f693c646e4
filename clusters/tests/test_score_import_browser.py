"""The member's officer downloads its score sheet, fills in the points, uploads it, confirms; the sheet shows them."""

from decimal import Decimal

import openpyxl
import pytest
from playwright.sync_api import expect

from clusters.models import Criterion, CriterionGroup, Score
from clusters.tests.factories import cluster_with_members
from thiduakt.testing import World, browser_login, settle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _private_media(private_media):
    """Uploads waiting for their confirmation are kept in a private storage of the test's own."""


def test_officer_fills_the_downloaded_sheet_uploads_and_confirms(live_server, page, tmp_path):
    world = World()
    cy = cluster_with_members([world.chau_thanh, world.nga_bay], year=2026)
    group = CriterionGroup.objects.create(cluster_year=cy, position=1, title="Công tác lãnh đạo, chỉ đạo")
    first = Criterion.objects.create(group=group, position=1, title="Ban hành kế hoạch", max_points=Decimal("10"))
    second = Criterion.objects.create(group=group, position=2, title="Tổ chức phong trào", max_points=Decimal("20"))
    membership = cy.memberships.get(unit=world.chau_thanh)

    browser_login(page, live_server.url, "donvi")
    page.goto(f"{live_server.url}/cum-khoi/thanh-vien/{membership.pk}/cham-diem/")
    page.click("[data-testid=sheet-import]")
    with page.expect_download() as info:
        page.click("[data-testid=sheet-download]")
    sheet_path = tmp_path / "bang-diem.xlsx"
    info.value.save_as(sheet_path)

    book = openpyxl.load_workbook(sheet_path)
    sheet = book.active
    assert sheet["C2"].value == "Ban hành kế hoạch"
    sheet["E2"], sheet["F2"] = "9,5", "Kế hoạch số 12/KH-UBND"
    sheet["E3"] = 17.25
    book.save(sheet_path)

    page.set_input_files("#id_file", str(sheet_path))
    settle(page, lambda: page.click("[data-testid=import-upload]"))
    expect(page.locator("[data-testid=row-2]")).to_have_attribute("data-status", "new")
    expect(page.locator("[data-testid=row-3]")).to_have_attribute("data-status", "new")
    settle(page, lambda: page.click("[data-testid=import-confirm]"))
    done = "Đã nhập điểm tự chấm của 2 tiêu chí từ tệp “bang-diem.xlsx”."
    expect(page.locator(".alert-success")).to_contain_text(done)
    expect(page.locator(f"#id_points_{first.pk}")).to_have_value("9,5")
    expect(page.locator(f"#id_points_{second.pk}")).to_have_value("17,25")
    assert sorted(Score.objects.values_list("self_points", flat=True)) == [Decimal("9.50"), Decimal("17.25")]
