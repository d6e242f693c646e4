"""The department's workload and the honours list, from known data."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from awards.models import Award, AwardRecord, Dossier, DossierEvent, Holiday, Nomination
from awards.tests.factories import DossierFactory, NominationFactory
from reports import kinds, services
from reports.selectors import working_days_after
from reports.tests.helpers import pdf_text, run_jobs, xlsx_rows, xlsx_table
from thiduakt.models import Person

pytestmark = pytest.mark.django_db


def at(y, m, d, hour=10):
    return timezone.make_aware(datetime(y, m, d, hour, 0))


@pytest.fixture
def workload(world):
    ct = world.chau_thanh
    # The catalogue migration holds the 2024 holidays: 18/4, 29/4, 30/4 among them.
    assert Holiday.objects.filter(day__in=[date(2024, 4, 18), date(2024, 4, 29), date(2024, 4, 30)]).count() == 3
    # Received in January (2) and March (1); one received in 2023 does not count.
    for received, complete, appraised in [
        (date(2024, 1, 10), date(2024, 3, 1), at(2024, 3, 28)),  # 19 working days: on time
        (date(2024, 1, 15), date(2024, 3, 1), at(2024, 4, 5)),  # 25 working days: late
        (date(2024, 3, 20), date(2024, 4, 1), at(2024, 4, 30)),  # 18 with the holidays (21 without): on time
        (date(2023, 12, 1), None, None),
    ]:
        DossierFactory(
            unit=ct,
            status=Dossier.Status.APPRAISED if appraised else Dossier.Status.SUBMITTED,
            first_received_on=received,
            received_on=received,
            complete_on=complete,
            appraised_at=appraised,
        )
    returned = DossierFactory(unit=ct, status=Dossier.Status.RETURNED, first_received_on=date(2024, 2, 1))
    for day in (at(2024, 2, 5), at(2024, 2, 20), at(2024, 5, 2)):
        event = DossierEvent.objects.create(
            dossier=returned, action="Trả lại", from_status="submitted", to_status="returned"
        )
        DossierEvent.objects.filter(pk=event.pk).update(at=day)
    # Passed at council in June (its history says so); decided in July: two records.
    nomination = NominationFactory(dossier=returned, person=Person.objects.get(full_name="Võ Văn Đức"))
    nomination.status = Nomination.Status.COUNCIL_PASSED
    nomination.save()
    nomination.history.filter(status="council_passed").update(history_date=at(2024, 6, 12))
    for name in ("Nguyễn Văn Bình", "Trần Thị Anh"):
        AwardRecord.objects.create(
            recipient_kind="individual",
            person=Person.objects.get(full_name=name),
            award=Award.objects.get(code="BKT"),
            year=2024,
            decision_number="163/QĐ-UBND",
            decision_date=date(2024, 7, 20),
            source=AwardRecord.Source.DECIDED,
        )
    return world


def test_working_days_skip_weekends_and_holidays():
    assert working_days_after(date(2024, 3, 1), date(2024, 3, 28), set()) == 19
    assert working_days_after(date(2024, 4, 1), date(2024, 4, 30), set()) == 21
    assert working_days_after(date(2024, 4, 1), date(2024, 4, 30), {date(2024, 4, 18)}) == 20


def test_workload_per_month_exact(workload, private_media, tmp_path):
    report = services.report_request(kind="workload", params={"year": 2024}, unit=None, by=workload.user("staff"))
    run_jobs(report)

    table = xlsx_table(xlsx_rows(report.xlsx_job), "Theo tháng")
    assert table["__header__"] == ("Chỉ tiêu", *[f"T{m}" for m in range(1, 13)], "Cả năm")
    assert table["Hồ sơ tiếp nhận (lần đầu)"] == (2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4)
    assert table["Lượt trả lại để bổ sung"] == (0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 3)
    assert table["Hồ sơ thẩm định xong"] == (0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 3)
    assert table["Trong đó: đúng hạn (≤ 20 ngày làm việc)"] == (0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2)
    assert table["Trong đó: quá hạn"] == (0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1)
    assert table["Đề nghị được Hội đồng thông qua"][5] == 1
    assert table["Lượt khen thưởng đã quyết định"] == (0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 2)
    # Direct counts in the database agree.
    assert table["Hồ sơ tiếp nhận (lần đầu)"][-1] == Dossier.objects.filter(first_received_on__year=2024).count()
    assert table["Hồ sơ thẩm định xong"][-1] == Dossier.objects.filter(appraised_at__year=2024).count()

    text = " ".join(pdf_text(report.pdf_job, tmp_path, layout=True).split())
    assert "Hồ sơ tiếp nhận (lần đầu) 2 1 1 0 0 0 0 0 0 0 0 0 4" in text
    assert "Trong đó: quá hạn 0 0 0 1 0 0 0 0 0 0 0 0 1" in text
    assert "Đúng hạn: 2 (66,7 %)" in text


def test_honours_list_names_sorted_by_given_name(world, private_media, tmp_path):
    bkt = Award.objects.get(code="BKT")
    for name in ("Trần Thị Anh", "Võ Văn Đức", "Nguyễn Văn Bình"):
        AwardRecord.objects.create(
            recipient_kind="individual",
            person=Person.objects.get(full_name=name),
            award=bkt,
            year=2024,
            decision_number="12/QĐ-UBND",
            recipient_unit_name="Châu Thành",
        )
    report = services.report_request(
        kind="honours_list", params={"year": 2024}, unit=world.chau_thanh, by=world.user("donvi")
    )
    run_jobs(report)

    rows = xlsx_rows(report.xlsx_job)
    table = xlsx_table(rows, bkt.name)
    assert list(table)[1:] == [1, 2, 3]
    assert [table[n][0] for n in (1, 2, 3)] == ["Trần Thị Anh", "Nguyễn Văn Bình", "Võ Văn Đức"]
    text = pdf_text(report.pdf_job, tmp_path)
    assert text.index("Trần Thị Anh") < text.index("Nguyễn Văn Bình") < text.index("Võ Văn Đức")


def test_long_honours_list_is_laid_out_in_parallel_parts(world, private_media, tmp_path, monkeypatch):
    monkeypatch.setattr(kinds, "LONG_LIST_ROWS", 2)
    monkeypatch.setattr(kinds, "PART_ROWS", 2)
    bkt = Award.objects.get(code="BKT")
    for name in ("Trần Thị Anh", "Võ Văn Đức", "Nguyễn Văn Bình"):
        AwardRecord.objects.create(
            recipient_kind="individual",
            person=Person.objects.get(full_name=name),
            award=bkt,
            year=2024,
            decision_number="12/QĐ-UBND",
            recipient_unit_name="Châu Thành",
        )
    report = services.report_request(kind="honours_list", params={"year": 2024}, unit=None, by=world.user("staff"))
    run_jobs(report)

    text = pdf_text(report.pdf_job, tmp_path)
    assert text.startswith("DANH SÁCH KHEN THƯỞNG NĂM 2024")
    expected = [
        "1. Trần Thị Anh, Châu Thành, Cá nhân, 12/QĐ-UBND;",
        "2. Nguyễn Văn Bình, Châu Thành, Cá nhân, 12/QĐ-UBND;",
        "3. Võ Văn Đức, Châu Thành, Cá nhân, 12/QĐ-UBND;",
    ]
    positions = [text.index(line) for line in expected]
    assert positions == sorted(positions)
    pages = text.split("\f")[:-1]
    assert [p.split("\n")[0] for p in pages[1:]] == [str(n) for n in range(2, len(pages) + 1)]
