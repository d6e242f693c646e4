"""Sign dates and numbers of decisions (issue 13 item 1): not in the future, in the order of their series'
numbers (or reserved out of order with a reason), the văn thư's own number, public once dated, the dates of the
route to central level; and the public lookup by decision number (item 8)."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from awards.decision_numbers import NumberQuery, parse_query, split_number
from awards.models import AwardRecord, CentralItem, Decision, DecisionCounter, Nomination
from awards.services import (
    central_forward,
    central_result_record,
    decision_create_draft,
    decision_sign,
    decision_update,
)
from awards.tests.council_factories import ready_nomination
from awards.tests.factories import AwardRecordFactory, award
from awards.tests.helpers import run_sign_jobs
from thiduakt.models import Job
from thiduakt.services import DomainError
from thiduakt.tests.factories import PersonFactory, StaffFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)


@pytest.fixture
def today(monkeypatch):
    """Today in Asia/Ho_Chi_Minh is 01/12/2026 (the day the issue was tried), whatever the machine's clock."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return TODAY


def _draft(code="BKT"):
    staff = StaffFactory()
    nominee = ready_nomination(code, status=Nomination.Status.READY_FOR_DECISION)
    decision = decision_create_draft(award=award(code), nominations=[nominee], by=staff)
    decision_update(decision=decision, by=staff, signer_name="Nguyễn Văn Thắng")
    return staff, decision


def _signed(day, **kwargs):
    staff, decision = _draft()
    decision_sign(decision=decision, by=staff, decision_date=day, **kwargs)
    return Decision.objects.get(pk=decision.pk)


def _untouched(decision):
    decision = Decision.objects.get(pk=decision.pk)
    assert (decision.status, decision.number, decision.number_display, decision.decision_date) == (
        Decision.Status.DRAFT,
        None,
        "",
        None,
    )
    assert not AwardRecord.objects.filter(decision_number__gt="", nomination__decision_recipients__decision=decision)


# ---------------------------------------------------------------------------
# 1. The sign date
# ---------------------------------------------------------------------------


def test_sign_date_in_the_future_is_refused_and_nothing_is_written(today):
    staff, decision = _draft()
    with pytest.raises(DomainError) as refused:
        decision_sign(decision=decision, by=staff, decision_date=date(2027, 1, 15))
    assert str(refused.value) == "Ngày 15/01/2027 chưa đến: không được sau hôm nay (01/12/2026)."
    assert refused.value.field == "decision_date"
    _untouched(decision)
    assert not DecisionCounter.objects.exists()


def test_sign_date_today_is_accepted_and_public_today():
    """The boundary on the real clock: today (Asia/Ho_Chi_Minh) signs and is in the lookup, tomorrow does not."""
    today = timezone.localdate()
    staff, tomorrow = _draft()
    with pytest.raises(DomainError, match="chưa đến: không được sau hôm nay"):
        decision_sign(decision=tomorrow, by=staff, decision_date=today + timedelta(days=1))
    _untouched(tomorrow)
    signed = _signed(today)
    assert (signed.number_display, signed.decision_date, signed.year) == ("01/QĐ-UBND", today, today.year)
    cache.clear()
    response = Client().get("/khen-thuong/tra-cuu/", {"number": "01/QĐ-UBND"})
    assert [r.decision_number for r in response.context["page"].object_list] == ["01/QĐ-UBND"]


def test_sign_date_before_the_last_number_of_its_series_is_refused_naming_it(today):
    first = _signed(date(2025, 7, 1))
    assert first.number_display == "01/QĐ-UBND"
    staff, decision = _draft()
    with pytest.raises(DomainError) as refused:
        decision_sign(decision=decision, by=staff, decision_date=date(2025, 3, 10))
    assert str(refused.value) == (
        "Ngày 10/03/2025 sớm hơn ngày của Quyết định số 01/QĐ-UBND (01/07/2025): phải từ 01/07/2025 trở đi. "
        "Số của sổ đi theo thứ tự ngày: nếu số này được giữ trước (ký lùi ngày), hãy ghi lý do."
    )
    _untouched(decision)
    assert DecisionCounter.objects.get(year=2025).last_number == 1
    # The same day as the last number is in order; the year of the number follows the sign date.
    assert _signed(date(2025, 7, 1)).number_display == "02/QĐ-UBND"
    new_year = _signed(date(2026, 1, 2))
    assert (new_year.number_display, new_year.year) == ("01/QĐ-UBND", 2026)


def test_a_number_reserved_out_of_order_is_signed_with_its_reason_in_the_history(today):
    _signed(date(2025, 7, 1))
    staff, decision = _draft()
    decision_sign(
        decision=decision,
        by=staff,
        decision_date=date(2025, 3, 10),
        out_of_order_reason="Số giữ trước theo sổ văn thư ngày 10/03/2025, trình ký chậm",
    )
    decision = Decision.objects.get(pk=decision.pk)
    assert (decision.number_display, decision.decision_date) == ("02/QĐ-UBND", date(2025, 3, 10))
    event = decision.events.get(action__startswith="Ký ban hành")
    assert event.action == "Ký ban hành: số 02/QĐ-UBND ngày 10/03/2025"
    assert "số giữ trước, ngoài thứ tự ngày: Số giữ trước theo sổ văn thư ngày 10/03/2025, trình ký chậm" in (
        event.reason
    )


# ---------------------------------------------------------------------------
# 2. The number the văn thư's register gave
# ---------------------------------------------------------------------------


def test_entered_number_is_taken_and_the_counter_continues_after_it(today):
    entered = _signed(date(2025, 7, 1), register_number="12/QĐ-UBND")
    assert (entered.number, entered.number_display) == (12, "12/QĐ-UBND")
    assert "số do văn thư cấp" in entered.events.get(action__startswith="Ký ban hành").reason
    assert AwardRecord.objects.get(decision_number="12/QĐ-UBND").decision_no == 12
    assert DecisionCounter.objects.get(year=2025).last_number == 12
    assert _signed(date(2025, 7, 2)).number_display == "13/QĐ-UBND"
    # A number below the counter (a gap of the register) dated in order: taken, the counter stays.
    assert _signed(date(2025, 7, 1), register_number="5/qđ-ubnd").number_display == "05/QĐ-UBND"
    assert DecisionCounter.objects.get(year=2025).last_number == 13


@pytest.mark.parametrize(
    "typed, message",
    [
        ("12/QD-UBND", "Số “12/QD-UBND” không đúng dạng số/ký hiệu của sổ QĐ-UBND; ví dụ 12/QĐ-UBND."),
        ("12/TTr-SNV", "Số “12/TTr-SNV” không đúng dạng số/ký hiệu của sổ QĐ-UBND; ví dụ 12/QĐ-UBND."),
        ("mười hai", "Số “mười hai” không đúng dạng số/ký hiệu của sổ QĐ-UBND; ví dụ 12/QĐ-UBND."),
        ("0/QĐ-UBND", "Số “0/QĐ-UBND” không đúng dạng số/ký hiệu của sổ QĐ-UBND; ví dụ 12/QĐ-UBND."),
    ],
)
def test_entered_number_of_another_form_or_series_is_refused(today, typed, message):
    staff, decision = _draft()
    with pytest.raises(DomainError) as refused:
        decision_sign(decision=decision, by=staff, decision_date=date(2025, 7, 1), register_number=typed)
    assert (str(refused.value), refused.value.field) == (message, "register_number")
    _untouched(decision)


def test_entered_number_already_in_the_series_is_refused(today):
    _signed(date(2025, 7, 1), register_number="12/QĐ-UBND")
    staff, decision = _draft()
    with pytest.raises(DomainError) as refused:
        decision_sign(decision=decision, by=staff, decision_date=date(2025, 7, 3), register_number="12/QĐ-UBND")
    assert str(refused.value) == (
        "Số 12/QĐ-UBND năm 2025 đã là số của quyết định ngày 01/07/2025 "
        "(Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh)."
    )
    _untouched(decision)
    # The same number in another year is another series.
    assert _signed(date(2026, 1, 5), register_number="12/QĐ-UBND").year == 2026


def test_entered_number_out_of_the_order_of_its_dates_is_refused(today):
    _signed(date(2025, 7, 1), register_number="12/QĐ-UBND")
    staff, decision = _draft()
    with pytest.raises(DomainError, match=r"^Ngày 10/03/2025 sớm hơn ngày của Quyết định số 12/QĐ-UBND \(01/07"):
        decision_sign(decision=decision, by=staff, decision_date=date(2025, 3, 10), register_number="20/QĐ-UBND")
    with pytest.raises(DomainError, match=r"^Ngày 02/07/2025 muộn hơn ngày của Quyết định số 12/QĐ-UBND \(01/07"):
        decision_sign(decision=decision, by=staff, decision_date=date(2025, 7, 2), register_number="5/QĐ-UBND")
    _untouched(decision)
    assert DecisionCounter.objects.get(year=2025).last_number == 12


def test_a_number_taken_in_a_race_is_a_vietnamese_message_not_a_500(today, monkeypatch):
    """Should a signing get past the check (another writer outside the counter's lock), the unique constraint
    answers: the signing is refused in Vietnamese and nothing of it is written."""
    _signed(date(2025, 7, 1), register_number="12/QĐ-UBND")
    monkeypatch.setattr("awards.services.numbering.number_taken", lambda *args: None)
    staff, decision = _draft()
    with pytest.raises(DomainError) as refused:
        decision_sign(decision=decision, by=staff, decision_date=date(2025, 7, 2), register_number="12/QĐ-UBND")
    assert str(refused.value) == (
        "Số 12/QĐ-UBND năm 2025 vừa được dùng cho một quyết định khác; hãy kiểm tra sổ và ghi nhận lại."
    )
    _untouched(decision)
    assert Decision.objects.filter(number=12).count() == 1


def test_sign_screen_takes_the_number_of_the_register_and_shows_refusals_in_vietnamese(world, today):
    client = Client()
    client.force_login(world.user("staff"))
    _staff, decision = _draft()
    page = client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/").content.decode()
    assert "Số do văn thư cấp" in page and "Lý do số giữ trước, ký lùi ngày" in page
    url = f"/khen-thuong/quyet-dinh/{decision.pk}/ky/"
    response = client.post(url, {"decision_date": "15/01/2027", "register_number": ""}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Ngày ký: Ngày 15/01/2027 chưa đến: không được sau hôm nay (01/12/2026)."
    ]
    _untouched(decision)
    response = client.post(url, {"decision_date": "01/07/2025", "register_number": "163/QĐ-UBND"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Đang ký ban hành quyết định trong nền; trang này cho biết khi xong."
    ]
    _untouched(decision)
    [job] = run_sign_jobs()
    assert job.status == Job.Status.DONE
    assert Decision.objects.get(pk=decision.pk).number == 163


# ---------------------------------------------------------------------------
# 3. Public once its date has come
# ---------------------------------------------------------------------------


def test_lookup_shows_an_award_from_the_day_of_its_decision(today):
    cache.clear()
    for name, day in [("Lê Văn Hôm", TODAY), ("Lê Văn Mai", TODAY + timedelta(days=1)), ("Lê Văn Cũ", None)]:
        AwardRecordFactory(person=PersonFactory(full_name=name), decision_date=day, is_public=True)
    response = Client().get("/khen-thuong/tra-cuu/", {"q": "le van"})
    assert sorted(r.recipient_name for r in response.context["page"].object_list) == ["Lê Văn Cũ", "Lê Văn Hôm"]


# ---------------------------------------------------------------------------
# 4. The dates of the route to central level
# ---------------------------------------------------------------------------


def _forwarded(letter_date=date(2025, 8, 1)):
    nominee = ready_nomination("BKTTG", status=Nomination.Status.COUNCIL_PASSED)
    submission = central_forward(
        nominations=[nominee], letter_number="88/TTr-UBND", letter_date=letter_date, by=StaffFactory()
    )
    return submission.items.get()


def test_submission_letter_dated_in_the_future_is_refused(today):
    nominee = ready_nomination("BKTTG", status=Nomination.Status.COUNCIL_PASSED)
    with pytest.raises(DomainError) as refused:
        central_forward(
            nominations=[nominee], letter_number="88/TTr-UBND", letter_date=date(2026, 12, 2), by=StaffFactory()
        )
    assert str(refused.value) == "Ngày 02/12/2026 chưa đến: không được sau hôm nay (01/12/2026)."
    assert Nomination.objects.get(pk=nominee.pk).status == Nomination.Status.COUNCIL_PASSED
    assert not CentralItem.objects.exists()


def test_central_decision_dated_before_the_province_letter_or_in_the_future_is_refused(today):
    item = _forwarded()
    record = {"item": item, "result": CentralItem.Result.AWARDED, "by": None, "decision_number": "1234/QĐ-TTg"}
    with pytest.raises(DomainError) as refused:
        central_result_record(decision_date=date(2025, 7, 31), **record)
    assert str(refused.value) == (
        "Ngày 31/07/2025 sớm hơn ngày Tờ trình số 88/TTr-UBND của tỉnh (01/08/2025): phải từ 01/08/2025 trở đi."
    )
    with pytest.raises(DomainError, match=r"^Ngày 15/01/2027 chưa đến"):
        central_result_record(decision_date=date(2027, 1, 15), **record)
    item.refresh_from_db()
    assert (item.result, AwardRecord.objects.filter(nomination=item.nomination).exists()) == ("pending", False)
    central_result_record(decision_date=date(2025, 8, 1), **record)  # the letter's own day is in order
    assert AwardRecord.objects.get(nomination=item.nomination).decision_no == 1234


# ---------------------------------------------------------------------------
# 8. The public lookup by decision number
# ---------------------------------------------------------------------------


def test_decision_numbers_are_read_in_the_forms_people_type():
    assert split_number("163/QĐ-UBND") == (163, "qd-ubnd")
    assert split_number("Số 05/2025/QĐ-UBND") == (5, "qd-ubnd")
    assert split_number("") == (None, "")
    assert parse_query("01/QĐ-UBND") == NumberQuery(1, None, "qd-ubnd", code_is_whole=True)
    assert parse_query("quyết định số 01/qd-ubnd") == NumberQuery(1, None, "qd-ubnd", code_is_whole=True)
    assert parse_query("01/2026") == NumberQuery(1, 2026)
    assert parse_query("QĐ 01") == NumberQuery(1, None, "qd")
    assert parse_query("qđ số 1 năm 2026") == NumberQuery(1, 2026, "qd")
    assert parse_query("số 1") == parse_query("SO 1") == parse_query("1") == NumberQuery(1)
    assert parse_query("Nguyễn Văn An") is None and parse_query("số 0") is None


@pytest.fixture
def numbered(world):
    """Decision 1 of 2025 and of 2026, decision 2 of 2026 (UBND), and decision 1 of 2026 of another ký hiệu."""
    cache.clear()
    rows = [
        ("Nguyễn Văn Một", "01/QĐ-UBND", date(2025, 7, 1)),
        ("Trần Thị Hai", "01/QĐ-UBND", date(2026, 1, 5)),
        ("Lê Văn Ba", "02/QĐ-UBND", date(2026, 1, 6)),
        ("Phạm Thị Bốn", "1/QĐ-CTUBND", date(2026, 2, 1)),
    ]
    for name, number, day in rows:
        AwardRecordFactory(
            person=PersonFactory(full_name=name), decision_number=number, decision_date=day, is_public=True
        )


def _found(params) -> list[str]:
    response = Client().get("/khen-thuong/tra-cuu/", params)
    assert response.status_code == 200
    return sorted(r.recipient_name for r in response.context["page"].object_list)


@pytest.mark.parametrize(
    "params, names",
    [
        ({"q": "01/QĐ-UBND"}, ["Nguyễn Văn Một", "Trần Thị Hai"]),
        ({"q": "01/qd-ubnd"}, ["Nguyễn Văn Một", "Trần Thị Hai"]),
        ({"number": "1/QĐ-UBND"}, ["Nguyễn Văn Một", "Trần Thị Hai"]),
        ({"q": "01/2026"}, ["Phạm Thị Bốn", "Trần Thị Hai"]),
        ({"number": "QĐ 01"}, ["Nguyễn Văn Một", "Phạm Thị Bốn", "Trần Thị Hai"]),
        ({"q": "qđ 01", "year": ""}, ["Nguyễn Văn Một", "Phạm Thị Bốn", "Trần Thị Hai"]),
        ({"q": "số 1"}, ["Nguyễn Văn Một", "Phạm Thị Bốn", "Trần Thị Hai"]),
        ({"number": "so 2"}, ["Lê Văn Ba"]),
        ({"number": "01/QĐ-UBND", "q": "hai"}, ["Trần Thị Hai"]),
    ],
)
def test_lookup_finds_a_decision_by_its_number(numbered, params, names):
    assert _found(params) == names


def test_lookup_number_of_no_known_form_is_refused_in_vietnamese(numbered):
    response = Client().get("/khen-thuong/tra-cuu/", {"number": "quyết định khen"})
    assert response.context["page"] is None
    assert "Số quyết định không đúng dạng; ví dụ 01/QĐ-UBND, 01/2026, QĐ 01, số 1." in response.content.decode()


@pytest.mark.parametrize("count", [1, 20])
def test_lookup_by_number_runs_a_constant_number_of_queries(world, count):
    cache.clear()
    for i in range(count):
        AwardRecordFactory(
            person=PersonFactory(full_name=f"Đỗ Văn Số {i}"), decision_number="07/QĐ-UBND", is_public=True
        )
    with CaptureQueriesContext(connection) as queries:
        names = _found({"number": "07/QĐ-UBND"})
    assert len(names) == count
    # The award choices, the page, the decisions of the page (what holds of each; as the name lookup:
    # test_lists.py); no count, the first page holding every record of the number.
    assert len(queries) == 3
