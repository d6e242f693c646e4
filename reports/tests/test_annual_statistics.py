"""Annual statistics (0601.N, 0602.N, 0603.N) from known data: exact figures in xlsx and PDF."""

import re
from datetime import date

import pytest

from awards.models import Award, AwardRecord, AwardType
from awards.tests.factories import DossierFactory, NominationFactory
from campaigns.models import Campaign
from reports import services
from reports.tests.helpers import pdf_text, run_jobs, xlsx_rows, xlsx_table
from thiduakt.models import Person

pytestmark = pytest.mark.django_db


def record(award, year=2024, *, person=None, unit=None, household="", award_type=AwardType.MERIT, nomination=None):
    kind = "individual" if person else "collective" if unit else "household"
    return AwardRecord.objects.create(
        recipient_kind=kind,
        person=person,
        unit=unit,
        household_name=household,
        award=Award.objects.get(code=award),
        year=year,
        award_type=award_type,
        decision_number=f"{AwardRecord.objects.count() + 1}/QĐ-UBND",
        source=AwardRecord.Source.IMPORTED,
        nomination=nomination,
    )


@pytest.fixture
def known(world):
    person = {p.full_name: p for p in Person.objects.all()}
    quyen = Person.objects.create(
        full_name="Trương Thị Quyên",
        gender=Person.Gender.FEMALE,
        unit=world.unit("HG.CT.NS"),
        is_business_person=True,
    )
    record("BKT", person=person["Nguyễn Văn Bình"])  # leader (department rank), Châu Thành
    record("BKT", person=person["Huỳnh Thị Hạnh"], award_type=AwardType.SUDDEN)  # woman, direct worker
    record("BKT", person=person["Ngô Thị Kim"])  # woman leader, Ngã Bảy
    record("BKT", person=quyen)  # woman, business person
    record("BKT", unit=world.unit("HG.CT.PNV"))
    household = NominationFactory(
        dossier=DossierFactory(unit=world.chau_thanh, year=2024),
        nominee_kind="household",
        person=None,
        household_name="Hộ ông Lý Văn Sáu",
        award=Award.objects.get(code="BKT"),
    )
    record("BKT", household="Hộ ông Lý Văn Sáu", nomination=household)
    record("CSTDT", person=person["Võ Văn Đức"])  # direct worker
    record("CTDT", unit=world.unit("HG.DHG"))  # an enterprise
    record("TTLDXS", unit=world.unit("HG.CT.MD"))
    record("HCLD3", unit=world.chau_thanh)
    record("BKT", year=2023, person=person["Ngô Thị Kim"])  # another year: not counted
    for name, launcher, kind, start, end, status, unit in [
        (
            "Thi đua yêu nước 2024",
            "provincial_chair",
            "regular",
            date(2024, 1, 1),
            date(2024, 12, 31),
            "launched",
            None,
        ),
        ("Cả nước chung tay", "prime_minister", "thematic", date(2021, 1, 1), date(2025, 12, 31), "in_progress", None),
        ("Cao điểm mùa khô", "unit", "peak", date(2024, 3, 1), date(2024, 4, 30), "launched", world.chau_thanh),
        ("Dự thảo chưa phát động", "provincial_chair", "regular", date(2024, 1, 1), None, "draft", None),
        ("Đã xong năm trước", "provincial_chair", "regular", date(2022, 1, 1), date(2023, 12, 31), "closed", None),
    ]:
        Campaign.objects.create(
            name=name, launcher=launcher, kind=kind, start_date=start, end_date=end, status=status, launcher_unit=unit
        )
    return world


def pdf_has_row(text: str, label: str, values) -> bool:
    pattern = re.escape(label) + "".join(rf"\s+{v}" for v in values) + r"\n"
    return re.search(pattern, text) is not None


def column(table, name):
    return table["__header__"].index(name) - 1


def test_annual_statistics_province_figures_exact(known, private_media, tmp_path):
    report = services.report_request(kind="annual_statistics", params={"year": 2024}, unit=None, by=known.user("staff"))
    run_jobs(report)
    assert (report.pdf_job.status, report.xlsx_job.status) == ("done", "done")

    rows = xlsx_rows(report.xlsx_job)
    assert rows[0] == ("Thống kê thi đua, khen thưởng năm 2024",)
    province = xlsx_table(rows, "Biểu 0603.N – theo đối tượng")
    bkt, cstdt, ctdt, ttldxs = (
        column(province, Award.objects.get(code=code).name) for code in ("BKT", "CSTDT", "CTDT", "TTLDXS")
    )
    total = len(province["__header__"]) - 2
    assert province["1. Tập thể"][bkt] == 1 and province["1. Tập thể"][ctdt] == 1
    assert province["Trong đó: doanh nghiệp"][ctdt] == 1 and province["Trong đó: doanh nghiệp"][total] == 1
    assert province["2. Hộ gia đình"][bkt] == 1
    assert province["3. Cá nhân"][bkt] == 4 and province["3. Cá nhân"][cstdt] == 1
    assert province["Lãnh đạo cấp sở, huyện và tương đương"][bkt] == 2
    assert province["Lãnh đạo cấp tỉnh trở lên"][total] == 0
    assert province["Doanh nhân"][bkt] == 1
    assert province["Công nhân, nông dân, người lao động trực tiếp"][total] == 2
    assert province["Nữ"][bkt] == 3 and province["Nữ"][total] == 3
    assert province["Tổng cộng (1 + 2 + 3)"][bkt] == 6
    assert province["Tổng cộng (1 + 2 + 3)"][ttldxs] == 1
    assert province["Tổng cộng (1 + 2 + 3)"][total] == 9
    # The same figure counted directly in the database.
    assert (
        province["Tổng cộng (1 + 2 + 3)"][total]
        == AwardRecord.objects.filter(year=2024, award__level="province").count()
    )
    types = xlsx_table(rows, "Biểu 0603.N – theo loại hình")
    assert types["Công trạng"][bkt] == 5 and types["Đột xuất"][bkt] == 1
    central = xlsx_table(rows, "Biểu 0602.N – theo đối tượng")
    hcld3 = column(central, Award.objects.get(code="HCLD3").name)
    assert central["1. Tập thể"][hcld3] == 1 and central["Tổng cộng (1 + 2 + 3)"][-1] == 1
    movements = xlsx_table(rows, "Biểu 0601.N – Phong trào thi đua")
    assert movements["__header__"][:2] == ("Cấp phát động", "Tổng số")
    assert movements["Chủ tịch UBND tỉnh"] == (1, 1, 0, 0, 0, 1, 0, 0)
    assert movements["Thủ tướng Chính phủ"] == (1, 0, 1, 0, 0, 0, 1, 0)
    assert movements["Đơn vị"] == (1, 0, 0, 1, 0, 1, 0, 0)
    assert movements["Tổng cộng"] == (3, 1, 1, 1, 0, 2, 1, 0)

    text = pdf_text(report.pdf_job, tmp_path, layout=True)
    assert "THỐNG KÊ THI ĐUA, KHEN THƯỞNG NĂM 2024" in text
    # The PDF prints the same rows as the spreadsheet.
    for label in ("Trong đó: doanh nghiệp", "3. Cá nhân", "Nữ", "Tổng cộng (1 + 2 + 3)"):
        assert pdf_has_row(text, label, province[label]), label
    assert pdf_has_row(text, "Tổng cộng", movements["Tổng cộng"])
    assert "Nữ: 3 (60 %)" in text  # 3 women among 5 individuals


def test_annual_statistics_unit_subtree_only(known, private_media):
    report = services.report_request(
        kind="annual_statistics", params={"year": 2024}, unit=known.chau_thanh, by=known.user("donvi")
    )
    run_jobs(report)

    rows = xlsx_rows(report.xlsx_job)
    province = xlsx_table(rows, "Biểu 0603.N – theo đối tượng")
    total = len(province["__header__"]) - 2
    # Bình, Hạnh, Quyên, Phòng Nội vụ, the household (its dossier is Châu Thành's), Đức, Mái Dầm; not Kim, not DHG.
    assert province["Tổng cộng (1 + 2 + 3)"][total] == 7
    assert province["Trong đó: doanh nghiệp"][total] == 0
    assert province["2. Hộ gia đình"][total] == 1
    movements = xlsx_table(rows, "Biểu 0601.N – Phong trào thi đua")
    assert movements["Tổng cộng"][0] == 1  # only the campaign Châu Thành launched
    assert report.pdf_job.unit_id == known.chau_thanh.pk


def test_officer_cannot_request_outside_own_subtree(known):
    with pytest.raises(services.DomainError):
        services.report_request(
            kind="annual_statistics", params={"year": 2024}, unit=known.nga_bay, by=known.user("donvi")
        )
    with pytest.raises(services.DomainError):
        services.report_request(kind="annual_statistics", params={"year": 2024}, unit=None, by=known.user("donvi"))
    with pytest.raises(services.DomainError):
        services.report_request(kind="workload", params={"year": 2024}, unit=None, by=known.user("donvi"))
