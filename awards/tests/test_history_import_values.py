"""The award-history import reads the values real files hold: honorifics, award names, Vietnamese kinds and
types, dotted and worded dates, full birth dates, units written "UBND xã …" and units by a former name."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.imports import COLUMNS, analyse
from awards.models import AwardRecord, HistoryImport
from awards.services import history_import_apply, history_import_create
from thiduakt import demo
from thiduakt.models import OrgUnit, Person
from thiduakt.spreadsheets import write_xlsx

HEADERS = list(COLUMNS.values())


def line(**values) -> list:
    """A row as the province's files write it (words, names and dates, not this app's codes)."""
    row = {
        "kind": "Khen thưởng cá nhân",
        "name": "Bà Huỳnh Thị Hạnh",
        "birth_year": "15/03/1972",
        "id_number": "",
        "unit": "UBND xã Phú Hữu",
        "award": "Lao động tiên tiến",
        "year": 2021,
        "decision_number": "123/QĐ-UBND",
        "decision_date": "12.08.2021",
        "issuer": "UBND huyện Châu Thành",
        "award_type": "Thường xuyên",
        "is_public": "có",
        **values,
    }
    return [row[key] for key in COLUMNS]


def upload(rows):
    return SimpleUploadedFile("lich-su.xlsx", write_xlsx(HEADERS, rows))


@pytest.fixture
def hanh(world):
    """The demo register's Huỳnh Thị Hạnh, born 1972, of xã Phú Hữu."""
    return Person.objects.get(full_name="Huỳnh Thị Hạnh", birth_year=1972, unit=world.unit("HG.CT.PH"))


@pytest.mark.django_db
def test_a_row_with_a_honorific_matches_the_person_and_every_value_form_is_read(world, hanh):
    rows = [
        line(),
        line(
            kind="Khen thưởng tập thể",
            name="UBND xã Phú Hữu",
            birth_year="",
            unit="",
            award="Bằng khen của Chủ tịch UBND tỉnh",
            decision_number="45/QĐ-UBND",
            decision_date="ngày 12 tháng 8 năm 2021",
            award_type="Đột xuất",
        ),
        line(name="Ông Trần Văn Mới", birth_year="1980", award="LĐTT", award_type="Khen thưởng theo đợt"),
        line(
            kind="Hộ gia đình",
            name="Hộ ông Võ Văn Đức",
            birth_year="",
            unit="X. Phú Hữu",
            award="Giấy khen",
            award_type="Chuyên đề",
            decision_date="12-08-2021",
        ),
    ]
    history_import = history_import_create(upload=upload(rows), by=world.user("staff"))
    assert history_import.status == HistoryImport.Status.READY
    read = [
        tuple(r[k] for k in ("status", "kind", "name", "gender", "birth_year", "unit_id", "award_name"))
        + tuple(r[k] for k in ("award_type", "decision_date", "errors"))
        for r in history_import.rows
    ]
    phu_huu = world.unit("HG.CT.PH").pk
    assert read == [
        (
            "new",
            "individual",
            "Huỳnh Thị Hạnh",
            "female",
            1972,
            phu_huu,
            "Lao động tiên tiến",
            "merit",
            "2021-08-12",
            [],
        ),
        (
            "new",
            "collective",
            "UBND xã Phú Hữu",
            "",
            None,
            phu_huu,
            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            "sudden",
            "2021-08-12",
            [],
        ),
        (
            "new",
            "individual",
            "Trần Văn Mới",
            "male",
            1980,
            phu_huu,
            "Lao động tiên tiến",
            "campaign",
            "2021-08-12",
            [],
        ),
        ("new", "household", "Hộ ông Võ Văn Đức", "", None, phu_huu, "Giấy khen", "campaign", "2021-08-12", []),
    ]
    assert history_import.rows[0]["person_id"] == hanh.pk

    history_import = history_import_apply(history_import=history_import, by=world.user("staff"))
    assert (history_import.created_count, history_import.skipped_count) == (4, 0)
    assert list(Person.objects.filter(search_text="huynh thi hanh")) == [hanh]  # no duplicate
    assert AwardRecord.objects.get(person=hanh).award.code == "LDTT"
    new = Person.objects.get(search_text="tran van moi")
    assert (new.full_name, new.gender, new.birth_year, new.unit) == (
        "Trần Văn Mới",
        "male",
        1980,
        world.unit("HG.CT.PH"),
    )
    assert AwardRecord.objects.get(recipient_kind="collective").unit == world.unit("HG.CT.PH")

    # The same file again: every row is a duplicate, nothing is written twice.
    again = history_import_create(upload=upload(rows), by=world.user("staff"))
    assert [r["status"] for r in again.rows] == ["duplicate"] * 4


@pytest.mark.django_db
def test_ong_as_a_family_name_matches_the_person_who_bears_it(world):
    ong = Person.objects.create(full_name="Ông Văn Tùng", gender="male", birth_year=1980, unit=world.chau_thanh)
    (row,), errors = analyse(HEADERS, [line(name="Ông Văn Tùng", birth_year=1980, unit="HG.CT")])
    assert (errors, row["status"], row["person_id"], row["name"]) == ([], "new", ong.pk, "Ông Văn Tùng")


@pytest.mark.django_db
def test_the_honorifics_gender_chooses_between_two_namesakes_of_one_unit(world):
    Person.objects.create(full_name="Nguyễn Thanh Xuân", gender="male", birth_year=1980, unit=world.chau_thanh)
    her = Person.objects.create(full_name="Nguyễn Thanh Xuân", gender="female", birth_year=1980, unit=world.chau_thanh)
    (row,), _errors = analyse(HEADERS, [line(name="Chị Nguyễn Thanh Xuân", birth_year=1980, unit="HG.CT")])
    assert (row["status"], row["person_id"]) == ("new", her.pk)
    (row,), _errors = analyse(HEADERS, [line(name="Nguyễn Thanh Xuân", birth_year=1980, unit="HG.CT")])
    assert (row["status"], len(row["candidates"])) == ("ambiguous", 2)


@pytest.mark.django_db
def test_a_unit_by_its_former_name_is_the_old_unit_before_its_end_and_its_successor_after(world):
    demo.seed_reorganisation()
    rows = [
        line(kind="Tập thể", name="UBND xã Phú Hữu", unit="", award="BKT", decision_date="12/08/2021"),
        line(kind="Tập thể", name="UBND xã Phú Hữu", unit="", award="BKT", year=2025, decision_date="15/07/2025"),
        line(kind="Tập thể", name="Ủy ban nhân dân xã Đông Phú", unit="", award="BKT", year=2026, decision_date=""),
        line(name="Bà Huỳnh Thị Hạnh", unit="UBND xã Phú Hữu", year=2026, decision_date="05/01/2026"),
    ]
    hanh = Person.objects.get(full_name="Huỳnh Thị Hạnh", birth_year=1972)
    result, errors = analyse(HEADERS, rows)
    codes = {u.pk: u.code for u in [world.unit("HG.CT.PH"), *OrgUnit.objects.filter(code__startswith="CTH.X")]}
    assert errors == []
    assert [(r["status"], codes[r["unit_id"]], r["errors"]) for r in result] == [
        ("new", "HG.CT.PH", []),
        ("new", "CTH.X.PHUHUU", []),
        ("new", "CTH.X.CHAUTHANH", []),
        ("new", "CTH.X.PHUHUU", []),
    ]
    assert result[3]["person_id"] == hanh.pk  # of the old xã Phú Hữu, which the new one carries on
    # a person of the new xã Phú Hữu, in a row of 2021 that names the old one: the same person
    now = Person.objects.create(
        full_name="Đặng Thị Mai", gender="female", birth_year=1985, unit=OrgUnit.objects.get(code="CTH.X.PHUHUU")
    )
    (row,), errors = analyse(HEADERS, [line(name="Chị Đặng Thị Mai", birth_year=1985, year=2021)])
    assert (errors, row["status"], codes[row["unit_id"]], row["person_id"]) == ([], "new", "HG.CT.PH", now.pk)
    # a person's current unit, by its name of today, in a row of 2021: read (it is where the person works now)
    (row,), errors = analyse(HEADERS, [line(name="Lê Văn Nay", unit="UBND xã Châu Thành", year=2021)])
    assert (errors, row["status"], codes[row["unit_id"]], row["errors"]) == ([], "new", "CTH.X.CHAUTHANH", [])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values,message",
    [
        ({"decision_date": "31/02/2021"}, "Ngày quyết định “31/02/2021” không đúng dạng ngày/tháng/năm."),
        (
            {"award": "Lao động tiên tiến xuất sắc"},
            "Mã khen thưởng “Lao động tiên tiến xuất sắc” không có trong danh mục.",
        ),
        ({"award": "Tập thể lao động tiên tiến"}, "Tập thể lao động tiên tiến không dành cho cá nhân."),
        (
            {"kind": "Khen thưởng tổ chức"},
            "Đối tượng “Khen thưởng tổ chức” không hợp lệ (Cá nhân, Tập thể, Hộ gia đình).",
        ),
        ({"award_type": "Thường niên"}, "Loại hình “Thường niên” không hợp lệ."),
        ({"unit": "UBND xã Không Có"}, "Không tìm thấy đơn vị “UBND xã Không Có”."),
    ],
)
def test_a_value_that_cannot_be_read_is_refused_with_a_vietnamese_message(world, values, message):
    (row,), errors = analyse(HEADERS, [line(**values)])
    assert (errors, row["status"], row["errors"]) == ([], "error", [message])


@pytest.mark.django_db
def test_a_unit_name_two_units_bear_lists_both_and_writes_nothing(world):
    rows = [line(unit="Phòng Nội vụ"), line(unit="Sở Nội vụ")]
    OrgUnit.objects.create(
        code="HG.PH.PNV", name="Phòng Nội vụ huyện Phụng Hiệp", short_name="Phòng Nội vụ", kind="division"
    )
    history_import = history_import_create(upload=upload(rows), by=world.user("staff"))
    assert history_import.status == HistoryImport.Status.INVALID
    assert history_import.rows[0]["errors"] == [
        "Đơn vị “Phòng Nội vụ” có thể là: Phòng Nội vụ huyện Châu Thành (HG.CT.PNV); "
        "Phòng Nội vụ huyện Phụng Hiệp (HG.PH.PNV); hãy ghi mã đơn vị."
    ]
    assert history_import.rows[1]["errors"] == []
    assert AwardRecord.objects.count() == 0
