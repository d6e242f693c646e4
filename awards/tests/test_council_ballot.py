"""Quorum, thresholds over ALL members, written votes, recusals and the guards of the ballot."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from awards.models import AgendaItem, Attendance, BallotBox, BallotReceipt, Meeting, Nomination, Recusal
from awards.services import (
    AGREE,
    DISAGREE,
    agenda_add,
    attendance_set,
    ballot_cast,
    ballot_record_paper,
    item_result,
    meeting_close,
    meeting_open_ballot,
    percent_of,
    recusal_declare,
)
from awards.tests.council_factories import council, meeting_for, ready_nomination
from thiduakt.services import DomainError
from thiduakt.tests.factories import OrgUnitFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _open_meeting(size, nominations, *, absent=0):
    staff = StaffFactory()
    term, members = council(size)
    meeting = meeting_for(term, by=staff)
    agenda_add(meeting=meeting, nominations=nominations, by=staff)
    if absent:
        attendance_set(meeting=meeting, absent_member_ids={m.pk for m in members[-absent:]}, by=staff)
    meeting_open_ballot(meeting=meeting, by=staff)
    return staff, meeting, members


def _vote(meeting, members, item, agree: int, disagree: int = 0):
    for member in members[:agree]:
        ballot_cast(meeting=meeting, user=member.user, choices={item.pk: AGREE})
    for member in members[agree : agree + disagree]:
        ballot_cast(meeting=meeting, user=member.user, choices={item.pk: DISAGREE})


def test_percent_of_rounds_up_to_whole_members():
    assert percent_of(13, 90) == 12  # 11.7
    assert percent_of(13, 80) == 11  # 10.4
    assert percent_of(10, 80) == 8  # exactly 8.0
    assert percent_of(15, 80) == 12


def test_item_result_thirteen_members_ninety_percent_boundary():
    assert item_result(members=13, recused=0, agree=12, threshold_percent=90, quorum_met=True).passed is True
    assert item_result(members=13, recused=0, agree=11, threshold_percent=90, quorum_met=True).passed is False
    result = item_result(members=13, recused=0, agree=12, threshold_percent=90, quorum_met=True)
    assert (result.members_total, result.required) == (13, 12)
    assert result.rule == "≥ 90% tổng số 13 thành viên Hội đồng (11,7): cần 12 phiếu đồng ý"


def test_item_result_exact_bar_passes_and_no_quorum_fails():
    assert item_result(members=10, recused=0, agree=8, threshold_percent=80, quorum_met=True).passed is True
    assert item_result(members=10, recused=0, agree=7, threshold_percent=80, quorum_met=True).passed is False
    assert item_result(members=10, recused=0, agree=10, threshold_percent=80, quorum_met=False).passed is False


def test_item_result_recused_member_stays_in_the_total():
    # NĐ 98/2023 Điều 30 khoản 7: over all members; 11 of 13 is 84,6 % < 90 % (11 of the 12 who vote would pass).
    counted = item_result(members=13, recused=1, agree=11, threshold_percent=90, quorum_met=True)
    assert (counted.members_total, counted.required, counted.passed) == (13, 12, False)
    assert counted.rule.endswith("; 1 thành viên tránh xét không biểu quyết, vẫn tính vào tổng số")


def test_meeting_thirteen_members_twelve_agree_passes_cstdt():
    nominee = ready_nomination("CSTDT")
    staff, meeting, members = _open_meeting(13, [nominee])
    item = meeting.items.get()
    _vote(meeting, members, item, agree=12, disagree=1)
    meeting_close(meeting=meeting, by=staff)
    item.refresh_from_db()
    nominee.refresh_from_db()
    assert (item.agree_count, item.disagree_count, item.members_total, item.required_count) == (12, 1, 13, 12)
    assert item.passed is True
    assert nominee.status == Nomination.Status.COUNCIL_PASSED


def test_meeting_thirteen_members_eleven_agree_fails_cstdt_even_if_all_present_agree():
    # 11 of 11 present agree, two absent do not vote: 11 < 11.7 of all 13 members.
    nominee = ready_nomination("CSTDT")
    staff, meeting, members = _open_meeting(13, [nominee], absent=2)
    item = meeting.items.get()
    _vote(meeting, members, item, agree=11)
    meeting_close(meeting=meeting, by=staff)
    item.refresh_from_db()
    nominee.refresh_from_db()
    meeting.refresh_from_db()
    assert (meeting.present_count, meeting.members_total, meeting.quorum_met) == (11, 13, True)
    assert (item.agree_count, item.not_voted_count, item.passed) == (11, 2, False)
    assert nominee.status == Nomination.Status.COUNCIL_FAILED


def test_meeting_written_votes_of_absent_members_count_toward_the_threshold():
    nominee = ready_nomination("CSTDT")
    staff, meeting, members = _open_meeting(13, [nominee], absent=2)
    item = meeting.items.get()
    _vote(meeting, members, item, agree=11)  # the 11 present members online
    ballot_record_paper(meeting=meeting, members=members[11:], tallies={item.pk: (1, 1)}, by=staff)
    meeting_close(meeting=meeting, by=staff)
    item.refresh_from_db()
    assert (item.agree_count, item.disagree_count, item.passed) == (12, 1, True)
    assert BallotReceipt.objects.filter(item=item, channel=BallotReceipt.Channel.PAPER).count() == 2


@pytest.mark.parametrize(("absent", "quorum_met"), [(2, True), (3, False)])
def test_meeting_quorum_at_boundary(absent, quorum_met):
    nominee = ready_nomination("CSTDT")
    staff, meeting, members = _open_meeting(13, [nominee], absent=absent)
    item = meeting.items.get()
    _vote(meeting, members, item, agree=13 - absent)
    ballot_record_paper(meeting=meeting, members=members[13 - absent :], tallies={item.pk: (absent, 0)}, by=staff)
    meeting_close(meeting=meeting, by=staff)
    meeting.refresh_from_db()
    item.refresh_from_db()
    nominee.refresh_from_db()
    assert meeting.quorum_met is quorum_met
    assert item.agree_count == 13
    assert item.passed is quorum_met
    expected = Nomination.Status.COUNCIL_PASSED if quorum_met else Nomination.Status.READY_FOR_COUNCIL
    assert nominee.status == expected


def test_own_unit_member_is_recused_automatically_and_cannot_vote():
    nominee = ready_nomination("CSTDT")
    staff = StaffFactory()
    term, members = council(13)
    members[3].user.unit = nominee.dossier.unit
    members[3].user.save()
    meeting = meeting_for(term, by=staff)
    agenda_add(meeting=meeting, nominations=[nominee], by=staff)
    meeting_open_ballot(meeting=meeting, by=staff)
    item = meeting.items.get()
    recusal = Recusal.objects.get(item=item)
    assert (recusal.member, recusal.reason) == (members[3], Recusal.Reason.OWN_UNIT)
    with pytest.raises(DomainError, match="tránh xét"):
        ballot_cast(meeting=meeting, user=members[3].user, choices={item.pk: AGREE})
    voters = [m for m in members if m != members[3]]
    _vote(meeting, voters, item, agree=11, disagree=1)
    meeting_close(meeting=meeting, by=staff)
    item.refresh_from_db()
    # All 13 members count, the one who stepped out too: the bar is 11.7 → 11 agree fail.
    assert (item.members_total, item.recused_count, item.required_count, item.passed) == (13, 1, 12, False)


def test_declared_relation_recusal_is_recorded_and_blocks_the_vote():
    nominee = ready_nomination("CSTDT")
    _staff, meeting, members = _open_meeting(5, [nominee])
    item = meeting.items.get()
    recusal_declare(item=item, member=members[2], by=members[2].user, reason=Recusal.Reason.RELATION, note="Em ruột")
    assert Recusal.objects.get(item=item).note == "Em ruột"
    with pytest.raises(DomainError):
        ballot_cast(meeting=meeting, user=members[2].user, choices={item.pk: DISAGREE})
    assert meeting.events.filter(action__contains="tránh xét").count() == 1


def test_member_cannot_vote_twice():
    nominee = ready_nomination("CSTDT")
    _staff, meeting, members = _open_meeting(5, [nominee])
    item = meeting.items.get()
    ballot_cast(meeting=meeting, user=members[0].user, choices={item.pk: AGREE})
    with pytest.raises(DomainError, match="một lần"):
        ballot_cast(meeting=meeting, user=members[0].user, choices={item.pk: DISAGREE})
    box = BallotBox.objects.get(item=item)
    assert (box.agree, box.disagree) == (1, 0)


def test_member_cannot_vote_after_closing_and_results_are_frozen():
    nominee = ready_nomination("CSTDT")
    staff, meeting, members = _open_meeting(5, [nominee])
    item = meeting.items.get()
    _vote(meeting, members, item, agree=4)
    meeting_close(meeting=meeting, by=staff)
    with pytest.raises(DomainError, match="không trong thời gian bỏ phiếu"):
        ballot_cast(meeting=meeting, user=members[4].user, choices={item.pk: AGREE})
    with pytest.raises(DomainError):
        ballot_record_paper(meeting=meeting, members=[members[4]], tallies={item.pk: (1, 0)}, by=staff)
    with pytest.raises(DomainError):
        attendance_set(meeting=meeting, absent_member_ids=set(), by=staff)
    with pytest.raises(DomainError):
        meeting_close(meeting=meeting, by=staff)
    item.refresh_from_db()
    assert item.agree_count == 4


def test_non_member_and_member_of_another_council_cannot_vote():
    nominee = ready_nomination("CSTDT")
    _staff, meeting, _members = _open_meeting(5, [nominee])
    _other_term, other_members = council(3)
    item = meeting.items.get()
    for user in (other_members[0].user, UserFactory(is_council_member=True), StaffFactory()):
        with pytest.raises(DomainError, match="không phải thành viên"):
            ballot_cast(meeting=meeting, user=user, choices={item.pk: AGREE})
    assert BallotReceipt.objects.count() == 0


def test_vote_before_opening_is_refused():
    nominee = ready_nomination("CSTDT")
    staff = StaffFactory()
    term, members = council(5)
    meeting = meeting_for(term, by=staff)
    agenda_add(meeting=meeting, nominations=[nominee], by=staff)
    item = meeting.items.get()
    with pytest.raises(DomainError):
        ballot_cast(meeting=meeting, user=members[0].user, choices={item.pk: AGREE})


def test_paper_tallies_must_match_the_paper_voters():
    nominee = ready_nomination("CSTDT")
    staff, meeting, members = _open_meeting(5, [nominee])
    item = meeting.items.get()
    with pytest.raises(DomainError, match="phải bằng"):
        ballot_record_paper(meeting=meeting, members=members[:2], tallies={item.pk: (3, 0)}, by=staff)
    ballot_cast(meeting=meeting, user=members[0].user, choices={item.pk: AGREE})
    with pytest.raises(DomainError, match="đã bỏ phiếu"):
        ballot_record_paper(meeting=meeting, members=members[:2], tallies={item.pk: (2, 0)}, by=staff)
    assert BallotBox.objects.get(item=item).agree == 1


def test_agenda_refuses_nominee_not_ready_or_disclosure_window_open():

    staff = StaffFactory()
    term, _members = council(3)
    meeting = meeting_for(term, by=staff, day=timezone.localdate() + timedelta(days=30))
    proposed = ready_nomination("CSTDT", status=Nomination.Status.PROPOSED)
    with pytest.raises(DomainError, match="chưa thể đưa ra Hội đồng"):
        agenda_add(meeting=meeting, nominations=[proposed], by=staff)
    disclosed = ready_nomination(
        "CSTDTQ",
        disclosure_opens_on=timezone.localdate() - timedelta(days=5),
        disclosure_closes_on=timezone.localdate(),
    )
    with pytest.raises(DomainError, match="công khai"):
        agenda_add(meeting=meeting, nominations=[disclosed], by=staff)
    closed = ready_nomination("CSTDTQ", disclosure_opens_on=date(2024, 1, 2), disclosure_closes_on=date(2024, 1, 16))
    agenda_add(meeting=meeting, nominations=[closed], by=staff)
    closed.refresh_from_db()
    assert closed.status == Nomination.Status.ON_AGENDA
    assert AgendaItem.objects.get(nomination=closed).threshold_percent == 90


def test_agenda_items_take_the_threshold_of_their_award():
    staff = StaffFactory()
    term, _members = council(3)
    meeting = meeting_for(term, by=staff)
    person_nominee = ready_nomination("CSTDT")

    flag_nominee = ready_nomination("CTDT", nominee_kind="collective", person=None, unit=OrgUnitFactory())
    agenda_add(meeting=meeting, nominations=[flag_nominee, person_nominee], by=staff)
    thresholds = {
        i.nomination.award.code: i.threshold_percent for i in meeting.items.select_related("nomination__award")
    }
    assert thresholds == {"CSTDT": 90, "CTDT": 80}


def test_attendance_is_one_row_per_member():
    staff = StaffFactory()
    term, members = council(4)
    meeting = meeting_for(term, by=staff)
    attendance_set(meeting=meeting, absent_member_ids={members[0].pk}, by=staff)
    assert Attendance.objects.filter(meeting=meeting).count() == 4
    assert list(Attendance.objects.filter(meeting=meeting, status="absent").values_list("member", flat=True)) == [
        members[0].pk
    ]
    assert meeting.status == Meeting.Status.DRAFT
