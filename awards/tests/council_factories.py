"""Factories and small builders for the council and decision tests."""

from datetime import date

import factory
from django.apps import apps

from awards import reference
from awards.models import Award, BaseSalary, CouncilMember, CouncilTerm, Meeting, Nomination
from awards.services import agenda_add, meeting_create, meeting_open_ballot
from awards.tests.factories import DossierFactory, NominationFactory, award
from thiduakt.tests.factories import StaffFactory, UserFactory


class CouncilUserFactory(UserFactory):
    is_council_member = True


class CouncilTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilTerm

    name = factory.Sequence(lambda n: f"Hội đồng Thi đua - Khen thưởng tỉnh nhiệm kỳ {n}")
    valid_from = date(2021, 1, 1)


class CouncilMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilMember

    term = factory.SubFactory(CouncilTermFactory)
    user = factory.SubFactory(CouncilUserFactory)
    role = CouncilMember.Role.MEMBER
    order = factory.Sequence(lambda n: n)


def council(size: int, *, term: CouncilTerm | None = None, users=()) -> tuple[CouncilTerm, list[CouncilMember]]:
    """A council of ``size`` members (the given users first), chair and secretary included."""
    term = term or CouncilTermFactory()
    members = []
    for index in range(size):
        role = CouncilMember.Role.MEMBER
        if index == 0:
            role = CouncilMember.Role.CHAIR
        elif index == 1:
            role = CouncilMember.Role.SECRETARY
        kwargs = {"user": users[index]} if index < len(users) else {}
        members.append(CouncilMemberFactory(term=term, role=role, order=index, **kwargs))
    return term, members


def ready_nomination(code: str = "CSTDT", **kwargs) -> Nomination:
    """A nominee accepted by staff and waiting for the council (or for a decision)."""
    status = kwargs.pop("status", Nomination.Status.READY_FOR_COUNCIL)
    if "dossier" not in kwargs:
        kwargs["dossier"] = DossierFactory(year=2024)
    return NominationFactory(award=award(code), status=status, **kwargs)


def meeting_for(term: CouncilTerm, *, by=None, day: date = date(2025, 6, 20)) -> Meeting:
    return meeting_create(
        term=term, title="Phiên họp xét khen thưởng 6 tháng đầu năm", date=day, kind=Meeting.Kind.REGULAR, by=by
    )


def voting_meeting(count: int, *, code: str = "CSTDT"):
    """A meeting of a council of 5 whose ballot is open on ``count`` nominees: (meeting, members, staff)."""
    staff = StaffFactory()
    term, members = council(5)
    meeting = meeting_for(term, by=staff)
    agenda_add(meeting=meeting, nominations=[ready_nomination(code) for _ in range(count)], by=staff)
    meeting_open_ballot(meeting=meeting, by=staff)
    return meeting, members, staff


def ensure_catalogue() -> None:
    """Put back the data the migrations seeded (award catalogue, base salary, decision templates) when a
    transactional test before this one flushed the database."""

    if not Award.objects.exists() or not BaseSalary.objects.exists():
        reference.seed(apps)
