"""Deadlines, processing times, the council's quorum and denominator, and overriding the automatic check, by the
law (docs/awards-law.md "## Thời hạn", "## Hội đồng"; docs/law-verdicts.md §4, §5)."""

from datetime import date, datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from awards.jobs import packet_context
from awards.models import (
    AchievementConfirmation,
    CouncilTerm,
    Dossier,
    DossierEvent,
    Nomination,
    PendingMatter,
    ProcessingRule,
)
from awards.services import (
    agenda_add,
    attendance_set,
    central_deadline,
    dossier_accept_late,
    dossier_mark_complete,
    dossier_submit,
    item_result,
    meeting_close,
    meeting_create,
    meeting_open_ballot,
    meeting_quorum,
    nomination_appraise,
    share_of,
    submission_deadline,
)
from awards.tests.council_factories import council, meeting_for, ready_nomination
from awards.tests.factories import DossierFactory, award
from awards.tests.helpers import complete_dossier
from awards.workdays import add_working_days
from campaigns.tests.factories import CampaignFactory
from reports.builders import build_workload, workload_counts
from thiduakt.models import Notification
from thiduakt.services import DomainError
from thiduakt.tests.factories import PersonFactory, StaffFactory

pytestmark = pytest.mark.django_db

JUSTIFICATION = "Thành tích đột xuất đã được Công an tỉnh xác nhận bằng văn bản số 12/CV-CA."


@pytest.fixture
def today(monkeypatch):
    """Set the day the services read (timezone.localdate) for one test."""

    def set_day(day: date):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    return set_day


def _sent(world, *, year=2024, award_code="BKT", kind="individual", **nominee):
    donvi = world.user("donvi")
    nominee = nominee or {"person": PersonFactory()}
    dossier = complete_dossier(
        unit=world.chau_thanh,
        by=donvi,
        year=year,
        nominees=[{"kind": kind, "award": award_code, "summary": "Thành tích", **nominee}],
    )
    return dossier_submit(dossier=dossier, by=donvi)


# ---------------------------------------------------------------------------
# Deadlines (SubmissionDeadline rows)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("sent_on", "late"), [(date(2026, 12, 9), False), (date(2026, 12, 10), True)])
def test_yearly_dossiers_are_due_before_10_december(sent_on, late):
    deadline = submission_deadline(DossierFactory(year=2026, round_kind=Dossier.RoundKind.YEARLY), sent_on)
    assert (deadline.day, deadline.inclusive) == (date(2026, 12, 10), False)  # "trước ngày 10/12"
    assert deadline.is_late(sent_on) is late
    assert deadline.rule.legal_basis.endswith("Điều 6 khoản 2: «trước ngày 10/12 hằng năm»]")


def test_no_yearly_deadline_before_the_regulation_took_effect():
    # The text read (Bắc Ninh QĐ 86/2025) is in force from 15/12/2025: it does not set the 10/12/2025 deadline.
    assert submission_deadline(DossierFactory(year=2025), date(2026, 1, 5)) is None


@pytest.mark.parametrize(("sent_on", "late"), [(date(2026, 12, 10), False), (date(2026, 12, 11), True)])
def test_campaign_review_dossiers_are_due_ten_days_before_the_review(sent_on, late):
    campaign = CampaignFactory(final_review_on=date(2026, 12, 20))
    dossier = DossierFactory(year=2026, round_kind=Dossier.RoundKind.CAMPAIGN, campaign=campaign)
    deadline = submission_deadline(dossier, sent_on)
    assert (deadline.day, deadline.inclusive) == (date(2026, 12, 10), True)
    assert deadline.is_late(sent_on) is late


def test_campaign_review_takes_the_next_planned_review_and_sudden_awards_have_no_deadline():
    campaign = CampaignFactory(interim_review_on=date(2026, 6, 20), final_review_on=date(2026, 12, 20))
    dossier = DossierFactory(year=2026, round_kind=Dossier.RoundKind.CAMPAIGN, campaign=campaign)
    assert submission_deadline(dossier, date(2026, 6, 1)).day == date(2026, 6, 10)
    assert submission_deadline(dossier, date(2026, 7, 1)).day == date(2026, 12, 10)
    assert (
        submission_deadline(DossierFactory(year=2026, round_kind=Dossier.RoundKind.SUDDEN), date(2026, 12, 31)) is None
    )


@pytest.mark.parametrize(("sent_on", "late"), [(date(2026, 6, 30), False), (date(2026, 7, 1), True)])
def test_co_thi_dua_chinh_phu_reaches_the_ministry_by_30_june(sent_on, late):
    deadline = central_deadline(award("CTDCP"), 2025)
    assert (deadline.day, deadline.inclusive) == (date(2026, 6, 30), True)  # "chậm nhất vào ngày 30 tháng 6"
    assert deadline.is_late(sent_on) is late
    assert (
        central_deadline(award("CTDCP"), 2024).rule.legal_basis == "Nghị định số 98/2023/NĐ-CP, Điều 32 khoản 1 điểm b"
    )


def test_a_late_dossier_is_taken_marked_and_waits_for_staff_to_accept_it(world, today):
    today(date(2026, 12, 10))
    staff = world.user("staff")
    dossier = _sent(world, year=2026)
    assert (dossier.status, dossier.submitted_late, dossier.deadline_on) == ("submitted", True, date(2026, 12, 10))
    late = dossier.late_message
    assert late.startswith("Hồ sơ nộp muộn so với hạn 10/12/2026 (trước ngày 10/12/2026; Quy định công tác")
    sent = DossierEvent.objects.get(dossier=dossier, to_status="submitted")
    assert (sent.action, sent.reason) == ("Gửi hồ sơ (nộp muộn)", late)
    assert Notification.objects.filter(recipient=staff, title__startswith="Hồ sơ mới, nộp muộn so với hạn 10/12/2026")
    nomination = dossier.nominations.get()
    refused = (
        "Hồ sơ nộp muộn so với hạn 10/12/2026: cần chấp nhận hồ sơ nộp muộn (ghi lý do) trước khi thẩm định, "
        "hoặc trả lại hồ sơ cho đơn vị."
    )
    for step in (
        lambda: nomination_appraise(nomination=nomination, by=staff, accept=False, reason="Không đạt"),
        lambda: dossier_mark_complete(dossier=dossier, by=staff),
    ):
        with pytest.raises(DomainError) as err:
            step()
        assert str(err.value) == refused
    with pytest.raises(DomainError) as err:
        dossier_accept_late(dossier=dossier, by=staff, reason="  muộn ")
    assert str(err.value) == "Cần ghi lý do chấp nhận hồ sơ nộp muộn (ít nhất 10 ký tự)."
    dossier.refresh_from_db()
    assert (dossier.complete_on, dossier.late_accepted_at) == (None, None)

    dossier = dossier_accept_late(dossier=dossier, by=staff, reason="Đơn vị báo trước do bão, Sở đồng ý.")
    assert (dossier.late_accepted_by, dossier.late_acceptance_reason) == (staff, "Đơn vị báo trước do bão, Sở đồng ý.")
    accepted = DossierEvent.objects.get(dossier=dossier, action__startswith="Chấp nhận hồ sơ nộp muộn")
    assert (accepted.action, accepted.reason, accepted.by) == (
        "Chấp nhận hồ sơ nộp muộn so với hạn 10/12/2026",
        "Đơn vị báo trước do bão, Sở đồng ý.",
        staff,
    )
    with pytest.raises(DomainError, match="đã được chấp nhận"):
        dossier_accept_late(dossier=dossier, by=staff, reason="Một lần nữa cho chắc chắn.")
    nomination = nomination_appraise(nomination=nomination, by=staff, accept=False, reason="Không đạt")
    assert nomination.status == Nomination.Status.REJECTED


def test_a_dossier_on_time_needs_no_acceptance(world, today):
    today(date(2026, 12, 9))
    dossier = _sent(world, year=2026)
    assert (dossier.submitted_late, dossier.deadline_on, dossier.late_message) == (False, date(2026, 12, 10), "")
    with pytest.raises(DomainError, match="Hồ sơ gửi đúng hạn"):
        dossier_accept_late(dossier=dossier, by=world.user("staff"), reason="Không cần thiết nhưng thử.")


def test_the_unit_sees_nop_muon_when_it_sends_late(world, client, today):
    today(date(2026, 12, 11))
    donvi = world.user("donvi")
    dossier = complete_dossier(
        unit=world.chau_thanh,
        by=donvi,
        year=2026,
        nominees=[{"kind": "individual", "person": PersonFactory(), "award": "BKT", "summary": "Tốt"}],
    )
    client.force_login(donvi)
    response = client.post(reverse("awards:dossier_submit", args=[dossier.pk]), follow=True)
    page = response.content.decode()
    assert "Hồ sơ nộp muộn so với hạn 10/12/2026 (trước ngày 10/12/2026;" in page
    assert "Sở Nội vụ chỉ thẩm định khi chấp nhận hồ sơ nộp muộn, có ghi lý do." in page
    assert 'data-testid="late"' in page


def test_staff_accept_a_late_dossier_from_the_appraisal_screen(world, client, today):
    today(date(2026, 12, 11))
    dossier = _sent(world, year=2026)
    client.force_login(world.user("staff"))
    page = client.get(reverse("awards:dossier_appraise", args=[dossier.pk])).content.decode()
    assert 'data-testid="accept-late"' in page
    url = reverse("awards:dossier_accept_late", args=[dossier.pk])
    client.post(url, {"reason": "Đơn vị đã báo cáo lý do bằng văn bản."})
    dossier.refresh_from_db()
    assert dossier.late_acceptance_reason == "Đơn vị đã báo cáo lý do bằng văn bản."


# ---------------------------------------------------------------------------
# Processing times (ProcessingRule), the clock from the day the dossier became complete
# ---------------------------------------------------------------------------


def _appraised(complete_on: date, appraised_on: date) -> Dossier:
    at = timezone.make_aware(datetime(appraised_on.year, appraised_on.month, appraised_on.day, 10))
    return DossierFactory(status=Dossier.Status.APPRAISED, complete_on=complete_on, appraised_at=at)


def test_workload_judges_each_dossier_by_the_processing_rule_of_its_complete_day():
    ProcessingRule.objects.create(valid_from=date(2026, 3, 1), appraisal_working_days=15, legal_basis="Thử")
    # 18 working days each: under the 20-day rule (complete 02/02, Tết 16–20/02 skipped) on time;
    # under the 15-day rule from 01/03 late.
    _appraised(date(2026, 2, 2), date(2026, 3, 5))
    _appraised(date(2026, 3, 2), date(2026, 3, 26))
    figures = workload_counts(2026)
    assert (figures["appraised"][2], figures["on_time"][2], figures["late"][2]) == (2, 1, 1)
    data = build_workload({"year": 2026}, None, lambda *args: None)
    labels = [row[0] for row in data.sections[0].tables[0].rows]
    assert "Trong đó: đúng hạn (≤ 20 / 15 ngày làm việc)" in labels
    assert "Thời hạn thẩm định: 20 / 15 ngày làm việc" in data.sections[0].notes[1]


def test_appraising_without_marking_complete_starts_the_clock(world, today):
    day = today(date(2026, 3, 2))
    ProcessingRule.objects.create(valid_from=date(2026, 3, 1), appraisal_working_days=15, legal_basis="Thử")
    dossier = _sent(world, person=PersonFactory())
    nominee = dossier.nominations.get()
    second = Nomination.objects.create(
        dossier=dossier, nominee_kind="household", household_name="Hộ ông Tư", award=award("BKT"), year=2024
    )
    nomination_appraise(nomination=nominee, by=world.user("staff"), accept=False, reason="Chưa đủ thành tích")
    dossier.refresh_from_db()
    assert (dossier.complete_on, dossier.due_on) == (day, add_working_days(day, 15))
    assert second.status == Nomination.Status.PROPOSED


# ---------------------------------------------------------------------------
# The council: quorum per kind of session, pass thresholds over all members
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "numerator", "denominator", "needed"),
    [(15, 2, 3, 10), (13, 2, 3, 9), (15, 80, 100, 12), (13, 80, 100, 11)],
)
def test_quorum_is_the_smallest_whole_number_of_members(members, numerator, denominator, needed):
    assert share_of(members, numerator, denominator) == needed


def test_a_term_holds_both_quorums_with_their_source():
    term = CouncilTerm.objects.create(name="Hội đồng thử", valid_from=date(2025, 7, 1))
    assert (term.quorum(award_session=False), term.quorum(award_session=True)) == ((2, 3), (80, 100))
    assert (term.quorum_ordinary_label, term.quorum_award_label) == ("2/3", "80%")
    assert term.quorum_basis.endswith("86/2025/QĐ-UBND tỉnh Bắc Ninh, Điều 8 khoản 4 điểm b]")


def test_a_meeting_without_nominees_needs_two_thirds_with_nominees_80_percent():
    staff = StaffFactory()
    term, _members = council(15)
    meeting = meeting_create(term=term, title="Phiên họp thường kỳ", date=date(2025, 6, 20), kind="regular", by=staff)
    ordinary = meeting_quorum(meeting, 15)
    assert ordinary.required == 10
    assert ordinary.rule.startswith("ít nhất 2/3 tổng số 15 thành viên, tức 10 thành viên (phiên họp thường;")
    agenda_add(meeting=meeting, nominations=[ready_nomination("CSTDT")], by=staff)
    award_session = meeting_quorum(meeting, 15)
    assert award_session.required == 12
    assert award_session.rule.startswith("ít nhất 80% tổng số 15 thành viên, tức 12 thành viên (phiên họp xét khen")


@pytest.mark.parametrize(("absent", "met"), [(3, True), (4, False)])
def test_award_session_of_fifteen_needs_twelve_present(absent, met):
    staff = StaffFactory()
    term, members = council(15)
    meeting = meeting_for(term, by=staff)
    agenda_add(meeting=meeting, nominations=[ready_nomination("CSTDT")], by=staff)
    attendance_set(meeting=meeting, absent_member_ids={m.pk for m in members[-absent:]}, by=staff)
    meeting_open_ballot(meeting=meeting, by=staff)
    meeting = meeting_close(meeting=meeting, by=staff)
    assert (meeting.present_count, meeting.quorum_required, meeting.quorum_met) == (15 - absent, 12, met)


def test_a_recused_member_stays_in_the_denominator():
    # 13 members, 1 recused, 11 agree: 11 < 11,7 (90 % of 13) fails; 11/12 = 91,7 % would have passed.
    result = item_result(members=13, recused=1, agree=11, threshold_percent=90, quorum_met=True)
    assert (result.members_total, result.required, result.passed) == (13, 12, False)
    assert item_result(members=13, recused=1, agree=12, threshold_percent=90, quorum_met=True).passed is True


# ---------------------------------------------------------------------------
# Overriding the automatic check needs a written justification, shown to the council
# ---------------------------------------------------------------------------


def test_passing_a_nominee_the_check_did_not_find_eligible_needs_a_justification(world):
    staff = world.user("staff")
    dossier = _sent(world, award_code="CSTDT")
    nomination = dossier.nominations.get()
    for reason in ("", JUSTIFICATION[:29]):
        with pytest.raises(DomainError) as err:
            nomination_appraise(nomination=nomination, by=staff, accept=True, reason=reason)
        assert str(err.value) == (
            f"{nomination.nominee_name}: kiểm tra tự động cho kết quả «Không đủ điều kiện theo dữ liệu hiện có». "
            "Muốn thẩm định đạt, cần ghi căn cứ trong ý kiến thẩm định (ít nhất 30 ký tự); căn cứ này được trình "
            "Hội đồng và ghi vào lịch sử xử lý."
        )
    nomination.refresh_from_db()
    dossier.refresh_from_db()
    assert (nomination.status, nomination.overridden_verdict, dossier.complete_on) == ("proposed", "", None)

    nomination = nomination_appraise(nomination=nomination, by=staff, accept=True, reason=JUSTIFICATION[:30])
    assert nomination.status == Nomination.Status.READY_FOR_COUNCIL
    assert nomination.appraisal_reason == JUSTIFICATION[:30]
    assert nomination.overridden_verdict.startswith("Không đủ điều kiện theo dữ liệu hiện có; ")
    event = DossierEvent.objects.get(nomination=nomination, to_status="ready_for_council")
    assert event.action == (
        f"Thẩm định đạt dù kiểm tra tự động «Không đủ điều kiện theo dữ liệu hiện có»: {nomination.nominee_name}"
    )
    assert event.reason == (
        f"Kết quả kiểm tra tự động: {nomination.overridden_verdict}. Căn cứ thẩm định đạt: {JUSTIFICATION[:30]}"
    )


def test_chua_du_can_cu_also_needs_a_justification_and_an_eligible_nominee_does_not(world):
    staff = world.user("staff")
    dossier = _sent(world, kind="household", household_name="Hộ bà Huỳnh Thị Hạnh")
    awaiting = dossier.nominations.get()
    with pytest.raises(DomainError, match="«Chưa đủ căn cứ»"):
        nomination_appraise(nomination=awaiting, by=staff, accept=True)
    AchievementConfirmation.objects.create(
        nomination=awaiting, fact="household_contribution", basis="Biên bản hiến đất số 5/BB-UBND", confirmed_by=staff
    )
    eligible = nomination_appraise(nomination=awaiting, by=staff, accept=True)
    assert (eligible.status, eligible.overridden_verdict) == (Nomination.Status.READY_FOR_DECISION, "")


def test_the_council_reads_the_override_in_the_packet_and_the_voting_room(world, client):
    staff = world.user("staff")
    dossier = _sent(world, award_code="CSTDT")
    nomination = nomination_appraise(nomination=dossier.nominations.get(), by=staff, accept=True, reason=JUSTIFICATION)
    term, members = council(3)
    meeting = meeting_for(term, by=staff)
    agenda_add(meeting=meeting, nominations=[nomination], by=staff)
    meeting_open_ballot(meeting=meeting, by=staff)
    packet = render_to_string("reports/pdf/awards/meeting_packet.html", packet_context(meeting))
    assert "Thẩm định đạt dù kiểm tra tự động chưa đạt" in packet
    assert f"Căn cứ của cán bộ thẩm định: {JUSTIFICATION}" in packet
    client.force_login(members[2].user)
    room = client.get(reverse("awards:meeting_room", args=[meeting.pk])).content.decode()
    assert 'data-testid="override"' in room
    assert JUSTIFICATION in room
    assert nomination.overridden_verdict in room


def test_a_suspended_nominee_cannot_be_passed_even_with_a_justification(world):
    """NĐ 152/2025 Điều 4 khoản 4: "chưa khen thưởng" while a matter is open — no override."""
    staff = world.user("staff")
    person = PersonFactory()
    PendingMatter.objects.create(
        person=person, kind="complaint", started_on=date(2024, 11, 1), basis="Đơn tố cáo ngày 01/11/2024"
    )
    nomination = _sent(world, person=person).nominations.get()
    with pytest.raises(DomainError) as err:
        nomination_appraise(nomination=nomination, by=staff, accept=True, reason=JUSTIFICATION)
    assert str(err.value) == (
        f"{nomination.nominee_name} đang trong thời gian xem xét kỷ luật, điều tra, thanh tra, kiểm tra hoặc giải "
        "quyết khiếu nại, tố cáo: chưa được khen thưởng (Điều 4 khoản 4 Nghị định 152/2025/NĐ-CP), không thể thẩm "
        "định đạt cho đến khi vụ việc kết thúc."
    )
    nomination.refresh_from_db()
    assert (nomination.status, nomination.overridden_verdict) == ("proposed", "")
