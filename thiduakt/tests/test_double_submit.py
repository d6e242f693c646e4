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
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards import services as awards_services
from awards.models import (
    AwardRecord,
    BallotReceipt,
    CentralItem,
    DecisionRecipient,
    Dossier,
    Meeting,
    Nomination,
)
from awards.tests.council_factories import council, meeting_for, ready_nomination
from awards.tests.factories import award
from awards.tests.helpers import complete_dossier
from campaigns import services as campaign_services
from campaigns.models import Campaign, ProgressReport, Registration
from campaigns.tests.factories import launched_campaign
from campaigns.tests.test_imports import _good_campaign_rows, _upload, _xlsx
from clusters import services as cluster_services
from clusters.models import Agreement, ClusterYear, FlagHandover, Score
from clusters.tests.factories import CriterionFactory as ClusterCriterionFactory
from clusters.tests.factories import CriterionGroupFactory, cluster_with_members
from exemplars.models import Honour, Stage
from exemplars.tests.factories import ExemplarFactory, HonouringEventFactory
from reports.models import Report
from thiduakt.models import Job, Person
from thiduakt.testing import CSRF_SECRET, World, live_http_server, login_cookie, post_twice, world_seed

_serial = itertools.count(1)


@dataclass
class Action:
    """One action of the product that creates rows or moves a status.

    ``build(world)`` makes what it acts on and returns a dict with at least ``url`` (and optionally
    ``data``, ``files``, and ``cookie`` when the action needs a session of its own, e.g. an import preview's);
    ``count(built)`` counts what the action must write exactly once;
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


def _sent_dossier(world):
    built = build_dossier_submit(world)
    dossier = awards_services.dossier_submit(dossier=built["obj"], by=world.user("donvi"))
    return dossier


def build_dossier_complete(world):
    dossier = _sent_dossier(world)
    return {"url": reverse("awards:dossier_complete", args=[dossier.pk]), "obj": dossier}


def build_dossier_return(world):
    dossier = _sent_dossier(world)
    return {
        "url": reverse("awards:dossier_return", args=[dossier.pk]),
        "data": {"reason": "Thiếu bản tóm tắt thành tích"},
        "obj": dossier,
    }


def build_nomination_add(world):
    person = _person(world)
    dossier = awards_services.dossier_create_draft(
        unit=world.chau_thanh, round_kind="yearly", year=2024, by=world.user("donvi"), nominees=[]
    )
    data = {"kind": "individual", "person": person.pk, "award": award("BKT").pk, "summary": "Hoàn thành xuất sắc"}
    return {"url": reverse("awards:nomination_add", args=[dossier.pk]), "data": data, "obj": dossier}


_TERM = {}


def _term(world):
    """One council (with ``hoidong`` in its seats) for every meeting of the module."""
    if "term" not in _TERM:
        _TERM["term"] = council(3, users=[world.user("hoidong")])[0]
    return _TERM["term"]


def _meeting(world, *, items=1, opened=False, closed=False):
    staff = world.user("staff")
    meeting = meeting_for(_term(world), by=staff, day=date(2025, 6, 1 + _n() % 28))
    if items:
        awards_services.agenda_add(
            meeting=meeting, nominations=[ready_nomination("CSTDT") for _ in range(items)], by=staff
        )
    if opened or closed:
        awards_services.meeting_open_ballot(meeting=meeting, by=staff)
    if closed:
        awards_services.meeting_close(meeting=meeting, by=staff)
    return meeting


def build_agenda_add(world):
    meeting = _meeting(world, items=0)
    nominee = ready_nomination("CSTDT")
    return {
        "url": reverse("awards:meeting_agenda_add", args=[meeting.pk]),
        "data": {"nominations": [nominee.pk]},
        "obj": meeting,
    }


def build_meeting_open(world):
    meeting = _meeting(world)
    return {"url": reverse("awards:meeting_open", args=[meeting.pk]), "obj": meeting}


def build_ballot_cast(world):
    meeting = _meeting(world, opened=True)
    item = meeting.items.get()
    return {
        "url": reverse("awards:meeting_vote", args=[meeting.pk]),
        "data": {f"item-{item.pk}": "agree"},
        "obj": meeting,
    }


def build_meeting_close(world):
    meeting = _meeting(world, opened=True)
    return {"url": reverse("awards:meeting_close", args=[meeting.pk]), "obj": meeting}


def build_meeting_packet(world):
    meeting = _meeting(world, opened=True)  # members see a meeting once its ballot is open
    return {"url": reverse("awards:meeting_packet", args=[meeting.pk]), "obj": meeting}


def build_meeting_minutes(world):
    meeting = _meeting(world, closed=True)
    return {"url": reverse("awards:meeting_minutes", args=[meeting.pk]), "obj": meeting}


def _jobs(kind):
    return lambda built: Job.objects.filter(kind=kind, params__meeting_id=built["obj"].pk).count()


def build_decision_create(world):
    nominee = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    return {
        "url": reverse("awards:decision_create"),
        "data": {"award": nominee.award_id, "nominations": [nominee.pk]},
        "obj": nominee,
    }


def build_decision_sign(world):
    staff = world.user("staff")
    nominee = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    decision = awards_services.decision_create_draft(award=award("BKT"), nominations=[nominee], by=staff)
    awards_services.decision_update(decision=decision, by=staff, signer_name="Nguyễn Văn Thắng")
    return {
        "url": reverse("awards:decision_sign", args=[decision.pk]),
        "data": {"decision_date": "2025-05-05"},
        "obj": decision,
    }


def build_central_result(world):
    nominee = ready_nomination("BKTTG", status=Nomination.Status.COUNCIL_PASSED)
    awards_services.central_forward(
        nominations=[nominee], letter_number=f"{_n()}/TTr-UBND", letter_date=date(2025, 8, 1), by=world.user("staff")
    )
    item = CentralItem.objects.get(nomination=nominee)
    data = {"result": "awarded", "decision_number": f"{_n()}/QĐ-TTg", "decision_date": "2025-10-10"}
    return {"url": reverse("awards:central_result", args=[item.pk]), "data": data, "obj": nominee}


# --- campaigns: the plan and its reviews ------------------------------------------------------------------


def build_campaign_launch(world):
    staff = world.user("staff")
    n = _n()
    today = timezone.localdate()
    campaign = campaign_services.campaign_create(
        by=staff,
        name=f"Dự thảo hai lần {n}",
        launcher=Campaign.Launcher.PROVINCIAL_CHAIR,
        kind=Campaign.Kind.PEAK,
        document_number=f"{n}/KH-DT",
        document_date=today - timedelta(days=5),
        start_date=today - timedelta(days=5),
        end_date=today + timedelta(days=90),
    )
    campaign_services.criterion_add(
        campaign=campaign, by=staff, indicator="Tỷ lệ hồ sơ trực tuyến", unit_of_measure="%", target=Decimal(80)
    )
    campaign_services.participants_add(campaign=campaign, by=staff, units=[world.chau_thanh])
    return {"url": reverse("campaigns:transition", args=[campaign.pk, "launch"]), "obj": campaign}


def build_review_create(world):
    campaign = _campaign(world, status=Campaign.Status.IN_PROGRESS)
    data = {"review-kind": "interim", "review-held_on": timezone.localdate().isoformat(), "review-summary": "Sơ kết"}
    return {"url": reverse("campaigns:review_create", args=[campaign.pk]), "data": data, "obj": campaign}


def _review(world):
    campaign = _campaign(world, status=Campaign.Status.IN_PROGRESS)
    return campaign_services.campaign_interim_review(
        campaign=campaign, by=world.user("staff"), held_on=timezone.localdate(), summary="Sơ kết giữa kỳ"
    )


def build_proposal_add(world):
    review = _review(world)
    data = {
        "proposal-unit": world.chau_thanh.pk,
        "proposal-kind": "individual",
        "proposal-person": _person(world).pk,
        "proposal-award": "BKT",
        "proposal-summary": "Dẫn đầu phong trào",
    }
    return {"url": reverse("campaigns:proposal_add", args=[review.pk]), "data": data, "obj": review}


def build_proposals_to_dossiers(world):
    review = _review(world)
    campaign_services.review_proposal_add(
        review=review,
        by=world.user("staff"),
        unit=world.chau_thanh,
        kind="individual",
        award_code="BKT",
        person=_person(world),
    )
    return {"url": reverse("campaigns:proposals_to_dossiers", args=[review.pk]), "obj": review}


def build_campaigns_import_confirm(world):
    """The preview's token is bound to the session that previewed: the race is sent with that session."""
    rows = _good_campaign_rows()
    n = _n()
    rows[1][4], rows[2][4] = f"{n}/KH-NK", f"{n + 1000}/KH-NK"  # document numbers: a second write would collide
    rows[1][5] = rows[2][5] = "13/01/2021"
    client = Client()
    client.force_login(world.user("staff"))
    url = reverse("campaigns:import")
    preview = _upload(client, url, _xlsx(rows))
    assert preview.status_code == 200, (preview.status_code, preview.get("Location"), preview.content[:3000])
    token = preview.context["token"]
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF_SECRET}"
    numbers = [rows[1][4], rows[2][4]]
    return {"url": url, "data": {"token": token}, "cookie": cookie, "numbers": numbers}


# --- clusters ---------------------------------------------------------------------------------------------


def _sheet(world, *, submitted=False, head=None):
    """A cluster year with Châu Thành as a member, one criterion, and Châu Thành's score on it."""
    cy = cluster_with_members([world.chau_thanh, world.nga_bay], head=head or world.nga_bay)
    criterion = ClusterCriterionFactory(group=CriterionGroupFactory(cluster_year=cy))
    membership = cy.memberships.get(unit=world.chau_thanh)
    score = Score.objects.create(membership=membership, criterion=criterion, self_points=Decimal("5"))
    if submitted:
        cluster_services.score_sheet_submit(membership=membership, by=world.user("donvi"))
    return membership, score


def _logged(text):
    return lambda built: built["obj"].events.filter(action__contains=text).count()


def build_score_submit(world):
    membership, _score = _sheet(world)
    return {"url": reverse("clusters:score_submit", args=[membership.pk]), "obj": membership.cluster_year}


def build_score_return(world):
    membership, _score = _sheet(world, submitted=True)
    return {
        "url": reverse("clusters:score_return", args=[membership.pk]),
        "data": {"reason": "Thiếu minh chứng"},
        "obj": membership.cluster_year,
    }


def build_score_adjust(world):
    membership, score = _sheet(world)
    return {
        "url": reverse("clusters:score_adjust", args=[score.pk]),
        "data": {"points": "4", "reason": "Thiếu minh chứng"},
        "obj": membership.cluster_year,
    }


def build_ranking_publish(world):
    cy = cluster_with_members([world.chau_thanh])
    criterion = ClusterCriterionFactory(group=CriterionGroupFactory(cluster_year=cy))
    membership = cy.memberships.get()
    Score.objects.create(membership=membership, criterion=criterion, self_points=Decimal("5"))
    cluster_services.score_sheet_submit(membership=membership, by=world.user("donvi"))
    return {"url": reverse("clusters:ranking_publish", args=[cy.cluster_id, cy.year]), "obj": cy}


def build_handover(world):
    cy = cluster_with_members([world.nga_bay, world.chau_thanh], year=2024, head=world.chau_thanh)
    data = {
        "year": 2024,
        "from_unit": world.nga_bay.pk,
        "to_unit": world.chau_thanh.pk,
        "handed_on": "2024-01-20",
        "place": "Thành phố Ngã Bảy",
    }
    return {"url": reverse("clusters:handover_create", args=[cy.cluster_id]), "data": data, "obj": cy.cluster}


def build_agreement(world):
    cy = cluster_with_members([world.nga_bay, world.chau_thanh])
    data = {"title": "Giao ước thi đua năm 2023", "targets": "Hoàn thành chỉ tiêu", "signed_on": "2023-02-01"}
    return {"url": reverse("clusters:agreement_edit", args=[cy.cluster_id, cy.year]), "data": data, "obj": cy}


# --- exemplars and reports --------------------------------------------------------------------------------


def build_exemplar_publish(world):
    exemplar = ExemplarFactory(stage=Stage.REVIEWED, person=_person(world))
    data = {"public_summary": "Tóm tắt được duyệt công bố"}
    return {"url": reverse("exemplars:publish", args=[exemplar.pk]), "data": data, "obj": exemplar}


def build_honour_add(world):
    exemplar = ExemplarFactory(stage=Stage.REVIEWED, person=_person(world))
    event = HonouringEventFactory()
    data = {"exemplar": exemplar.pk, "citation": "Điển hình tiêu biểu"}
    return {"url": reverse("exemplars:event_honour_add", args=[event.pk]), "data": data, "obj": event}


def build_report_request(world):
    year = 2000 + _n() % 24  # a year of its own: an identical request of another action is not this one
    data = {"year": year, "unit": ""}
    return {"url": reverse("reports:request", args=["annual_statistics"]), "data": data, "year": year}


ACTIONS = [
    Action(
        "campaigns import confirm",
        "staff",
        build_campaigns_import_confirm,
        lambda b: Campaign.objects.filter(document_number__in=b["numbers"]).count(),
        "đã (được )?nhập|không còn|hết hạn",
        writes=2,
    ),
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
        "«Đã duyệt»",
    ),
    Action(
        "progress report submit",
        "donvi",
        build_report_submit,
        _moves_to(ProgressReport.Status.SUBMITTED),
        "đã (được )?gửi",
    ),
    Action("dossier submit", "donvi", build_dossier_submit, _moves_to(Dossier.Status.SUBMITTED), "«Đã gửi"),
    Action(
        "dossier receive (complete)",
        "staff",
        build_dossier_complete,
        lambda b: b["obj"].events.filter(action__icontains="đủ thành phần").count(),
        "đủ thành phần",
    ),
    Action("dossier return", "staff", build_dossier_return, _moves_to(Dossier.Status.RETURNED), "«Trả lại|«Đã trả"),
    Action(
        "nominee add", "donvi", build_nomination_add, lambda b: b["obj"].nominations.count(), "đã (có|được đề nghị)"
    ),
    Action("agenda add", "staff", build_agenda_add, lambda b: b["obj"].items.count(), "đã (có )?trong chương trình"),
    Action("ballot open", "staff", build_meeting_open, _moves_to(Meeting.Status.VOTING), "«Đang bỏ phiếu»"),
    Action(
        "ballot cast",
        "hoidong",
        build_ballot_cast,
        lambda b: BallotReceipt.objects.filter(item__meeting=b["obj"]).count(),
        "một lần",
    ),
    Action("ballot close", "staff", build_meeting_close, _moves_to(Meeting.Status.CLOSED), "«Đã kết thúc bỏ phiếu»"),
    Action("meeting packet job", "hoidong", build_meeting_packet, _jobs("awards.meeting_packet"), "trong nền"),
    Action("meeting minutes job", "staff", build_meeting_minutes, _jobs("awards.meeting_minutes"), "trong nền"),
    Action(
        "decision draft",
        "staff",
        build_decision_create,
        lambda b: DecisionRecipient.objects.filter(nomination=b["obj"]).count(),
        "đã có trong một dự thảo",
    ),
    Action(
        "decision sign",
        "staff",
        build_decision_sign,
        # The signing is a job (awards.decision_sign): one queued, the second click told it is under way.
        lambda b: Job.objects.filter(kind="awards.decision_sign", params__decision_id=b["obj"].pk).count(),
        "đang được ký trong nền|đã được ký",
    ),
    Action(
        "central result record",
        "staff",
        build_central_result,
        lambda b: AwardRecord.objects.filter(nomination=b["obj"]).count(),
        "đã (được )?ghi",
    ),
    Action("campaign launch", "staff", build_campaign_launch, _moves_to(Campaign.Status.LAUNCHED), "«Đã phát động"),
    Action("campaign review", "staff", build_review_create, lambda b: b["obj"].reviews.count(), "«Đã sơ kết»"),
    Action("review proposal add", "staff", build_proposal_add, lambda b: b["obj"].proposals.count(), "đã được đề xuất"),
    Action(
        "review proposals to dossiers",
        "staff",
        build_proposals_to_dossiers,
        lambda b: Dossier.objects.count(),  # a proposal keeps no way back to its dossier: all of them, then
        "Không còn đề xuất",
    ),
    Action("cluster score submit", "donvi", build_score_submit, _logged("nộp bảng tự chấm"), "đã nộp bảng tự chấm lúc"),
    Action("cluster score return", "staff", build_score_return, _logged("Trả lại bảng tự chấm"), "chưa nộp|đã trả"),
    Action("cluster score adjust", "staff", build_score_adjust, _logged("Điều chỉnh điểm"), "đã được điều chỉnh"),
    Action(
        "cluster ranking publish",
        "staff",
        build_ranking_publish,
        _moves_to(ClusterYear.ScoringStatus.PUBLISHED),
        "đã công bố",
    ),
    Action(
        "flag handover",
        "staff",
        build_handover,
        lambda b: FlagHandover.objects.filter(cluster=b["obj"]).count(),
        "Đã ghi nhận việc trao cờ",
    ),
    Action(
        "agreement sign",
        "staff",
        build_agreement,
        lambda b: Agreement.objects.filter(cluster_year=b["obj"]).count(),
        "giao ước",
    ),
    Action("exemplar publish", "staff", build_exemplar_publish, _logged("Duyệt công bố"), "đã được công bố"),
    Action(
        "exemplar honour add",
        "staff",
        build_honour_add,
        lambda b: Honour.objects.filter(event=b["obj"]).count(),
        "đã có trong danh sách",
    ),
    Action(
        "report request",
        "staff",
        build_report_request,
        lambda b: Report.objects.filter(kind="annual_statistics", params__year=b["year"]).count(),
        "trong nền",
    ),
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
        cookie = built.get("cookie") or arena["cookies"][action.role]
        answers = post_twice(arena["base"] + built["url"], cookie, built.get("data"), built.get("files"))
        written = action.count(built) - before

    report = [(a.status, a.location, a.said or a.body[:300]) for a in answers]
    assert [a.status in (200, 302) for a in answers] == [True, True], report
    assert written == action.writes, report
    assert all(a.messages for a in answers), report  # each is told something, in the page or the next one
    assert any(re.search(action.told, a.said, re.I) for a in answers), report
