"""Votes are secret: no view, export (PDF), admin page or history reveals how a member voted.

Proof by indistinguishability: the same meeting is played in several worlds
that differ only in who voted how (each inside a rolled-back transaction).
Every awards page for every role, every admin page of the app and the
generated minutes must be identical between worlds whose tallies are equal —
and, while the ballot is open, even between worlds whose tallies differ.
"""

import difflib
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import transaction
from django.test import Client
from simple_history.models import HistoricalChanges

from awards.models import AgendaItem, BallotBox, BallotReceipt, Meeting
from awards.services import AGREE, DISAGREE, ballot_cast, meeting_close
from awards.tests import access_council
from thiduakt.services import job_create, job_run
from thiduakt.testing import ROLES

pytestmark = pytest.mark.django_db

VOLATILE = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), "csrf"),
    (re.compile(r'"X-CSRFToken": "[^"]+"'), "csrf"),
    (re.compile(r"\d\d:\d\d(:\d\d)?(\.\d+)?"), "HH:MM"),
    # Sequences do not roll back on PostgreSQL: ids of history rows differ between worlds.
    (re.compile(r"/history/\d+/"), "/history/N/"),
]


def _body(response) -> str:
    if response.streaming:
        return repr(b"".join(response.streaming_content))
    return response.content.decode()


# In admin lists, rows written while playing (dossier events, history) carry ids that differ
# between worlds on PostgreSQL; their content is still compared.
ADMIN_IDS = [
    (re.compile(r'value="\d+"'), 'value="N"'),
    (re.compile(r"(/admin/awards/\w+/)\d+/"), r"\1N/"),
]


def _normalise(text: str, *, admin_page: bool = False) -> str:
    for pattern, replacement in VOLATILE + (ADMIN_IDS if admin_page else []):
        text = pattern.sub(replacement, text)
    return text


# Catalogue data no ballot writes: their lists are compared, and only a few of their objects' pages.
CATALOGUE = {"award", "ruleset", "rule", "holiday", "processingrule", "basesalary", "decisiontemplate"}


def _admin_urls() -> list[str]:
    urls = []
    for model, _model_admin in admin.site._registry.items():
        if model._meta.app_label != "awards":
            continue
        base = f"/admin/awards/{model._meta.model_name}/"
        urls.append(base)
        # Every change page of a model is the same template over other values: the newest few rows
        # (the voting meeting's own rows among them) stand for the rest.
        objects = 2 if model._meta.model_name in CATALOGUE else 6
        for pk in model.objects.order_by("-pk").values_list("pk", flat=True)[:objects]:
            urls += [f"{base}{pk}/change/", f"{base}{pk}/history/"]
    return urls


def _snapshot(world, get_urls, admin_urls, meeting) -> dict[str, str]:
    pages = {}
    for role in ROLES:
        client = Client()
        if world.user(role):
            client.force_login(world.user(role))
        for url in get_urls:
            response = client.get(url)
            pages[f"{role} {url}"] = f"{response.status_code} {_normalise(_body(response))}"
    client = Client()
    client.force_login(world.user("admin"))
    for url in admin_urls:
        response = client.get(url)
        pages[f"admin {url}"] = f"{response.status_code} {_normalise(_body(response), admin_page=True)}"
    kind = "awards.meeting_minutes" if meeting.status == "closed" else "awards.meeting_packet"
    job = job_run(job_id=job_create(kind=kind, requested_by=world.user("staff"), params={"meeting_id": meeting.pk}).pk)
    pages[kind] = job.result_file.read() if job.result_file else job.message
    return pages


def _play(world, rows, meeting, voters, choices: tuple[str, str], *, close: bool) -> dict[str, str]:
    """Inside a rolled-back transaction: A and B vote ``choices``, the two others agree; snapshot."""
    get_urls = [r.url for r in rows if r.method == "get"]
    # Every admin list, and the page of every object that exists in all worlds.
    admin_urls = _admin_urls()
    with transaction.atomic():
        item = meeting.items.get()
        a, b, *others = voters
        ballot_cast(meeting=meeting, user=a.user, choices={item.pk: choices[0]})
        ballot_cast(meeting=meeting, user=b.user, choices={item.pk: choices[1]})
        for member in others:
            ballot_cast(meeting=meeting, user=member.user, choices={item.pk: AGREE})
        if close:
            meeting_close(meeting=meeting, by=world.user("staff"))
            meeting.refresh_from_db()
        pages = _snapshot(world, get_urls, admin_urls, meeting)
        agree = AgendaItem.objects.get(pk=item.pk).agree_count
        transaction.set_rollback(True)
    meeting.refresh_from_db()
    return pages, agree


def _differences(first: dict, second: dict) -> list[str]:
    return sorted(key for key in first if first[key] != second.get(key))


def _explain(first: dict, second: dict) -> str:
    """The first changed lines of each differing page, for the failure message."""

    out = []
    for key in _differences(first, second)[:5]:
        a, b = str(first[key]).splitlines(), str(second.get(key)).splitlines()
        changed = [line for line in difflib.unified_diff(a, b, lineterm="", n=0) if line[:1] in "+-"][2:8]
        out.append(f"{key}: {changed}")
    return "\n".join(out)


def test_no_page_admin_or_document_reveals_an_individual_vote(world, private_media):
    rows = access_council.rows(world)

    voting = Meeting.objects.filter(status="voting").get()
    seats = list(voting.term.members.select_related("user").order_by("order"))
    hoidong = next(s for s in seats if s.user == world.user("hoidong"))
    voters = [hoidong, *[s for s in seats if s != hoidong][:3]]  # hoidong is A: their own room is compared too

    open_x, _ = _play(world, rows, voting, voters, (AGREE, DISAGREE), close=False)
    open_y, _ = _play(world, rows, voting, voters, (DISAGREE, AGREE), close=False)
    open_z, _ = _play(world, rows, voting, voters, (DISAGREE, DISAGREE), close=False)
    # While the ballot is open nothing about the choices shows, not even the tallies.
    assert _differences(open_x, open_y) == [], _explain(open_x, open_y)
    assert _differences(open_x, open_z) == [], _explain(open_x, open_z)

    closed_x, agree_x = _play(world, rows, voting, voters, (AGREE, DISAGREE), close=True)
    closed_y, agree_y = _play(world, rows, voting, voters, (DISAGREE, AGREE), close=True)
    closed_z, agree_z = _play(world, rows, voting, voters, (DISAGREE, DISAGREE), close=True)
    assert (agree_x, agree_y, agree_z) == (3, 3, 2)
    # Same tallies, swapped individual votes: every page, admin page and the minutes are the same.
    assert _differences(closed_x, closed_y) == [], _explain(closed_x, closed_y)
    # The comparison can fail: different tallies do show after closing (results, minutes, admin).
    changed = _differences(closed_x, closed_z)
    assert f"staff /khen-thuong/hoi-dong/{voting.pk}/ket-qua/" in changed
    assert f"hoidong /khen-thuong/hoi-dong/{voting.pk}/ket-qua/" in changed
    assert "awards.meeting_minutes" in changed


def test_no_table_links_a_member_to_a_choice():
    box_fields = {f.name for f in BallotBox._meta.get_fields()}
    receipt_fields = {f.name for f in BallotReceipt._meta.get_fields()}
    assert box_fields == {"id", "item", "agree", "disagree"}
    assert receipt_fields == {"id", "item", "member", "channel"}
    assert not hasattr(BallotBox, "history") and not hasattr(BallotReceipt, "history")
    assert BallotBox not in admin.site._registry and BallotReceipt not in admin.site._registry


def test_the_walk_covers_every_admin_page_of_awards():
    """The comparison above reads the admin page of every awards model but the ballot's own two."""

    walked = {url.split("/")[3] for url in _admin_urls()}
    models = apps.get_app_config("awards").get_models()
    expected = {m._meta.model_name for m in models if not issubclass(m, HistoricalChanges)} - {
        "ballotbox",
        "ballotreceipt",
    }
    assert walked == expected
    assert {"meeting", "agendaitem", "attendance", "recusal", "meetingevent", "decision", "councilmember"} <= walked
