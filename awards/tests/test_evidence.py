"""Staff enter the evidence the eligibility check reads: services with their history, dates checked against their
neighbours, the screens (404 for others), a confirmation on the appraisal screen, constant queries, the discipline
import/export with its execution period."""

from datetime import date, timedelta

import pytest
import tablib
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.models import (
    AchievementConfirmation,
    DisciplineRecord,
    DossierEvent,
    Initiative,
    Nomination,
    PendingMatter,
    TaskRating,
)
from awards.resources import DisciplineRecordResource
from awards.services import (
    confirmation_cancel,
    confirmation_create,
    confirmation_update,
    discipline_cancel,
    discipline_create,
    discipline_update,
    dossier_submit,
    initiative_cancel,
    initiative_create,
    initiative_update,
    nomination_appraise,
    pending_matter_cancel,
    pending_matter_close,
    pending_matter_create,
    pending_matter_update,
    task_rating_cancel,
    task_rating_create,
    task_rating_update,
)
from awards.tests.helpers import complete_dossier
from thiduakt.services import DomainError
from thiduakt.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

REASON = "Sai số quyết định theo bản gốc"
TODAY = timezone.localdate()
TOMORROW = TODAY + timedelta(days=1)


def _sent(world, **nominee):
    donvi = world.user("donvi")
    nominee = nominee or {"person": PersonFactory()}
    kind = "household" if "household_name" in nominee else "individual"
    dossier = complete_dossier(
        unit=world.chau_thanh,
        by=donvi,
        nominees=[{"kind": kind, "award": "BKT", "summary": "Thành tích", **nominee}],
    )
    return dossier_submit(dossier=dossier, by=donvi)


def _staff_client(world, role="staff"):
    client = Client()
    client.force_login(world.user(role))
    return client


def _history(record_or_model, pk=None):
    model = record_or_model if isinstance(record_or_model, type) else type(record_or_model)
    pk = pk if pk is not None else record_or_model.pk
    return [
        (h.history_type, h.history_change_reason, h.history_user_id)
        for h in model.history.filter(id=pk).order_by("history_date", "history_id")
    ]


# ---------------------------------------------------------------------------
# Services: create, edit, cancel — each in the history, with who and why
# ---------------------------------------------------------------------------


def _rating(world, staff):
    person = PersonFactory()
    record = task_rating_create(by=staff, person=person, year=2024, rating="good", basis="  QĐ 5/QĐ-UBND  ")
    assert (record.basis, record.confirmed_by) == ("QĐ 5/QĐ-UBND", staff)
    return (
        record,
        "Nhập xếp loại hoàn thành nhiệm vụ",
        task_rating_update,
        task_rating_cancel,
        "task_rating",
        {"rating": "excellent"},
    )


def _initiative(world, staff):
    record = initiative_create(by=staff, person=PersonFactory(), title="Số hóa hồ sơ", level="unit", year=2024)
    return record, "Nhập sáng kiến", initiative_update, initiative_cancel, "initiative", {"level": "province"}


def _discipline(world, staff):
    record = discipline_create(
        by=staff, person=PersonFactory(), level="reprimand", year=2023, effective_from=date(2023, 3, 1)
    )
    return (
        record,
        "Nhập kỷ luật",
        discipline_update,
        discipline_cancel,
        "discipline",
        {"served_until": date(2024, 2, 29)},
    )


def _matter(world, staff):
    record = pending_matter_create(
        by=staff, unit=world.chau_thanh, kind="inspection", started_on=date(2024, 5, 2), basis="QĐ 7/QĐ-TTr"
    )
    assert record.recorded_by == staff
    return (
        record,
        "Ghi nhận việc đang xem xét",
        pending_matter_update,
        pending_matter_cancel,
        "pending_matter",
        {"basis": "QĐ 7/QĐ-TTr ngày 02/05/2024"},
    )


def _confirmation(world, staff):
    nomination = _sent(world, household_name="Hộ ông Võ Văn Đức").nominations.get()
    record = confirmation_create(nomination=nomination, by=staff, fact="household_contribution", basis="BB 5/BB")
    return (
        record,
        "Xác nhận căn cứ",
        confirmation_update,
        confirmation_cancel,
        "confirmation",
        {"basis": "Biên bản hiến đất số 5/BB-UBND"},
    )


@pytest.mark.parametrize("build", [_rating, _initiative, _discipline, _matter, _confirmation])
def test_create_edit_cancel_each_write_history_with_who_and_why(world, build):
    staff = world.user("staff")
    record, created_reason, update, cancel, param, change = build(world, staff)
    (field, value), pk = next(iter(change.items())), record.pk
    updated = update(by=staff, reason=f"  {REASON} ", **{param: record}, **change)
    assert getattr(updated, field) == value
    assert getattr(type(record).objects.get(pk=pk), field) == value
    cancel(by=staff, reason="Nhập nhầm đối tượng", **{param: updated})
    assert not type(record).objects.filter(pk=pk).exists()
    assert _history(type(record), pk) == [
        ("+", created_reason, staff.pk),
        ("~", REASON, staff.pk),
        ("-", "Nhập nhầm đối tượng", staff.pk),
    ]


def test_a_confirmation_also_writes_the_dossier_history(world):
    staff = world.user("staff")
    nomination = _sent(world, household_name="Hộ bà Huỳnh Thị Hạnh").nominations.get()
    record = confirmation_create(nomination=nomination, by=staff, fact="household_contribution", basis="BB 5/BB")
    confirmation_update(confirmation=record, by=staff, reason=REASON, basis="BB 6/BB")
    confirmation_cancel(confirmation=record, by=staff, reason="Văn bản bị thu hồi")
    events = DossierEvent.objects.filter(nomination=nomination).order_by("id")
    fact = "Hộ gia đình có nhiều đóng góp về công sức, đất đai và tài sản cho địa phương, xã hội"
    assert [(e.action, e.reason, e.by_id) for e in events][-3:] == [
        ("Xác nhận căn cứ: Hộ bà Huỳnh Thị Hạnh", f"{fact} — BB 5/BB", staff.pk),
        ("Sửa xác nhận căn cứ: Hộ bà Huỳnh Thị Hạnh", f"{fact} — BB 6/BB. Lý do: {REASON}", staff.pk),
        ("Hủy xác nhận căn cứ: Hộ bà Huỳnh Thị Hạnh", f"{fact}. Lý do: Văn bản bị thu hồi", staff.pk),
    ]


def test_closing_a_matter_keeps_its_conclusion_in_the_history_and_only_once(world):
    staff = world.user("staff")
    matter = pending_matter_create(
        by=staff, person=PersonFactory(), kind="complaint", started_on=date(2024, 11, 1), basis="Đơn ngày 01/11/2024"
    )
    closed = pending_matter_close(
        pending_matter=matter, by=staff, ended_on=date(2025, 1, 10), outcome="no_violation", reason="KL 3/KL-TTr"
    )
    assert (closed.ended_on, closed.outcome, closed.is_open_on(TODAY)) == (date(2025, 1, 10), "no_violation", False)
    assert _history(matter)[-1] == ("~", "Kết luận không có sai phạm: KL 3/KL-TTr", staff.pk)
    with pytest.raises(DomainError) as err:
        pending_matter_close(pending_matter=matter, by=staff, ended_on=date(2025, 2, 1), outcome="violation")
    assert str(err.value) == "Vụ việc này đã kết thúc ngày 10/01/2025 (kết luận không có sai phạm)."
    assert len(_history(matter)) == 2


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("  ", "Cần ghi lý do sửa (được ghi vào lịch sử thay đổi)."),
        ("x" * 4001, "Lý do dài tối đa 4000 ký tự (đang có 4001)."),
    ],
)
def test_an_edit_needs_a_reason_within_its_limit_and_writes_nothing_without_one(world, reason, message):
    staff = world.user("staff")
    record = initiative_create(by=staff, person=PersonFactory(), title="Sáng kiến A", level="unit", year=2024)
    with pytest.raises(DomainError) as err:
        initiative_update(initiative=record, by=staff, reason=reason, title="Sáng kiến B")
    assert (str(err.value), err.value.field) == (message, "reason")
    assert Initiative.objects.get(pk=record.pk).title == "Sáng kiến A"
    assert len(_history(record)) == 1


def test_an_edit_that_changes_nothing_is_refused(world):
    staff = world.user("staff")
    record = initiative_create(by=staff, person=PersonFactory(), title="Sáng kiến A", level="unit", year=2024)
    with pytest.raises(DomainError, match=r"^Không có gì thay đổi so với bản ghi hiện có\.$"):
        initiative_update(initiative=record, by=staff, reason=REASON, title="Sáng kiến A")
    assert len(_history(record)) == 1


def test_a_second_rating_of_the_same_year_is_refused_in_vietnamese(world):
    staff = world.user("staff")
    person = PersonFactory()
    task_rating_create(by=staff, person=person, year=2024, rating="good", basis="QĐ 5")
    with pytest.raises(DomainError, match=r"^Cá nhân này đã có xếp loại của năm này\.$"):
        task_rating_create(by=staff, person=person, year=2024, rating="excellent", basis="QĐ 6")
    assert list(TaskRating.objects.filter(person=person).values_list("rating", flat=True)) == ["good"]


# ---------------------------------------------------------------------------
# Bad dates and years: a Vietnamese message, nothing written
# ---------------------------------------------------------------------------


BAD_DISCIPLINES = [
    (
        {"year": 2024, "effective_from": date(2024, 6, 1), "served_until": date(2024, 5, 31)},
        "served_until",
        "Ngày chấp hành xong không được trước ngày quyết định kỷ luật có hiệu lực.",
    ),
    (
        {"year": 2024, "effective_from": date(2023, 12, 31)},
        "effective_from",
        "Ngày có hiệu lực (31/12/2023) không được trước năm ra quyết định kỷ luật (2024).",
    ),
    (
        {"year": TODAY.year, "effective_from": TOMORROW},
        "effective_from",
        f"Ngày có hiệu lực không được sau hôm nay ({TODAY:%d/%m/%Y}).",
    ),
    (
        {"year": TODAY.year + 1},
        "year",
        f"Năm phải từ 1945 đến năm nay ({TODAY.year}).",
    ),
    ({"year": 1944}, "year", f"Năm phải từ 1945 đến năm nay ({TODAY.year})."),
]


@pytest.mark.parametrize(("values", "field", "message"), BAD_DISCIPLINES)
def test_a_discipline_with_bad_dates_is_refused_and_nothing_written(world, values, field, message):
    with pytest.raises(DomainError) as err:
        discipline_create(by=world.user("staff"), person=PersonFactory(), level="warning", **values)
    assert (str(err.value), err.value.field) == (message, field)
    assert (DisciplineRecord.objects.count(), DisciplineRecord.history.count()) == (0, 0)


BAD_MATTERS = [
    ({"started_on": TOMORROW}, "started_on", f"Ngày bắt đầu không được sau hôm nay ({TODAY:%d/%m/%Y})."),
    (
        {"started_on": date(2024, 5, 2), "ended_on": date(2024, 5, 1), "outcome": "violation"},
        "ended_on",
        "Ngày kết thúc không được trước ngày bắt đầu.",
    ),
    (
        {"started_on": date(2024, 5, 2), "ended_on": TOMORROW, "outcome": "violation"},
        "ended_on",
        f"Ngày kết thúc (ngày có kết luận) không được sau hôm nay ({TODAY:%d/%m/%Y}).",
    ),
    ({"started_on": date(2024, 5, 2), "ended_on": date(2024, 6, 1)}, "outcome", "Việc đã kết thúc phải có kết luận."),
    ({"started_on": date(2024, 5, 2), "outcome": "violation"}, "ended_on", "Có kết luận thì phải ghi ngày kết thúc."),
]


@pytest.mark.parametrize(("values", "field", "message"), BAD_MATTERS)
def test_a_matter_with_bad_dates_is_refused_and_nothing_written(world, values, field, message):
    with pytest.raises(DomainError) as err:
        pending_matter_create(by=world.user("staff"), person=PersonFactory(), kind="complaint", basis="Đơn", **values)
    assert (str(err.value), err.value.field) == (message, field)
    assert (PendingMatter.objects.count(), PendingMatter.history.count()) == (0, 0)


def test_closing_a_matter_before_it_started_or_in_the_future_is_refused(world):
    staff = world.user("staff")
    matter = pending_matter_create(
        by=staff, person=PersonFactory(), kind="complaint", started_on=date(2024, 11, 1), basis="Đơn"
    )
    with pytest.raises(DomainError, match=r"^Ngày kết thúc không được trước ngày bắt đầu\.$"):
        pending_matter_close(pending_matter=matter, by=staff, ended_on=date(2024, 10, 31), outcome="violation")
    with pytest.raises(DomainError, match=r"^Ngày kết thúc \(ngày có kết luận\) không được sau hôm nay"):
        pending_matter_close(pending_matter=matter, by=staff, ended_on=TOMORROW, outcome="violation")
    matter.refresh_from_db()
    assert (matter.ended_on, matter.outcome, len(_history(matter))) == (None, "", 1)


def test_an_edit_with_a_bad_date_changes_nothing(world):
    staff = world.user("staff")
    record = discipline_create(by=staff, person=PersonFactory(), level="warning", year=2023)
    with pytest.raises(DomainError, match=r"^Ngày chấp hành xong không được trước ngày"):
        discipline_update(
            discipline=record,
            by=staff,
            reason=REASON,
            effective_from=date(2023, 5, 1),
            served_until=date(2023, 4, 30),
        )
    record.refresh_from_db()
    assert (record.effective_from, record.served_until, len(_history(record))) == (None, None, 1)


def test_a_rating_of_a_future_year_is_refused(world):
    with pytest.raises(DomainError, match=rf"^Năm phải từ 1945 đến năm nay \({TODAY.year}\).$"):
        task_rating_create(
            by=world.user("staff"), unit=world.chau_thanh, year=TODAY.year + 1, rating="good", basis="QĐ"
        )
    assert TaskRating.objects.count() == 0


def test_the_form_shows_every_date_error_on_its_field_and_writes_nothing(world):
    person = PersonFactory()
    client = _staff_client(world)
    url = reverse("awards:evidence_person_add", args=[person.pk, "ky-luat"])
    response = client.post(
        url,
        {"level": "warning", "year": "2024", "effective_from": "01/06/2024", "served_until": "31/05/2024"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors == {"served_until": ["Ngày chấp hành xong không được trước ngày quyết định kỷ luật có hiệu lực."]}
    assert "Ngày chấp hành xong không được trước ngày quyết định kỷ luật có hiệu lực." in response.content.decode()
    response = client.post(url, {"level": "warning", "year": "2024", "effective_from": "31/02/2024"})
    assert response.context["form"].errors == {
        "effective_from": ["Nhập ngày theo dạng ngày/tháng/năm, ví dụ 02/09/2025."]
    }
    assert DisciplineRecord.objects.count() == 0


def test_the_form_reads_dates_day_first_and_redirects_to_the_section(world):
    person = PersonFactory()
    client = _staff_client(world)
    response = client.post(
        reverse("awards:evidence_person_add", args=[person.pk, "ky-luat"]),
        {"level": "warning", "year": "2024", "decision_number": "12/QĐ-UBND", "effective_from": "05/06/2024"},
    )
    assert response.status_code == 302
    assert response.url == reverse("awards:evidence_person", args=[person.pk]) + "#ky-luat"
    record = DisciplineRecord.objects.get(person=person)
    assert (record.effective_from, record.decision_number) == (date(2024, 6, 5), "12/QĐ-UBND")
    assert _history(record) == [("+", "Nhập kỷ luật", world.user("staff").pk)]


def test_editing_and_cancelling_through_the_screens_keep_the_reason(world):
    staff = world.user("staff")
    record = task_rating_create(by=staff, unit=world.chau_thanh, year=2024, rating="good", basis="QĐ 5")
    client = _staff_client(world)
    edit = reverse("awards:evidence_edit", args=["xep-loai", record.pk])
    missing = client.post(edit, {"year": "2024", "rating": "excellent", "basis": "QĐ 5"})
    assert missing.context["form"].errors == {"reason": ["Trường này là bắt buộc."]}
    response = client.post(edit, {"year": "2024", "rating": "excellent", "basis": "QĐ 5", "reason": REASON})
    assert response.url == reverse("awards:evidence_unit", args=[world.chau_thanh.pk]) + "#xep-loai"
    cancel = reverse("awards:evidence_cancel", args=["xep-loai", record.pk])
    assert client.get(cancel).status_code == 200
    client.post(cancel, {"reason": "Nhập trùng"})
    assert _history(TaskRating, record.pk) == [
        ("+", "Nhập xếp loại hoàn thành nhiệm vụ", staff.pk),
        ("~", REASON, staff.pk),
        ("-", "Nhập trùng", staff.pk),
    ]
    page = client.get(reverse("awards:evidence_unit", args=[world.chau_thanh.pk])).content.decode()
    assert "Nhập trùng" in page  # the cancelled record stays visible with its reason


# ---------------------------------------------------------------------------
# Who may: staff only
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["donvi", "hoidong"])
def test_others_get_404_and_write_nothing(world, role):
    person = PersonFactory(unit=world.chau_thanh)
    nomination = _sent(world).nominations.get()
    client = _staff_client(world, role)
    assert client.get(reverse("awards:evidence_index")).status_code == 404
    assert client.get(reverse("awards:evidence_person", args=[person.pk])).status_code == 404
    add = reverse("awards:evidence_person_add", args=[person.pk, "xep-loai"])
    assert client.post(add, {"year": "2024", "rating": "good", "basis": "QĐ"}).status_code == 404
    confirm = reverse("awards:confirmation_add", args=[nomination.pk])
    assert client.post(confirm, {"fact": "contribution", "basis": "GXN"}).status_code == 404
    assert (TaskRating.objects.count(), AchievementConfirmation.objects.count()) == (0, 0)


def test_an_unknown_kind_or_a_kind_a_collective_has_not_is_404(world):
    client = _staff_client(world)
    unit = world.chau_thanh.pk
    assert client.get(f"/khen-thuong/can-cu/tap-the/{unit}/sang-kien/them/").status_code == 404
    assert client.get(f"/khen-thuong/can-cu/tap-the/{unit}/ky-luat/them/").status_code == 404
    assert client.get(f"/khen-thuong/can-cu/ca-nhan/{PersonFactory().pk}/xac-nhan/them/").status_code == 404
    assert client.get("/khen-thuong/can-cu/khong-co/1/sua/").status_code == 404


# ---------------------------------------------------------------------------
# The appraisal screen: "Xác nhận căn cứ" turns "Chưa đủ căn cứ" into "Đủ điều kiện"
# ---------------------------------------------------------------------------


def _verdict(page: str) -> str:
    return page.split('data-testid="eligibility-verdict" data-verdict="', 1)[1].split('"', 1)[0]


def test_a_confirmation_on_the_appraisal_screen_makes_a_household_eligible(world):
    staff = world.user("staff")
    dossier = _sent(world, household_name="Hộ bà Huỳnh Thị Hạnh")
    nomination = dossier.nominations.get()
    client = _staff_client(world)
    appraise = reverse("awards:dossier_appraise", args=[dossier.pk])
    before = client.get(appraise).content.decode()
    assert _verdict(before) == "insufficient"
    assert "Chưa đủ căn cứ" in before
    confirm = reverse("awards:confirmation_add", args=[nomination.pk])
    assert f'href="{confirm}" data-testid="confirm-evidence"' in before
    page = client.get(confirm)
    asked = dict(page.context["form"].fields["fact"].choices)
    assert asked["household_contribution"] == (
        "Hộ gia đình có nhiều đóng góp về công sức, đất đai và tài sản cho địa phương, xã hội (bộ tiêu chuẩn yêu cầu)"
    )
    response = client.post(
        confirm, {"fact": "household_contribution", "basis": "Biên bản hiến đất số 5/BB-UBND", "note": ""}
    )
    assert response.status_code == 302
    assert response.url == f"{appraise}#n{nomination.pk}"
    after = client.get(appraise).content.decode()
    assert _verdict(after) == "eligible"
    assert "Đủ điều kiện theo dữ liệu hiện có" in after
    assert "đã xác nhận theo Biên bản hiến đất số 5/BB-UBND" in after
    record = AchievementConfirmation.objects.get(nomination=nomination)
    assert (record.fact, record.confirmed_by) == ("household_contribution", staff)
    eligible = nomination_appraise(nomination=nomination, by=staff, accept=True)
    assert (eligible.status, eligible.overridden_verdict) == (Nomination.Status.READY_FOR_DECISION, "")


def test_no_confirmation_once_the_nominee_is_appraised(world):
    staff = world.user("staff")
    nomination = _sent(world, household_name="Hộ ông Lê Văn Tám").nominations.get()
    nomination_appraise(nomination=nomination, by=staff, accept=False, reason="Thiếu văn bản xác nhận")
    client = _staff_client(world)
    response = client.post(
        reverse("awards:confirmation_add", args=[nomination.pk]), {"fact": "household_contribution", "basis": "BB 5"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Hộ ông Lê Văn Tám đã được thẩm định (thẩm định không đạt): căn cứ của đề nghị không còn thay đổi được."
    ]
    assert AchievementConfirmation.objects.count() == 0


# ---------------------------------------------------------------------------
# The list page: constant queries
# ---------------------------------------------------------------------------

# Session, user, the person, the 4 kinds, the 4 histories (cancelled records), the nominations awaiting appraisal;
# the base page: the user's unit, and the session saved again (savepoint, update, release).
PERSON_PAGE_QUERIES = 17


@pytest.mark.parametrize("count", [1, 5])
def test_the_person_page_runs_a_constant_number_of_queries(world, django_assert_num_queries, count):
    staff = world.user("staff")
    person = PersonFactory()
    for i in range(count):
        task_rating_create(by=staff, person=person, year=2020 + i, rating="excellent", basis=f"QĐ {i}")
        initiative_create(by=staff, person=person, title=f"Sáng kiến {i}", level="unit", year=2020 + i)
        discipline_create(by=staff, person=person, level="reprimand", year=2010 + i)
        pending_matter_create(by=staff, person=person, kind="complaint", started_on=date(2020 + i, 1, 2), basis="Đơn")
        cancelled = initiative_create(by=staff, person=person, title=f"Nhầm {i}", level="unit", year=2020)
        initiative_cancel(initiative=cancelled, by=staff, reason=f"Nhập nhầm {i}")
    client = _staff_client(world)
    with django_assert_num_queries(PERSON_PAGE_QUERIES):
        response = client.get(reverse("awards:evidence_person", args=[person.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for testid in ("rating", "initiative", "discipline", "matter", "cancelled"):
        assert page.count(f'data-testid="{testid}"') == count


# Session, user, the collective, ratings, matters, members' disciplines, 2 histories, nominations; the base page's 4.
UNIT_PAGE_QUERIES = 14


@pytest.mark.parametrize("count", [1, 5])
def test_the_collective_page_runs_a_constant_number_of_queries(world, django_assert_num_queries, count):
    staff = world.user("staff")
    unit = world.chau_thanh
    for i in range(count):
        task_rating_create(by=staff, unit=unit, year=2020 + i, rating="excellent", basis=f"QĐ {i}")
        pending_matter_create(by=staff, unit=unit, kind="inspection", started_on=date(2020 + i, 1, 2), basis="QĐ TTr")
        discipline_create(by=staff, person=PersonFactory(unit=unit), level="reprimand", year=2010 + i)
        cancelled = task_rating_create(by=staff, unit=unit, year=2000 + i, rating="good", basis="Nhầm")
        task_rating_cancel(task_rating=cancelled, by=staff, reason=f"Nhập nhầm {i}")
    client = _staff_client(world)
    with django_assert_num_queries(UNIT_PAGE_QUERIES):
        response = client.get(reverse("awards:evidence_unit", args=[unit.pk]))
    page = response.content.decode()
    for testid in ("rating", "discipline", "matter", "cancelled"):
        assert page.count(f'data-testid="{testid}"') == count


# ---------------------------------------------------------------------------
# Import/export of disciplines: the execution period, dd/mm/yyyy
# ---------------------------------------------------------------------------

HEADERS = ["Mã cá nhân", "Hình thức", "Năm", "Số quyết định", "Có hiệu lực từ ngày", "Chấp hành xong ngày"]


def test_discipline_export_and_import_carry_the_execution_period():
    person = PersonFactory()
    DisciplineRecord.objects.create(
        person=person,
        level="warning",
        year=2023,
        decision_number="9/QĐ",
        effective_from=date(2023, 3, 1),
        served_until=date(2024, 2, 29),
    )
    exported = DisciplineRecordResource().export()
    assert exported.dict[0]["Có hiệu lực từ ngày"] == date(2023, 3, 1)  # a real date cell in the xlsx
    assert exported.dict[0]["Chấp hành xong ngày"] == date(2024, 2, 29)
    data = tablib.Dataset(headers=HEADERS)
    data.append([person.pk, "Khiển trách", 2024, "10/QĐ", "05/06/2024", "04/06/2025"])
    result = DisciplineRecordResource().import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    imported = DisciplineRecord.objects.get(decision_number="10/QĐ")
    assert (imported.effective_from, imported.served_until) == (date(2024, 6, 5), date(2025, 6, 4))


def test_discipline_import_refuses_a_period_that_ends_before_it_starts():
    person = PersonFactory()
    data = tablib.Dataset(headers=HEADERS)
    data.append([person.pk, "Khiển trách", 2024, "11/QĐ", "05/06/2024", "04/06/2024"])
    result = DisciplineRecordResource().import_data(data, dry_run=False)
    assert result.has_validation_errors()
    errors = result.invalid_rows[0].error_dict
    assert errors == {"served_until": ["Ngày chấp hành xong không được trước ngày quyết định kỷ luật có hiệu lực."]}
    assert DisciplineRecord.objects.count() == 0


def test_a_long_reason_is_kept_whole_in_the_records_history(world):
    """The reason column of every history table is a text (SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD)."""
    staff = world.user("staff")
    record = initiative_create(by=staff, person=PersonFactory(), title="Sáng kiến A", level="unit", year=2024)
    reason = "Sửa theo Quyết định số 12/QĐ-UBND ngày 05/03/2025; " * 70  # about 3,600 characters
    initiative_update(initiative=record, by=staff, reason=reason.strip(), title="Sáng kiến A (sửa)")
    assert record.history.latest().history_change_reason == reason.strip()
