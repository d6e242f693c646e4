"""Screens of awards part 2 through the test client: lists (constant queries), voting, decisions, forwarding."""

from datetime import date

import pytest
from django.test import Client

from awards.models import AwardRecord, BallotBox, CentralItem, Decision, Nomination
from awards.services import (
    agenda_add,
    decision_create_draft,
    decision_sign,
    decision_update,
    meeting_open_ballot,
)
from awards.tests.council_factories import council, meeting_for, ready_nomination
from awards.tests.factories import award
from awards.tests.helpers import run_sign_jobs
from thiduakt.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _meetings(world, count):
    term, _members = council(3, users=[world.user("hoidong")])
    staff = world.user("staff")
    for index in range(count):
        meeting = meeting_for(term, by=staff, day=date(2025, 1, 1 + index))
        agenda_add(meeting=meeting, nominations=[ready_nomination("CSTDT")], by=staff)
        meeting_open_ballot(meeting=meeting, by=staff)
    return term


@pytest.mark.parametrize("count", [1, 6])
def test_meeting_list_runs_constant_queries(world, django_assert_num_queries, count):
    _meetings(world, count)
    # A member is refused manage_meetings by the rules, so Django asks the model backend too (2 queries).
    for role, expected in (("staff", 9), ("hoidong", 11)):
        client = _client(world.user(role))
        with django_assert_num_queries(expected):
            response = client.get("/khen-thuong/hoi-dong/")
        assert response.status_code == 200
        assert len(response.context["page"]) == count


def _signed(world, count):
    staff = world.user("staff")
    for _ in range(count):
        nominee = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
        decision = decision_create_draft(award=award("BKT"), nominations=[nominee], by=staff)
        decision_update(decision=decision, by=staff, signer_name="Nguyễn Văn Thắng")
        decision_sign(decision=decision, by=staff, decision_date=date(2025, 5, 5))


@pytest.mark.parametrize("count", [1, 6])
def test_decision_list_runs_constant_queries(world, django_assert_num_queries, count):
    _signed(world, count)
    client = _client(world.user("staff"))
    with django_assert_num_queries(10):
        response = client.get("/khen-thuong/quyet-dinh/?status=signed")
    assert len(response.context["page"]) == count


def test_decision_list_finds_a_recipient_without_diacritics(world):
    staff = world.user("staff")
    nominee = ready_nomination(
        "BKT", status=Nomination.Status.READY_FOR_DECISION, person=PersonFactory(full_name="Nguyễn Thị Hồng Nhung")
    )
    decision = decision_create_draft(award=award("BKT"), nominations=[nominee], by=staff)
    ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    decision_create_draft(award=award("BKT"), nominations=[Nomination.objects.exclude(pk=nominee.pk).get()], by=staff)
    response = _client(staff).get("/khen-thuong/quyet-dinh/", {"q": "nguyen thi hong nhung"})
    assert [d.pk for d in response.context["page"]] == [decision.pk]


def test_member_votes_once_through_the_room(world):
    term, _members = council(3, users=[world.user("hoidong")])
    staff = world.user("staff")
    meeting = meeting_for(term, by=staff)
    agenda_add(meeting=meeting, nominations=[ready_nomination("CSTDT")], by=staff)
    meeting_open_ballot(meeting=meeting, by=staff)
    item = meeting.items.get()
    client = _client(world.user("hoidong"))
    room = client.get(f"/khen-thuong/hoi-dong/{meeting.pk}/phong-hop/")
    assert room.status_code == 200 and f'name="item-{item.pk}"' in room.content.decode()
    assert 'data-testid="findings"' in room.content.decode()  # part 1's eligibility findings in the packet
    client.post(f"/khen-thuong/hoi-dong/{meeting.pk}/bo-phieu/", {f"item-{item.pk}": "agree"})
    again = client.post(f"/khen-thuong/hoi-dong/{meeting.pk}/bo-phieu/", {f"item-{item.pk}": "disagree"}, follow=True)
    assert "mỗi thành viên chỉ bỏ phiếu một lần" in again.content.decode()
    box = BallotBox.objects.get(item=item)
    assert (box.agree, box.disagree) == (1, 0)
    room = client.get(f"/khen-thuong/hoi-dong/{meeting.pk}/phong-hop/").content.decode()
    assert "Đã bỏ phiếu" in room and f'name="item-{item.pk}"' not in room


def test_paper_ballots_screen_records_counts(world):
    term, members = council(3, users=[world.user("hoidong")])
    staff = world.user("staff")
    meeting = meeting_for(term, by=staff)
    agenda_add(meeting=meeting, nominations=[ready_nomination("CSTDT")], by=staff)
    meeting_open_ballot(meeting=meeting, by=staff)
    item = meeting.items.get()
    client = _client(staff)
    bad = client.post(
        f"/khen-thuong/hoi-dong/{meeting.pk}/phieu-giay/",
        {"members": [members[1].pk, members[2].pk], f"agree-{item.pk}": "3", f"disagree-{item.pk}": "0"},
    )
    assert bad.status_code == 200 and "phải bằng số phiếu giấy hợp lệ (2)" in bad.content.decode()
    client.post(
        f"/khen-thuong/hoi-dong/{meeting.pk}/phieu-giay/",
        {"members": [members[1].pk, members[2].pk], f"agree-{item.pk}": "1", f"disagree-{item.pk}": "1"},
    )
    box = BallotBox.objects.get(item=item)
    assert (box.agree, box.disagree) == (1, 1)


def test_meeting_create_form_refuses_bad_input_and_saves_nothing(world):
    term, _members = council(2)
    response = _client(world.user("staff")).post(
        "/khen-thuong/hoi-dong/them/", {"term": term.pk, "title": "", "date": "20/13/2025", "kind": "regular"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "date"}
    assert term.meetings.count() == 0


def test_decision_edit_and_sign_through_the_screens(world):
    staff = world.user("staff")
    nominee = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    client = _client(staff)
    response = client.post("/khen-thuong/quyet-dinh/soan/", {"award": nominee.award_id, "nominations": [nominee.pk]})
    decision = Decision.objects.get()
    assert response.url == f"/khen-thuong/quyet-dinh/{decision.pk}/"
    unsigned = client.post(f"/khen-thuong/quyet-dinh/{decision.pk}/ky/", {"decision_date": "2025-05-05"}, follow=True)
    assert "Cần ghi họ tên người ký." in unsigned.content.decode()
    form = {
        "subject": decision.subject,
        "issuer_parent": decision.issuer_parent,
        "issuer_name": decision.issuer_name,
        "issuer": decision.issuer,
        "issuer_code": decision.issuer_code,
        "place": decision.place,
        "legal_bases": decision.legal_bases,
        "proposal": decision.proposal,
        "executors": decision.executors,
        "signer_authority": "KT. CHỦ TỊCH",
        "signer_title": "PHÓ CHỦ TỊCH",
        "signer_name": "Nguyễn Văn Thắng",
        "copy_recipients": decision.copy_recipients,
    }
    invalid = client.post(f"/khen-thuong/quyet-dinh/{decision.pk}/sua/", {**form, "subject": ""})
    assert invalid.status_code == 200 and "subject" in invalid.context["form"].errors
    client.post(f"/khen-thuong/quyet-dinh/{decision.pk}/sua/", form)
    client.post(f"/khen-thuong/quyet-dinh/{decision.pk}/ky/", {"decision_date": "2025-05-05"})
    run_sign_jobs()
    decision.refresh_from_db()
    assert (decision.status, decision.number_display, decision.signer_name) == (
        "signed",
        "01/QĐ-UBND",
        "Nguyễn Văn Thắng",
    )
    twice = client.post(f"/khen-thuong/quyet-dinh/{decision.pk}/ky/", {"decision_date": "2025-05-06"}, follow=True)
    assert "đã được ký số 01/QĐ-UBND" in twice.content.decode()


def test_forward_to_central_level_and_record_the_result(world):
    staff = world.user("staff")
    nominee = ready_nomination("BKTTG", status=Nomination.Status.COUNCIL_PASSED)
    client = _client(staff)
    client.post(
        "/khen-thuong/trinh-trung-uong/",
        {
            "nominations": [nominee.pk],
            "letter_number": "120/TTr-UBND",
            "letter_date": "2025-08-01",
            "addressee": "Thủ tướng Chính phủ",
        },
    )
    nominee.refresh_from_db()
    item = CentralItem.objects.get()
    assert (nominee.status, item.submission.letter_number) == (Nomination.Status.FORWARDED, "120/TTr-UBND")
    missing = client.post(f"/khen-thuong/trinh-trung-uong/{item.pk}/ket-qua/", {"result": "awarded"}, follow=True)
    assert "Cần ghi số và ngày quyết định của Trung ương." in missing.content.decode()
    client.post(
        f"/khen-thuong/trinh-trung-uong/{item.pk}/ket-qua/",
        {"result": "awarded", "decision_number": "1520/QĐ-TTg", "decision_date": "2025-10-10"},
    )
    record = AwardRecord.objects.get(nomination=nominee)
    assert (record.decision_number, record.issuer, record.is_public) == (
        "1520/QĐ-TTg",
        "Thủ tướng Chính phủ",
        True,
    )
    nominee.refresh_from_db()
    assert nominee.status == Nomination.Status.DECIDED


def test_council_secretary_records_paper_ballots_but_a_plain_member_cannot(world):
    term, members = council(3, users=[world.user("hoidong")])  # hoidong chairs, members[1] is the secretary
    staff = world.user("staff")
    meeting = meeting_for(term, by=staff)
    agenda_add(meeting=meeting, nominations=[ready_nomination("CSTDT")], by=staff)
    meeting_open_ballot(meeting=meeting, by=staff)
    url = f"/khen-thuong/hoi-dong/{meeting.pk}/phieu-giay/"
    assert _client(members[1].user).get(url).status_code == 200
    assert _client(members[2].user).get(url).status_code == 404
    assert _client(world.user("hoidong")).get(url).status_code == 404


def test_dashboard_tells_hoidong_a_ballot_is_open_and_staff_what_waits(world):
    term = _meetings(world, 2)
    assert term.meetings.count() == 2
    ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    ready_nomination("CSTDT")
    council = {c.title: c.value for c in _client(world.user("hoidong")).get("/").context["cards"]}
    assert council["Phiên họp đang bỏ phiếu"] == 2
    staff = {c.title: c.value for c in _client(world.user("staff")).get("/").context["cards"]}
    assert (staff["Đối tượng chờ Hội đồng xét"], staff["Đối tượng chờ ra quyết định"]) == (1, 1)
    assert "Phiên họp đang bỏ phiếu" not in {c.title for c in _client(world.user("donvi")).get("/").context["cards"]}


def test_the_awards_to_draft_for_are_kept_until_a_write_and_lose_one_whose_nominees_are_all_drafted(
    world, django_assert_num_queries
):
    bkt = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    ready_nomination("CSTDT", status=Nomination.Status.READY_FOR_DECISION)
    client = _client(world.user("staff"))
    client.get("/khen-thuong/quyet-dinh/soan/")
    with django_assert_num_queries(3):  # the session, the user, the awards by id: no scan of the nominees
        kept = client.get("/khen-thuong/quyet-dinh/soan/")
    assert {a.code for a in kept.context["awards"]} == {"BKT", "CSTDT"}

    client.post("/khen-thuong/quyet-dinh/soan/", {"award": bkt.award_id, "nominations": [bkt.pk]})  # a write
    assert [a.code for a in client.get("/khen-thuong/quyet-dinh/soan/").context["awards"]] == ["CSTDT"]
