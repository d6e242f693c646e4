import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client

from thiduakt.models import OrgUnit, Person
from thiduakt.resources import VietnameseDateWidget
from thiduakt.spreadsheets import (
    SpreadsheetError,
    escape_formula,
    parse_date,
    parse_decimal,
    parse_int,
    parse_year,
    read_xlsx,
    write_xlsx,
)


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


def test_formulas_written_without_a_cached_value_are_refused():  # openpyxl caches no value
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


# ---------------------------------------------------------------------------
# Cell readers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("05/06/2024", date(2024, 6, 5)),  # day first: 5 June
        ("5/6/2024", date(2024, 6, 5)),
        ("12.08.2021", date(2021, 8, 12)),
        ("12-08-2021", date(2021, 8, 12)),
        ("2021-08-12", date(2021, 8, 12)),
        ("2021-08-12 00:00:00", date(2021, 8, 12)),
        ("ngày 12 tháng 8 năm 2021", date(2021, 8, 12)),
        ("Ngày 05 tháng 06 năm 2024", date(2024, 6, 5)),
        ("12 tháng 8, năm 2021", date(2021, 8, 12)),
        ("  29/02/2024 ", date(2024, 2, 29)),
        (date(2024, 6, 5), date(2024, 6, 5)),
        (datetime(2024, 6, 5, 14, 30), date(2024, 6, 5)),
        (45448, date(2024, 6, 5)),  # an Excel serial: a date cell whose format was lost
        (45448.75, date(2024, 6, 5)),  # with a time of day
        (61, date(1900, 3, 1)),
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_date_reads_each_form(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2021", "Ngày “31/02/2021” không có trong lịch."),
        ("2021-13-01", "Ngày “2021-13-01” không có trong lịch."),
        ("05/06/24", "“05/06/24” không phải là ngày; hãy ghi ngày/tháng/năm, ví dụ 05/06/2024."),
        ("05/06.2024", "“05/06.2024” không phải là ngày; hãy ghi ngày/tháng/năm, ví dụ 05/06/2024."),
        ("mai", "“mai” không phải là ngày; hãy ghi ngày/tháng/năm, ví dụ 05/06/2024."),
        (60, "“60” không phải là ngày; hãy ghi ngày/tháng/năm, ví dụ 05/06/2024."),
        (True, "“True” không phải là ngày; hãy ghi ngày/tháng/năm, ví dụ 05/06/2024."),
        (float("nan"), "“nan” không phải là ngày; hãy ghi ngày/tháng/năm, ví dụ 05/06/2024."),
    ],
)
def test_parse_date_refuses_with_a_vietnamese_message(value, message):
    with pytest.raises(ValueError) as caught:
        parse_date(value)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1972, 1972),
        (1972.0, 1972),
        ("1972", 1972),
        (" 1972 ", 1972),
        ("15/03/1972", 1972),  # a full birth date
        ("ngày 15 tháng 3 năm 1972", 1972),
        (date(1972, 3, 15), 1972),
        (datetime(1972, 3, 15, 8, 0), 1972),
        (None, None),
        ("", None),
    ],
)
def test_parse_year_reads_a_year_or_the_year_of_a_date(value, expected):
    assert parse_year(value) == expected


@pytest.mark.parametrize("value", [26373, "72", 1972.5, "19720", "năm ngoái", "31/02/1972", False])
def test_parse_year_refuses_what_is_not_a_year(value):
    with pytest.raises(ValueError) as caught:
        parse_year(value)
    assert str(caught.value) == (
        f"“{value}” không phải là năm; hãy ghi năm (ví dụ 1972) hoặc ngày đầy đủ (ví dụ 15/03/1972)."
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("72,5", Decimal("72.5")),
        ("72.5", Decimal("72.5")),
        ("1.234,5", Decimal("1234.5")),
        ("1,234.5", Decimal("1234.5")),
        ("1.234", Decimal("1234")),  # dots before groups of three digits are thousands
        ("1.234.567", Decimal("1234567")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("1,234,567", Decimal("1234567")),
        ("1,234", Decimal("1.234")),  # a lone comma is the decimal comma
        ("0.500", Decimal("0.500")),
        ("1234.5", Decimal("1234.5")),
        ("1 234,5", Decimal("1234.5")),
        ("-3,25", Decimal("-3.25")),
        ("+7", Decimal("7")),
        ("\u22122", Decimal("-2")),
        ("18", Decimal("18")),
        (72.5, Decimal("72.5")),
        (0.1, Decimal("0.1")),  # not 0.1000000000000000055511151231257827…
        (18, Decimal("18")),
        (Decimal("9.75"), Decimal("9.75")),
        (None, None),
        (" ", None),
    ],
)
def test_parse_decimal_reads_vietnamese_and_plain_numbers(value, expected):
    number = parse_decimal(value)
    assert (number, str(number) if number is not None else None) == (
        expected,
        str(expected) if expected is not None else None,
    )


@pytest.mark.parametrize("value", ["nhiều", "1,2,3", "1.23.4", "72,5,1", ",5", "5,", "1.2.3,4", "--1", True, "inf"])
def test_parse_decimal_refuses_what_is_not_a_number(value):
    with pytest.raises(ValueError) as caught:
        parse_decimal(value)
    assert str(caught.value) == f"“{value}” không phải là số; hãy ghi ví dụ 72,5 hoặc 1.234,5."


def test_parse_decimal_refuses_infinite_cells():
    with pytest.raises(ValueError, match="không phải là số"):
        parse_decimal(float("inf"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [(18, 18), (18.0, 18), ("18", 18), ("1.234", 1234), ("12,0", 12), ("-5", -5), (None, None), ("", None)],
)
def test_parse_int_reads_whole_numbers(value, expected):
    assert parse_int(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("72,5", "“72,5” không phải là số nguyên."),
        (2.5, "“2.5” không phải là số nguyên."),
        ("ba", "“ba” không phải là số; hãy ghi ví dụ 72,5 hoặc 1.234,5."),
    ],
)
def test_parse_int_refuses_fractions_and_words(value, message):
    with pytest.raises(ValueError) as caught:
        parse_int(value)
    assert str(caught.value) == message


def test_import_export_date_widget_reads_through_parse_date():
    widget = VietnameseDateWidget()
    assert [widget.clean(v) for v in ("01/07/2025", "01.07.2025", "ngày 1 tháng 7 năm 2025", None)] == [
        date(2025, 7, 1),
        date(2025, 7, 1),
        date(2025, 7, 1),
        None,
    ]
    # exported as the date itself: SafeXLSX writes it as a real date cell shown dd/mm/yyyy
    assert (widget.render(date(2025, 7, 1)), widget.render(None)) == (date(2025, 7, 1), "")
    with pytest.raises(ValueError) as caught:
        widget.clean("31/06/2025")
    assert str(caught.value) == "Ngày “31/06/2025” không hợp lệ; ghi theo dạng dd/mm/yyyy."


def _unit_file(code: str) -> io.BytesIO:
    upload = io.BytesIO(
        _xlsx(
            [
                ["Mã đơn vị", "Tên đơn vị", "Tên ngắn", "Loại", "Mã đơn vị cấp trên", "Hiệu lực từ", "Hiệu lực đến"],
                [code, f"Ủy ban nhân dân xã {code}", code, "Xã, phường, đặc khu", "HG.CT", "01/07/2025", None],
            ]
        )
    )
    upload.name = "don-vi.xlsx"
    return upload


def _preview(client, code: str) -> dict:
    response = client.post(
        "/admin/thiduakt/orgunit/import/", {"format": "0", "import_file": _unit_file(code), "resource": "0"}
    )
    return dict(response.context["confirm_form"].initial)


@pytest.mark.django_db
def test_admin_import_confirm_takes_only_its_own_sessions_preview(world):
    mine, theirs = Client(), Client()
    mine.force_login(world.user("admin"))
    theirs.force_login(world.user("admin"))
    other = _preview(theirs, "HG.KHAC")
    mine_initial = _preview(mine, "HG.CUATOI")

    for name in (other["import_file_name"], "/etc/passwd", "../../etc/passwd"):
        response = mine.post("/admin/thiduakt/orgunit/process_import/", {**mine_initial, "import_file_name": name})
        assert response.status_code == 302
        assert response.url == "/admin/thiduakt/orgunit/import/"
        assert [str(m) for m in response.wsgi_request._messages][-1] == (
            "Phiên nhập tệp đã hết hạn hoặc không phải của lần xem trước này; hãy tải tệp lên lại."
        )
    assert not OrgUnit.objects.filter(code__in=["HG.KHAC", "HG.CUATOI"]).exists()

    assert mine.post("/admin/thiduakt/orgunit/process_import/", mine_initial).status_code == 302
    assert list(
        OrgUnit.objects.filter(code__startswith="HG.")
        .filter(code__in=["HG.KHAC", "HG.CUATOI"])
        .values_list("code", flat=True)
    ) == ["HG.CUATOI"]


@pytest.mark.django_db
def test_admin_import_confirmed_twice_writes_once(world):
    client = Client()
    client.force_login(world.user("admin"))
    initial = _preview(client, "HG.HAILAN")
    session_before = dict(client.session)
    first = client.post("/admin/thiduakt/orgunit/process_import/", initial)
    # The second click comes from the same page, with the session as it was before the first answer.
    session = client.session
    session.update(session_before)
    session.save()
    second = client.post("/admin/thiduakt/orgunit/process_import/", initial)
    assert (first.status_code, second.status_code) == (302, 302)
    assert OrgUnit.objects.filter(code="HG.HAILAN").count() == 1
    assert [str(m) for m in first.wsgi_request._messages] == [
        "Đã nhập xong: 1 mới, 0 cập nhật, 0 xóa, 0 bỏ qua (đơn vị)."
    ]
    assert [str(m) for m in second.wsgi_request._messages][-1] == (
        "Tệp này đã được nhập (hoặc đã hết hạn); không ghi thêm lần nào."
    )


@pytest.mark.django_db
def test_admin_person_import_reads_a_real_list_title_other_headers_honorifics_dates_and_unit_names(world):
    """A district's list: a title, "Họ tên", "Ngày sinh" as full dates, "Đơn vị công tác" by name, "Bà …"."""
    client = Client()
    client.force_login(world.user("admin"))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH CÁN BỘ, CÔNG CHỨC"])
    sheet.append([])
    sheet.append(["STT", "Họ tên", "Giới tính", "Ngày sinh", "Chức vụ, chức danh", "Đơn vị công tác", "Số CCCD"])
    sheet.append([1, "Bà Huỳnh Thị Hạnh Nhập", "", "15.03.1972", "Chuyên viên", "UBND huyện Châu Thành", None])
    sheet.append([2, "Ông Lê Văn Tư Nhập", "", date(1980, 5, 2), "Kế toán", "HG.CT", "089180000777"])
    sheet.merge_cells("A1:G1")
    out = io.BytesIO()
    book.save(out)
    upload = io.BytesIO(out.getvalue())
    upload.name = "can-bo.xlsx"
    response = client.post("/admin/thiduakt/person/import/", {"format": "0", "import_file": upload, "resource": "0"})
    assert response.status_code == 200
    form = response.context["confirm_form"]
    assert client.post("/admin/thiduakt/person/process_import/", form.initial).status_code == 302
    people = Person.objects.filter(full_name__endswith="Nhập").order_by("full_name")
    assert [(p.full_name, p.gender, p.birth_year, p.position, p.unit.code, p.id_number) for p in people] == [
        ("Huỳnh Thị Hạnh Nhập", "female", 1972, "Chuyên viên", "HG.CT", None),
        ("Lê Văn Tư Nhập", "male", 1980, "Kế toán", "HG.CT", "089180000777"),
    ]
