"""The council's pages read as lines (issue 18): what each line says, the counts over the whole agenda, who
finds which meeting, and the pages' queries, exactly."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import selectors
from awards.models import Meeting, Recusal
from awards.services import (
    AGREE,
    DISAGREE,
    agenda_add,
    ballot_cast,
    meeting_close,
    meeting_open_ballot,
    recusal_declare,
)
from awards.tests.council_factories import council, meeting_for, ready_nomination
from awards.views.council import AGENDA_PAGE
from thiduakt.tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _meeting(codes: list[str], *, open_ballot: bool = True):
    staff = StaffFactory()
    term, members = council(5)
    meeting = meeting_for(term, by=staff)
    agenda_add(meeting=meeting, nominations=[ready_nomination(code) for code in codes], by=staff)
    if open_ballot:
        meeting_open_ballot(meeting=meeting, by=staff)
    return meeting, members, staff


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _ordered(meeting):
    return list(meeting.items.order_by("nomination__award__order", "order", "id").select_related("nomination__award"))


def test_meeting_page_lines_say_the_tally_kind_and_threshold_of_each_item():
    meeting, members, staff = _meeting(["CSTDT", "CSTDT", "BKT"])
    items = _ordered(meeting)
    first, second = items[0], items[1]
    ballot_cast(meeting=meeting, user=members[2].user, choices={first.pk: AGREE, second.pk: DISAGREE})
    ballot_cast(meeting=meeting, user=members[3].user, choices={first.pk: DISAGREE})
    recusal_declare(item=first, member=members[4], by=members[4].user, reason=Recusal.Reason.RELATION)
    response = _client(staff).get(reverse("awards:meeting_detail", args=[meeting.pk]))
    html = response.content.decode()
    groups = response.context["groups"]
    assert [award for award, _lines in groups] == list(dict.fromkeys(i.nomination.award.name for i in items))
    lines = [line for _award, group in groups for line in group]
    assert [line["pk"] for line in lines] == [i.pk for i in items]
    assert lines[0]["tally"] == "2 đã bỏ phiếu · 1 tránh xét"
    assert lines[1]["tally"] == "1 đã bỏ phiếu · 0 tránh xét"
    assert lines[2]["tally"] == "0 đã bỏ phiếu · 0 tránh xét"
    assert lines[0]["kind_label"] == "Cá nhân"
    assert lines[0]["need"] == f"cần ≥ {first.threshold_percent}% tổng số thành viên"
    assert html.count('data-testid="agenda-item"') == 3
    assert "2 đã bỏ phiếu · 1 tránh xét" in html
    assert f"{first.nomination.nominee_name}</span>" in html


def test_meeting_page_shows_no_tally_to_a_member_nor_once_closed_and_counts_the_results():
    meeting, members, staff = _meeting(["CSTDT", "CSTDT", "CSTDT"])
    member_page = _client(members[2].user).get(reverse("awards:meeting_detail", args=[meeting.pk]))
    assert all("tally" not in line for _award, group in member_page.context["groups"] for line in group)
    assert "đã bỏ phiếu ·" not in member_page.content.decode()
    items = _ordered(meeting)
    for member in members:
        ballot_cast(meeting=meeting, user=member.user, choices={items[0].pk: AGREE, items[1].pk: DISAGREE})
    meeting_close(meeting=meeting, by=staff)
    response = _client(staff).get(reverse("awards:meeting_detail", args=[meeting.pk]))
    assert response.context["counts"] == {"total": 3, "passed_count": 1, "failed_count": 2}
    assert "1 đạt · 2 không đạt" in response.content.decode()
    assert all("tally" not in line for _award, group in response.context["groups"] for line in group)


def test_meeting_page_pages_cover_the_agenda_once_in_its_order():
    meeting, _members, staff = _meeting(["CSTDT"] * (AGENDA_PAGE + 3), open_ballot=False)
    client = _client(staff)
    url = reverse("awards:meeting_detail", args=[meeting.pk])
    pages = [client.get(url), client.get(url + "?page=2")]
    shown = [line["pk"] for page in pages for _award, group in page.context["groups"] for line in group]
    assert shown == [i.pk for i in _ordered(meeting)]
    assert [len(group) for _award, group in pages[1].context["groups"]] == [3]
    assert "Trang 2/2" in pages[1].content.decode()
    # a draft: each line can still be taken off the agenda
    assert pages[1].content.decode().count("/bo/") == 3


def test_meeting_readable_by_a_member_is_their_published_meetings_only():
    meeting, members, staff = _meeting(["CSTDT"])
    draft = meeting_for(meeting.term, by=staff)
    other, _other_members, _staff = _meeting(["CSTDT"])
    assert list(selectors.meeting_readable_by(members[2].user).order_by("pk")) == [meeting]
    assert set(selectors.meeting_readable_by(staff).values_list("pk", flat=True)) >= {meeting.pk, draft.pk, other.pk}
    assert not selectors.meeting_readable_by(UserFactory()).exists()
    assert _client(members[2].user).get(reverse("awards:meeting_detail", args=[draft.pk])).status_code == 404
    assert _client(members[2].user).get(reverse("awards:meeting_room", args=[other.pk])).status_code == 404


def test_room_cards_carry_the_members_own_marks_and_their_recusal_form():
    meeting, members, _staff = _meeting(["CSTDT", "CSTDT", "CSTDT"])
    member = members[2]
    items = _ordered(meeting)
    ballot_cast(meeting=meeting, user=member.user, choices={items[0].pk: AGREE})
    recusal_declare(item=items[1], member=member, by=member.user, reason=Recusal.Reason.OTHER)
    ballot_cast(meeting=meeting, user=members[3].user, choices={items[2].pk: AGREE})  # another's: not theirs
    response = _client(member.user).get(reverse("awards:meeting_room", args=[meeting.pk]))
    cards = response.context["items"]
    assert [(c.pk, c.has_voted, c.recusal, c.can_vote) for c in cards] == [
        (items[0].pk, True, None, False),
        (items[1].pk, False, Recusal.Reason.OTHER, False),
        (items[2].pk, False, None, True),
    ]
    assert response.context["counts"] == {"total": 3, "voted": 1, "recused": 1, "left": 1}
    html = response.content.decode()
    assert html.count('data-testid="voted"') == 1
    assert f"Tránh xét: {Recusal.Reason.OTHER.label}" in html
    assert html.count("/tranh-xet/") == 1
    assert f'action="{reverse("awards:meeting_recuse", args=[meeting.pk, items[2].pk])}"' in html
    assert cards[0].need == f"cần ≥ {items[0].threshold_percent}% tổng số thành viên"


def test_paper_and_results_pages_list_the_whole_agenda_by_name_and_award():
    meeting, members, staff = _meeting(["CSTDT", "BKT"])
    items = _ordered(meeting)
    client = _client(staff)
    paper = client.get(reverse("awards:meeting_paper", args=[meeting.pk]))
    assert [row["pk"] for row in paper.context["items"]] == [i.pk for i in items]
    html = paper.content.decode()
    for item in items:
        assert f"{item.nomination.nominee_name}<div" in html
        assert f'name="agree-{item.pk}"' in html
    for member in members:
        ballot_cast(meeting=meeting, user=member.user, choices={items[0].pk: AGREE, items[1].pk: DISAGREE})
    meeting_close(meeting=meeting, by=staff)
    results = client.get(reverse("awards:meeting_results", args=[meeting.pk]))
    rows = results.context["items"]
    assert [(r["pk"], r["agree_count"], r["disagree_count"], r["passed"]) for r in rows] == [
        (items[0].pk, 5, 0, True),
        (items[1].pk, 0, 5, False),
    ]
    assert results.content.decode().count('data-testid="result-row"') == 2
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CLOSED


@pytest.mark.parametrize("count", [3, 12])
def test_meeting_and_paper_pages_queries(django_assert_num_queries, count):
    meeting, _members, staff = _meeting(["CSTDT"] * count)
    client = _client(staff)
    detail = reverse("awards:meeting_detail", args=[meeting.pk])
    paper = reverse("awards:meeting_paper", args=[meeting.pk])
    client.get(detail)  # the session's first page reads what later ones find cached
    with django_assert_num_queries(MEETING_PAGE):
        client.get(detail)
    with django_assert_num_queries(PAPER_PAGE):
        client.get(paper)


MEETING_PAGE = 6  # the menu and its badge, and the agenda's lines, kept until a write (thiduakt.write_cache)
PAPER_PAGE = 6


def test_a_draft_agendas_lines_each_have_a_form_that_takes_them_off():
    meeting, _members, staff = _meeting(["CSTDT", "CSTDT"], open_ballot=False)
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    html = client.get(reverse("awards:meeting_detail", args=[meeting.pk])).content.decode()
    items = _ordered(meeting)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    for item in items:
        assert f'action="{reverse("awards:meeting_agenda_remove", args=[meeting.pk, item.pk])}"' in html
    response = client.post(
        reverse("awards:meeting_agenda_remove", args=[meeting.pk, items[0].pk]), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert list(meeting.items.values_list("pk", flat=True)) == [items[1].pk]
    assert html.count('data-testid="agenda-item"') == 2


def test_the_meeting_pages_lines_kept_until_a_ballot_is_handed_in():
    meeting, members, staff = _meeting(["CSTDT", "CSTDT"])
    first = _ordered(meeting)[0]
    client = _client(staff)
    url = reverse("awards:meeting_detail", args=[meeting.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        kept = client.get(url)
    assert not any("awards_agendaitem" in q["sql"] for q in ctx.captured_queries)  # the lines were kept
    assert "0 đã bỏ phiếu · 0 tránh xét" in kept.content.decode()

    voted = _client(members[2].user).post(
        reverse("awards:meeting_vote", args=[meeting.pk]), {f"item-{first.pk}": "agree"}
    )
    assert voted.status_code == 302  # a request that writes: every kept figure is read again
    lines = [line for _award, group in client.get(url).context["groups"] for line in group]
    assert [line["tally"] for line in lines] == ["1 đã bỏ phiếu · 0 tránh xét", "0 đã bỏ phiếu · 0 tránh xét"]
