"""Lists of nominees start empty: posting a picker form as rendered, plus what the user ticked, takes exactly that.

Defect: ticking one nominee for a meeting added six ("Đã thêm 6 đối tượng"): every checkbox was pre-ticked.
"""

from html.parser import HTMLParser

import pytest
from django.test import Client

from awards.models import CentralItem, Decision, Nomination
from awards.tests.council_factories import council, meeting_for, ready_nomination

pytestmark = pytest.mark.django_db


class _Forms(HTMLParser):
    """Every form of a page as (action, {name: [values]} of what a browser would send as rendered, checkbox names)."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {"action": attrs.get("action", ""), "data": {}, "boxes": {}, "buttons": set()}
            self.forms.append(self._current)
        elif self._current is not None and tag == "input" and attrs.get("name"):
            name, kind = attrs["name"], attrs.get("type", "text")
            if kind == "checkbox":
                self._current["boxes"].setdefault(name, []).append(attrs.get("value", "on"))
                if "checked" in attrs:
                    self._current["data"].setdefault(name, []).append(attrs.get("value", "on"))
            elif kind != "submit":
                self._current["data"].setdefault(name, []).append(attrs.get("value", ""))
        elif self._current is not None and tag == "button" and attrs.get("data-testid"):
            self._current["buttons"].add(attrs["data-testid"])
        elif self._current is not None and tag == "button" and attrs.get("data-pick"):
            self._current["buttons"].add(f"pick-{attrs['data-pick']}")

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _form(response, *, having: str) -> dict:
    parser = _Forms()
    parser.feed(response.content.decode())
    matches = [f for f in parser.forms if "nominations" in f["boxes"] and having in f["buttons"] | {f["action"]}]
    assert len(matches) == 1
    return matches[0]


def _ticked(form: dict, *pks: int, **extra) -> dict:
    data = {name: list(values) for name, values in form["data"].items()}
    data.setdefault("nominations", []).extend(str(pk) for pk in pks)
    data.update(extra)
    return data


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_agenda_picker_starts_empty_and_adds_only_the_ticked_nominee(world):
    staff = world.user("staff")
    term, _members = council(3)
    meeting = meeting_for(term, by=staff)
    nominees = [ready_nomination("CSTDT") for _ in range(6)]
    client = _client(staff)
    form = _form(client.get(f"/khen-thuong/hoi-dong/{meeting.pk}/"), having="agenda-add")
    assert form["data"].get("nominations", []) == []
    assert sorted(form["boxes"]["nominations"]) == sorted(str(n.pk) for n in nominees)
    assert {"pick-all", "pick-none"} <= form["buttons"]
    response = client.post(form["action"], _ticked(form, nominees[2].pk), follow=True)
    assert "Đã thêm 1 đối tượng vào chương trình họp." in response.content.decode()
    assert [i.nomination_id for i in meeting.items.all()] == [nominees[2].pk]
    assert Nomination.objects.filter(status=Nomination.Status.READY_FOR_COUNCIL).count() == 5


def test_decision_picker_starts_empty_and_drafts_only_the_ticked_nominee(world):
    staff = world.user("staff")
    nominees = [ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION) for _ in range(3)]
    client = _client(staff)
    page = client.get("/khen-thuong/quyet-dinh/soan/", {"award": nominees[0].award_id})
    form = _form(page, having="draft-decision")
    assert form["data"].get("nominations", []) == []
    assert len(form["boxes"]["nominations"]) == 3
    assert {"pick-all", "pick-none"} <= form["buttons"]
    client.post(form["action"] or "/khen-thuong/quyet-dinh/soan/", _ticked(form, nominees[1].pk))
    decision = Decision.objects.get()
    assert [r.nomination_id for r in decision.recipients.all()] == [nominees[1].pk]


def test_central_picker_starts_empty_and_forwards_only_the_ticked_nominee(world):
    staff = world.user("staff")
    nominees = [ready_nomination("BKTTG", status=Nomination.Status.COUNCIL_PASSED) for _ in range(3)]
    client = _client(staff)
    form = _form(client.get("/khen-thuong/trinh-trung-uong/"), having="pick-all")
    assert form["data"].get("nominations", []) == []
    assert len(form["boxes"]["nominations"]) == 3
    data = _ticked(form, nominees[0].pk, letter_number="120/TTr-UBND", letter_date="01/08/2025")
    client.post("/khen-thuong/trinh-trung-uong/", data)
    assert [i.nomination_id for i in CentralItem.objects.all()] == [nominees[0].pk]


def test_refused_central_form_shows_again_only_what_was_ticked(world):
    staff = world.user("staff")
    nominees = [ready_nomination("BKTTG", status=Nomination.Status.COUNCIL_PASSED) for _ in range(3)]
    client = _client(staff)
    form = _form(client.get("/khen-thuong/trinh-trung-uong/"), having="pick-all")
    refused = client.post("/khen-thuong/trinh-trung-uong/", _ticked(form, nominees[1].pk, letter_number=""))
    again = _form(refused, having="pick-all")
    assert again["data"]["nominations"] == [str(nominees[1].pk)]
    assert not CentralItem.objects.exists()
