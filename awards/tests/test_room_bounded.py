"""The voting room and the meeting page at a province's scale: a page of the agenda, the counts from the database."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import BallotBox, BallotReceipt, Recusal
from awards.services import AGREE, DISAGREE, ballot_cast, recusal_declare
from awards.tests.council_factories import voting_meeting
from awards.views.council import AGENDA_PAGE, ROOM_PAGE

pytestmark = pytest.mark.django_db


def _meeting(count: int):
    return voting_meeting(count)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _get(client, url):
    client.get(url)  # the session's first page reads what later ones find cached
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


def _room(meeting, page=None):
    url = reverse("awards:meeting_room", args=[meeting.pk])
    return f"{url}?page={page}" if page else url


def test_room_queries_equal_for_5_and_45_items_and_one_page_shown():
    small, small_members, _staff = _meeting(5)
    big, big_members, _staff = _meeting(45)
    small_page, small_queries = _get(_client(small_members[2].user), _room(small))
    big_page, big_queries = _get(_client(big_members[2].user), _room(big))
    assert small_queries == big_queries
    assert big_page.content.decode().count('data-testid="room-item"') == ROOM_PAGE == 10
    assert small_page.content.decode().count('data-testid="room-item"') == 5
    assert all(item.findings for item in big_page.context["items"])


def test_room_pages_cover_the_agenda_once_in_its_order():
    meeting, members, _staff = _meeting(45)
    client = _client(members[2].user)
    shown = []
    for number in (1, 2, 3, 4, 5):
        response = client.get(_room(meeting, number))
        assert len(response.context["items"]) == (10 if number < 5 else 5)
        shown += [item.pk for item in response.context["items"]]
    assert len(shown) == 45
    assert shown == list(meeting.items.order_by("nomination__award__order", "order", "id").values_list("pk", flat=True))
    assert "Trang 5/5" in response.content.decode()


def test_room_counts_on_top_are_the_whole_agendas():
    meeting, members, _staff = _meeting(25)
    member = members[2]
    items = list(meeting.items.order_by("order"))
    ballot_cast(meeting=meeting, user=member.user, choices={items[0].pk: AGREE, items[24].pk: DISAGREE})
    recusal_declare(item=items[21], member=member, by=member.user, reason=Recusal.Reason.RELATION)
    response = _client(member.user).get(_room(meeting))
    assert response.context["counts"] == {"total": 25, "voted": 2, "recused": 1, "left": 22}
    html = response.content.decode()
    assert "25 đối tượng · bạn đã bỏ phiếu 2" in html
    assert "còn 22 chưa bỏ phiếu" in html


def test_voting_from_page_two_records_exactly_its_items_and_comes_back_to_it():
    meeting, members, _staff = _meeting(25)
    member = members[3]
    client = _client(member.user)
    page_two = client.get(_room(meeting, 2))
    shown = [item.pk for item in page_two.context["items"]]
    assert len(shown) == 10
    assert len(page_two.context["open_items"]) == 10
    choices = {f"item-{pk}": AGREE if i % 2 == 0 else DISAGREE for i, pk in enumerate(shown)}
    response = client.post(reverse("awards:meeting_vote", args=[meeting.pk]), {**choices, "page": "2"})
    assert response.status_code == 302
    assert response.url == _room(meeting, 2)
    assert set(BallotReceipt.objects.filter(member=member).values_list("item_id", flat=True)) == set(shown)
    boxes = {b.item_id: (b.agree, b.disagree) for b in BallotBox.objects.filter(item__meeting=meeting)}
    assert {pk: boxes[pk] for pk in shown} == {pk: ((1, 0) if i % 2 == 0 else (0, 1)) for i, pk in enumerate(shown)}
    assert sum(a + d for a, d in boxes.values()) == 10
    again = client.get(_room(meeting, 2))
    assert again.context["open_items"] == []
    assert again.context["counts"]["left"] == 15


def test_voting_twice_from_a_page_is_still_refused():
    meeting, members, _staff = _meeting(25)
    member = members[3]
    client = _client(member.user)
    item = meeting.items.order_by("order").first()
    url = reverse("awards:meeting_vote", args=[meeting.pk])
    client.post(url, {f"item-{item.pk}": AGREE, "page": "1"})
    client.post(url, {f"item-{item.pk}": DISAGREE, "page": "1"})
    other, _members, _staff = _meeting(1)
    stranger = other.items.get()
    response = client.post(url, {f"item-{stranger.pk}": AGREE, "page": "1"}, follow=True)
    assert "Đối tượng không thuộc phiên họp này." in response.content.decode()
    assert list(BallotReceipt.objects.filter(member=member).values_list("item_id", flat=True)) == [item.pk]
    assert BallotBox.objects.get(item=item).agree == 1
    assert BallotBox.objects.get(item=item).disagree == 0


@pytest.mark.parametrize("page", ["", "1", "0", "abc", "-2", "99999999"])
def test_vote_redirect_takes_only_a_plain_page_number(page):
    meeting, members, _staff = _meeting(3)
    item = meeting.items.first()
    response = _client(members[3].user).post(
        reverse("awards:meeting_vote", args=[meeting.pk]), {f"item-{item.pk}": AGREE, "page": page}
    )
    assert response.url == _room(meeting)


def test_meeting_page_queries_equal_for_5_and_60_items_and_counts_the_whole_agenda():
    small, _members, staff = _meeting(5)
    big, _members, _other = _meeting(60)
    client = _client(staff)
    _small_page, small_queries = _get(client, reverse("awards:meeting_detail", args=[small.pk]))
    big_page, big_queries = _get(client, reverse("awards:meeting_detail", args=[big.pk]))
    assert small_queries == big_queries
    assert big_page.content.decode().count('data-testid="agenda-item"') == AGENDA_PAGE == 50
    assert big_page.context["counts"]["total"] == 60
    assert 'data-testid="agenda-total">60<' in big_page.content.decode()
    second = client.get(reverse("awards:meeting_detail", args=[big.pk]) + "?page=2")
    assert second.content.decode().count('data-testid="agenda-item"') == 10
    shown = [line["pk"] for page in (big_page, second) for _award, lines in page.context["groups"] for line in lines]
    assert sorted(shown) == sorted(big.items.values_list("pk", flat=True))


def test_paper_ballot_page_stays_whole_with_constant_queries():
    small, _members, staff = _meeting(5)
    big, _members, _other = _meeting(45)
    client = _client(staff)
    _small_page, small_queries = _get(client, reverse("awards:meeting_paper", args=[small.pk]))
    big_page, big_queries = _get(client, reverse("awards:meeting_paper", args=[big.pk]))
    assert small_queries == big_queries
    assert len(big_page.context["items"]) == 45  # every item's counts go in one form
