"""Two officers propose the same nominee for the same award and year at the same moment (PostgreSQL and SQLite)."""

import threading

import pytest
from django.db import connection

from awards.models import DossierEvent, Nomination
from awards.services import dossier_create_draft, dossier_submit, nomination_add
from awards.tests.helpers import complete_dossier
from thiduakt.services import DomainError
from thiduakt.tests.factories import OfficerFactory, PersonFactory

# On PostgreSQL by row locks and concurrent unique checks; on SQLite (the embedded default) by its
# one writer at a time (IMMEDIATE transactions, busy timeout): the same single outcome either way.


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


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(5))
def test_same_nominee_same_award_same_year_at_once_gives_one_nomination(world, attempt):
    person = PersonFactory(full_name="Võ Văn Đức", unit=world.chau_thanh)
    officer_a, officer_b = world.user("donvi"), OfficerFactory(unit=world.chau_thanh)
    dossier_a = dossier_create_draft(unit=world.chau_thanh, round_kind="yearly", year=2024, by=officer_a, nominees=[])
    dossier_b = dossier_create_draft(unit=world.chau_thanh, round_kind="yearly", year=2024, by=officer_b, nominees=[])

    def propose(dossier, officer):
        return lambda: nomination_add(
            dossier=dossier, kind="individual", person=person, award="BKT", by=officer, summary="Hiến đất"
        )

    results = _race([propose(dossier_a, officer_a), propose(dossier_b, officer_b)])
    created = [r for r in results if isinstance(r, Nomination)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert (len(created), len(refused)) == (1, 1), results
    assert Nomination.objects.filter(person=person).count() == 1
    winner = created[0].dossier
    assert str(refused[0]) == (
        "Võ Văn Đức đã được đề nghị Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2024 "
        f"(hồ sơ của {winner.unit.name})."
    )


@pytest.mark.django_db(transaction=True)
def test_double_submit_of_one_dossier_sends_it_once(world):

    donvi = world.user("donvi")
    dossier = complete_dossier(
        unit=world.chau_thanh,
        by=donvi,
        nominees=[{"kind": "individual", "person": PersonFactory(), "award": "BKT", "summary": "Tốt"}],
    )
    results = _race([lambda: dossier_submit(dossier=dossier, by=donvi)] * 2)
    assert sorted(type(r).__name__ for r in results) == ["DomainError", "Dossier"]
    dossier.refresh_from_db()
    assert (dossier.status, dossier.round_number) == ("submitted", 1)
    assert DossierEvent.objects.filter(dossier=dossier, to_status="submitted").count() == 1
