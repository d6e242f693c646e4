"""Minutes name each recusal (member, nominee, time); an absent member's online vote is refused or flagged
as the council's rule says (docs/awards-law.md "## Hội đồng").

Defects: the minutes gave a count of recusals with no names or times; a member marked absent could vote
online with no flag.
"""

import re
import subprocess
from datetime import UTC, datetime

import pytest
from django.test import Client

from awards.models import AbsentOnlineVote, BallotBox, BallotReceipt, Recusal
from awards.services import (
    AGREE,
    DISAGREE,
    agenda_add,
    attendance_set,
    ballot_cast,
    ballot_record_paper,
    meeting_close,
    meeting_open_ballot,
    recusal_declare,
)
from awards.tests.council_factories import council, meeting_for, ready_nomination
from thiduakt.services import DomainError, job_create, job_run
from thiduakt.tests.factories import PersonFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _text(path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", " ", out.stdout.decode("utf-8"))


def _minutes(meeting, staff) -> str:
    job = job_run(
        job_id=job_create(kind="awards.meeting_minutes", requested_by=staff, params={"meeting_id": meeting.pk}).pk
    )
    return _text(job.result_file.path)


def _section(text: str, start: str, end: str = "Biên bản lập xong") -> str:
    return text[text.index(start) : text.index(end)]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _meeting(size=5, *, rule=None, absent=()):
    staff = StaffFactory()
    term, members = council(size)
    if rule:
        term.absent_online_vote = rule
        term.save()
    nominees = [
        ready_nomination("CSTDT", person=PersonFactory(full_name="Lê Thị Hồng Vân")),
        ready_nomination("CSTDT", person=PersonFactory(full_name="Trịnh Quốc Bảo")),
    ]
    meeting = meeting_for(term, by=staff)
    agenda_add(meeting=meeting, nominations=nominees, by=staff)
    if absent:
        attendance_set(meeting=meeting, absent_member_ids={members[i].pk for i in absent}, by=staff)
    meeting_open_ballot(meeting=meeting, by=staff)
    meeting.refresh_from_db()
    items = {i.nomination_id: i for i in meeting.items.select_related("nomination")}
    return staff, meeting, members, [items[n.pk] for n in nominees]


def test_minutes_and_results_list_each_recusal_with_member_nominee_reason_and_time(private_media):
    staff, meeting, members, (van, bao) = _meeting()
    members[2].user.full_name = "Ngô Minh Khoa"
    members[2].user.save()
    members[3].user.full_name = "Huỳnh Thị Lan"
    members[3].user.save()
    recusal_declare(item=van, member=members[2], by=members[2].user, reason=Recusal.Reason.RELATION, note="Em họ")
    recusal_declare(item=bao, member=members[3], by=members[3].user, reason=Recusal.Reason.OTHER)
    Recusal.objects.filter(member=members[2]).update(recorded_at=datetime(2025, 6, 20, 2, 5, tzinfo=UTC))
    Recusal.objects.filter(member=members[3]).update(recorded_at=datetime(2025, 6, 20, 3, 40, tzinfo=UTC))
    for member in members:
        choices = {i.pk: AGREE for i in (van, bao) if not Recusal.objects.filter(item=i, member=member).exists()}
        ballot_cast(meeting=meeting, user=member.user, choices=choices)
    meeting_close(meeting=meeting, by=staff)
    text = _minutes(meeting, staff)
    assert "III. THÀNH VIÊN TRÁNH XÉT." in text
    # Member, nominee, reason and local time (UTC+7), one row each, in agenda order (Bảo before Vân:
    # Vietnamese order of given names).
    section = _section(text, "III. THÀNH VIÊN TRÁNH XÉT.")
    first, second = section.index("Huỳnh Thị Lan"), section.index("Ngô Minh Khoa")
    assert first < second
    for fragment in ("Trịnh Quốc Bảo", "Lý do khác", "10:40 20/06/2025"):
        assert first < section.index(fragment) < second, fragment
    for fragment in ("Lê Thị Hồng Vân", "Em họ", "09:05 20/06/2025"):
        assert second < section.index(fragment), fragment
    assert "IV. PHIẾU CỦA THÀNH VIÊN VẮNG MẶT" not in text
    page = _client(staff).get(f"/khen-thuong/hoi-dong/{meeting.pk}/ket-qua/").content.decode()
    rows = re.findall(r'<tr data-testid="recusal-row">(.*?)</tr>', page, flags=re.S)
    cells = [re.findall(r"<td>(.*?)</td>", r) for r in rows]
    assert cells == [
        ["Huỳnh Thị Lan", "Trịnh Quốc Bảo", "Lý do khác", "20/06/2025 10:40"],
        ["Ngô Minh Khoa", "Lê Thị Hồng Vân", "Có quan hệ gia đình, thân thích (tự khai) (Em họ)", "20/06/2025 09:05"],
    ]


def test_minutes_say_when_no_member_stepped_out(private_media):
    staff, meeting, members, items = _meeting()
    for member in members:
        ballot_cast(meeting=meeting, user=member.user, choices={i.pk: AGREE for i in items})
    meeting_close(meeting=meeting, by=staff)
    assert "III. THÀNH VIÊN TRÁNH XÉT. Không có thành viên tránh xét." in _minutes(meeting, staff)


def test_an_absent_member_online_vote_is_refused_by_default_and_nothing_is_written(private_media):
    staff, meeting, members, items = _meeting(absent=(4,))
    assert (meeting.term.absent_online_vote, meeting.absent_online_vote) == ("refuse", "refuse")
    with pytest.raises(DomainError, match="Bạn được ghi vắng mặt tại phiên họp này"):
        ballot_cast(meeting=meeting, user=members[4].user, choices={items[0].pk: AGREE})
    assert not BallotReceipt.objects.filter(member=members[4]).exists()
    assert list(BallotBox.objects.filter(item__meeting=meeting).values_list("agree", "disagree")) == [(0, 0), (0, 0)]
    # Through the room: no ballot buttons, the rule in words, and the post refused with it.
    client = _client(members[4].user)
    room = client.get(f"/khen-thuong/hoi-dong/{meeting.pk}/phong-hop/").content.decode()
    assert 'data-testid="absent-notice"' in room and "gửi phiếu bằng văn bản cho Thư ký" in room
    assert 'data-testid="submit-ballot"' not in room
    refused = client.post(f"/khen-thuong/hoi-dong/{meeting.pk}/bo-phieu/", {f"item-{items[0].pk}": AGREE}, follow=True)
    assert "Bạn được ghi vắng mặt tại phiên họp này" in refused.content.decode()
    assert not BallotReceipt.objects.filter(member=members[4]).exists()
    # Their written ballot still counts, recorded by the secretary.
    for member in members[:4]:
        ballot_cast(meeting=meeting, user=member.user, choices={i.pk: AGREE for i in items})
    ballot_record_paper(meeting=meeting, members=[members[4]], tallies={i.pk: (1, 0) for i in items}, by=staff)
    meeting_close(meeting=meeting, by=staff)
    assert [i.agree_count for i in meeting.items.order_by("id")] == [5, 5]
    assert "IV. PHIẾU CỦA THÀNH VIÊN VẮNG MẶT" not in _minutes(meeting, staff)


def test_under_allow_flagged_the_absent_member_online_vote_counts_and_the_minutes_flag_it(private_media):
    staff, meeting, members, (van, bao) = _meeting(rule=AbsentOnlineVote.ALLOW_FLAGGED, absent=(4,))
    members[4].user.full_name = "Tạ Văn Sơn"
    members[4].user.save()
    assert meeting.absent_online_vote == "allow_flagged"
    room = _client(members[4].user).get(f"/khen-thuong/hoi-dong/{meeting.pk}/phong-hop/").content.decode()
    assert "được tính và ghi rõ trong biên bản là phiếu của thành viên vắng mặt" in room
    ballot_cast(meeting=meeting, user=members[4].user, choices={van.pk: DISAGREE, bao.pk: AGREE})
    for member in members[:4]:
        ballot_cast(meeting=meeting, user=member.user, choices={van.pk: AGREE, bao.pk: AGREE})
    meeting_close(meeting=meeting, by=staff)
    van.refresh_from_db()
    bao.refresh_from_db()
    assert [(van.agree_count, van.disagree_count), (bao.agree_count, bao.disagree_count)] == [(4, 1), (5, 0)]
    text = _minutes(meeting, staff)
    assert "IV. PHIẾU CỦA THÀNH VIÊN VẮNG MẶT BỎ TRÊN HỆ THỐNG." in text
    assert "được tính và ghi rõ dưới đây" in text
    flagged = _section(text, "IV. PHIẾU CỦA THÀNH VIÊN VẮNG MẶT")
    assert flagged.index("Tạ Văn Sơn") < flagged.index("Trịnh Quốc Bảo; Lê Thị Hồng Vân")
    page = _client(staff).get(f"/khen-thuong/hoi-dong/{meeting.pk}/ket-qua/").content.decode()
    assert "<li>Tạ Văn Sơn: Trịnh Quốc Bảo; Lê Thị Hồng Vân</li>" in page


def test_the_rule_is_frozen_when_the_ballot_opens(private_media):
    _staff, meeting, members, items = _meeting(absent=(4,))
    meeting.term.absent_online_vote = AbsentOnlineVote.ALLOW_FLAGGED
    meeting.term.save()
    with pytest.raises(DomainError, match="Bạn được ghi vắng mặt"):
        ballot_cast(meeting=meeting, user=members[4].user, choices={items[0].pk: AGREE})


def test_a_member_marked_absent_after_voting_online_is_flagged_in_the_minutes(private_media):
    staff, meeting, members, items = _meeting()
    members[1].user.full_name = "Phó Đức Anh"
    members[1].user.save()
    for member in members:
        ballot_cast(meeting=meeting, user=member.user, choices={i.pk: AGREE for i in items})
    attendance_set(meeting=meeting, absent_member_ids={members[1].pk}, by=staff)
    meeting_close(meeting=meeting, by=staff)
    text = _minutes(meeting, staff)
    flagged = _section(text, "IV. PHIẾU CỦA THÀNH VIÊN VẮNG MẶT")
    assert "rồi được ghi vắng mặt" in flagged
    assert flagged.index("Phó Đức Anh") < flagged.index("Trịnh Quốc Bảo; Lê Thị Hồng Vân")
