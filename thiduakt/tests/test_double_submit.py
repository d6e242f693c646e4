"""Every confirm / submit / sign / approve / cast action, sent twice at the same moment over real HTTP.

A double click and two tabs must write once, answer both requests with a page or a redirect (never a
500, a 403 or a 404), and tell the late one in Vietnamese what had already happened.

``ACTIONS`` is the list of those actions, as data: a new action is one more entry (its URL, the role that
takes it, its form, and what it writes). The data are built once per module, committed (no flush between
actions), behind one live server; the module flushes and reseeds the database when it ends.
"""

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from awards.models import Dossier
from awards.tests.helpers import complete_dossier
from campaigns import services as campaign_services
from campaigns.models import ProgressReport, Registration
from campaigns.tests.factories import launched_campaign
from thiduakt.models import Person
from thiduakt.testing import World, live_http_server, login_cookie, post_twice, world_seed

_serial = itertools.count(1)


@dataclass
class Action:
    """One action of the product that creates rows or moves a status.

    ``build(world)`` makes what it acts on and returns a dict with at least ``url`` (and optionally
    ``data``, ``files``); ``count(built)`` counts what the action must write exactly once;
    ``told``: a pattern the late answer's message matches (what had already happened, in Vietnamese).
    """

    name: str
    role: str
    build: Callable[[World], dict]
    count: Callable[[dict], int]
    told: str
    writes: int = 1
    marks: list = field(default_factory=list)


def _n() -> int:
    return next(_serial)


def _person(world, unit=None):
    return Person.objects.create(
        full_name=f"Nguyễn Văn Hai Lần {_n()}", gender="male", birth_year=1980, unit=unit or world.chau_thanh
    )


# --- campaigns --------------------------------------------------------------------------------------------


def _campaign(world, **fields):
    n = _n()
    return launched_campaign(
        world, units=[world.chau_thanh], name=f"Phong trào hai lần {n}", document_number=f"{n}/KH-HL", **fields
    )


def _registration(world, *, submitted=False):
    campaign = _campaign(world)
    registration = campaign_services.registration_save(
        campaign=campaign,
        unit=world.chau_thanh,
        by=world.user("donvi"),
        commitments={c.pk: (Decimal("10"), "") for c in campaign.criteria.all()},
    )
    if submitted:
        campaign_services.registration_submit(registration=registration, by=world.user("donvi"))
    return registration


def build_registration_submit(world):
    reg = _registration(world)
    return {"url": reverse("campaigns:registration_submit", args=[reg.campaign_id, reg.pk]), "obj": reg}


def build_registration_approve(world):
    reg = _registration(world, submitted=True)
    return {"url": reverse("campaigns:registration_approve", args=[reg.campaign_id, reg.pk]), "obj": reg}


def build_report_submit(world):
    campaign = _campaign(world, dues=(5,))
    report = campaign_services.report_save(
        due=campaign.dues.get(), unit=world.chau_thanh, by=world.user("donvi"), narrative="Đã làm 5 km", values={}
    )
    return {"url": reverse("campaigns:report_submit", args=[report.pk]), "obj": report}


def _moves_to(status):
    """Count the event rows that moved the object to ``status``."""
    return lambda built: built["obj"].events.filter(to_status=str(status)).count()


# --- awards -----------------------------------------------------------------------------------------------


def build_dossier_submit(world):
    person = _person(world)
    dossier = complete_dossier(
        unit=world.chau_thanh,
        by=world.user("donvi"),
        nominees=[{"kind": "individual", "person": person, "award": "BKT", "summary": "Tốt"}],
    )
    return {"url": reverse("awards:dossier_submit", args=[dossier.pk]), "obj": dossier}


ACTIONS = [
    Action(
        "registration submit",
        "donvi",
        build_registration_submit,
        _moves_to(Registration.Status.SUBMITTED),
        "đã (được )?gửi",
    ),
    Action(
        "registration approve",
        "staff",
        build_registration_approve,
        _moves_to(Registration.Status.APPROVED),
        "đã (được )?duyệt|Đã duyệt",
    ),
    Action(
        "progress report submit",
        "donvi",
        build_report_submit,
        _moves_to(ProgressReport.Status.SUBMITTED),
        "đã (được )?gửi",
    ),
    Action("dossier submit", "donvi", build_dossier_submit, _moves_to(Dossier.Status.SUBMITTED), "đã (được )?gửi"),
]


# --- the race ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def db(django_db_setup, django_db_blocker):
    """pytest-django's ``db`` replaced, in this module, by the database left unwrapped for the whole module.

    Its name is what tells pytest-django to create the test database for these tests; unlike the
    ``db`` of other modules it opens no transaction around a test (the live server's threads must see
    what the test builds, and on SQLite an open transaction would hold the write lock they wait for).
    """
    with django_db_blocker.unblock():
        yield
        call_command("flush", interactive=False, verbosity=0)
        world_seed()


@pytest.fixture(scope="module")
def arena(db, django_db_blocker):
    """One live server and one login per role for the whole module; the database flushed at its end."""
    with django_db_blocker.unblock():
        world = World()
        cookies = {role: login_cookie(world.user(role)) for role in {a.role for a in ACTIONS}}
    with live_http_server() as base:
        yield {"world": world, "cookies": cookies, "base": base, "blocker": django_db_blocker}


@pytest.mark.parametrize("action", [pytest.param(a, id=a.name, marks=a.marks) for a in ACTIONS])
def test_sent_twice_at_once_written_once_and_the_late_one_told(arena, action):
    with arena["blocker"].unblock():
        built = action.build(arena["world"])
        before = action.count(built)
        answers = post_twice(
            arena["base"] + built["url"], arena["cookies"][action.role], built.get("data"), built.get("files")
        )
        written = action.count(built) - before

    report = [(a.status, a.location, a.said or a.body[:300]) for a in answers]
    assert [a.status in (200, 302) for a in answers] == [True, True], report
    assert written == action.writes, report
    assert all(a.messages for a in answers), report  # each is told something, in the page or the next one
    assert any(re.search(action.told, a.said, re.I) for a in answers), report
