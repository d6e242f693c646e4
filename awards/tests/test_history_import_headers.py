"""Award history files in the shapes real ones have: titles, merged two-row headers, other systems' names.

The headers below are those of the public TĐKT system's templates (lifephongphanmem/thiduakhenthuong_php8,
public/data/download/MauTDKT.xlsx and NHANDULIEU.xlsx: "Tên tập thể/cá nhân/hộ gia đình", "Danh hiệu thi
đua/Hình thức khen thưởng", "Phân loại khen thưởng", "Đơn vị công tác", "Chức vụ", "STT"); the files are
built here, none is copied.
"""

import html
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from awards.imports import KNOWN_HEADERS, header_map, header_mapping
from awards.models import AwardRecord, HistoryImport
from awards.services import history_import_apply, history_import_create
from thiduakt.services import DomainError
from thiduakt.spreadsheets import Header, read_table
from thiduakt.tests.test_spreadsheets_hostile import row, text, xlsx


def upload(data: bytes):
    return SimpleUploadedFile("lich-su.xlsx", data)


def real_shaped_file() -> bytes:
    """A title, then a header on rows 3-4 whose "Quyết định" spans "Số" and "Ngày", then two awards."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for values in [
        ["DANH SÁCH KHEN THƯỞNG NĂM 2023"],
        [],
        [
            "STT",
            "Phân loại khen thưởng",
            "Tên tập thể/cá nhân/hộ gia đình",
            "Chức vụ",
            "Đơn vị công tác",
            "Danh hiệu thi đua/Hình thức khen thưởng",
            "Năm",
            "Quyết định",
            None,
        ],
        [None, None, None, None, None, None, None, "Số", "Ngày"],
        [1, "Cá nhân", "Nguyễn Văn Mười", "Chuyên viên", "HG.CT", "CSTDCS", 2023, "45/QĐ-UBND", "15/12/2023"],
        [2, "Cá nhân", "Trần Thị Mười Một", "Kế toán", "HG.CT", "LDTT", 2023, "46/QĐ-UBND", "16/12/2023"],
    ]:
        sheet.append(values)
    for span in ["A1:I1", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4", "F3:F4", "G3:G4", "H3:I3"]:
        sheet.merge_cells(span)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


EXPECTED_COLUMNS = [
    ("A", "STT", "", "Không đọc: số thứ tự."),
    ("B", "Phân loại khen thưởng", "kind", ""),
    ("C", "Tên tập thể/cá nhân/hộ gia đình", "name", ""),
    ("D", "Chức vụ", "", "Không đọc: hệ thống không nhận ra tên cột này."),
    ("E", "Đơn vị công tác", "unit", ""),
    ("F", "Danh hiệu thi đua/Hình thức khen thưởng", "award", ""),
    ("G", "Năm", "year", ""),
    ("H", "Quyết định Số", "decision_number", ""),
    ("I", "Quyết định Ngày", "decision_date", ""),
]


@pytest.mark.django_db
def test_real_shaped_history_file_is_read_with_the_mapping_proposed_and_no_column_dropped(world):
    history_import = history_import_create(upload=upload(real_shaped_file()), by=world.user("staff"))
    assert (history_import.status, history_import.message) == (HistoryImport.Status.READY, "")
    assert [(c["column"], c["header"], c["field"], c["note"]) for c in history_import.columns] == EXPECTED_COLUMNS
    assert [(r["row"], r["status"], r["name"]) for r in history_import.rows] == [
        (5, "new", "Nguyễn Văn Mười"),
        (6, "new", "Trần Thị Mười Một"),
    ]  # the sheet's row numbers; the sub-header row 4 is no row of data
    assert [(r["decision_number"], r["decision_date"]) for r in history_import.rows] == [
        ("45/QĐ-UBND", "2023-12-15"),
        ("46/QĐ-UBND", "2023-12-16"),
    ]
    history_import_apply(history_import=history_import, by=world.user("staff"))
    records = AwardRecord.objects.filter(source="imported").order_by("decision_number")
    assert [(r.person.full_name, r.award.code, r.year, r.decision_number, str(r.decision_date)) for r in records] == [
        ("Nguyễn Văn Mười", "CSTDCS", 2023, "45/QĐ-UBND", "2023-12-15"),
        ("Trần Thị Mười Một", "LDTT", 2023, "46/QĐ-UBND", "2023-12-16"),
    ]


@pytest.mark.django_db
def test_preview_shows_the_mapping_and_the_columns_not_read(world):
    history_import = history_import_create(upload=upload(real_shaped_file()), by=world.user("staff"))
    client = Client()
    client.force_login(world.user("staff"))
    page = client.get(f"/khen-thuong/lich-su/nhap/{history_import.public_id}/").content.decode()
    assert 'data-testid="import-columns"' in page
    assert read_as(page) == {
        "A": ("STT", ""),
        "B": ("Phân loại khen thưởng", "Đối tượng (cá nhân, tập thể, hộ gia đình)"),
        "C": ("Tên tập thể/cá nhân/hộ gia đình", "Họ tên, tên tập thể"),
        "D": ("Chức vụ", ""),
        "E": ("Đơn vị công tác", "Đơn vị"),
        "F": ("Danh hiệu thi đua/Hình thức khen thưởng", "Danh hiệu, hình thức khen thưởng"),
        "G": ("Năm", "Năm khen thưởng"),
        "H": ("Quyết định Số", "Số quyết định"),
        "I": ("Quyết định Ngày", "Ngày quyết định"),
    }
    assert "Không đọc: hệ thống không nhận ra tên cột này." in page


def read_as(page: str) -> dict[str, tuple[str, str]]:
    """Column letter -> (its header, the field its select shows chosen, "" for not read) on the column step."""
    found = {}
    for letter, header, select in re.findall(
        r"<tr><td>([A-Z]+)</td><td>([^<]*)</td>\s*<td>.*?<select[^>]*>(.*?)</select>", page, re.S
    ):
        chosen = re.search(r'<option value="[^"]*" selected>([^<]*)</option>', select)
        label = chosen.group(1) if chosen else ""
        found[letter] = (html.unescape(header), "" if label.startswith("—") else html.unescape(label))
    return found


@pytest.mark.django_db
def test_missing_award_column_is_refused_and_the_columns_found_are_shown(world):
    data = xlsx(
        [
            row(1, text("A1", "Họ và tên"), text("B1", "Năm khen thưởng"), text("C1", "Ghi chú")),
            row(2, text("A2", "Nguyễn Văn Mười"), '<c r="B2"><v>2023</v></c>', text("C2", "x")),
        ]
    )
    history_import = history_import_create(upload=upload(data), by=world.user("staff"))
    assert (history_import.status, history_import.message) == (
        HistoryImport.Status.INVALID,
        "Thiếu cột “Mã khen thưởng”.",
    )
    assert [(c["column"], c["field"], c["note"]) for c in history_import.columns] == [
        ("A", "name", ""),
        ("B", "year", ""),
        ("C", "", "Không đọc: hệ thống không nhận ra tên cột này."),
    ]
    assert AwardRecord.objects.filter(source="imported").count() == 0


@pytest.mark.django_db
def test_code_column_of_cached_lookups_is_read_and_uncached_formula_refused_naming_its_cell(world):
    lookup = '<c r="C4" t="str"><f>VLOOKUP(B4,HTKT!$A$2:$B$300,2,0)</f><v>CSTDCS</v></c>'
    rows = [
        row(1, text("A1", "DANH SÁCH")),
        row(
            3,
            text("A3", "Họ tên / Tên tập thể"),
            text("B3", "Hình thức khen thưởng"),
            text("C3", "Mã khen thưởng"),
            text("D3", "Năm"),
        ),
        row(4, text("A4", "Nguyễn Văn Mười"), text("B4", "Chiến sĩ thi đua cơ sở"), lookup, text("D4", "2023")),
        row(5, '<c r="C5" t="e"><f>VLOOKUP(B5,HTKT!$A$2:$B$300,2,0)</f><v>#N/A</v></c>'),  # unfilled template row
    ]
    history_import = history_import_create(upload=upload(xlsx(rows)), by=world.user("staff"))
    assert history_import.status == HistoryImport.Status.READY
    assert [(r["row"], r["award_name"], r["year"]) for r in history_import.rows] == [
        (4, "Chiến sĩ thi đua cơ sở", 2023)
    ]
    assert [(c["column"], c["field"]) for c in history_import.columns] == [
        ("A", "name"),
        ("B", ""),  # a name of the award: the code column C is ours and is read
        ("C", "award"),
        ("D", "year"),
    ]
    rows[2] = rows[2].replace("<v>CSTDCS</v>", "").replace('C4" t="str"', 'C4"')
    with pytest.raises(DomainError) as error:
        history_import_create(upload=upload(xlsx(rows)), by=world.user("staff"))
    assert str(error.value).startswith("Ô C4 chứa công thức chưa có giá trị tính sẵn.")
    assert HistoryImport.objects.count() == 1


def test_synonyms_match_without_diacritics_or_case_and_the_best_name_wins():
    headers = [
        "TEN TAP THE/CA NHAN/HO GIA DINH",
        "mã danh hiệu thi đua\n(nếu có)",
        "Hình thức khen thưởng",
        "Năm",
        "Đơn vị",
        "Tên gọi\n(Ông/Bà/Chức danh)",
        Header("Quyết định khen thưởng Số", ("Quyết định khen thưởng", "Số")),
    ]
    positions, errors = header_map(headers)
    assert (positions, errors) == (
        {"name": 0, "award": 2, "year": 3, "unit": 4, "honorific": 5, "decision_number": 6},
        [],
    )
    notes = {line["column"]: line["note"] for line in header_mapping(headers)}
    assert notes["B"] == ("Không đọc: cột C “Hình thức khen thưởng” đã được dùng cho Danh hiệu, hình thức khen thưởng.")
    assert notes["G"] == ""  # "Quyết định khen thưởng" over "Số": known as "Số quyết định khen thưởng"
    assert header_mapping(["Chức vụ"])[0]["note"] == "Không đọc: hệ thống không nhận ra tên cột này."
    assert "so quyet dinh" in KNOWN_HEADERS


def test_known_headers_find_the_history_header_under_a_letterhead():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["UBND TỈNH HẬU GIANG", None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    sheet.append(["SỞ NỘI VỤ", None, "Độc lập - Tự do - Hạnh phúc"])
    sheet.append(["Họ và tên", "Hình thức khen thưởng", "Năm"])
    sheet.append(["Nguyễn Văn Mười", "CSTDCS", 2023])
    out = io.BytesIO()
    workbook.save(out)
    table = read_table(out.getvalue(), known_headers=KNOWN_HEADERS)
    assert (table.headers, table.numbers) == (["Họ và tên", "Hình thức khen thưởng", "Năm"], [4])
