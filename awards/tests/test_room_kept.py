"""The voting room's cards kept until the next write (issue 18): what every member sees of a nominee is rendered
once, the member's own marks are read at each visit, and any write is seen at the next one."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Nomination, PublicComment
from awards.services import AGREE, ballot_cast
from awards.tests.council_factories import voting_meeting

pytestmark = pytest.mark.django_db

# The room of a visit that finds the page's cards kept: the meeting, the seat (two reads), the member's marks over
# the agenda, their attendance, and the session and user (two): nothing per item, nothing for the packet or
# the reading room's documents.
KEPT_VISIT = 7


def _room(count: int):
    meeting, members, _staff = voting_meeting(count)
    client = Client()
    client.force_login(members[2].user)
    return meeting, members, client, reverse("awards:meeting_room", args=[meeting.pk])


def _without_tokens(html: str) -> str:
    """The page without its CSRF tokens (masked anew at each response: the forms' fields, htmx's header)."""
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "TOKEN", html)


@pytest.mark.parametrize("count", [3, 10])
def test_a_visit_that_finds_the_cards_kept_reads_only_the_members_marks(count):
    _meeting, _members, client, url = _room(count)
    first = client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        kept = client.get(url)
    assert len(ctx.captured_queries) == KEPT_VISIT
    assert not any("awards_rule" in q["sql"] or "publiccomment" in q["sql"] for q in ctx.captured_queries)
    assert _without_tokens(kept.content.decode()) == _without_tokens(first.content.decode())
    assert kept.content.decode().count('data-testid="findings"') == count


def test_another_member_finds_the_same_cards_with_their_own_marks():
    meeting, members, client, url = _room(3)
    client.get(url)  # the cards are kept
    first_item = meeting.items.order_by("nomination__award__order", "order", "id").first()
    ballot_cast(meeting=meeting, user=members[3].user, choices={first_item.pk: AGREE})
    other = Client()
    other.force_login(members[3].user)
    html = other.get(url).content.decode()
    assert html.count('data-testid="voted"') == 1
    assert html.count('data-testid="room-item"') == 3
    mine = client.get(url).content.decode()
    assert 'data-testid="voted"' not in mine  # how another member voted is never shown, nor that they did


def test_a_write_is_seen_at_the_next_visit():
    meeting, _members, client, url = _room(3)
    before = client.get(url).content.decode()
    nomination = Nomination.objects.get(agenda_items__meeting=meeting, agenda_items__order=1)
    assert "Góp ý công khai: 0" in before

    PublicComment.objects.create(nomination=nomination, body="Đồng chí có nhiều đóng góp cho địa phương.")  # a save
    after = client.get(url).content.decode()
    assert "Đồng chí có nhiều đóng góp cho địa phương." in after
    assert after.count("Góp ý công khai: 1") == 1

    Nomination.objects.filter(pk=nomination.pk).update(appraisal_reason="Đã đối chiếu bản chính")  # no signal
    client.post(reverse("awards:meeting_room", args=[meeting.pk]))  # any unsafe request: refused, but a write
    assert "Ý kiến thẩm định: Đã đối chiếu bản chính" in client.get(url).content.decode()


def test_each_meetings_cards_are_its_own():
    meeting, _members, client, url = _room(2)
    other_meeting, _other_members, other_client, other_url = _room(2)
    mine = client.get(url).content.decode()
    theirs = other_client.get(other_url).content.decode()
    names = set(meeting.items.values_list("nomination__nominee_name", flat=True))
    other_names = set(other_meeting.items.values_list("nomination__nominee_name", flat=True))
    assert names.isdisjoint(other_names)
    assert all(name in mine for name in names) and not any(name in mine for name in other_names)
    assert all(name in theirs for name in other_names)
