"""The five Ministry forms 0601.N–0605.N (TT 02/2023/TT-BNV) from known data: every cell of chosen rows and columns,
the header and signature blocks, the period boundary, the workbook's merged header and numeric cells, the PDF text."""

import re
from datetime import date, datetime

import pytest
from django.utils import timezone

from awards.models import Award, AwardType
from awards.tests.factories import DossierFactory, NominationFactory, award
from campaigns.models import Campaign
from reports import services
from reports.forms import StatisticsForm
from reports.kinds import no_progress
from reports.statistics import counting
from reports.statistics.builder import build_annual_statistics, default_period, statistics_period
from reports.statistics.forms_tt02 import CIRCULAR_LINE, PLACE_DATE_LINE, RECEIPT_LINES
from reports.tests.factories import (
    DecidedRecordFactory,
    LaunchedCampaignFactory,
    catalogue_award,
    cluster_year_with_agreement,
)
from reports.tests.helpers import pdf_text, run_jobs, xlsx_book
from thiduakt import demo
from thiduakt.models import OrgUnit, Person, User
from thiduakt.tests.factories import PersonFactory, StaffFactory

pytestmark = pytest.mark.django_db

P, C, U = Campaign.Launcher, Campaign.Kind, OrgUnit.Kind


@pytest.fixture
def known(world):
    """Campaigns, a cluster year, awards decided around the 2024 period (01/12/2023 – 30/11/2024), TĐKT staff."""
    person = {p.full_name: p for p in Person.objects.all()}
    quyen = Person.objects.create(
        full_name="Trương Thị Quyên", gender=Person.Gender.FEMALE, unit=world.unit("HG.CT.NS"), is_business_person=True
    )

    # 0601: counted by the launch date (document date, else the day marked launched, else the start).
    def campaign(name, launcher, kind, start, end, document_date=None, **extra):
        return LaunchedCampaignFactory(
            name=name,
            launcher=launcher,
            kind=kind,
            start_date=start,
            end_date=end,
            document_date=document_date,
            **extra,
        )

    campaign(
        "Thi đua yêu nước 2024", P.PROVINCIAL_CHAIR, C.REGULAR, date(2024, 1, 1), date(2024, 12, 31), date(2024, 1, 10)
    )
    campaign("Cả nước chung tay", P.PRIME_MINISTER, C.THEMATIC, date(2024, 3, 1), date(2025, 12, 31), date(2024, 3, 1))
    campaign(
        "Cao điểm mùa khô",
        P.UNIT,
        C.PEAK,
        date(2024, 3, 1),
        date(2024, 4, 30),
        launcher_unit=world.chau_thanh,
        document_number="",
    )
    campaign("Năm năm chuyển đổi số", P.MINISTRY, C.REGULAR, date(2024, 1, 1), date(2028, 12, 31), date(2023, 12, 1))
    campaign(
        "Chung sức phòng, chống thiên tai",
        P.PROVINCIAL_COMMITTEE,
        C.SUDDEN,
        date(2024, 6, 1),
        None,
        document_number="",
        launched_at=timezone.make_aware(datetime(2024, 6, 15, 10, 0)),
    )
    campaign(
        "Xây dựng nông thôn mới 2024–2027",
        P.PROVINCIAL_CHAIR,
        C.THEMATIC,
        date(2024, 2, 1),
        date(2027, 1, 31),
        date(2024, 2, 1),
    )
    # Not in the 2024 period: a draft, a launch on 30/11/2023 and one on 01/12/2024.
    campaign(
        "Dự thảo", P.PROVINCIAL_CHAIR, C.REGULAR, date(2024, 1, 1), None, date(2024, 1, 5), status=Campaign.Status.DRAFT
    )
    campaign(
        "Phát động năm trước", P.PROVINCIAL_CHAIR, C.REGULAR, date(2023, 12, 1), date(2024, 11, 30), date(2023, 11, 30)
    )
    campaign(
        "Phát động kỳ sau", P.PROVINCIAL_CHAIR, C.REGULAR, date(2024, 12, 1), date(2025, 11, 30), date(2024, 12, 1)
    )
    # The clusters' yearly emulation: 2024 signed on 20/02/2024 (counted), 2025 without agreement (01/01/2025).
    cluster_year_with_agreement(year=2024, signed_on=date(2024, 2, 20), members=[world.chau_thanh, world.nga_bay])
    cluster_year_with_agreement(year=2025, signed_on=None, members=[world.chau_thanh])

    # 0603: provincial awards. A Kỷ niệm chương the reference catalogue lacks.
    catalogue_award("KNCHG", "Kỷ niệm chương Vì sự nghiệp phát triển tỉnh Hậu Giang", Award.Level.PROVINCE)
    record = DecidedRecordFactory
    record(person=person["Nguyễn Văn Bình"], decision_date=date(2024, 1, 20))  # leader (department rank)
    record(person=person["Huỳnh Thị Hạnh"], award_type=AwardType.SUDDEN, decision_date=date(2024, 11, 30))  # last day
    record(person=person["Ngô Thị Kim"], decision_date=date(2024, 12, 1))  # the next period
    record(person=quyen, year=2023, decision_date=date(2023, 12, 1))  # a 2023 achievement decided in the period
    record(unit=world.unit("HG.CT.PNV"), award_type=AwardType.CAMPAIGN)
    household = NominationFactory(
        dossier=DossierFactory(unit=world.chau_thanh, year=2024),
        nominee_kind="household",
        person=None,
        household_name="Hộ ông Lý Văn Sáu",
        award=award("BKT"),
    )
    record(household_name="Hộ ông Lý Văn Sáu", nomination=household)
    record(person=person["Trần Thị Anh"], award_type=AwardType.FOREIGN, decision_date=date(2024, 6, 1))  # no category
    record(person=person["Võ Văn Đức"], award=award("CSTDT"), decision_date=date(2024, 4, 1))  # direct worker
    record(unit=world.unit("HG.DHG"), award=award("CTDT"), decision_date=date(2024, 4, 1))  # an enterprise
    record(unit=world.unit("HG.CT.MD"), award=award("TTLDXS"), decision_date=date(2024, 4, 1))  # no column on 0603
    record(
        person=person["Lê Minh Châu"], award=award("KNCHG"), award_type=AwardType.CAREER, decision_date=date(2024, 9, 2)
    )
    record(person=person["Tạ Thị Oanh"], decision_date=None, year=2024)  # no decision date: in no period

    # 0602: central awards. A State honour title the reference catalogue lacks.
    catalogue_award("AHLD", "Anh hùng Lao động", Award.Level.CENTRAL, central_level=True)
    record(unit=world.chau_thanh, award=award("HCLD3"), decision_date=date(2024, 8, 15))
    record(
        person=person["Ngô Thị Kim"], award=award("HCLD3"), award_type=AwardType.CAREER, decision_date=date(2024, 8, 15)
    )
    record(person=person["Võ Văn Đức"], award=award("BKTTG"), decision_date=date(2024, 2, 1))
    record(
        household_name="Hộ bà Trần Thị Bảy",
        award=award("BKTTG"),
        award_type=AwardType.CAMPAIGN,
        decision_date=date(2024, 2, 1),
    )
    record(unit=world.unit("HG.DHG"), award=award("CTDCP"), decision_date=date(2024, 10, 10))
    record(person=person["Phạm Thị Diễm"], award=award("CSTDTQ"), decision_date=date(2024, 10, 10))
    record(person=person["Mai Văn Phúc"], award=award("AHLD"), decision_date=date(2024, 7, 1))
    record(person=person["Triệu Đức Hạnh"], award=award("HCLD3"), decision_date=date(2023, 11, 30))  # before the period

    # 0604/0605: the Ban TĐKT with the staff and a phòng under it with its own staff; the people of both.
    # (The demo's staff and people are put in the Ban here, wherever the demo's reorganisation moved them.)
    ban = world.unit("HG.SNV.TDKT")
    User.objects.filter(is_department_staff=True).update(unit=ban)
    Person.objects.filter(unit=ban).update(unit=ban.parent)
    PersonFactory(full_name="Mạc Thị Lan", gender=Person.Gender.FEMALE, birth_year=1988, unit=ban)  # 36
    phong = OrgUnit.objects.create(code="HG.SNV.TDKT.NV", name="Phòng Nghiệp vụ thi đua", kind=U.DIVISION, parent=ban)
    StaffFactory(unit=phong)
    StaffFactory(
        unit=OrgUnit.objects.create(code="HG.SNV.VP", name="Văn phòng Sở", kind=U.DIVISION, parent=ban.parent),
        is_active=False,
    )
    PersonFactory(full_name="Đoàn Thị Thu", gender=Person.Gender.FEMALE, birth_year=1994, unit=phong)  # 30 in 2024
    PersonFactory(full_name="Lý Văn Tám", gender=Person.Gender.MALE, birth_year=1963, unit=phong)  # 61
    PersonFactory(full_name="Hà Văn Chín", gender=Person.Gender.MALE, birth_year=None, unit=phong)  # age unknown
    return world


def build(params=None, unit=None):
    data = build_annual_statistics({"year": 2024, **(params or {})}, unit, no_progress)
    return {form.number: form for form in data.extra["forms"]}


def figures(form, code):
    return form.row(code)[form.text_columns :]


def column(form, key):
    """The figures of the column ``key`` over every row, by the row's code (headings left out)."""
    at = next(i for i, leaf in enumerate(form.leaves) if leaf.key == key)
    code_at = 1
    return {cells[code_at]: cells[at] for _style, cells in form.body if cells[code_at]}


# ---------------------------------------------------------------------------
# 0601.N
# ---------------------------------------------------------------------------


def test_0601_campaigns_launched_in_the_period_by_level_scope_duration_and_method(known):
    form = build()["0601.N"]

    assert [leaf.key for leaf in form.leaves][2:] == ["total", "central", "ministry_province", "unit"]
    assert {code: figures(form, code) for code in [f"{n:02d}" for n in range(1, 13)]} == {
        "01": [7, 1, 5, 1],
        "02": [1, 1, 0, 0],
        "03": [4, 0, 4, 0],
        "04": [1, 0, 1, 0],  # the cluster year signed on 20/02/2024
        "05": [1, 0, 0, 1],
        "06": [1, 0, 0, 1],  # 2 months
        "07": [2, 0, 2, 0],  # 01/01–31/12 and the cluster year
        "08": [1, 1, 0, 0],  # 22 months
        "09": [1, 0, 1, 0],  # 36 months
        "10": [2, 0, 2, 0],  # 60 months, and the open-ended one
        "11": [4, 1, 2, 1],
        "12": [3, 0, 3, 0],
    }
    for heading in (
        "1. Chia theo phạm vi tổ chức thi đua",
        "2. Chia theo thời hạn thi đua",
        "3. Chia theo phương thức tổ chức phong trào thi đua",
    ):
        assert form.row(heading)[1:] == ["", None, None, None, None]
    assert [cells[0] for _s, cells in form.body] == [
        "Tổng số",
        "1. Chia theo phạm vi tổ chức thi đua",
        "- Toàn quốc",
        "- Bộ, ban, ngành đoàn thể, địa phương",
        "- Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng các cấp tổ chức",
        "- Cơ quan, tổ chức, đơn vị",
        "2. Chia theo thời hạn thi đua",
        "- Dưới 1 năm",
        "- 1 năm",
        "- Từ 1 năm đến dưới 3 năm",
        "- Từ 3 năm đến dưới 5 năm",
        "- Từ 5 năm trở lên",
        "3. Chia theo phương thức tổ chức phong trào thi đua",
        "- Thi đua theo chuyên đề",
        "- Thi đua thường xuyên hàng năm",
    ]
    assert [[(c.text, c.rowspan, c.colspan) for c in line] for line in form.header] == [
        [
            ("", 2, 1),
            ("Mã số", 2, 1),
            ("Tổng số", 2, 1),
            ("Số phong trào thi đua chia theo cấp chủ trì phát động thi đua", 1, 3),
        ],
        [
            ("Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)", 1, 1),
            ("Cấp bộ, ban ngành đoàn thể trung ương, tỉnh, thành phố trực thuộc Trung ương", 1, 1),
            ("Cơ quan, tổ chức, đơn vị", 1, 1),
        ],
        [("A", 1, 1), ("B", 1, 1), ("1=(2+3+4)", 1, 1), ("2", 1, 1), ("3", 1, 1), ("4", 1, 1)],
    ]
    assert form.unit_line == "Đơn vị tính: Phong trào"


def test_0601_unit_report_counts_what_the_unit_launched_hosted_or_joined(known):
    form = build(unit=known.chau_thanh)["0601.N"]

    # The campaign Châu Thành launched, and the cluster it is a member of.
    expected = [2, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1]
    assert column(form, "total") == {f"{n:02d}": v for n, v in zip(range(1, 13), expected, strict=True)}


@pytest.mark.parametrize(
    ("start", "end", "row"),
    [
        (date(2024, 1, 1), date(2024, 11, 15), 0),  # 10.5 months
        (date(2024, 1, 15), date(2024, 12, 31), 1),  # 11.5 months: a year
        (date(2024, 1, 1), date(2024, 12, 31), 1),
        (date(2024, 1, 1), date(2025, 1, 31), 2),  # 13 months
        (date(2024, 1, 1), date(2026, 12, 15), 3),  # 35.5 months: 3 years
        (date(2024, 1, 1), date(2028, 12, 10), 3),  # 59.3 months
        (date(2024, 1, 1), date(2028, 12, 31), 4),
        (date(2024, 1, 1), None, 4),
    ],
)
def test_0601_duration_rows(start, end, row):
    assert counting.duration_row(start, end) == row


# ---------------------------------------------------------------------------
# 0602.N
# ---------------------------------------------------------------------------

CENTRAL_KEYS = [
    "total",
    "Huân chương Lao động hạng Ba:tt",
    "Huân chương Lao động hạng Ba:cn",
    "ho_chi_minh_prize:cn",
    "state_prize:cn",
    "Anh hùng Lao động:tt",
    "Anh hùng Lao động:cn",
    "government_flag:tt",
    "Bằng khen của Thủ tướng Chính phủ:tt",
    "Bằng khen của Thủ tướng Chính phủ:cn",
    "national_fighter:cn",
    ":tt",
    ":cn",
]


def test_0602_state_awards_decided_in_the_period(known):
    form = build()["0602.N"]

    assert [leaf.key for leaf in form.leaves][3:] == CENTRAL_KEYS
    assert figures(form, "1") == [7, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0]
    assert figures(form, "2") == [0] * 13  # a province submits as a province
    assert figures(form, "3") == figures(form, "1")
    assert figures(form, "6") == [2, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    assert figures(form, "7") == [1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    assert figures(form, "8") == [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]  # a household under "Tập thể"
    assert figures(form, "9") == [4, 0, 1, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0]
    assert figures(form, "21") == [None] * 13  # "Kháng chiến": no such award type in our data
    assert column(form, "total") == {
        "1": 7,
        "2": 0,
        "3": 7,
        "6": 2,
        "7": 1,
        "8": 1,
        "9": 4,
        "10": 0,
        "11": 1,  # Ngô Thị Kim's order
        "12": 0,
        "13": 0,
        "14": 1,  # Võ Văn Đức
        "15": 5,
        "16": 1,
        "17": 0,
        "18": 0,
        "19": 1,
        "20": 0,
        "21": None,
    }
    assert [(cells[1], cells[2]) for _s, cells in form.body if cells[1]][:10] == [
        ("1", ""),
        ("2", "Bộ, ngành"),
        ("3", "Tỉnh,TP"),
        ("6", "Tập thể"),
        ("7", "Doanh nghiệp"),
        ("8", "Hộ"),
        ("9", "Người"),
        ("10", "Người"),
        ("11", "Người"),
        ("12", "Người"),
    ]
    header = [[(c.text, c.rowspan, c.colspan) for c in line] for line in form.header]
    assert header[0] == [("", 4, 1), ("Mã số", 4, 1), ("Đơn vị tính", 4, 1), ("Tổng số", 4, 1), ("Chia ra", 1, 12)]
    assert header[1] == [
        ("Các loại huân chương, huy chương", 1, 2),
        ("Giải thưởng Hồ Chí Minh", 2, 1),
        ("Giải thưởng Nhà nước", 2, 1),
        ("Danh hiệu vinh dự nhà nước", 1, 2),
        ("Cờ thi đua của Chính phủ", 2, 1),
        ("Bằng khen của Thủ tướng Chính phủ", 2, 2),
        ("Chiến sĩ thi đua Toàn quốc", 2, 1),
        ("Các hình thức khen thưởng khác", 1, 2),
    ]
    assert header[2] == [("Huân chương Lao động hạng Ba", 1, 2), ("Anh hùng Lao động", 1, 2), ("", 1, 2)]
    tt, cn = "Tập thể", "Cá nhân"
    assert [c[0] for c in header[3]] == [tt, cn, cn, cn, tt, cn, tt, tt, cn, cn, tt, cn]
    assert [(c.text, c.colspan) for c in form.header[4]] == [
        ("A", 1),
        ("B", 1),
        ("C", 1),
        ("1", 1),
        ("2", 2),
        ("3", 1),
        ("4", 1),
        ("5", 2),
        ("6", 1),
        ("7", 2),
        ("8", 1),
        ("9", 2),
    ]


# ---------------------------------------------------------------------------
# 0603.N
# ---------------------------------------------------------------------------


def test_0603_provincial_awards_by_recipient_and_type(known):
    form = build()["0603.N"]

    assert [leaf.key for leaf in form.leaves][3:] == ["total", "certificate", "fighter", "flag", "badge"]
    assert {code: figures(form, code) for code in [f"{n:02d}" for n in range(1, 18)]} == {
        "01": [9, 6, 1, 1, 1],
        "02": [2, 1, 0, 1, 0],
        "03": [1, 0, 0, 1, 0],
        "04": [1, 1, 0, 0, 0],
        "05": [6, 4, 1, 0, 1],
        "06": [0, 0, 0, 0, 0],
        "07": [1, 1, 0, 0, 0],  # Bình
        "08": [1, 1, 0, 0, 0],  # Quyên: decided 01/12/2023 for her 2023 achievement
        "09": [1, 0, 0, 0, 1],  # Châu's Kỷ niệm chương
        "10": [2, 1, 1, 0, 0],  # Hạnh (decided 30/11/2024) and Đức
        "11": [5, 3, 1, 1, 0],
        "12": [1, 1, 0, 0, 0],
        "13": [1, 1, 0, 0, 0],
        "14": [1, 1, 0, 0, 0],  # Trần Thị Anh: an individual in none of the rows 06–10
        "15": [1, 0, 0, 0, 1],
        "16": [0, 0, 0, 0, 0],
        "17": [None] * 5,
    }
    assert form.title == (
        "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG"
    )
    labels = [cells[0] for _s, cells in form.body]
    assert labels[1] == "1. Chia theo đối tượng khen thưởng" and labels[11] == "2. Chia theo phương thức khen thưởng"
    assert [c.text for c in form.header[-1]] == ["A", "B", "C", "1", "2", "3", "4", "5"]


def test_0603_period_boundary_is_the_decision_date_not_the_achievement_year(known):
    next_year = build({"year": 2025})["0603.N"]
    # Kim's Bằng khen decided on 01/12/2024 opens the 2025 period; Hạnh's of 30/11/2024 closed 2024's.
    assert figures(next_year, "01") == [1, 1, 0, 0, 0]
    assert figures(next_year, "07") == [1, 1, 0, 0, 0]
    assert figures(build({"year": 2023})["0603.N"], "01") == [0, 0, 0, 0, 0]  # Quyên's 2023 award is 2024's


def test_0603_unit_report_counts_its_subtree_only(known):
    form = build(unit=known.chau_thanh)["0603.N"]

    # Everything but Dược Hậu Giang's flag: Bình, Hạnh, Quyên, Phòng Nội vụ, the household, Anh, Đức, Châu.
    assert figures(form, "01") == [8, 6, 1, 0, 1]
    assert figures(form, "03") == [0, 0, 0, 0, 0]


def test_custom_period_and_header_texts(known):
    forms = build(
        {
            "date_from": "2024-11-30",
            "date_to": "2024-12-01",
            "reporting_unit": "UBND tỉnh Hậu Giang",
            "receiving_unit": "Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)",
            "preparer_name": "Lâm Thị Ngọc",
            "head_title": "KT. CHỦ TỊCH - PHÓ CHỦ TỊCH",
            "head_name": "Trương Cảnh Tuyên",
        }
    )
    form = forms["0603.N"]
    assert figures(form, "01") == [2, 2, 0, 0, 0]  # Hạnh (30/11) and Kim (01/12)
    assert form.period_line == "Thời điểm báo cáo: năm 2024 (từ ngày 30/11/2024 đến ngày 01/12/2024)"
    assert (form.reporting_unit, form.receiving_unit) == (
        "UBND tỉnh Hậu Giang",
        "Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)",
    )
    assert form.signature == {
        "preparer_name": "Lâm Thị Ngọc",
        "head_title": "KT. CHỦ TỊCH - PHÓ CHỦ TỊCH",
        "head_name": "Trương Cảnh Tuyên",
    }


def test_default_header_texts_follow_the_scope(known):
    province = build()["0601.N"]
    assert (province.reporting_unit, province.receiving_unit) == ("Ủy ban nhân dân tỉnh Hậu Giang", "Bộ Nội vụ")
    assert province.signature == {"preparer_name": "", "head_title": "Thủ trưởng đơn vị", "head_name": ""}
    assert province.period_line == "Thời điểm báo cáo: năm 2024 (từ ngày 01/12/2023 đến ngày 30/11/2024)"
    district = build(unit=known.chau_thanh)["0605.N"]
    assert (district.reporting_unit, district.receiving_unit) == (
        "Ủy ban nhân dân huyện Châu Thành",
        "Sở Nội vụ tỉnh Hậu Giang",
    )
    assert district.period_line == "Năm 2024"


def test_default_units_follow_the_2025_reorganisation_by_the_end_of_the_period(world):
    demo.seed_reorganisation()  # Hậu Giang closed on 30/06/2025, thành phố Cần Thơ from 01/07/2025

    before, after = build()["0601.N"], build({"year": 2026})["0601.N"]
    assert before.reporting_unit == "Ủy ban nhân dân tỉnh Hậu Giang"
    assert after.reporting_unit == "Ủy ban nhân dân thành phố Cần Thơ"
    unit = OrgUnit.objects.filter(valid_from__gte=date(2025, 7, 1), kind=U.COMMUNE).order_by("code").first()
    assert build({"year": 2026}, unit=unit)["0601.N"].receiving_unit == "Sở Nội vụ thành phố Cần Thơ"


# ---------------------------------------------------------------------------
# 0604.N, 0605.N
# ---------------------------------------------------------------------------


def test_0604_organisations_of_the_department_staff(known):
    form = build()["0604.N"]

    assert [form.row(code)[1:] for code in ["01", "02", "03", "04", "05"]] == [
        ["01", "Tổ chức", 2],
        ["02", "Vụ", 0],
        ["03", "Phòng", 0],
        ["04", "Ban", 1],  # Ban Thi đua - Khen thưởng
        ["05", "Phòng", 1],  # Phòng Nghiệp vụ thi đua (the inactive staff member's office does not count)
    ]
    assert form.row("Chia theo cơ cấu tổ chức bộ máy")[1:] == ["", "", None]
    assert build(unit=known.chau_thanh)["0604.N"].row("01")[3] == 0


def test_0605_officials_by_sex_and_age_education_and_seniority_left_empty(known):
    form = build()["0605.N"]

    assert {code: figures(form, code) for code in [f"{n:02d}" for n in range(1, 16)]} == {
        "01": [4, 2],
        "02": [1, 1],  # 30 in 2024
        "03": [1, 1],  # Mạc Thị Lan, born 1988
        "04": [0, 0],
        "05": [0, 0],
        "06": [0, 0],
        "07": [1, 0],  # 61
        **{f"{n:02d}": [None, None] for n in range(8, 16)},  # not recorded: see docs/statistics-forms.md, Gaps
    }
    assert [cells[0] for _s, cells in form.body][-1] == "- Từ 10 năm trở lên"
    assert [[(c.text, c.rowspan, c.colspan) for c in line] for line in form.header] == [
        [("", 2, 1), ("Mã số", 2, 1), ("Số lượng (Người)", 1, 2)],
        [("Tổng số", 1, 1), ("Trong đó: Nữ", 1, 1)],
        [("A", 1, 1), ("B", 1, 1), ("1", 1, 1), ("2", 1, 1)],
    ]


# ---------------------------------------------------------------------------
# Queries, period, parameters
# ---------------------------------------------------------------------------


def test_forms_are_counted_in_a_constant_number_of_queries(known, django_assert_num_queries):
    # Campaigns, cluster years, the award catalogue, award records, the unit tree, the staff's units, officials,
    # and the province in force on 30/11/2024 with its office holders (the header's defaults).
    with django_assert_num_queries(9):
        build()
    for n in range(20):
        DecidedRecordFactory(person=PersonFactory(), decision_date=date(2024, 3, n + 1))
        LaunchedCampaignFactory(document_date=date(2024, 3, n + 1))
    with django_assert_num_queries(9):
        build()


def test_default_period_and_bad_periods():
    assert default_period(2024) == (date(2023, 12, 1), date(2024, 11, 30))
    assert statistics_period({"year": "2024"}) == (2024, date(2023, 12, 1), date(2024, 11, 30))
    with pytest.raises(ValueError, match="Ngày cuối kỳ báo cáo phải sau ngày đầu kỳ"):
        statistics_period({"year": 2024, "date_from": "2024-11-30", "date_to": "2024-11-29"})
    with pytest.raises(ValueError, match="Kỳ báo cáo dài tối đa 5 năm"):
        statistics_period({"year": 2024, "date_from": "2019-12-01", "date_to": "2024-12-01"})
    with pytest.raises(ValueError, match="Cần cả ngày đầu và ngày cuối kỳ báo cáo"):
        statistics_period({"year": 2024, "date_from": "2023-12-01"})
    with pytest.raises(ValueError, match="năm báo cáo “không phải năm” không phải là một năm"):
        statistics_period({"year": "không phải năm"})
    with pytest.raises(ValueError, match="ngày “31/02/2024” không hợp lệ"):
        statistics_period({"year": 2024, "date_from": "31/02/2024", "date_to": "2024-11-30"})


def test_form_reads_dd_mm_yyyy_and_leaves_empty_fields_out(world):
    staff = world.user("staff")
    form = StatisticsForm(
        {
            "year": 2024,
            "unit": "",
            "date_from": "01/12/2023",
            "date_to": "30/11/2024",
            "head_name": "Trương Cảnh Tuyên",
        },
        user=staff,
    )
    assert form.is_valid(), form.errors
    assert form.params() == {
        "year": 2024,
        "date_from": "2023-12-01",
        "date_to": "2024-11-30",
        "head_name": "Trương Cảnh Tuyên",
    }
    assert StatisticsForm(user=staff).fields["preparer_name"].initial == "Lâm Thị Ngọc"
    one_date = StatisticsForm({"year": 2024, "unit": "", "date_from": "01/12/2023"}, user=staff)
    assert not one_date.is_valid()
    assert one_date.errors == {"date_to": ["Nhập cả ngày đầu và ngày cuối kỳ báo cáo."]}
    backwards = StatisticsForm(
        {"year": 2024, "unit": "", "date_from": "30/11/2024", "date_to": "01/12/2023"}, user=staff
    )
    assert not backwards.is_valid()
    assert backwards.errors == {"date_to": ["Ngày cuối kỳ báo cáo phải sau ngày đầu kỳ."]}
    bad = StatisticsForm({"year": 2024, "unit": "", "date_from": "31/02/2024", "date_to": "30/11/2024"}, user=staff)
    assert not bad.is_valid() and list(bad.errors) == ["date_from"]


# ---------------------------------------------------------------------------
# The files: workbook and PDF, through the report's jobs
# ---------------------------------------------------------------------------


@pytest.fixture
def report(known, private_media):
    report = services.report_request(
        kind="annual_statistics",
        params={"year": 2024, "preparer_name": "Lâm Thị Ngọc", "head_name": "Trương Cảnh Tuyên"},
        unit=None,
        by=known.user("staff"),
    )
    run_jobs(report)
    assert (report.pdf_job.status, report.xlsx_job.status) == ("done", "done")
    return report


def sheet_rows(sheet) -> list[tuple]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_workbook_one_sheet_per_form_with_merged_header_numbers_and_blocks(report):
    book = xlsx_book(report.xlsx_job)
    assert book.sheetnames == ["0601.N", "0602.N", "0603.N", "0604.N", "0605.N"]

    sheet = book["0601.N"]
    rows = sheet_rows(sheet)
    assert rows[0] == (
        "Biểu số: 0601.N/BNV-TĐKT",
        None,
        None,
        None,
        "Đơn vị báo cáo: Ủy ban nhân dân tỉnh Hậu Giang",
        None,
    )
    assert rows[1] == (CIRCULAR_LINE, None, None, None, "Đơn vị nhận báo cáo: Bộ Nội vụ", None)
    assert (rows[2][0], rows[3][0]) == RECEIPT_LINES
    assert rows[5][0] == "SỐ PHONG TRÀO THI ĐUA"
    assert rows[6][0] == "Thời điểm báo cáo: năm 2024 (từ ngày 01/12/2023 đến ngày 30/11/2024)"
    assert rows[7][0] == "Đơn vị tính: Phong trào"
    assert rows[9][:4] == (None, "Mã số", "Tổng số", "Số phong trào thi đua chia theo cấp chủ trì phát động thi đua")
    assert rows[11] == ("A", "B", "1=(2+3+4)", "2", "3", "4")
    assert rows[12] == ("Tổng số", "01", 7, 1, 5, 1)
    assert rows[13] == ("1. Chia theo phạm vi tổ chức thi đua", None, None, None, None, None)
    assert rows[14] == ("- Toàn quốc", "02", 1, 1, 0, 0)
    assert {str(r) for r in sheet.merged_cells.ranges} >= {"A10:A11", "B10:B11", "C10:C11", "D10:F10", "A6:F6"}
    figure = sheet.cell(row=13, column=3)
    assert (figure.value, figure.data_type) == (7, "n")
    assert sheet.cell(row=14, column=3).value is None  # a heading: no figure
    signature = rows[28:]
    assert signature[0][4] == PLACE_DATE_LINE
    assert (signature[1][0], signature[1][4]) == ("Người lập biểu", "Thủ trưởng đơn vị")
    assert (signature[2][0], signature[2][4]) == ("(Ký, họ tên)", "(Ký, họ tên, đóng dấu)")
    assert (signature[7][0], signature[7][4]) == ("Lâm Thị Ngọc", "Trương Cảnh Tuyên")

    central = book["0602.N"]
    merged = {str(r) for r in central.merged_cells.ranges}
    # Header rows 9–12, the code row 13: "Chia ra" over E–P, a pair per order, GT Hồ Chí Minh over two rows.
    assert {"A9:A12", "D9:D12", "E9:P9", "E10:F10", "E11:F11", "G10:G11", "L10:M11", "E13:F13"} <= merged
    codes = {row[1]: row for row in sheet_rows(central) if row and row[1] and row[0] and row[0] != "A"}
    assert codes["9"] == ("- Cá nhân", "9", "Người", 4, 0, 1, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0)
    assert codes["21"] == ("- Kháng chiến", "21", None, *[None] * 13)

    officials = sheet_rows(book["0605.N"])
    assert officials[6][0] == "Năm 2024"
    assert next(r for r in officials if r[1] == "01")[:4] == ("Tổng số", "01", 4, 2)
    assert next(r for r in officials if r[1] == "15")[:4] == ("- Từ 10 năm trở lên", "15", None, None)


def test_pdf_prints_each_form_with_its_header_rows_codes_and_signature(report, tmp_path):
    text = pdf_text(report.pdf_job, tmp_path, layout=True)

    for number, title in [
        ("0601.N", "SỐ PHONG TRÀO THI ĐUA"),
        ("0602.N", "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC"),
        ("0603.N", "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH, THÀNH PHỐ TRỰC"),
        ("0604.N", "SỐ LƯỢNG TỔ CHỨC LÀM CÔNG TÁC THI ĐUA, KHEN THƯỞNG"),
        ("0605.N", "SỐ LƯỢNG CÔNG CHỨC LÀM CÔNG TÁC THI ĐUA, KHEN THƯỞNG"),
    ]:
        assert f"Biểu số: {number}/BNV-TĐKT" in text
        assert title in text
    assert text.count(CIRCULAR_LINE) == 5 and text.count("Ngày 15 tháng 12 năm báo cáo") == 5
    assert text.count("Đơn vị báo cáo: Ủy ban nhân dân tỉnh Hậu Giang") == 5
    assert text.count("Người lập biểu") == 5 and text.count("(Ký, họ tên, đóng dấu)") == 5
    assert text.count("Lâm Thị Ngọc") == 5 and text.count("Trương Cảnh Tuyên") == 5
    assert "Đơn vị tính: Phong trào" in text and "1=(2+3+4)" in text
    for label, values in [
        ("Tổng số", ["01", "7", "1", "5", "1"]),
        ("- Toàn quốc", ["02", "1", "1", "0", "0"]),
        ("- Thi đua thường xuyên hàng năm", ["12", "3", "0", "3", "0"]),
        ("- Cấp ban thuộc Sở Nội vụ", ["04", "Ban", "1"]),
        ("- Trên 60 tuổi", ["07", "1", "0"]),
    ]:
        assert re.search(re.escape(label) + "".join(rf"\s+{re.escape(v)}" for v in values) + r"\s*\n", text), label
    assert re.search(r"- Tỉnh, thành phố trực thuộc Trung ương\s+3\s+Tỉnh,TP\s+7\s+1\s+1(\s+\d+){10}\n", text)
