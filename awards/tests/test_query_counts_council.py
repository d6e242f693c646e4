"""Constant queries on the council's pages and writes, whatever the size of the agenda or the decision.

Each page or write is measured at two sizes with the same literal number: a query per nominee or per
line would make the larger one fail.
"""

from datetime import date

import pytest
from django.urls import reverse

from awards.jobs import packet_context
from awards.models import (
    BallotBox,
    BallotReceipt,
    DecisionRecipient,
    Initiative,
    Meeting,
    Nomination,
    RecipientKind,
    TaskRating,
)
from awards.services import AGREE, DISAGREE, agenda_add, ballot_cast, decision_create_draft, meeting_open_ballot
from awards.tests.council_factories import council, meeting_for, ready_nomination
from awards.tests.factories import AwardRecordFactory, DossierFactory, award
from campaigns.models import AwardQuota
from campaigns.tests.factories import CampaignFactory
from thiduakt.tests.factories import OrgUnitFactory, StaffFactory

pytestmark = pytest.mark.django_db

SIZES = [3, 30]


def _nominees(count: int, *, status=Nomination.Status.READY_FOR_COUNCIL) -> list[Nomination]:
    """``count`` nominees of every kind, with records, ratings and initiatives the rules read."""
    nominations = []
    campaign = CampaignFactory(launcher="provincial_chair")
    AwardQuota.objects.create(campaign=campaign, award=award("BKT"), recipient="collective", max_per_unit=5)
    for index in range(count):
        kind = index % 3
        dossier = DossierFactory(
            year=2024, first_received_on=date(2024, 12, 5), campaign=campaign if kind == 1 else None
        )
        if kind == 0:
            nomination = ready_nomination("CSTDT", dossier=dossier, year=2024, status=status)
            AwardRecordFactory(person=nomination.person, award=award("CSTDCS"), year=2023)
            TaskRating.objects.create(
                person=nomination.person, year=2024, rating=TaskRating.Rating.EXCELLENT, basis="QĐ 1/QĐ-UBND"
            )
            Initiative.objects.create(person=nomination.person, title=f"Sáng kiến {index}", year=2024, level="unit")
        elif kind == 1:
            unit = OrgUnitFactory()
            nomination = ready_nomination(
                "BKT",
                dossier=dossier,
                year=2024,
                status=status,
                nominee_kind=RecipientKind.COLLECTIVE,
                person=None,
                unit=unit,
            )
            AwardRecordFactory(recipient_kind=RecipientKind.COLLECTIVE, person=None, unit=unit, year=2023)
        else:
            nomination = ready_nomination(
                "BKT",
                dossier=dossier,
                year=2024,
                status=status,
                nominee_kind=RecipientKind.HOUSEHOLD,
                person=None,
                household_name=f"Hộ ông Võ Văn Đức {index}",
            )
        nominations.append(nomination)
    return nominations


def _open_meeting(count: int):
    staff = StaffFactory()
    term, members = council(5)
    meeting = meeting_for(term, by=staff)
    agenda_add(meeting=meeting, nominations=_nominees(count), by=staff)
    meeting_open_ballot(meeting=meeting, by=staff)
    return meeting, members


@pytest.mark.parametrize("count", [3, 10])  # the room shows 10 items a page (more: test_room_bounded.py)
def test_voting_room_queries_constant_whatever_the_agenda(client, django_assert_num_queries, count):
    meeting, members = _open_meeting(count)
    client.force_login(members[2].user)
    url = reverse("awards:meeting_room", args=[meeting.pk])
    with django_assert_num_queries(VOTING_ROOM):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["items"]) == count
    assert len(response.context["open_items"]) == count
    assert all(item.findings for item in response.context["items"])


@pytest.mark.parametrize("count", SIZES)
def test_meeting_packet_context_queries_constant_whatever_the_agenda(django_assert_num_queries, count):
    meeting, _members = _open_meeting(count)
    meeting = Meeting.objects.select_related("term").get(pk=meeting.pk)
    with django_assert_num_queries(PACKET):
        context = packet_context(meeting)
    assert len(context["entries"]) == count
    assert all(entry["findings"] for entry in context["entries"])


def test_batched_findings_equal_one_by_one():
    """The voting room's batch says exactly what the dossier screen says for each nominee alone."""
    from awards.eligibility import evaluate, evaluate_many  # noqa: PLC0415 -- the subject of this test

    nominations = list(
        Nomination.objects.filter(pk__in=[n.pk for n in _nominees(6)]).select_related("award", "dossier", "person")
    )
    batched = evaluate_many(nominations)
    for nomination in nominations:
        alone = evaluate(nomination)
        assert [(f.label, f.passed, f.evidence) for f in batched[nomination.pk].findings] == [
            (f.label, f.passed, f.evidence) for f in alone.findings
        ]
        assert batched[nomination.pk].verdict == alone.verdict


@pytest.mark.parametrize("count", SIZES)
def test_ballot_cast_queries_constant_whatever_the_agenda(django_assert_num_queries, count):
    meeting, members = _open_meeting(count)
    items = list(meeting.items.order_by("order"))
    choices = {item.pk: AGREE if index % 2 == 0 else DISAGREE for index, item in enumerate(items)}
    with django_assert_num_queries(BALLOT_CAST):
        voted = ballot_cast(meeting=meeting, user=members[2].user, choices=choices)
    assert voted == count
    assert BallotReceipt.objects.filter(member=members[2], channel=BallotReceipt.Channel.ONLINE).count() == count
    boxes = {box.item_id: (box.agree, box.disagree) for box in BallotBox.objects.filter(item__meeting=meeting)}
    assert boxes == {item.pk: ((1, 0) if choices[item.pk] == AGREE else (0, 1)) for item in items}


@pytest.mark.parametrize("count", SIZES)
def test_agenda_add_queries_constant_whatever_the_number_of_nominees(django_assert_num_queries, count):
    staff = StaffFactory()
    term, _members = council(5)
    meeting = meeting_for(term, by=staff)
    nominations = _nominees(count)
    with django_assert_num_queries(AGENDA_ADD):
        items = agenda_add(meeting=meeting, nominations=nominations, by=staff)
    assert len(items) == count
    assert list(meeting.items.order_by("order").values_list("order", flat=True)) == list(range(1, count + 1))
    for nomination in Nomination.objects.filter(pk__in=[n.pk for n in nominations]):
        assert nomination.status == Nomination.Status.ON_AGENDA
        event = nomination.events.get()
        assert (event.from_status, event.to_status, event.by, event.dossier_id) == (
            Nomination.Status.READY_FOR_COUNCIL,
            Nomination.Status.ON_AGENDA,
            staff,
            nomination.dossier_id,
        )
        last = nomination.history.latest()
        assert (last.status, last.history_user, last.history_change_reason) == (
            Nomination.Status.ON_AGENDA,
            staff,
            f"Đưa vào phiên họp Hội đồng: {meeting}",
        )
    assert meeting.events.filter(action=f"Thêm {count} đối tượng vào chương trình", by=staff).count() == 1


@pytest.mark.parametrize("count", SIZES)
def test_decision_draft_queries_constant_whatever_the_number_of_lines(django_assert_num_queries, count):
    staff = StaffFactory()
    nominations = [n for n in _nominees(count * 3, status=Nomination.Status.COUNCIL_PASSED) if n.award.code == "BKT"][
        :count
    ]
    while len(nominations) < count:  # pragma: no cover -- _nominees gives two BKT nominees in three
        raise AssertionError("not enough nominees")
    with django_assert_num_queries(DECISION_DRAFT):
        decision = decision_create_draft(award=award("BKT"), nominations=nominations, by=staff)
    lines = list(DecisionRecipient.objects.filter(decision=decision).order_by("id"))
    assert len(lines) == count
    by_nomination = {line.nomination_id: line for line in lines}
    for nomination in nominations:
        line = by_nomination[nomination.pk]
        assert (line.recipient_kind, line.recipient_name, line.year) == (
            nomination.nominee_kind,
            nomination.nominee_name,
            2024,
        )
        assert line.sort_key
    assert decision.events.get().action == f"Soạn dự thảo với {count} đối tượng"


# The literal numbers, the same at both sizes.
VOTING_ROOM = 26
PACKET = 14
BALLOT_CAST = 13
AGENDA_ADD = 14
DECISION_DRAFT = 15
