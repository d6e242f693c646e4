import io
import zipfile

import openpyxl
import pytest
from django.test import Client

from thiduakt.models import OrgUnit, Person
from thiduakt.spreadsheets import SpreadsheetError, escape_formula, read_xlsx, write_xlsx


def _xlsx(rows):
    book = openpyxl.Workbook()
    for r in rows:
        book.active.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_read_xlsx_returns_headers_and_rows():
    headers, rows = read_xlsx(_xlsx([["Mã", "Tên"], ["A1", "Xã A"], [None, None], ["B2", "Xã B"]]))
    assert headers == ["Mã", "Tên"]
    assert rows == [["A1", "Xã A"], ["B2", "Xã B"]]


def test_formula_cells_are_refused():
    with pytest.raises(SpreadsheetError, match="Ô B2 chứa công thức"):
        read_xlsx(_xlsx([["Mã", "Tên"], ["A1", '=HYPERLINK("http://x","bấm")']]))


def test_oversized_file_is_refused(settings):
    settings.SPREADSHEET_MAX_BYTES = 1024
    with pytest.raises(SpreadsheetError, match="Tệp quá lớn"):
        read_xlsx(b"0" * 2048)


def test_not_a_spreadsheet_is_refused():
    with pytest.raises(SpreadsheetError, match="không phải là bảng tính"):
        read_xlsx(b"MZ\x90\x00 this is an executable")


def test_zip_bomb_is_refused_before_inflating():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    data = out.getvalue()
    assert len(data) < 1024 * 1024
    with pytest.raises(SpreadsheetError, match="bom nén"):
        read_xlsx(data)


def test_export_escapes_formulas():
    assert escape_formula("=1+1") == "'=1+1"
    assert escape_formula("@SUM(A1)") == "'@SUM(A1)"
    assert escape_formula("Nguyễn Văn A") == "Nguyễn Văn A"
    book = openpyxl.load_workbook(io.BytesIO(write_xlsx(["Tên"], [["=cmd|' /C calc'!A0"]])))
    assert book.active["A2"].value == "'=cmd|' /C calc'!A0"


def _admin_import(client, url, data):
    return client.post(
        url,
        {"format": "0", "import_file": io.BytesIO(data), "resource": "0"},
        format="multipart",
    )


@pytest.mark.django_db
def test_admin_unit_import_previews_then_writes(world):
    client = Client()
    client.force_login(world.user("admin"))
    data = _xlsx(
        [
            ["Mã đơn vị", "Tên đơn vị", "Tên ngắn", "Loại", "Mã đơn vị cấp trên", "Hiệu lực từ", "Hiệu lực đến"],
            ["HG.CT.TM", "Ủy ban nhân dân xã Tân Mỹ", "Xã Tân Mỹ", "Xã, phường, đặc khu", "HG.CT", "01/07/2025", None],
        ]
    )
    upload = io.BytesIO(data)
    upload.name = "don-vi.xlsx"
    response = client.post("/admin/thiduakt/orgunit/import/", {"format": "0", "import_file": upload, "resource": "0"})
    assert response.status_code == 200
    assert not OrgUnit.objects.filter(code="HG.CT.TM").exists()  # preview only
    form = response.context["confirm_form"]
    confirm = client.post("/admin/thiduakt/orgunit/process_import/", form.initial)
    assert confirm.status_code == 302
    unit = OrgUnit.objects.get(code="HG.CT.TM")
    assert (unit.parent.code, unit.kind, unit.valid_from.isoformat()) == ("HG.CT", "commune", "2025-07-01")


@pytest.mark.django_db
def test_admin_person_import_with_one_bad_row_writes_nothing(world):
    client = Client()
    client.force_login(world.user("admin"))
    before = Person.objects.count()
    rows = [["Họ và tên", "Giới tính", "Năm sinh", "Chức vụ", "Mã đơn vị", "Lao động trực tiếp", "Số định danh"]]
    rows += [[f"Nguyễn Văn Nhập {i}", "Nam", 1980, "Nông dân", "HG.CT.DP", "Có", None] for i in range(20)]
    rows.append(["Trần Thị Lỗi", "Nữ", 1980, "Nông dân", "KHONG-CO", "", None])
    upload = io.BytesIO(_xlsx(rows))
    upload.name = "ca-nhan.xlsx"
    response = client.post("/admin/thiduakt/person/import/", {"format": "0", "import_file": upload, "resource": "0"})
    html = response.content.decode()
    assert "Không tìm thấy đơn vị có mã “KHONG-CO”." in html
    assert "confirm_form" not in response.context or response.context.get("confirm_form") is None
    assert Person.objects.count() == before


@pytest.mark.django_db
def test_admin_import_refuses_formulas_with_a_clear_message(world):
    client = Client()
    client.force_login(world.user("admin"))
    upload = io.BytesIO(_xlsx([["Mã đơn vị", "Tên đơn vị"], ["X1", "=1+1"]]))
    upload.name = "don-vi.xlsx"
    before = OrgUnit.objects.count()
    response = client.post("/admin/thiduakt/orgunit/import/", {"format": "0", "import_file": upload, "resource": "0"})
    assert "Ô B2 chứa công thức" in response.content.decode()
    assert OrgUnit.objects.count() == before


@pytest.mark.django_db
def test_admin_import_refuses_an_oversized_file(world, settings):
    settings.SPREADSHEET_MAX_BYTES = 1024 * 1024
    client = Client()
    client.force_login(world.user("admin"))
    upload = io.BytesIO(b"PK" + b"0" * 1_200_000)
    upload.name = "lon.xlsx"
    response = client.post("/admin/thiduakt/orgunit/import/", {"format": "0", "import_file": upload, "resource": "0"})
    assert "Tệp quá lớn (tối đa 1 MB)." in response.content.decode()
