"""The value readers, each at its boundaries: what it reads, what it refuses, with which message."""

from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from thiduakt.models import OrgUnit
from thiduakt.readers import (
    Catalogue,
    UnitIndex,
    UnitNotFound,
    name_key,
    parse_date,
    parse_decimal,
    parse_year,
    read_choice,
    split_honorific,
)

# ---------------------------------------------------------------------------
# Dates, years, numbers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,expected",
    [
        ("12/08/2021", date(2021, 8, 12)),
        ("2/8/2021", date(2021, 8, 2)),
        ("12.08.2021", date(2021, 8, 12)),
        ("12-08-2021", date(2021, 8, 12)),
        ("ngày 12 tháng 8 năm 2021", date(2021, 8, 12)),
        ("Ngày  12  tháng  08  năm  2021", date(2021, 8, 12)),
        ("NGÀY 12 THÁNG 8 NĂM 2021", date(2021, 8, 12)),
        ("ngay 12 thang 8 nam 2021", date(2021, 8, 12)),
        ("12 tháng 8 năm 2021", date(2021, 8, 12)),
        ("29/02/2024", date(2024, 2, 29)),
        (datetime(2021, 8, 12, 7, 30), date(2021, 8, 12)),
        (date(2021, 8, 12), date(2021, 8, 12)),
        (44420, date(2021, 8, 12)),  # a date cell that lost its format
        (61, date(1900, 3, 1)),
        ("", None),
        (None, None),
    ],
)
def test_parse_date_reads_every_form_real_files_hold(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value,message",
    [
        ("31/02/2021", "Ngày “31/02/2021” không có trong lịch."),
        ("29/02/2023", "Ngày “29/02/2023” không có trong lịch."),
        ("ngày 32 tháng 1 năm 2021", "Ngày “ngày 32 tháng 1 năm 2021” không có trong lịch."),
        ("12/2021", "“12/2021” không phải là ngày; hãy ghi ngày/tháng/năm, ví dụ 05/06/2024."),
        ("12/08.2021", "“12/08.2021” không phải là ngày; hãy ghi ngày/tháng/năm, ví dụ 05/06/2024."),
        (60, "“60” không phải là ngày; hãy ghi ngày/tháng/năm, ví dụ 05/06/2024."),
    ],
)
def test_parse_date_refuses_a_day_not_in_the_calendar_naming_the_value(value, message):
    with pytest.raises(ValueError) as err:
        parse_date(value)
    assert str(err.value) == message


@pytest.mark.parametrize(
    "value,expected",
    [
        ("15/03/1972", 1972),
        ("15.03.1972", 1972),
        ("1972", 1972),
        (1972, 1972),
        (1972.0, 1972),
        (date(1972, 3, 15), 1972),
        ("ngày 15 tháng 3 năm 1972", 1972),
        ("", None),
    ],
)
def test_parse_year_reads_a_year_or_the_year_of_a_full_birth_date(value, expected):
    assert parse_year(value) == expected


@pytest.mark.parametrize("value", ["26373", 26373, "72", "31/02/1972", 1972.5])
def test_parse_year_refuses_what_is_not_a_year(value):
    with pytest.raises(ValueError) as err:
        parse_year(value)
    assert str(err.value).startswith(f"“{value}” không phải là năm;")


@pytest.mark.parametrize(
    "value,expected",
    [("72,5", "72.5"), ("72.5", "72.5"), ("1.234,5", "1234.5"), ("1,234.5", "1234.5"), ("1.234", "1234"), (7, "7")],
)
def test_parse_decimal_reads_a_comma_or_a_dot(value, expected):
    assert parse_decimal(value) == Decimal(expected)


# ---------------------------------------------------------------------------
# Honorifics
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written,expected",
    [
        ("Bà Huỳnh Thị Hạnh", ("Huỳnh Thị Hạnh", "female")),
        ("bà  Huỳnh Thị Hạnh", ("Huỳnh Thị Hạnh", "female")),
        ("BÀ HUỲNH THỊ HẠNH", ("HUỲNH THỊ HẠNH", "female")),
        ("Ba Huynh Thi Hanh", ("Huynh Thi Hanh", "female")),
        ("Ông Nguyễn Văn An", ("Nguyễn Văn An", "male")),
        ("Ong Nguyen Van An", ("Nguyen Van An", "male")),
        ("Anh Lê Văn Tư", ("Lê Văn Tư", "male")),
        ("Chị Phạm Thị Năm", ("Phạm Thị Năm", "female")),
        ("Cô Trần Thị Lan", ("Trần Thị Lan", "female")),
        ("Thầy Võ Văn Sáu", ("Võ Văn Sáu", "male")),
        ("Đồng chí Trần Văn Bảy", ("Trần Văn Bảy", None)),
        ("đồng chí: Trần Văn Bảy", ("Trần Văn Bảy", None)),
        ("Dong chi Tran Van Bay", ("Tran Van Bay", None)),
        ("Đ/c Trần Văn Bảy", ("Trần Văn Bảy", None)),
        ("Đ/C Trần Văn Bảy", ("Trần Văn Bảy", None)),
        ("đ.c Trần Văn Bảy", ("Trần Văn Bảy", None)),
    ],
)
def test_split_honorific_cuts_a_leading_honorific_and_tells_the_gender(written, expected):
    assert split_honorific(written) == expected


@pytest.mark.parametrize(
    "written",
    [
        "Bàng Văn A",  # starts with the letters of "Bà", is a name
        "Ôngg Văn A",
        "Bá Văn A",  # other marks: a name, not "Ba" written without them
        "Cổ Văn A",
        "Chiêm Thị B",
        "Anhthư Nguyễn",
        "Huỳnh Thị Bà",  # not at the start
        "Bà",  # nothing follows: nothing to cut
        "Em Nguyễn Văn A",  # not a honorific we cut
        "",
    ],
)
def test_split_honorific_leaves_a_name_that_merely_starts_with_those_letters(written):
    assert split_honorific(written) == (written, None)


# ---------------------------------------------------------------------------
# Choices by their words
# ---------------------------------------------------------------------------

KINDS = {"": "individual", "ca nhan": "individual", "tap the": "collective", "ho gia dinh": "household"}


@pytest.mark.parametrize(
    "value,expected",
    [
        ("Cá nhân", "individual"),
        ("Khen thưởng cá nhân", "individual"),
        ("KHEN THƯỞNG CÁ NHÂN", "individual"),
        ("khen thuong  ca nhan", "individual"),
        ("Tập thể", "collective"),
        ("Khen thưởng tập thể", "collective"),
        ("Hộ gia đình", "household"),
        ("", "individual"),
        (None, "individual"),
        ("Cá nhân khác", None),
        ("Khen thưởng", None),
    ],
)
def test_read_choice_reads_the_vietnamese_words_with_or_without_the_prefix(value, expected):
    assert read_choice(value, KINDS, prefixes=("khen thuong",)) == expected


def test_name_key_writes_abbreviations_out_and_drops_punctuation():
    assert name_key("UBND TP.Vị Thanh") == "uy ban nhan dan thanh pho vi thanh"
    assert name_key("Ủy ban nhân dân thành phố Vị Thanh") == "uy ban nhan dan thanh pho vi thanh"
    assert name_key("UBND H. Châu Thành") == "uy ban nhan dan huyen chau thanh"
    assert name_key("X. Phú Hữu") == "xa phu huu"
    assert name_key("TT. Ngã Sáu") == "thi tran nga sau"
    assert name_key("P. Lái Hiếu") == "phuong lai hieu"
    assert name_key("Sở KH&CN") == "so kh cn"
    assert name_key("Hộ ông Hạnh") == "ho ong hanh"  # "H." only with its dot


# ---------------------------------------------------------------------------
# A catalogue by code, name and alias
# ---------------------------------------------------------------------------


def award(code, name, *aliases):
    return SimpleNamespace(code=code, name=name, aliases=list(aliases))


AWARDS = [
    award("LDTT", "Lao động tiên tiến"),
    award("CSTDCS", "Chiến sĩ thi đua cơ sở", "Chiến sỹ thi đua cơ sở"),
    award("BKT", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "Bằng khen của Chủ tịch Ủy ban nhân dân thành phố"),
    award("GK", "Giấy khen", "Bằng khen cấp cơ sở"),
    award("GK2", "Giấy khen đơn vị", "Bằng khen cấp cơ sở"),
]
CATALOGUE = Catalogue(AWARDS, code=lambda a: a.code, names=lambda a: [a.name, *a.aliases], label=lambda a: a.name)


@pytest.mark.parametrize(
    "text,code",
    [
        ("LDTT", "LDTT"),
        ("ldtt", "LDTT"),
        ("LĐTT", "LDTT"),
        ("CSTĐCS", "CSTDCS"),
        ("Lao động tiên tiến", "LDTT"),
        ("LAO ĐỘNG TIÊN TIẾN", "LDTT"),
        ("lao dong tien tien", "LDTT"),
        ("Danh hiệu Lao động tiên tiến", "LDTT"),
        ("Chiến sỹ thi đua cơ sở", "CSTDCS"),
        ("Bằng khen của Chủ tịch UBND tỉnh", "BKT"),
        ("Bằng khen Chủ tịch UBND tỉnh", "BKT"),
        ("Bằng khen của Chủ tịch UBND TP.", "BKT"),
    ],
)
def test_catalogue_finds_by_code_name_or_alias(text, code):
    assert CATALOGUE.find(text).code == code


@pytest.mark.parametrize("text", ["", "KHONGCO", "Lao động", "Bằng khen"])
def test_catalogue_finds_nothing_for_an_unknown_name(text):
    assert CATALOGUE.find(text) is None


def test_catalogue_refuses_a_name_two_entries_share_listing_them():
    with pytest.raises(ValueError) as err:
        CATALOGUE.find("Bằng khen cấp cơ sở")
    assert str(err.value) == "“Bằng khen cấp cơ sở” trùng tên với: Giấy khen; Giấy khen đơn vị; hãy ghi mã."


# ---------------------------------------------------------------------------
# Units by name, abbreviation and former name, on the row's date
# ---------------------------------------------------------------------------

END_2025 = date(2025, 6, 30)
START_2025 = date(2025, 7, 1)


def unit(pk, code, name, short_name="", valid_from=None, valid_to=None, merged_into=None):
    return OrgUnit(
        pk=pk,
        code=code,
        name=name,
        short_name=short_name,
        valid_from=valid_from,
        valid_to=valid_to,
        merged_into_id=merged_into,
    )


UNITS = [
    unit(1, "HG.CT", "Ủy ban nhân dân huyện Châu Thành", "H. Châu Thành", valid_to=END_2025),
    unit(2, "HG.CT.PH", "Ủy ban nhân dân xã Phú Hữu", "Xã Phú Hữu", valid_to=END_2025),
    unit(3, "HG.CT.DP", "Ủy ban nhân dân xã Đông Phú", "Xã Đông Phú", valid_to=END_2025, merged_into=5),
    unit(4, "CTH.X.PHUHUU", "Ủy ban nhân dân xã Phú Hữu", "Xã Phú Hữu", valid_from=START_2025),
    unit(5, "CTH.X.CHAUTHANH", "Ủy ban nhân dân xã Châu Thành", "Xã Châu Thành", valid_from=START_2025),
    unit(6, "CTH.X.DONGPHUOC", "Ủy ban nhân dân xã Đông Phước", "Xã Đông Phước", valid_from=START_2025),
    unit(7, "HG.VT", "Ủy ban nhân dân thành phố Vị Thanh", "TP. Vị Thanh"),
    unit(8, "HG.SNV.PNV", "Phòng Nội vụ huyện Châu Thành", "Phòng Nội vụ"),
    unit(9, "HG.PH.PNV", "Phòng Nội vụ huyện Phụng Hiệp", "Phòng Nội vụ"),
    unit(10, "HG.X", "Ủy ban nhân dân xã Xưa", valid_to=date(2020, 12, 31)),
]
SUCCESSIONS = [
    (2, 4, START_2025),
    (3, 5, START_2025),
    (1, 5, START_2025),  # a district split over two communes, without a seat
    (1, 6, START_2025),
]
INDEX = UnitIndex(UNITS, SUCCESSIONS)


@pytest.mark.parametrize(
    "text,day,code",
    [
        ("HG.VT", date(2023, 1, 1), "HG.VT"),
        ("hg.vt", date(2023, 1, 1), "HG.VT"),
        ("UBND TP. Vị Thanh", date(2023, 1, 1), "HG.VT"),
        ("UBND TP.Vị Thanh", date(2023, 1, 1), "HG.VT"),
        ("Ủy ban nhân dân thành phố Vị Thanh", date(2023, 1, 1), "HG.VT"),
        ("thành phố Vị Thanh", date(2023, 1, 1), "HG.VT"),
        ("TP. Vị Thanh", date(2023, 1, 1), "HG.VT"),
        ("uy ban nhan dan thanh pho vi thanh", date(2023, 1, 1), "HG.VT"),
        # one name, two units: the old one before 01/07/2025, the new one from then on
        ("UBND xã Phú Hữu", date(2021, 8, 12), "HG.CT.PH"),
        ("UBND xã Phú Hữu", END_2025, "HG.CT.PH"),
        ("UBND xã Phú Hữu", START_2025, "CTH.X.PHUHUU"),
        ("X. Phú Hữu", date(2026, 1, 5), "CTH.X.PHUHUU"),
        # a former name after its end: the unit that carries it on (its seat)
        ("UBND xã Đông Phú", date(2024, 12, 31), "HG.CT.DP"),
        ("UBND xã Đông Phú", date(2025, 12, 31), "CTH.X.CHAUTHANH"),
        ("UBND H. Châu Thành", date(2024, 5, 1), "HG.CT"),
        # no unit of that name on the day: the one that bears it (a person's current unit, an old row)
        ("UBND xã Châu Thành", date(2021, 8, 12), "CTH.X.CHAUTHANH"),
        ("UBND xã Xưa", date(2023, 1, 1), "HG.X"),
    ],
)
def test_unit_index_resolves_names_abbreviations_and_former_names_on_the_rows_date(text, day, code):
    assert INDEX.resolve(text, day).code == code


@pytest.mark.parametrize(
    "text,day,message",
    [
        ("UBND xã Không Có", date(2023, 1, 1), "Không tìm thấy đơn vị “UBND xã Không Có”."),
        ("", date(2023, 1, 1), "Không tìm thấy đơn vị “”."),
    ],
)
def test_unit_index_says_when_no_unit_bears_the_name(text, day, message):
    with pytest.raises(UnitNotFound) as err:
        INDEX.resolve(text, day)
    assert str(err.value) == message


@pytest.mark.parametrize(
    "text,day,message",
    [
        (
            "Phòng Nội vụ",
            date(2023, 1, 1),
            "Đơn vị “Phòng Nội vụ” có thể là: Phòng Nội vụ huyện Châu Thành (HG.SNV.PNV); "
            "Phòng Nội vụ huyện Phụng Hiệp (HG.PH.PNV); hãy ghi mã đơn vị.",
        ),
        (
            "UBND huyện Châu Thành",  # split over two communes, no seat: the user chooses
            date(2025, 12, 31),
            "Đơn vị “UBND huyện Châu Thành” có thể là: Ủy ban nhân dân xã Châu Thành (CTH.X.CHAUTHANH); "
            "Ủy ban nhân dân xã Đông Phước (CTH.X.DONGPHUOC); hãy ghi mã đơn vị.",
        ),
    ],
)
def test_unit_index_refuses_what_it_cannot_tell_listing_the_candidates(text, day, message):
    with pytest.raises(ValueError) as err:
        INDEX.resolve(text, day)
    assert not isinstance(err.value, UnitNotFound)
    assert str(err.value) == message


@pytest.mark.django_db
def test_unit_index_load_reads_the_names_once_until_a_unit_is_written(world, django_assert_num_queries):
    with django_assert_num_queries(3):  # the names and the successions (kept), the units
        UnitIndex.load()
    with django_assert_num_queries(1):  # the units alone: what their names are read as is kept
        index = UnitIndex.load()
    assert index.resolve("UBND xã Phú Hữu", date(2023, 1, 1)) == world.unit("HG.CT.PH")
    assert index.resolve("H. Châu Thành", date(2023, 1, 1)) == world.chau_thanh

    OrgUnit.objects.filter(pk=world.chau_thanh.pk).update(short_name="Huyện Châu Thành Mới")  # no signal
    with django_assert_num_queries(3):
        index = UnitIndex.load()
    assert index.resolve("Huyện Châu Thành Mới", date(2023, 1, 1)) == world.chau_thanh
