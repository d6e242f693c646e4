"""The award history import reads years and dates with the foundation's cell parsers, with its own messages."""

from datetime import date, datetime

import pytest

from awards.imports import COLUMNS, analyse

HEADERS = list(COLUMNS.values())


def cells(**values) -> list:
    row = {
        "kind": "Cá nhân",
        "name": "Võ Thị Mới",
        "birth_year": 1995,
        "id_number": "",
        "unit": "HG.CT",
        "award": "LDTT",
        "year": 2023,
        "decision_number": "45/QĐ-UBND",
        "decision_date": "15/12/2023",
        "issuer": "UBND huyện Châu Thành",
        "award_type": "Công trạng",
        "is_public": "có",
        **values,
    }
    return [row[key] for key in COLUMNS]


def read(**values) -> dict:
    rows, file_errors = analyse(HEADERS, [cells(**values)])
    assert file_errors == []
    return rows[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "birth,year,decided,expected",
    [
        (1995, 2023, "15/12/2023", (1995, 2023, "2023-12-15")),
        ("1995", "2023", "15.12.2023", (1995, 2023, "2023-12-15")),
        (1995.0, 2023.0, 45275, (1995, 2023, "2023-12-15")),  # number cells; a date cell that lost its format
        ("15/03/1995", 2023, datetime(2023, 12, 15, 0, 0), (1995, 2023, "2023-12-15")),  # a birth date gives its year
        (date(1995, 3, 15), "2023", "ngày 15 tháng 12 năm 2023", (1995, 2023, "2023-12-15")),
        ("", 2023, "2023-12-15", (None, 2023, "2023-12-15")),
        (None, 2023, "", (None, 2023, None)),
    ],
)
def test_years_and_dates_are_read_in_every_form_real_files_hold(world, birth, year, decided, expected):
    row = read(birth_year=birth, year=year, decision_date=decided)
    assert (row["errors"], (row["birth_year"], row["year"], row["decision_date"])) == ([], expected)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values,message",
    [
        ({"birth_year": "hai nghìn"}, "Năm sinh “hai nghìn” không hợp lệ."),
        ({"birth_year": 34773}, "Năm sinh “34773” không hợp lệ."),  # 13/03/1995 as a serial: not a year
        ({"birth_year": 1850}, "Năm sinh “1850” không hợp lệ."),
        ({"year": ""}, "Năm “” không hợp lệ."),
        ({"year": "2023,5"}, "Năm “2023,5” không hợp lệ."),
        ({"year": 1930}, "Năm “1930” không hợp lệ."),
        ({"decision_date": "31/02/2023"}, "Ngày quyết định “31/02/2023” không đúng dạng ngày/tháng/năm."),
        ({"decision_date": "12/2023"}, "Ngày quyết định “12/2023” không đúng dạng ngày/tháng/năm."),
    ],
)
def test_a_cell_that_cannot_be_read_is_refused_with_its_column_named(world, values, message):
    row = read(**values)
    assert (row["status"], row["errors"]) == ("error", [message])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "column,length,message",
    [
        ("name", 151, "Họ tên, tên tập thể dài 151 ký tự, quá giới hạn 150 ký tự."),
        ("decision_number", 61, "Số quyết định dài 61 ký tự, quá giới hạn 60 ký tự."),
        ("issuer", 201, "Cơ quan, người ký dài 201 ký tự, quá giới hạn 200 ký tự."),
        ("id_number", 21, "Số định danh dài 21 ký tự, quá giới hạn 20 ký tự."),
    ],
)
def test_a_text_longer_than_its_field_is_refused_at_preview_not_cut(world, column, length, message):
    row = read(**{column: "Ư" * length})
    assert (row["status"], row["errors"]) == ("error", [message])


@pytest.mark.django_db
def test_a_text_exactly_as_long_as_its_field_is_kept_whole(world):
    row = read(decision_number="9" * 60)
    assert (row["errors"], row["decision_number"]) == ([], "9" * 60)
