"""The officer lists a dossier's nominees from the downloaded template, in one upload."""

import io

import openpyxl
import pytest

from awards.models import Nomination
from awards.services import dossier_create_draft
from thiduakt.testing import World, browser_login, settle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = [
    {"kind": "Cá nhân", "name": "Bà Huỳnh Thị Hạnh", "birth_year": "12.08.1972", "award": "Lao động tiên tiến"},
    {"kind": "Cá nhân", "name": "Ông Nguyễn Văn Bình", "birth_year": "12.08.1975", "award": "Lao động tiên tiến"},
    {"kind": "Cá nhân", "name": "Phạm Thị Diễm", "birth_year": 1990, "award": "CSTDCS"},
    {
        "kind": "Cá nhân",
        "name": "Ông Trần Văn Mới",
        "birth_year": "12.08.1975",
        "position": "Chuyên viên",
        "award": "LDTT",
    },
    {"kind": "Tập thể", "name": "UBND xã Đông Phú", "award": "Tập thể lao động tiên tiến"},
    {"kind": "Hộ gia đình", "name": "Hộ ông Võ Văn Đức", "award": "Giấy khen", "summary": "Hiến đất làm đường"},
]
KEYS = {
    "Đối tượng": "kind",
    "Họ tên / Tên tập thể": "name",
    "Năm sinh": "birth_year",
    "Chức vụ": "position",
    "Danh hiệu/hình thức đề nghị": "award",
    "Thành tích tóm tắt": "summary",
}


def test_officer_downloads_the_template_fills_six_rows_uploads_once_and_confirms(live_server, page, tmp_path):
    world = World()
    dossier = dossier_create_draft(
        unit=world.chau_thanh, round_kind="yearly", year=2024, by=world.user("donvi"), nominees=[]
    )
    browser_login(page, live_server.url, "donvi")
    page.goto(f"{live_server.url}/khen-thuong/ho-so/{dossier.pk}/")
    page.click("[data-testid=import-nominees]")
    with page.expect_download() as download:
        page.click("[data-testid=nominee-template]")
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)

    book = openpyxl.load_workbook(template)
    sheet = book.active
    headers = [cell.value for cell in sheet[1]]
    for row in ROWS:
        sheet.append([row.get(KEYS.get(header, ""), "") for header in headers])
    filled = io.BytesIO()
    book.save(filled)
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    page.set_input_files("#id_file", files=[{"name": "danh-sach.xlsx", "mimeType": mime, "buffer": filled.getvalue()}])
    settle(page, lambda: page.click("[data-testid=nominee-upload]"))

    preview = page.locator("[data-testid=preview-row]")
    assert preview.count() == 6
    assert [preview.nth(i).get_attribute("data-status") for i in range(6)] == ["new"] * 6
    matches = page.locator("[data-testid=match]")
    assert [matches.nth(i).get_attribute("data-match") for i in range(6)] == [
        "existing",
        "existing",
        "existing",
        "new",
        "collective",
        "household",
    ]
    assert page.locator("[data-testid=row-verdict]").count() == 6
    assert "6 dòng: 6 dòng sẽ thêm" in page.locator("[data-testid=import-counts]").inner_text()
    settle(page, lambda: page.click("[data-testid=import-apply]"))

    assert "Đã thêm 6 đối tượng, bỏ qua 0 dòng trùng." in page.locator(".messages .alert-success").inner_text()
    assert page.locator("[data-testid=nominee-table] tbody tr").count() == 6
    assert sorted(Nomination.objects.filter(dossier=dossier).values_list("nominee_name", flat=True)) == sorted(
        [
            "Hộ ông Võ Văn Đức",
            "Huỳnh Thị Hạnh",
            "Nguyễn Văn Bình",
            "Phạm Thị Diễm",
            "Trần Văn Mới",
            "Ủy ban nhân dân xã Đông Phú",
        ]
    )
