"""Dossier route: build, submit (checklist), working-day clock, return, resubmit, appraise, disclosure."""

from datetime import date

import pytest
from django.utils import timezone

from awards.models import Dossier, DossierEvent, Holiday, Nomination, PublicComment
from awards.services import (
    disclosure_open,
    dossier_create_draft,
    dossier_mark_complete,
    dossier_missing,
    dossier_return,
    dossier_submit,
    nomination_add,
    nomination_appraise,
    nomination_can_go_to_council,
    public_comment_add,
)
from awards.tests.helpers import complete_dossier
from awards.workdays import add_working_days, working_days_between
from thiduakt.models import Notification
from thiduakt.services import DomainError
from thiduakt.tests.factories import PersonFactory

JUSTIFIED = "Đủ tiêu chuẩn theo các quyết định khen thưởng kèm hồ sơ, đã đối chiếu bản gốc."


def test_add_working_days_skips_weekends_and_holidays(db):
    # Friday 25/4/2025 + 3 working days: 28 (Mon), 29 (Tue), then 30/4 and 1/5, 2/5 are holidays → Mon 5/5.
    assert add_working_days(date(2025, 4, 25), 3) == date(2025, 5, 5)
    Holiday.objects.create(day=date(2025, 5, 5), name="Nghỉ thử")
    assert add_working_days(date(2025, 4, 25), 3) == date(2025, 5, 6)
    assert working_days_between(date(2025, 4, 25), date(2025, 5, 6)) == 3
    assert working_days_between(date(2025, 5, 6), date(2025, 4, 25)) == -3


@pytest.mark.django_db
def test_submit_refused_while_checklist_incomplete_and_says_what_is_missing(world):
    person = PersonFactory(full_name="Phạm Thị Diễm")
    dossier = dossier_create_draft(
        unit=world.chau_thanh,
        round_kind="yearly",
        year=2024,
        by=world.user("donvi"),
        nominees=[{"kind": "individual", "person": person, "award": "CSTDCS", "summary": ""}],
    )
    assert dossier_missing(dossier) == [
        "Số và ngày của tờ trình.",
        "Biên bản họp Hội đồng Thi đua - Khen thưởng của đơn vị: ngày họp và kết quả biểu quyết.",
        "Báo cáo thành tích của Phạm Thị Diễm.",
        "Minh chứng công nhận sáng kiến của Phạm Thị Diễm.",
        "Tóm tắt thành tích của Phạm Thị Diễm.",
        "Tệp tờ trình đề nghị khen thưởng.",
        "Tệp biên bản họp hội đồng thi đua - khen thưởng đơn vị.",
    ]
    with pytest.raises(DomainError) as err:
        dossier_submit(dossier=dossier, by=world.user("donvi"))
    assert str(err.value).startswith("Hồ sơ còn thiếu: Số và ngày của tờ trình.")
    dossier.refresh_from_db()
    assert (dossier.status, dossier.round_number) == ("draft", 0)


@pytest.mark.django_db
def test_full_route_with_return_resubmit_and_appraisal(world):
    donvi, staff = world.user("donvi"), world.user("staff")
    a, b = PersonFactory(full_name="Trần Thị An"), PersonFactory(full_name="Lê Văn Bảo")
    dossier = complete_dossier(
        unit=world.chau_thanh,
        by=donvi,
        nominees=[
            {"kind": "individual", "person": a, "award": "CSTDT", "summary": "Sáng kiến cấp tỉnh"},
            {"kind": "individual", "person": b, "award": "BKT", "summary": "Hoàn thành xuất sắc"},
        ],
    )
    dossier = dossier_submit(dossier=dossier, by=donvi)
    today = timezone.localdate()
    assert (dossier.status, dossier.round_number, dossier.received_on) == ("submitted", 1, today)
    assert dossier.due_on == add_working_days(today, 5)
    assert Notification.objects.filter(recipient=staff).count() == 1
    with pytest.raises(DomainError):
        dossier_submit(dossier=dossier, by=donvi)  # a second click changes nothing
    with pytest.raises(DomainError) as err:
        dossier_return(dossier=dossier, by=staff, reason="  ")
    assert str(err.value) == "Cần ghi lý do trả lại hồ sơ."
    dossier = dossier_return(dossier=dossier, by=staff, reason="Thiếu xác nhận sáng kiến cấp tỉnh")
    assert (dossier.status, dossier.due_on) == ("returned", None)
    assert Notification.objects.get(recipient=donvi).body == "Thiếu xác nhận sáng kiến cấp tỉnh"
    dossier = dossier_submit(dossier=dossier, by=donvi)
    assert (dossier.status, dossier.round_number, dossier.first_received_on) == ("resubmitted", 2, today)
    dossier = dossier_mark_complete(dossier=dossier, by=staff)
    assert (dossier.complete_on, dossier.due_on) == (today, add_working_days(today, 20))
    first, second = dossier.nominations.order_by("id")
    with pytest.raises(DomainError) as err:
        nomination_appraise(nomination=second, by=staff, accept=False)
    assert str(err.value) == "Cần ghi lý do không đạt."
    # The check finds no record of her titles: passing her needs a justification (docs/awards-law.md).
    first = nomination_appraise(nomination=first, by=staff, accept=True, reason=JUSTIFIED)
    assert first.status == Nomination.Status.READY_FOR_COUNCIL  # CSTDT needs the council
    dossier.refresh_from_db()
    assert dossier.status == "resubmitted"
    second = nomination_appraise(nomination=second, by=staff, accept=False, reason="Chưa đủ 2 năm CSTĐCS")
    assert second.status == Nomination.Status.REJECTED
    dossier.refresh_from_db()
    assert (dossier.status, dossier.due_on) == (Dossier.Status.APPRAISED, None)
    with pytest.raises(DomainError):
        nomination_appraise(nomination=first, by=staff, accept=False, reason="x")
    actions = list(
        DossierEvent.objects.filter(dossier=dossier, to_status__gt="").values_list("round_number", "to_status")
    )
    assert actions == [
        (0, "draft"),
        (1, "submitted"),
        (1, "returned"),
        (2, "resubmitted"),
        (2, "ready_for_council"),
        (2, "rejected"),
        (2, "appraised"),
    ]
    assert DossierEvent.objects.get(to_status="returned").reason == "Thiếu xác nhận sáng kiến cấp tỉnh"


@pytest.mark.django_db
def test_accepted_bkt_goes_to_decision(world):
    donvi = world.user("donvi")
    dossier = complete_dossier(
        unit=world.chau_thanh,
        by=donvi,
        nominees=[{"kind": "individual", "person": PersonFactory(), "award": "BKT", "summary": "Tốt"}],
    )
    dossier_submit(dossier=dossier, by=donvi)
    nomination = nomination_appraise(
        nomination=dossier.nominations.get(), by=world.user("staff"), accept=True, reason=JUSTIFIED
    )
    assert nomination.status == Nomination.Status.READY_FOR_DECISION
    assert nomination_can_go_to_council(nomination) is False


@pytest.mark.django_db
def test_council_waits_for_the_disclosure_window(world):
    donvi, staff = world.user("donvi"), world.user("staff")
    dossier = complete_dossier(
        unit=world.chau_thanh,
        by=donvi,
        nominees=[{"kind": "individual", "person": PersonFactory(), "award": "HCLD3", "summary": "Cống hiến"}],
    )
    dossier_submit(dossier=dossier, by=donvi)
    nomination = nomination_appraise(nomination=dossier.nominations.get(), by=staff, accept=True, reason=JUSTIFIED)
    assert nomination.status == Nomination.Status.READY_FOR_COUNCIL
    assert nomination_can_go_to_council(nomination) is False  # not yet disclosed
    nomination = disclosure_open(nomination=nomination, by=staff, opens_on=date(2026, 4, 24))
    # 10 working days after Friday 24/4/2026, skipping 27/4, 30/4 and 1/5 (holidays): Wednesday 13/5.
    assert nomination.disclosure_closes_on == date(2026, 5, 13)
    assert nomination_can_go_to_council(nomination, today=date(2026, 5, 13)) is False
    assert nomination_can_go_to_council(nomination, today=date(2026, 5, 14)) is True
    with pytest.raises(DomainError):
        disclosure_open(nomination=nomination, by=staff)


@pytest.mark.django_db
def test_public_comment_only_while_window_open(world):
    person = PersonFactory()
    dossier = dossier_create_draft(
        unit=world.chau_thanh,
        round_kind="yearly",
        year=2024,
        by=None,
        nominees=[{"kind": "individual", "person": person, "award": "HCLD3"}],
    )
    nomination = dossier.nominations.get()
    today = timezone.localdate()
    Nomination.objects.filter(pk=nomination.pk).update(
        status="ready_for_council", disclosure_opens_on=today, disclosure_closes_on=today
    )
    comment = public_comment_add(nomination=nomination, body="Tôi xác nhận thành tích.", author_name="Ông  Tư")
    assert (comment.author_name, comment.nomination_id) == ("Ông Tư", nomination.pk)
    Nomination.objects.filter(pk=nomination.pk).update(
        disclosure_opens_on=today - timezone.timedelta(days=20), disclosure_closes_on=today - timezone.timedelta(days=1)
    )
    with pytest.raises(DomainError):
        public_comment_add(nomination=nomination, body="Muộn")
    assert PublicComment.objects.count() == 1


@pytest.mark.django_db
def test_returned_dossier_is_editable_again_but_submitted_is_not(world):

    donvi = world.user("donvi")
    dossier = complete_dossier(
        unit=world.chau_thanh,
        by=donvi,
        nominees=[{"kind": "individual", "person": PersonFactory(), "award": "BKT", "summary": "Tốt"}],
    )
    dossier_submit(dossier=dossier, by=donvi)
    with pytest.raises(DomainError) as err:
        nomination_add(dossier=dossier, kind="household", household_name="Hộ bà Tám", award="GK", by=donvi)
    assert str(err.value) == "Hồ sơ đã gửi, không thể thêm đối tượng."
    dossier_return(dossier=dossier, by=world.user("staff"), reason="Bổ sung hộ gia đình")
    nomination_add(dossier=dossier, kind="household", household_name="Hộ bà Tám", award="GK", by=donvi, summary="x")
    assert dossier.nominations.count() == 2
