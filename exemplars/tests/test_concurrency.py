"""Double submits and races on one exemplar (PostgreSQL and SQLite)."""

import threading
from datetime import date

import pytest
from django.db import connection

from awards.models import Award, Dossier
from exemplars import services
from exemplars.models import AwardProposal, Exemplar, Kind, Stage, StageEvent
from exemplars.tests.factories import ExemplarFactory, ensure_reference_data, field
from thiduakt.services import DomainError
from thiduakt.tests.factories import PersonFactory, StaffFactory

# On PostgreSQL by row locks and concurrent unique checks; on SQLite (the embedded default) by its
# one writer at a time (IMMEDIATE transactions, busy timeout): the same single outcome either way.


@pytest.fixture(autouse=True)
def _reference_data(db):
    ensure_reference_data()


def _race(callables):
    barrier = threading.Barrier(len(callables))
    results = [None] * len(callables)

    def run(index, func):
        try:
            barrier.wait()
            results[index] = func()
        except Exception as exc:  # collected and asserted below
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(callables)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _split(results, kind):
    return [r for r in results if isinstance(r, kind)], [r for r in results if isinstance(r, DomainError)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_staff_moving_the_same_exemplar_at_once_move_it_once(world, attempt):
    exemplar = ExemplarFactory(unit=world.chau_thanh)
    staff_a, staff_b = world.user("staff"), StaffFactory()
    results = _race(
        [
            lambda: services.exemplar_foster(exemplar=exemplar, by=staff_a, reason="A"),
            lambda: services.exemplar_foster(exemplar=exemplar, by=staff_b, reason="B"),
        ]
    )
    moved, refused = _split(results, Exemplar)
    assert (len(moved), len(refused)) == (1, 1), results
    assert str(refused[0]) == "Không thực hiện được: đang ở trạng thái «Bồi dưỡng», không chuyển sang «Bồi dưỡng» được."
    assert StageEvent.objects.filter(exemplar=exemplar, to_status=Stage.FOSTERED).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_the_same_exemplar_proposed_twice_at_once_is_recorded_once(world, attempt):
    person = PersonFactory(unit=world.chau_thanh, full_name="Phạm Văn Sáng")

    def create():
        return services.exemplar_create(
            by=world.user("donvi"),
            unit=world.chau_thanh,
            kind=Kind.INDIVIDUAL,
            person=person,
            field=field("nong-nghiep"),
            headline="Mô hình lúa sạch",
            discovered_by="Hội Nông dân",
            discovered_on=date(2024, 1, 5),
        )

    created, refused = _split(_race([create, create]), Exemplar)
    assert (len(created), len(refused)) == (1, 1)
    assert str(refused[0]) == "Điển hình này đã có trong sổ theo dõi ở lĩnh vực này."
    assert Exemplar.objects.filter(person=person).count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_award_proposal_submitted_twice_at_once_opens_one_dossier(world):
    exemplar = ExemplarFactory(unit=world.chau_thanh, stage=Stage.REVIEWED)
    award = Award.objects.get(code="BKT")

    def propose():
        return services.award_proposal_create(exemplar=exemplar, by=world.user("donvi"), award=award, year=2024)

    created, refused = _split(_race([propose, propose]), AwardProposal)
    assert (len(created), len(refused)) == (1, 1)
    assert Dossier.objects.count() == 1
    assert AwardProposal.objects.count() == 1
